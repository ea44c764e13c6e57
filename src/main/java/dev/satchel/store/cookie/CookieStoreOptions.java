package dev.satchel.store.cookie;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How the cookie store writes its cookies.
 *
 * @param encrypt true: AES-GCM hides the payload from whoever holds the cookie; false: signed only, so the
 *     holder can read (never change) the attributes
 * @param secret the session secret, from which the encryption key is derived (unused unless encrypt)
 * @param fallbacks older secrets whose keys still decrypt
 * @param maxValueLength the longest cookie value, before signing, that still fits a browser's 4096 bytes
 *     once signed and written with its name and attributes; see {@link #maxValueLengthFor}
 * @param absoluteTimeoutSeconds the configured absolute timeout (0 = none): no session outlives it, so it
 *     bounds how long a revocation of a session of unknown expiry must be kept
 */
public record CookieStoreOptions(
    boolean encrypt, String secret, List<String> fallbacks, int maxValueLength, long absoluteTimeoutSeconds) {

  /** What a browser keeps of one cookie: its whole Set-Cookie line, counted conservatively. */
  public static final int BROWSER_COOKIE_BYTES = 4096;
  /** A dot and 43 characters of HMAC-SHA256 in base64url, added by the signer. */
  static final int SIGNATURE_CHARS = 44;
  /**
   * Room for the attributes the filter writes besides Path and Domain: Max-Age (up to 10 digits),
   * Expires (a 29-character date), Secure, HttpOnly, SameSite=Strict, with their separators (about 100),
   * rounded up.
   */
  static final int ATTRIBUTE_ALLOWANCE = 128;

  public CookieStoreOptions {
    Objects.requireNonNull(secret, "secret");
    fallbacks = List.copyOf(fallbacks);
    if (maxValueLength < 64) {
      throw new IllegalArgumentException("maxValueLength " + maxValueLength + " leaves no room for a session");
    }
  }

  /**
   * The longest unsigned cookie value that keeps the {@code Set-Cookie} line of a cookie called {@code
   * name}, with this path and domain, within {@value #BROWSER_COOKIE_BYTES} bytes.
   */
  public static int maxValueLengthFor(String name, String path, Optional<String> domain) {
    int fixed = name.length() + 1 + SIGNATURE_CHARS + ATTRIBUTE_ALLOWANCE
        + "; Path=".length() + path.length()
        + domain.map(d -> "; Domain=".length() + d.length()).orElse(0);
    return BROWSER_COOKIE_BYTES - fixed;
  }
}
