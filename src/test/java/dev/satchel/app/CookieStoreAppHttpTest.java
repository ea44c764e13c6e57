package dev.satchel.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.testing.Browser;
import dev.satchel.testing.Browser.Page;
import dev.satchel.testing.TestServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo app with {@code session.store=cookie}: the whole session rides in the signed cookie. */
class CookieStoreAppHttpTest {
  private static final Map<String, String> COOKIE = Map.of("session.store", "cookie");

  @Test
  void contractFlowWorksOnTheCookieStore() {
    try (TestServer server = TestServer.start(COOKIE)) {
      Browser browser = server.browser();

      Page first = browser.get("/session");
      Page second = browser.get("/session");
      Page json = browser.get("/session", Map.of("Accept", "application/json"));

      assertTrue(first.body().contains("Name: John") && first.body().contains("Visits: 1"), first.body());
      assertTrue(first.setCookieValue("sessionid").orElseThrow().startsWith("c2."));
      assertTrue(second.body().contains("Visits: 2"), second.body());
      assertEquals("{\"name\":\"John\",\"visits\":3}", json.body().strip());
      assertEquals(200, browser.get("/healthz").status());
    }
  }

  @Test
  void forgedCookieStartsAFreshSession() {
    try (TestServer server = TestServer.start(COOKIE)) {
      Browser browser = server.browser();
      browser.get("/session");
      String value = browser.get("/session").setCookieValue("sessionid").orElseThrow();
      String forged = value.substring(0, 5) + (value.charAt(5) == 'A' ? 'B' : 'A') + value.substring(6);

      Page answer = browser.raw("/session", "sessionid=" + forged);

      assertEquals(200, answer.status());
      assertTrue(answer.body().contains("Visits: 1"), answer.body());
    }
  }

  @Test
  void encryptedCookieStoreKeepsCounting() {
    try (TestServer server = TestServer.start(Map.of("session.store", "cookie", "session.cookie-store.encrypt", "true"))) {
      Browser browser = server.browser();

      Page first = browser.get("/session");
      Page second = browser.get("/session");

      assertTrue(first.setCookieValue("sessionid").orElseThrow().startsWith("e2."));
      assertTrue(second.body().contains("Visits: 2"), second.body());
    }
  }

  @Test
  void anotherNodeOnTheSameDataDirContinuesTheSession(@TempDir Path dataDir) {
    try (TestServer nodeA = TestServer.start(dataDir, COOKIE);
        TestServer nodeB = TestServer.start(dataDir, COOKIE)) {
      Browser browser = nodeA.browser();
      browser.get("/session");
      String value = browser.get("/session").setCookieValue("sessionid").orElseThrow();

      Page onB = nodeB.browser().raw("/session", "sessionid=" + value);

      assertTrue(onB.body().contains("Visits: 3"), onB.body());
    }
  }
}
