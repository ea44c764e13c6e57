package dev.satchel.app;

import static dev.satchel.testing.Logins.csrfToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.testing.Browser;
import dev.satchel.testing.Browser.Page;
import dev.satchel.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The session demo as a browser sees it: the contract's flow, the cookie's attributes, the forms. */
class SessionDemoHttpTest {
  /** {@code <id>.<signature>}: a 43-character base64url id, a dot, a base64url HMAC-SHA256. */
  static final Pattern SIGNED_ID = Pattern.compile("[A-Za-z0-9_-]{43}\\.[A-Za-z0-9_-]{43}");
  static final Map<String, String> JSON = Map.of("Accept", "application/json");

  private static TestServer server;

  @BeforeAll
  static void startServer() {
    server = TestServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void firstVisitShowsJohnAndCountsOne() {
    Browser browser = server.browser();

    Page page = browser.get("/session");

    assertEquals(200, page.status());
    assertTrue(page.header("Content-Type").orElseThrow().startsWith("text/html"), page.headers().toString());
    assertTrue(page.body().contains("Name: John"), page.body());
    assertTrue(page.body().contains("Visits: 1"), page.body());
    assertTrue(page.setCookie("sessionid").isPresent(), "a new session sets the cookie: " + page.setCookies());
    assertTrue(browser.cookie("sessionid").isPresent());
  }

  @Test
  void secondVisitWithTheCookieCountsTwo() {
    Browser browser = server.browser();
    browser.get("/session");

    Page second = browser.get("/session");

    assertEquals(200, second.status());
    assertTrue(second.body().contains("Name: John"), second.body());
    assertTrue(second.body().contains("Visits: 2"), second.body());
  }

  @Test
  void visitsCountPerSessionNotPerServer() {
    Browser alice = server.browser();
    Browser bob = server.browser();
    alice.get("/session");
    alice.get("/session");

    assertTrue(bob.get("/session").body().contains("Visits: 1"));
    assertTrue(alice.get("/session").body().contains("Visits: 3"));
  }

  @Test
  void parallelVisitsAreAllCounted() throws Exception {
    Browser browser = server.browser();
    browser.get("/session");
    int parallel = 20;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Page>> pages = new ArrayList<>();
      for (int i = 0; i < parallel; i++) {
        pages.add(pool.submit(() -> browser.get("/session", JSON)));
      }
      for (Future<Page> page : pages) {
        assertEquals(200, page.get(30, TimeUnit.SECONDS).status());
      }
    } finally {
      pool.shutdownNow();
    }

    assertTrue(browser.get("/session").body().contains("Visits: " + (parallel + 2)), "no visit lost");
  }

  @Test
  void sessionCookieHasTheContractsAttributes() {
    Page page = server.browser().get("/session");

    String header = page.setCookie("sessionid").orElseThrow();
    String value = page.setCookieValue("sessionid").orElseThrow();
    assertTrue(SIGNED_ID.matcher(value).matches(), "value is <id>.<signature>");
    String attributes = header.substring(header.indexOf(';')).toLowerCase();
    assertTrue(attributes.contains("; httponly"), header);
    assertTrue(attributes.contains("; samesite=lax"), header);
    assertTrue(attributes.contains("; path=/"), header);
    assertTrue(attributes.matches(".*; max-age=[1-9][0-9]*.*"), header);
    assertFalse(attributes.contains("; secure"), "plain HTTP with secure=auto: no Secure attribute; " + header);
  }

  @Test
  void jsonShowsTheSameSession() {
    Browser browser = server.browser();
    browser.get("/session");

    Page json = browser.get("/session", JSON);

    assertEquals(200, json.status());
    assertTrue(json.header("Content-Type").orElseThrow().startsWith("application/json"));
    assertEquals("{\"name\":\"John\",\"visits\":2}", json.body());
  }

  @Test
  void jsonOnTheFirstVisitCountsOneAndSetsTheCookie() {
    Browser browser = server.browser();

    Page json = browser.get("/session", JSON);

    assertEquals("{\"name\":\"John\",\"visits\":1}", json.body());
    assertTrue(json.setCookie("sessionid").isPresent());
  }

  @Test
  void demoPagesAreNeverCached() {
    Page page = server.browser().get("/session");

    assertEquals("no-store", page.header("Cache-Control").orElseThrow());
  }

