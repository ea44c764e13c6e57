package dev.satchel.app;

import dev.satchel.auth.Authenticator;
import dev.satchel.auth.CsrfTokens;
import dev.satchel.auth.SafeRedirects;
import dev.satchel.auth.SessionLogin;
import dev.satchel.auth.Usernames;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code /login}: GET shows the form; POST checks the CSRF token (403), the throttle (429 with
 * Retry-After), then the credentials (401 with the form again, the typed username kept), and on success
 * logs in and redirects 303 to a safe {@code next} or to {@code /dashboard}.
 */
final class LoginServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  static final String INVALID = "Invalid username or password.";

  private final transient Templates templates;
  private final transient Authenticator authenticator;
  private final transient SessionLogin sessionLogin;

  LoginServlet(Templates templates, Authenticator authenticator, SessionLogin sessionLogin) {
    this.templates = templates;
    this.authenticator = authenticator;
    this.sessionLogin = sessionLogin;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    render(request, response, HttpServletResponse.SC_OK, "", null, null);
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (!CsrfTokens.isValid(request)) {
      Pages.badToken(templates, request, response);
      return;
    }
    String username = request.getParameter("username");
    Authenticator.Outcome outcome =
        authenticator.authenticate(username, request.getParameter("password"), request.getRemoteAddr());
    if (outcome instanceof Authenticator.Success success) {
      sessionLogin.login(request, success);
      String target = SafeRedirects.safePath(request.getParameter("next")).orElse("/dashboard");
      Pages.seeOther(request, response, target);
    } else if (outcome instanceof Authenticator.Throttled throttled) {
      long seconds = throttled.retryAfterSeconds();
      response.setHeader("Retry-After", String.valueOf(seconds));
      render(request, response, 429, username,
          "Too many failed sign-in attempts. Try again in " + minutes(seconds) + ".", null);
    } else {
      render(request, response, HttpServletResponse.SC_UNAUTHORIZED, username, INVALID, null);
    }
  }

  private void render(HttpServletRequest request, HttpServletResponse response, int status, String username,
      String error, String notice) throws IOException {
    Map<String, Object> params = new HashMap<>();
    params.put("base", request.getContextPath());
    params.put("csrf", CsrfTokens.tokenFor(request));
    params.put("username", shown(username));
    params.put("next", SafeRedirects.safePath(request.getParameter("next")).orElse(null));
    params.put("error", error);
    params.put("notice", notice);
    Pages.noStore(response);
    response.setStatus(status);
    templates.render(response, "login.jte", params);
  }

  /** The typed username, cut to the longest valid one, so a hostile 10 kB name is not echoed whole. */
  private static String shown(String username) {
    if (username == null) {
      return "";
    }
    return username.codePointCount(0, username.length()) <= Usernames.MAX_LENGTH
        ? username
        : username.substring(0, username.offsetByCodePoints(0, Usernames.MAX_LENGTH));
  }

  private static String minutes(long seconds) {
    long minutes = (seconds + 59) / 60;
    return minutes <= 1 ? "a minute" : minutes + " minutes";
  }
}
