package dev.satchel.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.session.SaveMode;
import dev.satchel.session.SessionData;
import dev.satchel.session.SessionIds;
import dev.satchel.session.StoreUnavailableException;
import dev.satchel.testing.MutableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code store.command-timeout} on the embedded H2 database: a session row locked by a client that hangs
 * fails the request as an outage, and sooner with a shorter command timeout (H2's lock wait follows it).
 */
class H2CommandTimeoutTest {
  @TempDir Path dataDir;

  private final MutableClock clock = MutableClock.startingNow();

  @Test
  void rowLockedByAHungClientFailsSoonerWithAShorterCommandTimeout() throws Exception {
    JdbcOptions defaults = JdbcOptions.h2File(dataDir, false);
    JdbcOptions quick = defaults.withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(1));
    try (JdbcSessionStore onDefaults = JdbcSessionStore.open(defaults, clock);
        JdbcSessionStore onQuick = JdbcSessionStore.open(quick, clock);
        Connection hung = DriverManager.getConnection(defaults.url(), defaults.user(), defaults.password())) {
      long now = clock.millis();
      SessionData data = new SessionData(SessionIds.next(), Map.of("visits", 1), now, now, 3600, 0);
      onDefaults.save(data, SaveMode.CREATE, Set.of("visits"));
      hung.setAutoCommit(false);
      try (PreparedStatement lock = hung.prepareStatement("SELECT id FROM satchel_session WHERE id = ? FOR UPDATE")) {
        lock.setString(1, data.id());
        lock.executeQuery().close();
      }

      Duration withDefaults = timeToFail(onDefaults, data.id());
      Duration withOneSecond = timeToFail(onQuick, data.id());
      System.out.printf("[reliability] h2 row lock held: update fails after %d ms (command timeout 3 s), %d ms (1 s)%n",
          withDefaults.toMillis(), withOneSecond.toMillis());
      assertTrue(withOneSecond.compareTo(withDefaults) < 0,
          "a 1 s command timeout fails sooner than the 3 s default: " + withOneSecond + " vs " + withDefaults);

      hung.rollback();
      // The stores are fine afterwards: the lock wait took no connection with it.
      assertEquals(2, ((Number) onQuick.updateAttribute(data.id(), "visits", v -> 2, clock.millis()).orElseThrow()
          .attributes().get("visits")).intValue());
    }
  }

  private Duration timeToFail(JdbcSessionStore store, String id) {
    long start = System.nanoTime();
    StoreUnavailableException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
        assertThrows(StoreUnavailableException.class, () -> store.updateAttribute(id, "visits", v -> 2, clock.millis())));
    assertEquals("jdbc", e.store());
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
