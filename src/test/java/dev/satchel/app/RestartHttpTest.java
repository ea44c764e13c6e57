package dev.satchel.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.testing.Browser;
import dev.satchel.testing.Browser.Page;
import dev.satchel.testing.Logins;
import dev.satchel.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JDBC store (embedded H2 in the data dir) keeps sessions, and the generated secret, across restarts. */
class RestartHttpTest {
  private static final Map<String, String> JDBC = Map.of("session.store", "jdbc");

  @Test
  void sessionSurvivesRestartOnTheSameDataDir() {
    try (TestServer server = TestServer.start(JDBC)) {
      Browser browser = server.browser();
      Page first = browser.get("/session");
      browser.postForm("/session", Map.of("name", "Ada", "csrf_token", Logins.csrfToken(first)));
      assertTrue(browser.get("/session").body().contains("Visits: 2"));

      server.restart();

      Page page = browser.get("/session");
      assertEquals(200, page.status());
      assertTrue(page.body().contains("Name: Ada"), page.body());
      assertTrue(page.body().contains("Visits: 3"), page.body());
    }
  }

  @Test
  void memorySessionIsGoneAfterRestart() {
    try (TestServer server = TestServer.start()) {
      Browser browser = server.browser();
      browser.get("/session");
      browser.get("/session");

      server.restart();

      // The cookie still verifies (the secret file stays), but the session it names is gone: a fresh one.
      Page page = browser.get("/session");
      assertEquals(200, page.status());
      assertTrue(page.body().contains("Visits: 1"), page.body());
    }
  }
}
