package dev.satchel.auth;

import dev.satchel.session.SessionData;
import dev.satchel.session.SessionStore;
import dev.satchel.signing.Signer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.util.Collections;
import java.util.Optional;

/**
 * Who is logged in to a session: login (new session id, user id, auth hash, new CSRF token), the current
 * user (checked against the password on every call), logout, and ending a user's other sessions.
 */
public final class SessionLogin {
  /** When this login happened, epoch milliseconds. */
  public static final String LOGIN_AT = "satchel.login_at";
  static final String AUTH_HASH = "satchel.auth_hash";

  private final Users users;
  private final AuthHash authHash;
  private final SessionStore store;
  private final Clock clock;

  /** @param signer a signer whose purpose is {@link #AUTH_HASH_PURPOSE}, keyed like the session cookies */
  public SessionLogin(Users users, Signer signer, SessionStore store, Clock clock) {
    this.users = users;
    this.authHash = new AuthHash(signer);
    this.store = store;
    this.clock = clock;
  }

  /** The signing purpose of auth hashes, distinct from every other use of the secret. */
  public static final String AUTH_HASH_PURPOSE = AuthHash.PURPOSE;

  /**
   * Logs {@code success.user()} in to the request's session. The session id changes (the filter stores the
   * session under the new id and deletes the old), so an id planted before login is worthless after it.
   */
  public void login(HttpServletRequest request, Authenticator.Success success) {
    User user = success.user();
    HttpSession session = request.getSession();
    String userId = String.valueOf(user.id());
    if (session.getAttribute(SessionStore.USER_ATTRIBUTE) instanceof String other && !other.equals(userId)) {
      // Another user's session: nothing of theirs may carry over to this one.
      for (String name : Collections.list(session.getAttributeNames())) {
        session.removeAttribute(name);
      }
    }
    request.changeSessionId();
    session.setAttribute(SessionStore.USER_ATTRIBUTE, userId);
    session.setAttribute(AUTH_HASH, authHash.of(user.passwordHash()));
    session.setAttribute(LOGIN_AT, clock.millis());
    CsrfTokens.rotate(session);
    if (success.replacedHash() != null) {
      keepOtherSessionsAfterRehash(user, success.replacedHash(), session.getId());
    }
  }

  /**
   * The logged-in user of the request's session, or empty. A session whose auth hash no longer matches the
   * user's password (changed elsewhere), or whose user is gone, is logged out here.
   */
  public Optional<User> currentUser(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session == null || !(session.getAttribute(SessionStore.USER_ATTRIBUTE) instanceof String userId)) {
      return Optional.empty();
    }
    Optional<User> user = parseId(userId).flatMap(users::findById);
    if (user.isEmpty() || !authHash.matches(user.get().passwordHash(), session.getAttribute(AUTH_HASH))) {
      session.invalidate();
      return Optional.empty();
    }
    return user;
  }

  /** Ends the request's session: deleted in the store, the cookie cleared. */
  public void logout(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.invalidate();
    }
  }

  /** Ends every session of {@code user} except the request's own; returns how many ended. */
  public int signOutOthers(HttpServletRequest request, User user) {
    String current = request.getSession().getId();
    int ended = 0;
    for (SessionData other : store.findByUser(String.valueOf(user.id()))) {
      if (!other.id().equals(current)) {
        store.delete(other.id());
        ended++;
      }
    }
    return ended;
  }

  /**
   * A re-hash at a higher cost changes the stored hash but not the password: the user's other sessions get
   * the new auth hash instead of being logged out as a password change would.
   */
  private void keepOtherSessionsAfterRehash(User user, String oldHash, String currentId) {
    String oldMac = authHash.of(oldHash);
    String newMac = authHash.of(user.passwordHash());
    for (SessionData other : store.findByUser(String.valueOf(user.id()))) {
      if (!other.id().equals(currentId)) {
        store.updateAttribute(other.id(), AUTH_HASH, mac -> oldMac.equals(mac) ? newMac : mac, clock.millis());
      }
    }
  }

  private static Optional<Long> parseId(String id) {
    try {
      return Optional.of(Long.parseLong(id));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
