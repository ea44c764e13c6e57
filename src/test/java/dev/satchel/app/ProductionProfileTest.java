package dev.satchel.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.config.Settings;
import dev.satchel.config.SettingsException;
import dev.satchel.testing.TestServer;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The shipped production profile passes start-up checks and gives the cookie a browser will keep on HTTPS. */
class ProductionProfileTest {

  @Test
  void productionProfileServesAHostOnlySecureCookieBehindAProxy() throws Exception {
    Properties file = new Properties();
    try (Reader in = Files.newBufferedReader(Path.of("config", "satchel-production.properties"), StandardCharsets.UTF_8)) {
      file.load(in);
    }
    Settings settings = Settings.resolve(Map.of(), Map.of(), new Properties(), file);
    assertEquals("__Host-sessionid", settings.cookieName());
    assertEquals(1800, settings.idleTimeoutSeconds());
    assertEquals(43200, settings.absoluteTimeoutSeconds());
    assertTrue(settings.forwardedHeaders());

    Map<String, String> values = new HashMap<>();
    file.stringPropertyNames().forEach(key -> values.put(key, file.getProperty(key)));
    try (TestServer server = TestServer.start(values)) {
      String cookie = server.browser().raw("/session", null, Map.of("X-Forwarded-Proto", "https"))
          .setCookie("__Host-sessionid").orElseThrow();
      assertTrue(cookie.contains("; Max-Age=1800"), cookie);
      assertTrue(cookie.contains("; Path=/; Secure; HttpOnly; SameSite=Lax"), cookie);
      assertTrue(!cookie.contains("Domain="), cookie);
    }
  }

  @Test
  void cookieSettingsABrowserWouldDropStopTheServerFromStartingWithOneLine() {
    assertEquals("session.cookie.same-site: 'None' requires session.cookie.secure=true, not 'auto'",
        startFailure(Map.of("session.cookie.same-site", "None")));
    assertEquals("session.cookie.name: '__Host-sid' (prefix __Host-) requires session.cookie.secure=true, not 'false'",
        startFailure(Map.of("session.cookie.name", "__Host-sid", "session.cookie.secure", "false")));
    assertEquals("session.cookie.name: '__Host-sid' (prefix __Host-) requires session.cookie.domain to be empty,"
            + " not 'example.com'",
        startFailure(Map.of("session.cookie.name", "__Host-sid", "session.cookie.secure", "true",
            "session.cookie.domain", "example.com")));
    assertEquals("session.cookie.name: '__Host-sid' (prefix __Host-) requires session.cookie.path=/, not '/app'",
        startFailure(Map.of("session.cookie.name", "__Host-sid", "session.cookie.secure", "true",
            "session.cookie.path", "/app")));
  }

  private static String startFailure(Map<String, String> settings) {
    return assertThrows(SettingsException.class, () -> TestServer.start(settings).close()).getMessage();
  }
}
