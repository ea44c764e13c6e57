package dev.satchel.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Decides whether a {@code next} parameter may be followed after login: only a path on this site. Refused
 * are absolute URLs, scheme-relative {@code //host}, {@code /\host} (browsers read a backslash as a slash),
 * schemes such as {@code javascript:}, control characters and whitespace (browsers drop tabs and newlines
 * inside URLs, and CR/LF would split the header), and encoded forms of all these.
 */
public final class SafeRedirects {
  static final int MAX_LENGTH = 2000;
  /** Characters RFC 3986 allows in a path, query and fragment, plus '%' for escapes; nothing else passes. */
  private static final String ALLOWED = "-._~!$&'()*+,;=:@/?%#";
  private static final int DECODE_ROUNDS = 3;

  private SafeRedirects() {}

  /** {@code next} when it is a same-site relative path, else empty. */
  public static Optional<String> safePath(String next) {
    if (next == null || next.isEmpty() || next.length() > MAX_LENGTH || !next.startsWith("/")) {
      return Optional.empty();
    }
    for (int i = 0; i < next.length(); i++) {
      char c = next.charAt(i);
      boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!plain && ALLOWED.indexOf(c) < 0) {
        return Optional.empty();
      }
    }
    // Decoded once more each round, so a double-encoded "//" or "\" is caught as well as a plain one.
    String decoded = next;
    for (int round = 0; round <= DECODE_ROUNDS; round++) {
      if (!looksLocal(decoded)) {
        return Optional.empty();
      }
      String again;
      try {
        again = URLDecoder.decode(decoded.replace("+", "%2B"), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return Optional.empty(); // a broken escape: not worth guessing what a browser makes of it
      }
      if (again.equals(decoded)) {
        return Optional.of(next);
      }
      decoded = again;
    }
    return Optional.empty();
  }

  private static boolean looksLocal(String path) {
    if (!path.startsWith("/") || path.startsWith("//") || path.indexOf('\\') >= 0) {
      return false;
    }
    // Raw whitespace never gets this far (see ALLOWED); an encoded space is harmless, encoded controls are not.
    for (int i = 0; i < path.length(); i++) {
      if (Character.isISOControl(path.charAt(i))) {
        return false;
      }
    }
    // A scheme can only come before the first '/', '?' or '#'; a leading '/' already rules it out.
    return true;
  }
}
