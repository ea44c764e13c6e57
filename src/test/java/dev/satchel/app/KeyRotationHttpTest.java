package dev.satchel.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.testing.Browser.Page;
import dev.satchel.testing.TestServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rotation procedure of the README, end to end over HTTP with the real server and the JDBC store:
 * new secret with the old one as a fallback, then the fallback dropped.
 */
class KeyRotationHttpTest {
  private static final String OLD = "old-secret-0123456789-0123456789-abcdef";
  private static final String NEW = "new-secret-9876543210-9876543210-fedcba";

  @TempDir Path dataDir;

  private TestServer serve(String secret, String fallbacks) {
    return TestServer.start(
        dataDir,
        Map.of("session.store", "jdbc", "session.secret", secret, "session.secret.fallbacks", fallbacks));
  }

  @Test
  void oldKeyCookieWorksAfterRotationComesBackResignedAndIsRefusedOnceTheFallbackIsDropped() {
    String oldCookie;
    try (TestServer before = serve(OLD, "")) {
      Page first = before.browser().raw("/session", null);
      oldCookie = "sessionid=" + first.setCookieValue("sessionid").orElseThrow();
      assertTrue(before.browser().raw("/session", oldCookie).body().contains("Visits: 2"));
    }

    String newCookie;
    try (TestServer rotated = serve(NEW, OLD)) {
      Page page = rotated.browser().raw("/session", oldCookie);
      assertTrue(page.body().contains("Visits: 3"), "the old-key cookie still names the session: " + page.body());
      newCookie = "sessionid=" + page.setCookieValue("sessionid").orElseThrow();
      assertNotEquals(oldCookie, newCookie, "re-signed with the new key");
      assertEquals(idOf(oldCookie), idOf(newCookie), "same session, only the signature changed");
      assertTrue(rotated.browser().raw("/session", newCookie).body().contains("Visits: 4"));
    }

    try (TestServer dropped = serve(NEW, "")) {
      assertTrue(dropped.browser().raw("/session", newCookie).body().contains("Visits: 5"),
          "a re-signed cookie survives dropping the fallback");
      Page stale = dropped.browser().raw("/session", oldCookie);
      assertEquals(200, stale.status());
      assertTrue(stale.body().contains("Visits: 1"), "an old-key cookie is now a fresh session: " + stale.body());
      assertNotEquals(idOf(oldCookie), idOf("sessionid=" + stale.setCookieValue("sessionid").orElseThrow()));
    }
  }

  private static String idOf(String cookiePair) {
    String value = cookiePair.substring(cookiePair.indexOf('=') + 1);
    return value.substring(0, value.lastIndexOf('.'));
  }
}