  @Test
  void changedNameShowsAfterRedirect() {
    Browser browser = server.browser();
    String token = csrfToken(browser.get("/session"));

    Page posted = browser.postForm("/session", Map.of("name", "Ada", "csrf_token", token));

    assertEquals(303, posted.status());
    assertEquals("/session", posted.header("Location").map(SessionDemoHttpTest::pathOf).orElseThrow());
    Page page = browser.get("/session");
    assertTrue(page.body().contains("Name: Ada"), page.body());
    assertTrue(page.body().contains("Visits: 2"), "POSTs are not page views: " + page.body());
  }

  @Test
  void markupInTheNameShowsAsText() {
    Browser browser = server.browser();
    String token = csrfToken(browser.get("/session"));

    browser.postForm("/session", Map.of("name", "<script>alert(1)</script>", "csrf_token", token));

    String body = browser.get("/session").body();
    assertTrue(body.contains("Name: &lt;script&gt;alert(1)&lt;/script&gt;"), body);
    assertFalse(body.contains("<script>"), body);
  }

  @Test
  void jsonEscapesTheName() {
    Browser browser = server.browser();
    String token = csrfToken(browser.get("/session"));

    browser.postForm("/session", Map.of("name", "Ada \"the\" \\ Countess <b>", "csrf_token", token));

    assertEquals(
        "{\"name\":\"Ada \\\"the\\\" \\\\ Countess \\u003cb\\u003e\",\"visits\":2}",
        browser.get("/session", JSON).body());
  }

  @Test
  void nonAsciiNameSurvivesTheRoundTrip() {
    Browser browser = server.browser();
    String token = csrfToken(browser.get("/session"));

    browser.postForm("/session", Map.of("name", "Zoë 北京 🎒", "csrf_token", token));

    assertTrue(browser.get("/session").body().contains("Name: Zoë 北京 🎒"));
  }

  @Test
  void blankNameKeepsTheOldOne() {
    Browser browser = server.browser();
    String token = csrfToken(browser.get("/session"));

    browser.postForm("/session", Map.of("name", "   ", "csrf_token", token));

    assertTrue(browser.get("/session").body().contains("Name: John"));
  }

  @Test
  void forgetRemovesTheNameButKeepsCounting() {
    Browser browser = server.browser();
    String token = csrfToken(browser.get("/session"));

    Page posted = browser.postForm("/session", Map.of("action", "forget", "csrf_token", token));

    assertEquals(303, posted.status());
    Page page = browser.get("/session");
    assertTrue(page.body().contains("Name: (none)"), page.body());
    assertTrue(page.body().contains("Visits: 2"), page.body());
    assertEquals("{\"name\":null,\"visits\":3}", browser.get("/session", JSON).body());
  }

  @Test
  void sessionIdStaysTheSameAcrossVisits() {
    Browser browser = server.browser();
    browser.get("/session");
    String first = browser.cookie("sessionid").orElseThrow();

    String token = csrfToken(browser.get("/session"));
    browser.postForm("/session", Map.of("name", "Ada", "csrf_token", token));

    assertEquals(first, browser.cookie("sessionid").orElseThrow());
  }

  @Test
  void healthCheckSaysOkAndSetsNoCookie() {
    Browser browser = server.browser();

    Page health = browser.get("/healthz");

    assertEquals(200, health.status());
    assertEquals("ok", health.body());
    assertTrue(health.header("Content-Type").orElseThrow().startsWith("text/plain"));
    assertTrue(health.setCookies().isEmpty(), "lazy sessions: " + health.setCookies());
    assertTrue(browser.cookie("sessionid").isEmpty());
  }

  @Test
  void indexLinksToTheDemoAndSetsNoCookie() {
    Page index = server.browser().get("/");

    assertEquals(200, index.status());
    assertTrue(index.body().contains("href=\"/session\""), index.body());
    assertTrue(index.setCookies().isEmpty(), index.setCookies().toString());
  }

  @Test
  void unknownPathIsNotFoundAndSetsNoCookie() {
    Page page = server.browser().get("/no-such-page");

    assertEquals(404, page.status());
    assertTrue(page.setCookies().isEmpty(), page.setCookies().toString());
  }

  @Test
  void serverNamesNoSoftware() {
    Page page = server.browser().get("/session");

    assertTrue(page.header("Server").isEmpty(), page.header("Server").toString());
    assertTrue(page.header("X-Powered-By").isEmpty());
  }

  @Test
  void newBrowserGetsANewSession() {
    String first = server.browser().get("/session").setCookieValue("sessionid").orElseThrow();
    String second = server.browser().get("/session").setCookieValue("sessionid").orElseThrow();

    assertNotEquals(first, second);
  }

  private static String pathOf(String location) {
    return java.net.URI.create(location).getPath();
  }
}
