package dev.satchel.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.config.Settings;
import dev.satchel.servlet.CookieSettings;
import dev.satchel.servlet.SessionPolicy;
import dev.satchel.testing.Browser;
import dev.satchel.testing.Browser.Page;
import dev.satchel.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cookie and session settings reach the filter as written: what install() passes on, a browser sees. */
class SettingsWiringHttpTest {

  @Test
  void cookieSecureMapsToTheFiltersThreeChoices() {
    assertEquals(CookieSettings.Secure.AUTO, cookiesFor(Map.of()).secure());
    assertEquals(CookieSettings.Secure.AUTO, cookiesFor(Map.of("session.cookie.secure", "auto")).secure());
    assertEquals(CookieSettings.Secure.ALWAYS, cookiesFor(Map.of("session.cookie.secure", "true")).secure());
    assertEquals(CookieSettings.Secure.NEVER, cookiesFor(Map.of("session.cookie.secure", "false")).secure());
  }

  @Test
  void defaultSettingsGiveTheContractsCookieAndPolicy() {
    CookieSettings defaults = CookieSettings.defaults();
    assertEquals(defaults, cookiesFor(Map.of()));
    assertEquals(SessionPolicy.defaults(), SatchelApp.sessionPolicy(Settings.of(Map.of())));
  }

  @Test
  void sessionSettingsReachThePolicy() {
    Settings settings =
        Settings.of(
            Map.of(
                "session.idle-timeout", "600",
                "session.absolute-timeout", "0",
                "session.save-every-request", "true"));

    assertEquals(new SessionPolicy(600, 0, true), SatchelApp.sessionPolicy(settings));
  }

  @Test
  void secureNameAndSameSiteShowInSetCookie() {
    Map<String, String> overrides =
        Map.of(
            "session.cookie.secure", "true",
            "session.cookie.name", "satchel",
            "session.cookie.same-site", "Strict");
    try (TestServer server = TestServer.start(overrides)) {
      Page page = server.browser().get("/session");

      String header = page.setCookie("satchel").orElseThrow(() -> new AssertionError(page.setCookies()));
      String attributes = header.toLowerCase();
      assertTrue(attributes.contains("; secure"), header);
      assertTrue(attributes.contains("; samesite=strict"), header);
      assertTrue(page.setCookie("sessionid").isEmpty());
    }
  }

  @Test
  void expireAtBrowserCloseSendsNoMaxAge() {
    try (TestServer server = TestServer.start(Map.of("session.expire-at-browser-close", "true"))) {
      Browser browser = server.browser();
      Page page = browser.get("/session");

      String header = page.setCookie("sessionid").orElseThrow();
      assertFalse(header.toLowerCase().contains("max-age"), header);
      assertFalse(header.toLowerCase().contains("expires"), header);
      assertTrue(browser.get("/session").body().contains("Visits: 2"), "the browser still sends it");
    }
  }

  private static CookieSettings cookiesFor(Map<String, String> values) {
    return SatchelApp.cookieSettings(Settings.of(values));
  }
}
