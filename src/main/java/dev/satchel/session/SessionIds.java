package dev.satchel.session;

import java.security.SecureRandom;
import java.util.Base64;

/** Makes session ids: 256 bits from {@link SecureRandom}, base64url without padding (43 characters). */
public final class SessionIds {
  private static final int BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private SessionIds() {}

  public static String next() {
    byte[] bytes = new byte[BYTES];
    RANDOM.nextBytes(bytes);
    return ENCODER.encodeToString(bytes);
  }

  /** True when {@code s} has the shape of an id this class makes; cheap, checked before any store I/O. */
  public static boolean looksValid(String s) {
    if (s == null || s.length() != 43) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!isBase64url(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** True for a character of the base64url alphabet, the only characters an id (or a cookie-store value) has. */
  public static boolean isBase64url(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  }
}
