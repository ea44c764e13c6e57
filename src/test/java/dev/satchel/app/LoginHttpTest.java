package dev.satchel.app;

import static dev.satchel.testing.Logins.csrfToken;
import static dev.satchel.testing.Logins.logIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.testing.Browser;
import dev.satchel.testing.Browser.Page;
import dev.satchel.testing.Logins;
import dev.satchel.testing.TestServer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The CONTRACT's /login, /dashboard and /logout lines, as a browser meets them. */
class LoginHttpTest {
  private static final String PASSWORD = "correct horse battery staple";
  private static final AtomicInteger USERS = new AtomicInteger();

  private static TestServer server;

  @BeforeAll
  static void startServer() {
    server = TestServer.start(Map.of("auth.bcrypt-cost", Logins.TEST_COST));
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  /** A fresh user per test, so one test's failed logins never throttle another's. */
  private static String newUser() {
    String name = "user" + USERS.incrementAndGet();
    Logins.createUser(server.dataDir(), name, PASSWORD);
    return name;
  }

  private static String path(Page page) {
    String location = page.header("Location").orElseThrow(() -> new AssertionError("no Location: " + page));
    return location.replaceFirst("^https?://[^/]+", "");
  }

  @Test
  void loginPageIsAFormWithTokenAndFields() {
    Page page = server.browser().get("/login");

    assertEquals(200, page.status());
    assertTrue(page.body().contains("name=\"username\""), page.body());
    assertTrue(page.body().contains("name=\"password\" type=\"password\""), page.body());
    assertFalse(csrfToken(page).isBlank());
    assertFalse(page.body().contains("name=\"next\""), "no next given, none rendered");
  }

  @Test
  void loginPageCarriesTheNextItWasGiven() {
    Page page = server.browser().get("/login?next=%2Fdashboard");

    assertTrue(page.body().contains("<input type=\"hidden\" name=\"next\" value=\"/dashboard\">"), page.body());
  }

  @Test
  void htmlPagesSendTheSecurityHeaders() {
    Browser browser = server.browser();
    for (String path : new String[] {"/login", "/session"}) {
      Page page = browser.get(path);
      assertEquals("no-store", page.header("Cache-Control").orElse(""), path);
      assertEquals("nosniff", page.header("X-Content-Type-Options").orElse(""), path);
      assertEquals("same-origin", page.header("Referrer-Policy").orElse(""), path);
      String csp = page.header("Content-Security-Policy").orElse("");
      assertTrue(csp.contains("frame-ancestors 'none'"), path + ": " + csp);
      assertTrue(csp.contains("style-src 'self'"), path + ": " + csp);
    }
    Page css = browser.get("/static/satchel.css");
    assertEquals(200, css.status());
    assertTrue(css.header("Content-Type").orElse("").startsWith("text/css"));
  }

  @Test
  void goodCredentialsRedirectToDashboardUnderANewSessionId() {
    String user = newUser();
    Browser browser = server.browser();
    Page form = browser.get("/login");
    String before = browser.cookie("sessionid").orElseThrow();

    Page login = browser.postForm("/login",
        Map.of("csrf_token", csrfToken(form), "username", user, "password", PASSWORD));

    assertEquals(303, login.status());
    assertEquals("/dashboard", path(login));
    String after = login.setCookieValue("sessionid").orElseThrow(() -> new AssertionError("no new cookie"));
    assertNotEquals(before, after, "the session id changes at login");
    String cookie = login.setCookie("sessionid").orElseThrow();
    assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"), cookie);
    Page dashboard = browser.get("/dashboard");
    assertEquals(200, dashboard.status());
    assertTrue(dashboard.body().contains("Hello, " + user), dashboard.body());
    assertEquals("no-store", dashboard.header("Cache-Control").orElse(""));

    Page withOldId = server.browser().raw("/dashboard", "sessionid=" + before);
    assertEquals(303, withOldId.status(), "the pre-login id is not logged in");
  }

  @Test
  void usernamesCompareWithoutCaseOrWidth() {
    String user = newUser();

    assertEquals(303, logIn(server.browser(), user.toUpperCase(java.util.Locale.ROOT), PASSWORD).status());
    assertEquals(303, logIn(server.browser(), "ｕｓｅｒ" + user.substring(4), PASSWORD).status());
  }

  @Test
  void safeNextIsFollowed() {
    String user = newUser();

    Page login = logIn(server.browser(), user, PASSWORD, Map.of("next", "/session?x=1"));

    assertEquals(303, login.status());
    assertEquals("/session?x=1", path(login));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "https://evil.example/", "//evil.example/", "/\\evil.example", "\\\\evil.example", "javascript:alert(1)",
      "JaVaScRiPt:alert(1)", "http:/evil.example", "/%2F%2Fevil.example", "%2F%2Fevil.example", "/%5Cevil.example",
      "/%252F%252Fevil.example", "/\r\nSet-Cookie: a=b", "/%0d%0aSet-Cookie:%20a=b", "/\t/evil.example",
      "/%09/evil.example", " /dashboard", "dashboard", "", "/\u3002evil.example"})
  void unsafeNextGoesToDashboard(String next) {
    String user = newUser();

    Page login = logIn(server.browser(), user, PASSWORD, Map.of("next", next));

    assertEquals(303, login.status());
    assertEquals("/dashboard", path(login), "next=" + next);
    assertEquals(1, login.headers().allValues("Set-Cookie").size(), "only the session cookie is set");
  }

