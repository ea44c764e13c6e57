package dev.satchel.servlet;

import dev.satchel.session.Session;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import java.util.Collections;
import java.util.Enumeration;
import java.util.function.UnaryOperator;

/**
 * The {@link HttpSession} that servlets see, backed by a Satchel {@link Session}. Follows the Servlet 6.0
 * rules: after {@link #invalidate()} every method that reads or writes session state throws {@link
 * IllegalStateException}; {@code setAttribute(name, null)} removes; a non-JSON value is refused at once.
 */
final class HttpSessionAdapter implements SatchelSession {
  private final Session session;
  private final RequestSessionState state;
  private final ServletContext context;

  HttpSessionAdapter(Session session, RequestSessionState state, ServletContext context) {
    this.session = session;
    this.state = state;
    this.context = context;
  }

  Session session() {
    return session;
  }

  @Override
  public long getCreationTime() {
    checkValid("getCreationTime");
    return session.createdAt();
  }

  @Override
  public String getId() {
    return session.id();
  }

  @Override
  public long getLastAccessedTime() {
    checkValid("getLastAccessedTime");
    return session.lastAccessedAt();
  }

  @Override
  public ServletContext getServletContext() {
    return context;
  }

  @Override
  public void setMaxInactiveInterval(int interval) {
    session.setMaxInactiveSeconds(interval);
  }

  @Override
  public int getMaxInactiveInterval() {
    return session.maxInactiveSeconds();
  }

  @Override
  public Object getAttribute(String name) {
    checkValid("getAttribute");
    return session.getAttribute(name);
  }

  @Override
  public Enumeration<String> getAttributeNames() {
    checkValid("getAttributeNames");
    return Collections.enumeration(session.attributeNames());
  }

  @Override
  public void setAttribute(String name, Object value) {
    checkValid("setAttribute");
    Object old = session.getAttribute(name);
    session.setAttribute(name, value);
    state.attributeChanged(name, old, value);
  }

  @Override
  public Object update(String name, UnaryOperator<Object> fn) {
    checkValid("update");
    // As setAttribute: a null name would reach the store, which every store but memory refuses to encode.
    if (name == null) {
      throw new IllegalArgumentException("attribute name must not be null");
    }
    return state.update(session, name, fn);
  }

  @Override
  public void removeAttribute(String name) {
    checkValid("removeAttribute");
    Object old = session.getAttribute(name);
    session.removeAttribute(name);
    state.attributeChanged(name, old, null);
  }

  @Override
  public void invalidate() {
    checkValid("invalidate");
    state.invalidate(session);
  }

  @Override
  public boolean isNew() {
    checkValid("isNew");
    return session.isNew();
  }

  private void checkValid(String method) {
    if (session.isInvalidated()) {
      throw new IllegalStateException(method + ": the session has been invalidated");
    }
  }

  @Override
  public String toString() {
    // Never the id: it is a bearer credential and toString ends up in logs.
    return "SatchelSession[" + (session.isInvalidated() ? "invalidated" : "valid") + "]";
  }
}
