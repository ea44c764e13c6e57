package dev.satchel.auth;

import java.time.Duration;
import java.util.Optional;

/**
 * Checks a username and password against the users table, behind the failed-login throttle. Every failure
 * looks and costs the same: an unknown user is checked against a dummy hash at the same bcrypt cost, and
 * counts against the throttle like a wrong password.
 */
public final class Authenticator {
  /** What an attempt came to. */
  public sealed interface Outcome permits Success, Failure, Throttled {}

  /**
   * Good credentials.
   *
   * @param user the user, with the hash now stored
   * @param replacedHash the weaker hash a re-hash at login replaced, or null
   */
  public record Success(User user, String replacedHash) implements Outcome {}

  /** Wrong, unknown or unusable credentials; which one is deliberately not said. */
  public record Failure() implements Outcome {}

  /** Too many recent failures for this username or address; try again after {@code retryAfter}. */
  public record Throttled(Duration retryAfter) implements Outcome {
    /** Whole seconds for {@code Retry-After}, rounded up so a client that waits that long is let in. */
    public long retryAfterSeconds() {
      return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
  }

  private final Users users;
  private final Passwords passwords;
  private final LoginThrottle throttle;

  public Authenticator(Users users, Passwords passwords, LoginThrottle throttle) {
    this.users = users;
    this.passwords = passwords;
    this.throttle = throttle;
  }

  /** Checks the credentials sent from {@code address}; null fields count as empty. */
  public Outcome authenticate(String username, String password, String address) {
    String name = username == null ? "" : username;
    String secret = password == null ? "" : password;
    String key = Usernames.key(name);
    Optional<Duration> blocked = throttle.blockedFor(key, address);
    if (blocked.isPresent()) {
      return new Throttled(blocked.get());
    }
    Outcome outcome = check(name, secret);
    if (outcome instanceof Success) {
      throttle.clearUser(key);
    } else {
      throttle.recordFailure(key, address);
    }
    return outcome;
  }

  private Outcome check(String name, String password) {
    if (name.isBlank() || password.isEmpty() || password.length() > Passwords.MAX_LENGTH) {
      // Refused before any lookup: says nothing about the user, so it need not cost a hash.
      return new Failure();
    }
    Optional<User> found = users.findByName(name);
    if (found.isEmpty()) {
      passwords.checkNobody(password);
      return new Failure();
    }
    User user = found.get();
    Passwords.Check check = passwords.check(password, user.passwordHash());
    if (!check.matches()) {
      return new Failure();
    }
    if (check.needsRehash()) {
      String stronger = passwords.hash(password);
      if (users.upgradeHash(user.id(), user.passwordHash(), stronger)) {
        return new Success(new User(user.id(), user.username(), stronger), user.passwordHash());
      }
    }
    return new Success(user, null);
  }
}
