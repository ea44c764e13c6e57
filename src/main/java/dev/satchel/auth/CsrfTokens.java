package dev.satchel.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Synchronizer tokens against cross-site request forgery: one random token per session, rendered into
 * every form as the hidden field {@value #FIELD} and compared in constant time on every state-changing POST.
 * A new token is issued at login, so a token seen before login is worthless after it.
 */
public final class CsrfTokens {
  /** The form field that carries the token. */
  public static final String FIELD = "csrf_token";
  static final String ATTRIBUTE = "satchel.csrf";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private CsrfTokens() {}

  /** The session's token, creating the session and the token when needed; for rendering a form. */
  public static String tokenFor(HttpServletRequest request) {
    HttpSession session = request.getSession();
    if (session.getAttribute(ATTRIBUTE) instanceof String token) {
      return token;
    }
    return rotate(session);
  }

  /**
   * True when the request's {@value #FIELD} parameter equals its session's token. False without a
   * session, without a token, or with any other value; the comparison takes the same time wherever the
   * values first differ.
   */
  public static boolean isValid(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    String given = request.getParameter(FIELD);
    if (session == null || given == null || !(session.getAttribute(ATTRIBUTE) instanceof String expected)) {
      return false;
    }
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }

  /** Gives the session a new token and returns it. */
  static String rotate(HttpSession session) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String token = ENCODER.encodeToString(bytes);
    session.setAttribute(ATTRIBUTE, token);
    return token;
  }
}
