package dev.satchel.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategy;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Hashes and checks passwords with bcrypt at a fixed cost. Passwords of 71 UTF-8 bytes or more are
 * pre-hashed with SHA-512 (the library's long-password strategy): bcrypt itself reads only 72 bytes, and
 * the library's default would throw; this way a long password is neither refused nor silently cut.
 */
public final class Passwords {
  /** Longest password accepted, in characters: enough for any passphrase, small enough to bound the work. */
  public static final int MAX_LENGTH = 1024;

  private static final BCrypt.Version VERSION = BCrypt.Version.VERSION_2B;
  private static final LongPasswordStrategy LONG = LongPasswordStrategies.hashSha512(VERSION);

  private final int cost;
  private final BCrypt.Hasher hasher = BCrypt.with(VERSION, new SecureRandom(), LONG);
  private final BCrypt.Verifyer verifyer = BCrypt.verifyer(VERSION, LONG);
  /** A hash of a random password at the same cost, checked for unknown users so they cost the same time. */
  private final String dummyHash;

  /** @param cost bcrypt cost (log2 of the rounds), 4–31; Satchel's settings allow 10–16 */
  public Passwords(int cost) {
    this.cost = cost;
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    this.dummyHash = hash(Base64.getEncoder().encodeToString(random));
  }

  public int cost() {
    return cost;
  }

  /** Why {@code password} cannot be set, or empty when it can. */
  public static Optional<String> problem(String password) {
    if (password == null || password.isEmpty()) {
      return Optional.of("the password must not be empty");
    }
    if (password.length() > MAX_LENGTH) {
      return Optional.of("the password must be at most " + MAX_LENGTH + " characters");
    }
    return Optional.empty();
  }

  /** The bcrypt hash of {@code password} in modular crypt format ({@code $2b$12$...}). */
  public String hash(String password) {
    return new String(hasher.hash(cost, password.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
  }

  /** The outcome of a check: whether it matched, and whether the stored hash is weaker than the current cost. */
  public record Check(boolean matches, boolean needsRehash) {}

  /** Checks {@code password} against {@code storedHash}; a malformed hash never matches. */
  public Check check(String password, String storedHash) {
    BCrypt.Result result;
    try {
      result = verifyer.verify(password.getBytes(StandardCharsets.UTF_8), storedHash.getBytes(StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return new Check(false, false); // an empty or truncated hash: the library refuses rather than answers
    }
    if (!result.validFormat || !result.verified) {
      return new Check(false, false);
    }
    return new Check(true, result.details.cost < cost);
  }

  /** Spends the time of one check and always fails: for a user that does not exist. */
  public Check checkNobody(String password) {
    check(password, dummyHash);
    return new Check(false, false);
  }
}
