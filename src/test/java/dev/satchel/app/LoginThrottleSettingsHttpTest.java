package dev.satchel.app;

import static dev.satchel.testing.Logins.logIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.auth.LoginThrottle;
import dev.satchel.config.Settings;
import dev.satchel.testing.Browser.Page;
import dev.satchel.testing.Logins;
import dev.satchel.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code auth.throttle.*} settings, as someone guessing passwords at /login meets them. */
class LoginThrottleSettingsHttpTest {
  private static final String PASSWORD = "correct horse battery staple";

  @Test
  void unsetKeysKeepTheDocumentedLimits() {
    assertEquals(LoginThrottle.Policy.defaults(), AuthPages.throttlePolicy(Settings.of(Map.of())));
  }

  @Test
  void configuredPerUserLimitAndWindowAreHonoured() {
    try (TestServer server = TestServer.start(Map.of("auth.bcrypt-cost", Logins.TEST_COST,
        "auth.throttle.max-failures-per-user", "2", "auth.throttle.window", "60"))) {
      Logins.createUser(server.dataDir(), "ada", PASSWORD);
      Logins.createUser(server.dataDir(), "grace", PASSWORD);
      assertEquals(401, logIn(server.browser(), "ada", "guess 1").status());
      assertEquals(401, logIn(server.browser(), "ada", "guess 2").status());

      Page throttled = logIn(server.browser(), "ada", PASSWORD);

      assertEquals(429, throttled.status(), "two failures are the configured limit (the default is five)");
      long retryAfter = Long.parseLong(throttled.header("Retry-After").orElseThrow());
      assertTrue(retryAfter > 0 && retryAfter <= 60, "the 60-second window, not the default 15 minutes: " + retryAfter);
      assertEquals(303, logIn(server.browser(), "grace", PASSWORD).status(), "other users are not held up");
    }
  }

  @Test
  void configuredPerAddressLimitIsHonoured() {
    try (TestServer server = TestServer.start(Map.of("auth.bcrypt-cost", Logins.TEST_COST,
        "auth.throttle.max-failures-per-address", "3"))) {
      Logins.createUser(server.dataDir(), "ada", PASSWORD);
      for (String guess : new String[] {"root", "admin", "test"}) {
        assertEquals(401, logIn(server.browser(), guess, "guess").status());
      }

      Page throttled = logIn(server.browser(), "ada", PASSWORD);

      assertEquals(429, throttled.status(), "three failures from this address, each for another name");
      assertTrue(throttled.header("Retry-After").isPresent());
    }
  }
}
