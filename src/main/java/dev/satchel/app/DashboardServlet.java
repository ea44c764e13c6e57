package dev.satchel.app;

import dev.satchel.auth.CsrfTokens;
import dev.satchel.auth.SessionLogin;
import dev.satchel.auth.User;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /dashboard}: for a logged-in user, their name, when they signed in, when the session started and
 * expires, and the sign-out buttons; anyone else is sent to {@code /login?next=%2Fdashboard}. POST with
 * {@code action=sign-out-others} ends the user's other sessions.
 */
final class DashboardServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  static final String LOGIN_REDIRECT = "/login?next=%2Fdashboard";
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private final transient Templates templates;
  private final transient SessionLogin sessionLogin;
  private final long absoluteTimeoutSeconds;

  DashboardServlet(Templates templates, SessionLogin sessionLogin, long absoluteTimeoutSeconds) {
    this.templates = templates;
    this.sessionLogin = sessionLogin;
    this.absoluteTimeoutSeconds = absoluteTimeoutSeconds;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Optional<User> user = sessionLogin.currentUser(request);
    if (user.isEmpty()) {
      Pages.seeOther(request, response, LOGIN_REDIRECT);
      return;
    }
    HttpSession session = request.getSession();
    Map<String, Object> params = new HashMap<>();
    params.put("base", request.getContextPath());
    params.put("csrf", CsrfTokens.tokenFor(request));
    params.put("username", user.get().username());
    params.put("signedInAt", session.getAttribute(SessionLogin.LOGIN_AT) instanceof Number n
        ? TIME.format(Instant.ofEpochMilli(n.longValue())) : "(unknown)");
    params.put("sessionStarted", TIME.format(Instant.ofEpochMilli(session.getCreationTime())));
    params.put("expiresAt", expiry(session));
    params.put("notice", notice(request.getParameter("ended")));
    Pages.noStore(response);
    templates.render(response, "dashboard.jte", params);
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (!CsrfTokens.isValid(request)) {
      Pages.badToken(templates, request, response);
      return;
    }
    Optional<User> user = sessionLogin.currentUser(request);
    if (user.isEmpty()) {
      Pages.seeOther(request, response, LOGIN_REDIRECT);
      return;
    }
    if ("sign-out-others".equals(request.getParameter("action"))) {
      int ended = sessionLogin.signOutOthers(request, user.get());
      Pages.seeOther(request, response, "/dashboard?ended=" + ended);
      return;
    }
    Pages.seeOther(request, response, "/dashboard");
  }

  /** The earlier of the idle limit (from now, as this request counts as activity) and the absolute one. */
  private String expiry(HttpSession session) {
    long now = System.currentTimeMillis();
    long expires = Long.MAX_VALUE;
    if (session.getMaxInactiveInterval() > 0) {
      expires = now + session.getMaxInactiveInterval() * 1000L;
    }
    if (absoluteTimeoutSeconds > 0) {
      expires = Math.min(expires, session.getCreationTime() + absoluteTimeoutSeconds * 1000L);
    }
    return expires == Long.MAX_VALUE ? "never" : TIME.format(Instant.ofEpochMilli(expires));
  }

  private static String notice(String ended) {
    if (ended == null || !ended.matches("\\d{1,6}")) {
      return null;
    }
    int count = Integer.parseInt(ended);
    return count == 0 ? "No other sessions were signed in."
        : "Signed out " + count + (count == 1 ? " other session." : " other sessions.");
  }
}
