package dev.satchel.store.cookie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.session.SessionData;
import dev.satchel.session.SessionIds;
import dev.satchel.store.jdbc.JdbcOptions;
import dev.satchel.store.jdbc.JdbcRevocations;
import dev.satchel.testing.MutableClock;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cookie store remembers the limits of sessions it loaded lately (so a logout's revocation lasts just as
 * long as needed); a flood of distinct cookies must not make that memory grow without end.
 */
class RecentLimitsBoundTest {
  @TempDir Path dataDir;

  @Test
  void aFloodOfDistinctCookiesKeepsTheRememberedLimitsWithinTheirBound() {
    MutableClock clock = MutableClock.startingNow();
    CookieStoreOptions options = new CookieStoreOptions(false, CookieSessionStoreTest.SECRET, List.of(),
        CookieStoreOptions.maxValueLengthFor("sessionid", "/", Optional.empty()), 0);
    try (CookieSessionStore store =
        new CookieSessionStore(clock, JdbcRevocations.open(JdbcOptions.h2File(dataDir, false), clock), options)) {
      int count = CookieSessionStore.RECENT_SESSIONS + 2_000;
      for (int i = 0; i < count; i++) {
        long now = clock.millis();
        SessionData data = new SessionData(SessionIds.next(), Map.of("n", i), now, now, 1800, 0);
        assertTrue(store.load(store.cookieValue(data)).isPresent());
      }
      assertEquals(CookieSessionStore.RECENT_SESSIONS, store.rememberedLimitCount());
    }
  }
}
