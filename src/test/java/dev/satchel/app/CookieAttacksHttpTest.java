package dev.satchel.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.testing.Browser;
import dev.satchel.testing.Browser.Page;
import dev.satchel.testing.Logins;
import dev.satchel.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cookies no browser of ours would send: each must be treated as absent, giving a fresh session with a new
 * cookie, never an error page and never the data of the session it tried to reach.
 */
class CookieAttacksHttpTest {
  private static TestServer server;

  @BeforeAll
  static void startServer() {
    server = TestServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  /** A session that has been renamed to Victim and visited twice; returns its cookie value. */
  private static String victimCookie() {
    Browser victim = server.browser();
    String token = Logins.csrfToken(victim.get("/session"));
    victim.postForm("/session", Map.of("name", "Victim", "csrf_token", token));
    assertTrue(victim.get("/session").body().contains("Visits: 2"));
    return victim.cookie("sessionid").orElseThrow();
  }

  private static void assertFreshSession(Page page, String sentValue) {
    assertEquals(200, page.status(), "status for a bad cookie; body: " + page.body());
    assertTrue(page.body().contains("Name: John"), page.body());
    assertTrue(page.body().contains("Visits: 1"), page.body());
    assertFalse(page.body().contains("Victim"), "never the old data");
    String fresh = page.setCookieValue("sessionid").orElseThrow(() -> new AssertionError("no new cookie"));
    assertTrue(SessionDemoHttpTest.SIGNED_ID.matcher(fresh).matches(), fresh);
    assertNotEquals(sentValue, fresh);
  }

  @Test
  void validCookieSentRawReachesItsSession() {
    String cookie = victimCookie();

    Page page = server.browser().raw("/session", "sessionid=" + cookie);

    // The control case: the raw mode really sends the cookie, so the rejections below mean something.
    assertTrue(page.body().contains("Name: Victim"), page.body());
    assertTrue(page.body().contains("Visits: 3"), page.body());
  }

  @Test
  void forgedSignatureStartsFreshSession() {
    String cookie = victimCookie();
    String id = cookie.substring(0, cookie.indexOf('.'));
    String forged = id + "." + "A".repeat(43);

    assertFreshSession(server.browser().raw("/session", "sessionid=" + forged), forged);
  }

  @Test
  void flippedLastSignatureCharacterStartsFreshSession() {
    String cookie = victimCookie();
    char last = cookie.charAt(cookie.length() - 1);
    String forged = cookie.substring(0, cookie.length() - 1) + (last == 'A' ? 'B' : 'A');

    assertFreshSession(server.browser().raw("/session", "sessionid=" + forged), forged);
  }

  @Test
  void bareIdWithoutSignatureStartsFreshSession() {
    String cookie = victimCookie();
    String id = cookie.substring(0, cookie.indexOf('.'));

    assertFreshSession(server.browser().raw("/session", "sessionid=" + id), id);
  }

  @Test
  void truncatedCookieStartsFreshSession() {
    String cookie = victimCookie();
    String truncated = cookie.substring(0, cookie.length() - 10);

    assertFreshSession(server.browser().raw("/session", "sessionid=" + truncated), truncated);
  }

  @Test
  void emptyCookieStartsFreshSession() {
    assertFreshSession(server.browser().raw("/session", "sessionid="), "");
  }

  @Test
  void eightKilobyteCookieStartsFreshSession() {
    String huge = "A".repeat(8 * 1024);

    assertFreshSession(server.browser().raw("/session", "sessionid=" + huge), huge);
  }

  @Test
  void headerBeyondTheServerLimitIsRefusedWithoutServerError() {
    Page page = server.browser().raw("/session", "sessionid=" + "A".repeat(64 * 1024));

    assertTrue(page.status() >= 400 && page.status() < 500, "status " + page.status());
  }

  @Test
  void nonAsciiCookieStartsFreshSession() {
    String odd = "caf\u00e9\u00ff.sign\u00e9";

    assertFreshSession(server.browser().raw("/session", "sessionid=" + odd), odd);
  }

  @Test
  void quotedAndSeparatorLadenCookieStartsFreshSession() {
    String odd = "\"a.b\\\"c\"";

    assertFreshSession(server.browser().raw("/session", "sessionid=" + odd + "; x=1"), odd);
  }

  @Test
  void duplicatedForgedCookiesStartFreshSession() {
    String cookie = victimCookie();
    String id = cookie.substring(0, cookie.indexOf('.'));
    String header = "sessionid=" + id + ".forged; sessionid=garbage";

    assertFreshSession(server.browser().raw("/session", header), cookie);
  }

  @Test
  void signedIdOfAnUnknownSessionStartsFreshSession() {
    Browser browser = server.browser();
    browser.get("/session");
    String cookie = browser.cookie("sessionid").orElseThrow();
    // A cookie the server signed, for a session the memory store no longer holds.
    server.restart();

    assertFreshSession(browser.raw("/session", "sessionid=" + cookie), cookie);
  }

  @Test
  void forgedCookieOnAPageWithoutSessionSetsNothing() {
    Page page = server.browser().raw("/healthz", "sessionid=forged.forged");

    assertEquals(200, page.status());
    assertEquals("ok", page.body());
    assertFalse(page.setCookie("sessionid").filter(h -> !h.toLowerCase().contains("max-age=0")).isPresent(),
        "no new session where none is used: " + page.setCookies());
  }

  @Test
  void badCookieInJsonStartsFreshSession() {
    Page page = server.browser().raw("/session", "sessionid=x.y", Map.of("Accept", "application/json"));

    assertEquals(200, page.status());
    assertEquals("{\"name\":\"John\",\"visits\":1}", page.body());
  }
}
