package dev.satchel.app;

import dev.satchel.auth.CsrfTokens;
import dev.satchel.auth.SessionLogin;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code POST /logout} with the CSRF token: deletes the session in the store, clears the cookie, 303 to
 * {@code /login}. Without a valid token, 403 and the session stays. GET is not allowed (405): a link or an
 * image on another site must not be able to sign anyone out.
 */
final class LogoutServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient Templates templates;
  private final transient SessionLogin sessionLogin;

  LogoutServlet(Templates templates, SessionLogin sessionLogin) {
    this.templates = templates;
    this.sessionLogin = sessionLogin;
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (!CsrfTokens.isValid(request)) {
      Pages.badToken(templates, request, response);
      return;
    }
    sessionLogin.logout(request);
    Pages.seeOther(request, response, "/login");
  }
}
