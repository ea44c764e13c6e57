package dev.satchel.servlet;

import dev.satchel.session.SessionStore;
import dev.satchel.session.SessionTooLargeException;
import dev.satchel.session.StoreUnavailableException;
import dev.satchel.signing.Signer;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every request a Satchel session in place of the container's: reads the signed cookie, loads the
 * session lazily on first use, and saves what changed before the response commits.
 *
 * <p>A request that never touches its session costs no store I/O and gets no cookie. A store outage
 * becomes one WARN line and a 503 page with no cookie, never a stack trace.
 */
public final class SessionFilter implements Filter {
  private static final Logger log = LoggerFactory.getLogger(SessionFilter.class);
  private static final String STATE_ATTRIBUTE = SessionFilter.class.getName() + ".state";
  private static final byte[] UNAVAILABLE_PAGE =
      """
      <!doctype html>
      <html lang="en"><head><meta charset="utf-8"><title>Service unavailable</title></head>
      <body><h1>Service unavailable</h1>
      <p>Sessions cannot be reached right now. Please try again in a moment.</p></body></html>
      """
          .getBytes(StandardCharsets.UTF_8);
  private static final byte[] TOO_LARGE_PAGE =
      """
      <!doctype html>
      <html lang="en"><head><meta charset="utf-8"><title>Server error</title></head>
      <body><h1>Server error</h1>
      <p>Your session grew too large to be kept, so this change was not saved.</p></body></html>
      """
          .getBytes(StandardCharsets.UTF_8);

  /**
   * What every request of this filter shares.
   *
   * @param idHeader the header that may carry the signed id instead of the cookie, or null for none
   */
  record Parts(
      SessionStore store, Signer signer, CookieSettings cookies, SessionPolicy policy, Clock clock,
      SessionEvents events, String idHeader) {}

  private final Parts parts;

  public SessionFilter(
      SessionStore store, Signer signer, CookieSettings cookies, SessionPolicy policy, Clock clock) {
    this(
        new Parts(
            Objects.requireNonNull(store, "store"),
            Objects.requireNonNull(signer, "signer"),
            Objects.requireNonNull(cookies, "cookies"),
            Objects.requireNonNull(policy, "policy"),
            Objects.requireNonNull(clock, "clock"),
            new SessionEvents(new SessionListeners()),
            null));
  }

  private SessionFilter(Parts parts) {
    this.parts = parts;
  }

  /** This filter, telling {@code listeners} about session events (see {@link SessionListeners}). */
  public SessionFilter withListeners(SessionListeners listeners) {
    Parts p = parts;
    return new SessionFilter(new Parts(p.store(), p.signer(), p.cookies(), p.policy(), p.clock(),
        new SessionEvents(Objects.requireNonNull(listeners, "listeners")), p.idHeader()));
  }