  @Test
  void wrongPasswordShowsTheFormAgainWithTheUsernameKept() {
    String user = newUser();

    Page page = logIn(server.browser(), user, "wrong password");

    assertEquals(401, page.status());
    assertTrue(page.body().contains("Invalid username or password."), page.body());
    assertTrue(page.body().contains("value=\"" + user + "\""), "the typed username is kept");
    assertFalse(page.body().contains("wrong password"), "never the password");
  }

  @Test
  void unknownUserLooksLikeAWrongPassword() {
    Page page = logIn(server.browser(), "nobody-" + USERS.incrementAndGet(), PASSWORD);

    assertEquals(401, page.status());
    assertTrue(page.body().contains("Invalid username or password."), page.body());
  }

  @ParameterizedTest
  @ValueSource(strings = {"' OR '1'='1", "admin'--", "x\"; DROP TABLE satchel_user; --", "<script>alert(1)</script>"})
  void sqlAndHtmlLookingNamesAreJustWrong(String name) {
    String user = newUser();

    Page page = logIn(server.browser(), name, "' OR '1'='1");

    assertEquals(401, page.status());
    assertFalse(page.body().contains("<script>alert(1)</script>"), "the name is escaped");
    assertEquals(303, logIn(server.browser(), user, PASSWORD).status(), "the users table is intact");
  }

  @ParameterizedTest
  @ValueSource(ints = {72, 100, 10_000})
  void longWrongPasswordsAre401(int bytes) {
    String user = newUser();

    Page page = logIn(server.browser(), user, "p".repeat(bytes));

    assertEquals(401, page.status());
  }

  @Test
  void longPasswordsWorkWholeAndAreNotCut() {
    String name = "long" + USERS.incrementAndGet();
    String password = "é".repeat(50); // 100 UTF-8 bytes: past bcrypt's 72
    Logins.createUser(server.dataDir(), name, password);

    assertEquals(401, logIn(server.browser(), name, password.substring(0, 36)).status(), "the first 72 bytes");
    assertEquals(401, logIn(server.browser(), name, password + "x").status());
    assertEquals(303, logIn(server.browser(), name, password).status());
  }

  @Test
  void emptyFieldsAre401() {
    String user = newUser();

    assertEquals(401, logIn(server.browser(), user, "").status());
    assertEquals(401, logIn(server.browser(), "", PASSWORD).status());
    Browser browser = server.browser();
    Page missing = browser.postForm("/login", Map.of("csrf_token", csrfToken(browser.get("/login"))));
    assertEquals(401, missing.status());
  }

  @Test
  void missingOrForeignTokenIs403AndLogsNobodyIn() {
    String user = newUser();
    Browser browser = server.browser();
    browser.get("/login");
    String foreign = csrfToken(server.browser().get("/login"));

    Page missing = browser.postForm("/login", Map.of("username", user, "password", PASSWORD));
    Page wrong = browser.postForm("/login", Map.of("csrf_token", foreign, "username", user, "password", PASSWORD));
    Page noSession = server.browser().postForm("/login",
        Map.of("csrf_token", foreign, "username", user, "password", PASSWORD));

    assertEquals(403, missing.status());
    assertEquals(403, wrong.status());
    assertEquals(403, noSession.status());
    assertEquals(303, browser.get("/dashboard").status(), "still not logged in");
  }

  @Test
  void dashboardSendsAnonymousVisitorsToLogin() {
    Page page = server.browser().get("/dashboard");

    assertEquals(303, page.status());
    assertEquals("/login?next=%2Fdashboard", path(page));
  }

