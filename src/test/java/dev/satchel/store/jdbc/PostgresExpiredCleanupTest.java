package dev.satchel.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.satchel.session.SessionReaper;
import dev.satchel.testing.ExpiredRows;
import dev.satchel.testing.ExternalServices;
import dev.satchel.testing.MutableClock;
import dev.satchel.testing.PostgresSchema;
import dev.satchel.testing.SessionRows;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link ExpiredCleanupTest}'s 100 000 expired rows on PostgreSQL, in a schema of its own. */
class PostgresExpiredCleanupTest {
  private final MutableClock clock = MutableClock.startingNow();
  private PostgresSchema schema;
  private JdbcOptions options;
  private JdbcSessionStore store;
  private SessionRows rows;

  @BeforeEach
  void fill() {
    ExternalServices.requirePostgres();
    schema = PostgresSchema.create();
    options = new JdbcOptions(schema.url(), schema.user(), "", false);
    store = JdbcSessionStore.open(options, clock);
    rows = SessionRows.of(schema);
    ExpiredRows.seed(rows, ExpiredCleanupTest.EXPIRED, ExpiredCleanupTest.LIVE, clock.millis());
  }

  @AfterEach
  void drop() {
    if (store != null) {
      store.close();
    }
    if (schema != null) {
      schema.close();
    }
  }

  @Test
  void reaperDeletesEveryExpiredSessionOnceAndLeavesLiveOnes() {
    AtomicLong reports = new AtomicLong();
    try (SessionReaper reaper =
        SessionReaper.start(store, clock, Duration.ofDays(1), data -> reports.incrementAndGet())) {
      assertEquals(ExpiredCleanupTest.EXPIRED, reaper.runOnce());
    }
    assertEquals(ExpiredCleanupTest.EXPIRED, reports.get());
    assertEquals(0, ExpiredRows.expiredLeft(rows));
    assertEquals(ExpiredCleanupTest.LIVE, ExpiredRows.liveLeft(rows));
  }

  @Test
  void twoReapersAtOnceNeitherFailNorReportTwice() throws Exception {
    ExpiredCleanupTest.Reaped reaped;
    try (JdbcSessionStore other = JdbcSessionStore.open(options, clock)) {
      reaped = ExpiredCleanupTest.reapAtOnce(store, other, clock.millis(), Duration.ofMinutes(3));
    }

    assertEquals(ExpiredCleanupTest.EXPIRED, reaped.deleted());
    assertEquals(ExpiredCleanupTest.EXPIRED, reaped.reports());
    assertEquals(ExpiredCleanupTest.EXPIRED, reaped.distinctIds());
    assertEquals(ExpiredCleanupTest.LIVE, ExpiredRows.liveLeft(rows));
  }
}
