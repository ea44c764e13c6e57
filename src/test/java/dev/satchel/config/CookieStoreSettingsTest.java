package dev.satchel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.session.SessionData;
import dev.satchel.session.SessionIds;
import dev.satchel.session.SessionStore;
import dev.satchel.signing.SecretFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code session.store=cookie} and {@code session.cookie-store.encrypt} as an operator sets them. */
class CookieStoreSettingsTest {
  @TempDir Path dataDir;

  @Test
  void cookieStoreOpensOnTheDataDirWithAGeneratedSecret() {
    Settings settings = Settings.of(Map.of("session.store", "cookie", "data.dir", dataDir.toString()));

    try (SessionStore store = StoreFactory.open(settings, Clock.systemUTC())) {
      assertEquals("cookie", store.name());
      store.ping();
      SessionData data = session();
      String value = store.cookieValue(data);
      assertTrue(value.startsWith("c2."), value);
      assertEquals(data.attributes(), store.load(value).orElseThrow().attributes());
    }
    assertTrue(Files.exists(dataDir.resolve(SecretFile.FILE_NAME)), "the secret the filter will also use");
  }

  @Test
  void encryptSettingSwitchesTheCookieFormat() {
    Settings settings = Settings.of(Map.of("session.store", "cookie", "data.dir", dataDir.toString(),
        "session.cookie-store.encrypt", "true", "session.secret", "a-configured-secret-0123456789-0123456789"));

    assertTrue(settings.cookieStoreEncrypt());
    try (SessionStore store = StoreFactory.open(settings, Clock.systemUTC())) {
      String value = store.cookieValue(session());
      assertTrue(value.startsWith("e2."), value);
      assertEquals("John", store.load(value).orElseThrow().attributes().get("name"));
    }
    assertTrue(Files.notExists(dataDir.resolve(SecretFile.FILE_NAME)), "a configured secret is used as is");
  }

  @Test
  void badEncryptValueNamesTheKey() {
    SettingsException e = assertThrows(SettingsException.class,
        () -> Settings.of(Map.of("session.cookie-store.encrypt", "yes please")));

    assertTrue(e.getMessage().contains("session.cookie-store.encrypt"), e.getMessage());
  }

  @Test
  void cookieBudgetShrinksWithALongerNameAndADomain() {
    int plain = StoreFactory.cookieStoreOptions(Settings.of(Map.of("data.dir", dataDir.toString(),
        "session.secret", "a-configured-secret-0123456789-0123456789"))).maxValueLength();
    int longer = StoreFactory.cookieStoreOptions(Settings.of(Map.of("data.dir", dataDir.toString(),
        "session.secret", "a-configured-secret-0123456789-0123456789",
        "session.cookie.name", "my_application_session", "session.cookie.domain", "example.com")))
        .maxValueLength();

    assertEquals(plain - ("my_application_session".length() - "sessionid".length())
        - "; Domain=example.com".length(), longer);
  }

  private static SessionData session() {
    long now = System.currentTimeMillis();
    return new SessionData(SessionIds.next(), Map.of("name", "John"), now, now, 600, 0);
  }
}
