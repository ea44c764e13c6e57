package dev.satchel.servlet;

import dev.satchel.session.AttributeCodec;
import dev.satchel.session.SaveMode;
import dev.satchel.session.Session;
import dev.satchel.session.SessionData;
import dev.satchel.session.SessionIds;
import dev.satchel.session.SessionStore;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * One request's view of its session: which id the client proved it holds, the session loaded lazily on
 * first use, and the save that writes what changed and sets the cookie before the response commits.
 */
final class RequestSessionState {
  /** Chrome's cap on cookie lifetime; used when a session has neither an idle nor an absolute limit. */
  private static final long UNLIMITED_COOKIE_SECONDS = 400L * 24 * 60 * 60;

  private final SessionFilter.Parts parts;
  private final HttpServletRequest request;
  private final HttpServletResponse response;
  /** The verified value of the request's session cookie (the id, for a server-side store), or null. */
  private final String requestedValue;
  private final boolean requestedWithFallback;
  /** True when the id came in the {@code session.id-header} header: the answer goes back there too. */
  private final boolean viaHeader;
  private final PendingEvents pending;
  /** A stored session this request invalidated, reported once its delete has succeeded. */
  private SessionData ended;
  /** The id of the session the cookie named, once loaded; null when it named none. */
  private String loadedId;

  private boolean loadAttempted;
  private boolean accessed;
  private Session session;
  private HttpSessionAdapter adapter;
  private final List<String> idsToDelete = new ArrayList<>(1);
  private boolean storedSessionInvalidated;
  private boolean writtenThisRequest;
  private boolean updatedInStore;
  private String cookieSent;
  /** The request threw: saved afterwards only if its error page answers below 500 (as Django decides). */
  private boolean failed;
  private boolean asyncListenerAdded;

  RequestSessionState(
      SessionFilter.Parts parts,
      HttpServletRequest request,
      HttpServletResponse response,
      String requestedValue,
      boolean requestedWithFallback,
      boolean viaHeader) {
    this.parts = parts;
    this.request = request;
    this.response = response;
    this.requestedValue = requestedValue;
    this.requestedWithFallback = requestedWithFallback;
    this.viaHeader = viaHeader;
    this.pending = new PendingEvents(parts.events());
  }

  synchronized void markFailed() {
    failed = true;
  }

  /** True when this request stored a session under an id its cookie did not name (a new session, a rotated id). */
  synchronized boolean wroteNewId() {
    String stored = session == null ? null : session.storedId();
    return stored != null && !stored.equals(loadedId);
  }

  /** True the first time only: one save-on-complete listener however often the request goes async. */
  synchronized boolean firstAsyncStart() {
    boolean first = !asyncListenerAdded;
    asyncListenerAdded = true;
    return first;
  }

  /** True when the client sent a session cookie that verified. */
  boolean hasRequestedSession() {
    return requestedValue != null;
  }

  /** True when the client sent its id in the {@code session.id-header} header rather than a cookie. */
  boolean requestedViaHeader() {
    return viaHeader;
  }

  /**
   * The id the client's verified cookie names: the cookie's value for a server-side store, the id inside
   * it for the cookie store (which takes a decode, so it is looked up lazily). Null without such a cookie.
   */
  synchronized String requestedId() {
    if (requestedValue == null) {
      return null;
    }
    if (!loadAttempted) {
      session(false);
    }
    // A cookie-store value that did not load (expired, revoked) is a whole session, not an id: never hand it out.
    return loadedId != null ? loadedId : SessionIds.looksValid(requestedValue) ? requestedValue : null;
  }

  /** The current session, loading it on first use; a new one when {@code create} and there is none. */
  synchronized Session session(boolean create) {
    accessed = true;
    if (session != null && !session.isInvalidated()) {
      return session;
    }
    if (!loadAttempted && requestedValue != null) {
      loadAttempted = true;
      Optional<SessionData> loaded = parts.store().load(requestedValue);
      long now = parts.clock().millis();
      // The store checks expiry too; checking here keeps one clock in charge for every store.
      if (loaded.isPresent() && !loaded.get().isExpired(now)) {
        loadedId = loaded.get().id();
        session = Session.loaded(loaded.get());
        return session;
      }
      reportExpiry(now);
    }
    if (!create) {
      return null;
    }
    SessionPolicy policy = parts.policy();
    session =
        Session.create(
            SessionIds.next(),
            parts.clock().millis(),
            policy.idleTimeoutSeconds(),
            policy.absoluteTimeoutSeconds());
    adapter = null;
    return session;
  }