  @Test
  void logoutDeletesTheSessionAndClearsTheCookie() {
    String user = newUser();
    Browser browser = server.browser();
    logIn(browser, user, PASSWORD);
    String loggedIn = browser.cookie("sessionid").orElseThrow();
    Page dashboard = browser.get("/dashboard");

    Page logout = browser.postForm("/logout", Map.of("csrf_token", csrfToken(dashboard)));

    assertEquals(303, logout.status());
    assertEquals("/login", path(logout));
    assertTrue(logout.setCookie("sessionid").orElseThrow().contains("Max-Age=0"), logout.setCookies().toString());
    assertEquals(303, browser.get("/dashboard").status());
    Page replay = server.browser().raw("/dashboard", "sessionid=" + loggedIn);
    assertEquals(303, replay.status(), "the old cookie is not logged in");
  }

  @Test
  void logoutWithoutTheTokenIs403AndKeepsTheSession() {
    String user = newUser();
    Browser browser = server.browser();
    logIn(browser, user, PASSWORD);

    assertEquals(403, browser.postForm("/logout", Map.of()).status());
    assertEquals(403, browser.postForm("/logout", Map.of("csrf_token", "forged")).status());
    assertEquals(200, browser.get("/dashboard").status());
  }

  @Test
  void tokenSeenBeforeLoginIsWorthlessAfter() {
    String user = newUser();
    Browser browser = server.browser();
    Page form = browser.get("/login");
    String before = csrfToken(form);
    browser.postForm("/login", Map.of("csrf_token", before, "username", user, "password", PASSWORD));

    assertEquals(403, browser.postForm("/logout", Map.of("csrf_token", before)).status());
  }

  @Test
  void fiveFailuresThrottleTheUsernameWithRetryAfter() {
    String user = newUser();
    for (int i = 0; i < 5; i++) {
      assertEquals(401, logIn(server.browser(), user, "guess " + i).status());
    }

    Page throttled = logIn(server.browser(), user, PASSWORD);

    assertEquals(429, throttled.status(), "even the right password waits");
    long retryAfter = Long.parseLong(throttled.header("Retry-After").orElseThrow());
    assertTrue(retryAfter > 0 && retryAfter <= 15 * 60, "Retry-After " + retryAfter);
    assertTrue(throttled.body().contains("Too many failed sign-in attempts"), throttled.body());
    assertEquals(303, logIn(server.browser(), newUser(), PASSWORD).status(), "other users are not held up");
  }

  @Test
  void unknownUsernamesAreThrottledTheSameWay() {
    String nobody = "ghost" + USERS.incrementAndGet();
    for (int i = 0; i < 5; i++) {
      assertEquals(401, logIn(server.browser(), nobody, "guess " + i).status());
    }

    assertEquals(429, logIn(server.browser(), nobody, "guess").status());
  }

  @Test
  void passwordChangeElsewhereEndsTheSession() {
    String user = newUser();
    Browser browser = server.browser();
    logIn(browser, user, PASSWORD);
    assertEquals(200, browser.get("/dashboard").status());

    Logins.changePassword(server.dataDir(), user, "a new password");

    assertEquals(303, browser.get("/dashboard").status(), "the auth hash no longer matches");
    assertEquals(401, logIn(server.browser(), user, PASSWORD).status());
    assertEquals(303, logIn(server.browser(), user, "a new password").status());
  }

  @Test
  void signOutEverywhereElseEndsOnlyTheOtherSessions() {
    String user = newUser();
    Browser here = server.browser();
    Browser there = server.browser();
    logIn(here, user, PASSWORD);
    logIn(there, user, PASSWORD);
    Page dashboard = here.get("/dashboard");

    Page done = here.postForm("/dashboard", Map.of("csrf_token", csrfToken(dashboard), "action", "sign-out-others"));

    assertEquals(303, done.status());
    Page after = here.get(path(done));
    assertEquals(200, after.status());
    assertTrue(after.body().contains("Signed out 1 other session."), after.body());
    assertEquals(303, there.get("/dashboard").status());
  }

  @Test
  void sessionDemoFormNeedsTheToken() {
    Browser browser = server.browser();
    Page page = browser.get("/session");
    Map<String, String> form = new HashMap<>(Map.of("name", "Mallory"));

    assertEquals(403, browser.postForm("/session", form).status());
    form.put("csrf_token", csrfToken(page));
    assertEquals(303, browser.postForm("/session", form).status());
    assertTrue(browser.get("/session").body().contains("Name: Mallory"));
  }
}
