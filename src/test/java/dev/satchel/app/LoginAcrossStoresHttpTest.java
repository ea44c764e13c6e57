package dev.satchel.app;

import static dev.satchel.testing.Logins.csrfToken;
import static dev.satchel.testing.Logins.logIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.satchel.testing.Browser;
import dev.satchel.testing.Browser.Page;
import dev.satchel.testing.Logins;
import dev.satchel.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Login, the new id, logout and the replayed cookie, on each store that keeps sessions differently. */
class LoginAcrossStoresHttpTest {
  private static final String PASSWORD = "correct horse battery staple";

  @ParameterizedTest
  @ValueSource(strings = {"memory", "jdbc", "cookie"})
  void loginRotatesAndLogoutEndsTheSession(String store) {
    try (TestServer server = TestServer.start(Map.of("session.store", store, "auth.bcrypt-cost", Logins.TEST_COST))) {
      Logins.createUser(server.dataDir(), "ada", PASSWORD);
      Browser browser = server.browser();
      browser.get("/login");
      String before = browser.cookie("sessionid").orElseThrow();

      assertEquals(303, logIn(browser, "ada", PASSWORD).status());
      String after = browser.cookie("sessionid").orElseThrow();
      assertNotEquals(before, after);
      Page dashboard = browser.get("/dashboard");
      assertEquals(200, dashboard.status(), store);
      assertEquals(303, server.browser().raw("/dashboard", "sessionid=" + before).status(), "old id, " + store);

      assertEquals(303, browser.postForm("/logout", Map.of("csrf_token", csrfToken(dashboard))).status());
      assertEquals(303, server.browser().raw("/dashboard", "sessionid=" + after).status(), "replay, " + store);
    }
  }
}