  /**
   * With listeners, an expired session found on load is removed now and reported — by this request only if
   * its delete removed it, so a reaper on another node racing it never reports it twice.
   */
  private void reportExpiry(long now) {
    if (pending.active()) {
      parts.store().deleteIfExpired(requestedValue, now)
          .ifPresent(data -> pending.events().destroyed(new EndedSession(data, request.getServletContext())));
    }
  }

  /** Records an attribute change for the listeners, told once the change is saved. */
  synchronized void attributeChanged(String name, Object oldValue, Object newValue) {
    pending.attributeChanged(name, oldValue, newValue);
  }

  /** The {@link HttpSession} face of {@code s}; the same object for every call within the request. */
  synchronized HttpSession adapterFor(Session s) {
    if (adapter == null || adapter.session() != s) {
      adapter = new HttpSessionAdapter(s, this, request.getServletContext());
    }
    return adapter;
  }

  /** True when the requested id names the live session of this request. */
  synchronized boolean requestedIdValid() {
    if (requestedValue == null) {
      return false;
    }
    Session current = session(false);
    return current != null && loadedId != null && loadedId.equals(current.storedId());
  }

  /**
   * Replaces one attribute with {@code fn} applied to it, atomically against every other request: in the
   * store when the session is stored there, else (a session new in this request, which nobody else can
   * know yet) in this request's copy.
   */
  synchronized Object update(Session s, String name, UnaryOperator<Object> fn) {
    String storedId = s.storedId();
    if (storedId != null && storedId.equals(s.id())) {
      long now = parts.clock().millis();
      Object before = s.getAttribute(name);
      Optional<SessionData> after = parts.store().updateAttribute(storedId, name, fn, now);
      if (after.isPresent()) {
        Object value = after.get().attributes().get(name);
        pending.attributeChanged(name, before, value);
        s.applyStored(name, value);
        writtenThisRequest = true;
        updatedInStore = true;
        return value;
      }
      // Deleted meanwhile (a logout elsewhere): change this copy only; its later UPDATE finds no row.
    }
    Object before = s.getAttribute(name);
    Object next = fn.apply(AttributeCodec.copy(before));
    s.setAttribute(name, next);
    pending.attributeChanged(name, before, next);
    return next;
  }

  synchronized void invalidate(Session s) {
    s.invalidate();
    if (s.storedId() != null) {
      ended = s.toData(s.lastAccessedAt()).withId(s.storedId());
      idsToDelete.add(s.storedId());
      storedSessionInvalidated = true;
    }
  }

  /**
   * Writes what changed, and sets the cookie when {@code canSetHeaders}. Safe to call more than once: the
   * first call usually runs just before the response commits, a later one saves what the servlet changed
   * after that (the cookie cannot follow any more).
   */
  synchronized void save(boolean canSetHeaders) {
    if (failed && response.getStatus() >= HttpServletResponse.SC_INTERNAL_SERVER_ERROR) {
      // A request that threw and ends in a server error keeps nothing it changed: half a change is worse.
      return;
    }
    if (canSetHeaders && accessed) {
      addVaryCookie();
    }
    for (String id : idsToDelete) {
      parts.store().delete(id);
    }
    idsToDelete.clear();
    if (ended != null) {
      pending.events().destroyed(new EndedSession(ended, request.getServletContext()));
      ended = null;
    }

    Session s = session;
    if (s == null || s.isInvalidated()) {
      pending.dropChanges();
      if (storedSessionInvalidated && canSetHeaders) {
        if (viaHeader) {
          response.setHeader(parts.idHeader(), "");
        } else {
          emitCookie(SessionCookies.clearCookie(parts.cookies(), secure()));
        }
      }
      return;
    }
    long now = parts.clock().millis();
    boolean cookieDue = cookieRefreshDue(s, now);
    SessionData saved = write(s, now);
    boolean written = saved != null || updatedInStore;
    updatedInStore = false;
    if (s.storedId() == null) {
      pending.dropChanges();
    } else if (pending.active()) {
      pending.fire(adapterFor(s));
    }
    boolean resign = requestedWithFallback && s.id().equals(loadedId);
    if ((written || resign) && canSetHeaders) {
      // The copy just written serves the cookie too: one attribute-map copy per request, not two.
      String stored = parts.store().cookieValue(saved != null ? saved : s.toData(now));
      // A value that changed (the cookie store keeps the whole session in it) always goes out.
      if (!cookieDue && !resign && stored.equals(requestedValue)) {
        return;
      }
      String value = parts.signer().sign(stored);
      if (viaHeader) {
        response.setHeader(parts.idHeader(), value);
      } else {
        emitCookie(SessionCookies.setCookie(parts.cookies(), value, cookieMaxAge(s, now), secure(), now));
      }
    }
  }

