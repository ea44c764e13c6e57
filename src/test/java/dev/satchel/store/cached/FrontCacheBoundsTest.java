package dev.satchel.store.cached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.store.memory.MemorySessionStore;
import dev.satchel.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the cached store keeps in this JVM stays bounded however many sessions pass through it. */
class FrontCacheBoundsTest {
  private final MutableClock clock = MutableClock.startingNow();

  @Test
  void theInProcessCacheHoldsAtMostItsMaximumEntries() {
    CaffeineFrontCache cache = new CaffeineFrontCache(new CacheOptions(Duration.ofMinutes(5), 1_000, "x:"));
    for (int i = 0; i < 50_000; i++) {
      cache.put("session-" + i, "{\"visits\":1}");
    }
    assertTrue(cache.heldEntries() <= 1_000, () -> cache.heldEntries() + " copies held, bound 1000");
    assertTrue(cache.get("session-49999").isPresent(), "the newest copy is kept");
  }

  @Test
  void clearsOwedDuringACacheOutageStopAtTheirBound() {
    FlakyFrontCache flaky = new FlakyFrontCache(new CaffeineFrontCache(CacheOptions.defaults()));
    CachedSessionStore store = new CachedSessionStore(new MemorySessionStore(clock), flaky, clock);
    flaky.down = true;
    // Each delete owes the cache a clear it cannot send: past the bound, the copies' TTL bounds staleness.
    for (int i = 0; i < CachedSessionStore.MAX_OWED_CLEARS + 5_000; i++) {
      store.delete("session-" + i);
    }
    assertEquals(CachedSessionStore.MAX_OWED_CLEARS, store.owedClearCount());

    flaky.down = false;
    for (int i = 0; i < CachedSessionStore.MAX_OWED_CLEARS; i++) {
      store.load("another-" + i); // every call that reaches the cache pays a few owed clears
    }
    assertEquals(0, store.owedClearCount(), "once the cache answers, what was owed is paid");
  }
}
