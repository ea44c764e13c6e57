package dev.satchel.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.session.SessionData;
import dev.satchel.session.SessionReaper;
import dev.satchel.testing.ExpiredRows;
import dev.satchel.testing.MutableClock;
import dev.satchel.testing.SessionRows;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reaper against a real H2 database holding 100 000 expired sessions written behind the store's back:
 * every expired one goes, every live one stays, each is reported once, and two nodes cleaning at once
 * neither fail nor report twice.
 */
class ExpiredCleanupTest {
  static final int EXPIRED = 100_000;
  static final int LIVE = 100;

  @TempDir Path dataDir;

  private final MutableClock clock = MutableClock.startingNow();
  private JdbcOptions options;
  private JdbcSessionStore store;
  private SessionRows rows;

  @BeforeEach
  void open() {
    options = JdbcOptions.h2File(dataDir, false);
    store = JdbcSessionStore.open(options, clock);
    rows = SessionRows.of(options);
  }

  private void fill(int expired) {
    ExpiredRows.seed(rows, expired, LIVE, clock.millis());
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void reaperDeletesEveryExpiredSessionReportsEachOnceAndLeavesLiveOnes() {
    fill(EXPIRED);
    Set<String> reported = ConcurrentHashMap.newKeySet();
    AtomicLong reports = new AtomicLong();
    try (SessionReaper reaper = SessionReaper.start(store, clock, Duration.ofDays(1), data -> {
      reports.incrementAndGet();
      reported.add(data.id());
    })) {
      assertEquals(EXPIRED, reaper.runOnce());
    }
    assertEquals(EXPIRED, reports.get());
    assertEquals(EXPIRED, reported.size());
    assertEquals(0, ExpiredRows.expiredLeft(rows));
    assertEquals(LIVE, ExpiredRows.liveLeft(rows));
    assertEquals(0, store.deleteExpired(clock.millis()), "nothing left for a second run");
  }

  @Test
  void reportedSessionCarriesItsAttributes() {
    fill(1);
    List<SessionData> reported = new CopyOnWriteArrayList<>();
    store.deleteExpired(clock.millis(), reported::add);
    assertEquals(1, reported.get(0).attributes().get("n"));
  }

  @Test
  void twoReapersOnOneDatabaseAtOnceDoNotFailAndTogetherDeleteAll() throws Exception {
    fill(EXPIRED);

    Reaped reaped;
    try (JdbcSessionStore other = JdbcSessionStore.open(options, clock)) {
      reaped = reapAtOnce(store, other, clock.millis(), Duration.ofMinutes(2));
    }

    assertEquals(EXPIRED, reaped.deleted(), "between them, each expired session deleted once");
    assertEquals(EXPIRED, reaped.reports(), "and reported once, by the node whose DELETE removed it");
    assertEquals(EXPIRED, reaped.distinctIds());
    assertEquals(0, ExpiredRows.expiredLeft(rows));
    assertEquals(LIVE, ExpiredRows.liveLeft(rows));
  }

  @Test
  void expiredSessionFoundOnLoadIsRemovedOnceAndLiveOnesNever() {
    fill(10);
    assertTrue(store.deleteIfExpired("expired-7", clock.millis()).isPresent());
    assertTrue(store.deleteIfExpired("expired-7", clock.millis()).isEmpty(), "a second caller gets nothing");
    assertTrue(store.deleteIfExpired("live-7", clock.millis()).isEmpty());
    assertEquals(LIVE, ExpiredRows.liveLeft(rows));
  }

  /** What two nodes deleting expired sessions from one table at the same moment did between them. */
  record Reaped(long deleted, long reports, int distinctIds) {}

  /** Starts {@code one} and {@code other} on {@code deleteExpired(now)} together and waits for both. */
  static Reaped reapAtOnce(JdbcSessionStore one, JdbcSessionStore other, long now, Duration timeout)
      throws Exception {
    Set<String> reported = ConcurrentHashMap.newKeySet();
    AtomicLong reports = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Long>> runs = List.of(one, other).stream()
          .map(node -> pool.submit(() -> {
            go.await();
            return node.deleteExpired(now, data -> {
              reports.incrementAndGet();
              reported.add(data.id());
            });
          }))
          .toList();
      go.countDown();
      long deleted = 0;
      for (Future<Long> run : runs) {
        deleted += run.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      }
      return new Reaped(deleted, reports.get(), reported.size());
    } finally {
      pool.shutdownNow();
    }
  }
}