  /** Writes what the session needs written; returns the data written, or null when nothing was. */
  private SessionData write(Session s, long now) {
    String storedId = s.storedId();
    SessionData data;
    if (storedId == null) {
      // Like Django: a new session that holds nothing is not worth a row or a cookie.
      if (s.isEmpty()) {
        return null;
      }
      data = s.toData(now);
      parts.store().save(data, SaveMode.CREATE, Set.of());
      pending.created();
    } else if (!storedId.equals(s.id())) {
      // New id first, old id second (or both at once): a parallel request never finds neither.
      data = s.toData(now);
      parts.store().rotate(storedId, data);
      pending.idChanged(storedId);
    } else if (s.hasChanges() || (!writtenThisRequest && (parts.policy().saveEveryRequest() || touchDue(s, now)))) {
      data = s.toData(now);
      parts.store().save(data, SaveMode.UPDATE, s.changedNames());
    } else {
      return null;
    }
    s.markSaved();
    writtenThisRequest = true;
    return data;
  }

  /**
   * A read-only request refreshes the last-access time at most once a minute (or a tenth of the idle
   * timeout when shorter), so a busy reader costs one write a minute rather than one per request.
   */
  private static boolean touchDue(Session s, long now) {
    return now - s.lastAccessedAt() >= refreshInterval(s);
  }

  /** How stale the stored last access, and the browser's copy of the cookie's expiry, may grow. */
  private static long refreshInterval(Session s) {
    long interval = 60_000L;
    if (s.maxInactiveSeconds() > 0) {
      interval = Math.min(interval, s.maxInactiveSeconds() * 100L);
    }
    return interval;
  }

  /**
   * Whether a write in this request also sends the cookie again. Always for a new session, a new id, a
   * changed idle limit, and with {@code session.save-every-request}; otherwise when this request is the
   * first write in a new refresh interval (a minute, or a tenth of the idle timeout) since the session was
   * last used. So the Max-Age the browser holds follows the session's life as it is written, lagging the
   * stored expiry by less than one interval, while a session written on every request does not pay for a
   * Set-Cookie header (formatting, signing, bytes on the wire) on every response: that was the largest
   * cost of a write to the memory store (JFR, docs/benchmarks.md).
   */
  private boolean cookieRefreshDue(Session s, long now) {
    if (s.storedId() == null || !s.storedId().equals(s.id()) || s.metadataChanged()
        || parts.policy().saveEveryRequest()) {
      return true;
    }
    long interval = refreshInterval(s);
    return now / interval != s.lastAccessedAt() / interval;
  }

  private long cookieMaxAge(Session s, long now) {
    if (parts.cookies().expireAtBrowserClose()) {
      return -1;
    }
    long seconds = s.maxInactiveSeconds() < 0 ? Long.MAX_VALUE : s.maxInactiveSeconds();
    if (s.absoluteDeadline() > 0) {
      seconds = Math.min(seconds, Math.max(0, (s.absoluteDeadline() - now) / 1000));
    }
    return seconds == Long.MAX_VALUE ? UNLIMITED_COOKIE_SECONDS : seconds;
  }

  private boolean secure() {
    return SessionCookies.secure(parts.cookies(), request);
  }

  private void addVaryCookie() {
    // Most responses have no Vary of their own: then there is nothing to look through (and no list to build).
    if (response.containsHeader("Vary")) {
      for (String vary : response.getHeaders("Vary")) {
        if (vary.equals("*") || vary.toLowerCase(java.util.Locale.ROOT).contains("cookie")) {
          return;
        }
      }
    }
    response.addHeader("Vary", "Cookie");
    if (parts.idHeader() != null) {
      response.addHeader("Vary", parts.idHeader());
    }
  }

  /** Adds our Set-Cookie header, replacing the one this request sent earlier, if any. */
  private void emitCookie(String header) {
    if (header.equals(cookieSent)) {
      return;
    }
    if (cookieSent != null) {
      Collection<String> others = new ArrayList<>(response.getHeaders("Set-Cookie"));
      others.remove(cookieSent);
      response.setHeader("Set-Cookie", null);
      for (String other : others) {
        response.addHeader("Set-Cookie", other);
      }
    }
    response.addHeader("Set-Cookie", header);
    cookieSent = header;
  }
}
