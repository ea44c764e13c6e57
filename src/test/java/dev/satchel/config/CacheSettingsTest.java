package dev.satchel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.satchel.session.SaveMode;
import dev.satchel.session.SessionData;
import dev.satchel.session.SessionIds;
import dev.satchel.session.SessionStore;
import dev.satchel.store.cached.CacheOptions;
import dev.satchel.store.jdbc.JdbcOptions;
import dev.satchel.testing.SessionRows;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code session.cache.ttl} and {@code session.cache.max-entries}, as an operator of cached-jdbc sets them. */
class CacheSettingsTest {
  @TempDir Path dataDir;

  @Test
  void unsetKeysKeepTheDocumentedCache() {
    assertEquals(CacheOptions.defaults(), StoreFactory.cacheOptions(Settings.of(Map.of())));
  }

  @Test
  void configuredKeysReachTheCache() {
    CacheOptions options = StoreFactory.cacheOptions(Settings.of(Map.of("session.cache.ttl", "5",
        "session.cache.max-entries", "250", "redis.key-prefix", "shop:")));

    assertEquals(Duration.ofSeconds(5), options.ttl());
    assertEquals(250, options.maxEntries());
    assertEquals("shop:cache:", options.redisKeyPrefix(), "redis.key-prefix comes before every Redis key");
  }

  @Test
  void aStaleCopyIsServedNoLongerThanTheConfiguredTtl() throws Exception {
    Settings settings = Settings.of(Map.of("session.store", "cached-jdbc", "data.dir", dataDir.toString(),
        "session.cache.ttl", "1"));
    Clock clock = Clock.systemUTC();
    try (SessionStore store = StoreFactory.open(settings, clock)) {
      SessionData data = new SessionData(SessionIds.next(), Map.of("user", "ann"), clock.millis(), clock.millis(),
          1800, 0);
      store.save(data, SaveMode.CREATE, data.attributes().keySet()); // a new session is cached at once
      // Another node's write whose cache clear was lost: only the TTL ends the stale copy.
      SessionRows.of(JdbcOptions.h2File(dataDir, false)).writeAttributes(data.id(), "{\"user\":\"bob\"}");
      assertEquals("ann", user(store, data.id()), "the cached copy answers first");

      // A generous guard, not a timing claim: with the default 60 s TTL the stale copy would outlast it.
      long giveUpAt = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!"bob".equals(user(store, data.id())) && System.nanoTime() < giveUpAt) {
        Thread.sleep(100);
      }
      assertEquals("bob", user(store, data.id()), "the copy expired with the configured 1 s TTL");
    }
  }

  private static Object user(SessionStore store, String id) {
    return store.load(id).orElseThrow().attributes().get("user");
  }
}
