package dev.satchel.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.satchel.session.SessionReaper;
import dev.satchel.testing.ExpiredRows;
import dev.satchel.testing.ExternalServices;
import dev.satchel.testing.MutableClock;
import dev.satchel.testing.PostgresSchema;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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

  @BeforeEach
  void fill() {
    ExternalServices.requirePostgres();
    schema = PostgresSchema.create();
    options = new JdbcOptions(schema.url(), schema.user(), "", false);
    store = JdbcSessionStore.open(options, clock);
    ExpiredRows.insert(schema.url(), schema.user(), "expired-", ExpiredCleanupTest.EXPIRED, clock.millis() - 1);
    ExpiredRows.insert(schema.url(), schema.user(), "live-", ExpiredCleanupTest.LIVE,
        clock.millis() + Duration.ofHours(1).toMillis());
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
    assertEquals(0, ExpiredRows.count(schema.url(), schema.user(), "expired-"));
    assertEquals(ExpiredCleanupTest.LIVE, ExpiredRows.count(schema.url(), schema.user(), "live-"));
  }

  @Test
  void twoReapersAtOnceNeitherFailNorReportTwice() throws Exception {
    JdbcSessionStore other = JdbcSessionStore.open(options, clock);
    Set<String> reported = ConcurrentHashMap.newKeySet();
    AtomicLong reports = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Long>> runs = List.of(store, other).stream()
          .map(node -> pool.submit(() -> {
            go.await();
            return node.deleteExpired(clock.millis(), data -> {
              reports.incrementAndGet();
              reported.add(data.id());
            });
          }))
          .toList();
      go.countDown();
      long total = 0;
      for (Future<Long> run : runs) {
        total += run.get(3, TimeUnit.MINUTES);
      }
      assertEquals(ExpiredCleanupTest.EXPIRED, total);
      assertEquals(ExpiredCleanupTest.EXPIRED, reports.get());
      assertEquals(ExpiredCleanupTest.EXPIRED, reported.size());
      assertEquals(ExpiredCleanupTest.LIVE, ExpiredRows.count(schema.url(), schema.user(), "live-"));
    } finally {
      pool.shutdownNow();
      other.close();
    }
  }
}
