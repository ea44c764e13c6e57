package dev.satchel.servlet;

import dev.satchel.session.Session;
import dev.satchel.session.SessionIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;

/**
 * The request servlets see: its session methods answer from Satchel instead of the container, so the
 * container's own session (and its JSESSIONID) never comes into play.
 */
final class SessionRequest extends HttpServletRequestWrapper {
  private final RequestSessionState state;

  SessionRequest(HttpServletRequest request, RequestSessionState state) {
    super(request);
    this.state = state;
  }

  RequestSessionState state() {
    return state;
  }

  @Override
  public HttpSession getSession(boolean create) {
    Session session = state.session(create);
    return session == null ? null : state.adapterFor(session);
  }

  @Override
  public HttpSession getSession() {
    return getSession(true);
  }

  @Override
  public String changeSessionId() {
    Session session = state.session(false);
    if (session == null) {
      throw new IllegalStateException("changeSessionId: this request has no session");
    }
    session.changeId(SessionIds.next());
    return session.id();
  }

  @Override
  public String getRequestedSessionId() {
    return state.requestedId();
  }

  @Override
  public boolean isRequestedSessionIdValid() {
    return state.requestedIdValid();
  }

  @Override
  public boolean isRequestedSessionIdFromCookie() {
    return state.hasRequestedSession() && !state.requestedViaHeader();
  }

  @Override
  public boolean isRequestedSessionIdFromURL() {
    return false;
  }
}