  /**
   * This filter, also accepting the signed id in request header {@code name} (for API clients without a
   * cookie jar); a request that sends it there gets the id back there, never as a cookie. Null: none.
   */
  public SessionFilter withIdHeader(String name) {
    Parts p = parts;
    return new SessionFilter(
        new Parts(p.store(), p.signer(), p.cookies(), p.policy(), p.clock(), p.events(), name));
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
      chain.doFilter(req, res);
      return;
    }
    boolean redispatch = isErrorOrAsync(request.getDispatcherType());
    SessionRequest ours = sessionRequestIn(request);
    RequestSessionState state = null;
    if (ours != null) {
      if (!redispatch) {
        // A forward or include from a servlet behind this filter: the filter around it saves.
        chain.doFilter(req, res);
        return;
      }
      // An async dispatch of startAsync(request, response) carries the wrapper the servlet had.
      state = ours.state();
    } else if (redispatch) {
      // An error page or an async dispatch of startAsync(): the container hands over its own request, not the
      // servlet's wrapper, so the session this filter gave the request is found through the attribute.
      state = (RequestSessionState) request.getAttribute(STATE_ATTRIBUTE);
    }
    if (state == null) {
      state = stateFor(request, response);
    }
    filter(request, response, chain, state);
  }

  private static boolean isErrorOrAsync(DispatcherType type) {
    return type == DispatcherType.ERROR || type == DispatcherType.ASYNC;
  }

  private void filter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain, RequestSessionState state)
      throws IOException, ServletException {
    CommitGuardResponse guarded = new CommitGuardResponse(response, () -> state.save(true));
    try {
      chain.doFilter(new SessionRequest(request, state), guarded);
      if (request.isAsyncStarted()) {
        request.setAttribute(STATE_ATTRIBUTE, state);
        if (state.firstAsyncStart()) {
          request.getAsyncContext().addListener(new SaveOnComplete(state, response));
        }
      } else {
        if (guarded.fired() || response.isCommitted()) {
          state.save(false);
        } else {
          guarded.fire();
        }
        // Set only when an error page may follow, or when an error page loading the session afresh from the
        // request's cookie would miss the session this request created: the attribute costs Jetty a map.
        if (guarded.errorSent() || state.wroteNewId()) {
          request.setAttribute(STATE_ATTRIBUTE, state);
        }
      }
    } catch (IOException | ServletException | RuntimeException e) {
      Optional<StoreUnavailableException> outage = outageIn(e);
      if (outage.isPresent()) {
        answerUnavailable(request, response, outage.get());
      } else if (causeIsTooLarge(e) && !response.isCommitted()) {
        // The store logged the sizes; the browser would have dropped the cookie, so say so instead.
        answerPage(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, TOO_LARGE_PAGE);
      } else {
        // The container answers with an error page next, through this filter again with the same state.
        state.markFailed();
        request.setAttribute(STATE_ATTRIBUTE, state);
        throw e;
      }
    }
  }

  /** The request this filter hands to servlets, when {@code request} is or wraps one; else null. */
  private static SessionRequest sessionRequestIn(ServletRequest request) {
    for (ServletRequest r = request; r instanceof ServletRequestWrapper wrapper; r = wrapper.getRequest()) {
      if (r instanceof SessionRequest ours) {
        return ours;
      }
    }
    return null;
  }

  private RequestSessionState stateFor(HttpServletRequest request, HttpServletResponse response) {
    String headerValue = parts.idHeader() == null ? null : request.getHeader(parts.idHeader());
    if (headerValue != null) {
      // An API client: the header alone counts, and the answer goes back in it. It starts with the header
      // present but empty, which is how it asks for its first session in the header rather than a cookie.
      Optional<Signer.Unsigned> unsigned = parts.signer().unsign(headerValue.strip());
      if (unsigned.isPresent() && parts.store().acceptsCookieValue(unsigned.get().value())) {
        return new RequestSessionState(
            parts, request, response, unsigned.get().value(), unsigned.get().signedWithFallback(), true);
      }
      return new RequestSessionState(parts, request, response, null, false, true);
    }
    // The first cookie that verifies wins: a stale cookie set for another path may come first.
    for (String value : SessionCookies.valuesNamed(request, parts.cookies().name())) {
      Optional<Signer.Unsigned> unsigned = parts.signer().unsign(value);
      if (unsigned.isPresent() && parts.store().acceptsCookieValue(unsigned.get().value())) {
        return new RequestSessionState(
            parts, request, response, unsigned.get().value(), unsigned.get().signedWithFallback(), false);
      }
    }
    return new RequestSessionState(parts, request, response, null, false, false);
  }

  private static Optional<StoreUnavailableException> outageIn(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StoreUnavailableException outage) {
        return Optional.of(outage);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return Optional.empty();
  }

  private static boolean causeIsTooLarge(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SessionTooLargeException) {
        return true;
      }
    }
    return false;
  }

  private static void answerPage(HttpServletResponse response, int status, byte[] page) throws IOException {
    response.reset();
    response.setStatus(status);
    response.setHeader("Cache-Control", "no-store");
    response.setContentType("text/html;charset=utf-8");
    response.setContentLength(page.length);
    response.getOutputStream().write(page);
  }

  private static void answerUnavailable(
      HttpServletRequest request, HttpServletResponse response, StoreUnavailableException outage)
      throws IOException {
    log.warn(
        "Answered 503 to {} {}: {}", request.getMethod(), request.getRequestURI(), outage.getMessage());
    if (response.isCommitted()) {
      // Too late for a 503 page; the client sees a cut response, which is the honest outcome.
      return;
    }
    response.reset();
    response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
    response.setHeader("Retry-After", "5");
    response.setHeader("Cache-Control", "no-store");
    response.setContentType("text/html;charset=utf-8");
    response.setContentLength(UNAVAILABLE_PAGE.length);
    response.getOutputStream().write(UNAVAILABLE_PAGE);
  }

  /** Saves an async request's session when it completes; the cookie went out with the first write. */
  private record SaveOnComplete(RequestSessionState state, HttpServletResponse response)
      implements AsyncListener {
    @Override
    public void onComplete(AsyncEvent event) {
      try {
        state.save(!response.isCommitted());
      } catch (StoreUnavailableException | SessionTooLargeException e) {
        log.warn("Could not save an async request's session: {}", e.getMessage());
      }
    }

    @Override
    public void onTimeout(AsyncEvent event) {}

    @Override
    public void onError(AsyncEvent event) {}

    @Override
    public void onStartAsync(AsyncEvent event) {
      event.getAsyncContext().addListener(this);
    }
  }
}
