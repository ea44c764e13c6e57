package dev.satchel.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.spy;

import dev.satchel.store.memory.MemorySessionStore;
import dev.satchel.testing.MutableClock;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The reaper's schedule: jittered, survives a failing run, stops when closed. */
class SessionReaperTest {
  private final MutableClock clock = MutableClock.startingNow();

  @Test
  void delaysStayWithinATenthOfTheIntervalAndDoNotAllMatch() {
    Duration interval = Duration.ofMinutes(10);
    Random random = new Random(42);
    Set<Long> seen = new java.util.HashSet<>();
    for (int i = 0; i < 1000; i++) {
      long delay = SessionReaper.nextDelayMillis(interval, random);
      assertTrue(delay >= 540_000 && delay <= 660_000, "delay " + delay);
      seen.add(delay);
    }
    assertTrue(seen.size() > 100, "jittered, not one fixed delay");
  }

  @Test
  void scheduledRunsDeleteExpiredSessionsAndKeepGoingAfterAFailure() throws Exception {
    SessionStore store = spy(new MemorySessionStore(clock));
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch secondRun = new CountDownLatch(1);
    // The first run fails as an unreachable database would; the later ones work.
    doThrow(new StoreUnavailableException("memory", "deleteExpired", new RuntimeException("down")))
        .doCallRealMethod()
        .when(store).deleteExpired(anyLong(), any());
    store.save(new SessionData("a".repeat(43), Map.of("k", 1), 0, 0, 60, 0), SaveMode.CREATE, Set.of());
    assertTrue(store.load("a".repeat(43)).isEmpty(), "expired long ago");

    try (SessionReaper reaper = SessionReaper.start(store, clock, Duration.ofMillis(20), data -> {
      calls.incrementAndGet();
      secondRun.countDown();
    })) {
      assertTrue(secondRun.await(30, TimeUnit.SECONDS), "a run after the failed one removed the session");
    }
    assertEquals(1, calls.get());
    assertEquals(0, store.deleteExpired(clock.millis()));
  }

  @Test
  void closedReaperRunsNoMore() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    SessionStore store = spy(new MemorySessionStore(clock));
    org.mockito.Mockito.doAnswer(call -> runs.incrementAndGet() * 0L).when(store).deleteExpired(anyLong(), any());
    SessionReaper reaper = SessionReaper.start(store, clock, Duration.ofMillis(10), data -> {});
    reaper.close();
    int after = runs.get();
    Thread.sleep(100);
    assertEquals(after, runs.get());
  }
}
