package dev.satchel.signing;

import java.util.List;
import java.util.Optional;

/**
 * Makes strings tamper-proof: {@code value + "." + base64url(HMAC-SHA256(key, value))}. The key is derived
 * from the secret and a purpose, so a value signed for one purpose never verifies for another. Verification
 * is constant-time and tries the current secret, then each fallback in order.
 *
 * <p>Thread-safe.
 */
public final class Signer {

  /** What verified: the original value and whether an older (fallback) secret signed it. */
  public record Unsigned(String value, boolean signedWithFallback) {}

  /**
   * @param secret the current secret (any non-empty string)
   * @param fallbacks older secrets still accepted, in order
   * @param purpose a salt naming what the signatures are for, such as {@code "session-cookie"}
   */
  public Signer(String secret, List<String> fallbacks, String purpose) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** {@code value} followed by a dot and its signature under the current secret. */
  public String sign(String value) {
    throw new UnsupportedOperationException("skeleton");
  }

  /**
   * The value inside {@code signed}, when its signature verifies under the current secret or a fallback.
   * Empty for anything else (null, empty, malformed, truncated, over {@link #MAX_SIGNED_LENGTH} characters,
   * forged); never throws.
   */
  public Optional<Unsigned> unsign(String signed) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** Longest signed string considered; longer input is rejected before any hashing. */
  public static final int MAX_SIGNED_LENGTH = 8192;
}
