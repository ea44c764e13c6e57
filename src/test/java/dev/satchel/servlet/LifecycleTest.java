package dev.satchel.servlet;

import static dev.satchel.servlet.FilterHarness.idOf;
import static dev.satchel.servlet.FilterHarness.sessionCookie;
import static dev.satchel.servlet.FilterHarness.sessionSetCookie;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.store.memory.MemorySessionStore;
import dev.satchel.testing.MutableClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How long sessions live, proven with a clock the test moves instead of sleeping: idle and absolute
 * limits, a per-session interval, the cookie's Max-Age, and how often a reading client costs a write.
 */
class LifecycleTest {
  private static final Pattern MAX_AGE = Pattern.compile("Max-Age=(\\d+)");

  private final MutableClock clock = MutableClock.startingNow();
  private final CountingStore store = new CountingStore(new MemorySessionStore(clock));
  private FilterHarness harness;

  /** Idle 30 minutes, absolute one hour: short enough to cross both in a test. */
  private void start(SessionPolicy policy, CookieSettings cookies) throws Exception {
    harness =
        SessionFilterTest.routes(FilterHarness.builder(store, clock).policy(policy).cookies(cookies))
            .route("/short", (req, res) -> {
              req.getSession().setMaxInactiveInterval(120);
              req.getSession().setAttribute("short", true);
            })
            .start();
  }

  private void start(SessionPolicy policy) throws Exception {
    start(policy, CookieSettings.defaults());
  }

  private static SessionPolicy halfHourIdleHourAbsolute() {
    return new SessionPolicy(1800, 3600, false);
  }

  @AfterEach
  void stop() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void sessionUnusedForTheIdleTimeoutIsGone() throws Exception {
    start(halfHourIdleHourAbsolute());
    String cookie = sessionCookie(harness.get("/count", null));
    clock.advance(Duration.ofSeconds(1799));
    assertEquals("visits=1", harness.get("/read", cookie).body(), "one second before the idle limit");
    clock.advance(Duration.ofSeconds(1800));
    assertEquals("none", harness.get("/read", cookie).body(), "30 minutes after the last request");
    HttpResponse<String> fresh = harness.get("/count", cookie);
    assertEquals("visits=1 new=true", fresh.body());
    assertFalse(idOf(sessionCookie(fresh)).equals(idOf(cookie)), "an expired id is never reused");
  }

  @Test
  void activeSessionStillEndsAtTheAbsoluteTimeout() throws Exception {
    start(halfHourIdleHourAbsolute());
    String cookie = sessionCookie(harness.get("/count", null));
    for (int minute = 10; minute <= 50; minute += 10) {
      clock.advance(Duration.ofMinutes(10));
      assertEquals("visits=" + (minute / 10 + 1) + " new=false", harness.get("/count", cookie).body());
    }
    clock.advance(Duration.ofMinutes(10));
    assertEquals("none", harness.get("/read", cookie).body(), "an hour after creation, however active");
  }

  @Test
  void perSessionIntervalOverridesTheIdleTimeoutAndIsStoredWithTheSession() throws Exception {
    start(halfHourIdleHourAbsolute());
    HttpResponse<String> shortLived = harness.get("/short", null);
    String shortCookie = sessionCookie(shortLived);
    String normalCookie = sessionCookie(harness.get("/count", null));
    assertEquals(120, maxAge(shortLived), "the cookie follows the session's own interval");
    assertEquals(120, store.load(idOf(shortCookie)).orElseThrow().maxInactiveSeconds());

    clock.advance(Duration.ofSeconds(121));
    assertEquals("none", harness.get("/read", shortCookie).body());
    assertEquals("visits=1", harness.get("/read", normalCookie).body(), "other sessions keep the default");
  }

  @Test
  void noIdleLimitStillHonoursTheAbsoluteLimit() throws Exception {
    start(halfHourIdleHourAbsolute());
    HttpResponse<String> response = harness.get("/no-idle-limit", null);
    String cookie = sessionCookie(response);
    assertEquals(3600, maxAge(response), "no idle limit: the cookie lives as long as the absolute limit");
    clock.advance(Duration.ofMinutes(59));
    assertTrue(store.load(idOf(cookie)).isPresent(), "59 idle minutes, no idle limit");
    clock.advance(Duration.ofMinutes(1));
    assertTrue(store.load(idOf(cookie)).isEmpty());
  }

  @Test
  void browserCloseCookieHasNoMaxAgeButTheServerStillExpiresTheSession() throws Exception {
    start(halfHourIdleHourAbsolute(), CookieSettings.defaults().withExpireAtBrowserClose(true));
    HttpResponse<String> response = harness.get("/count", null);
    String header = sessionSetCookie(response);
    assertFalse(header.contains("Max-Age"), header);
    assertFalse(header.contains("Expires"), header);
    clock.advance(Duration.ofMinutes(31));
    assertEquals("none", harness.get("/read", sessionCookie(response)).body());
  }

  @Test
  void maxAgeFollowsTheRemainingLifeAndIsRefreshedOnEachWrite() throws Exception {
    start(halfHourIdleHourAbsolute());
    HttpResponse<String> first = harness.get("/count", null);
    assertEquals(1800, maxAge(first));
    String cookie = sessionCookie(first);

    clock.advance(Duration.ofMinutes(20));
    assertEquals(1800, maxAge(harness.get("/count", cookie)), "a write restarts the idle window");
    clock.advance(Duration.ofMinutes(20));
    HttpResponse<String> late = harness.get("/count", cookie);
    assertEquals(1200, maxAge(late), "20 minutes left of the absolute hour: the cookie must not outlive it");
    assertTrue(sessionSetCookie(late).contains("Expires="), "Expires too, for old clients");
  }

  @Test
  void sessionWrittenOnEveryRequestRefreshesItsCookieOnceAMinuteAndNeverLagsMore() throws Exception {
    start(halfHourIdleHourAbsolute());
    HttpResponse<String> first = harness.get("/count", null);
    String cookie = sessionCookie(first);
    long browserExpiry = clock.millis() + maxAge(first) * 1000L;
    store.reset();
    int cookiesSent = 0;
    // 120 writes, one every 5 seconds: 10 minutes of a client changing its session on every request.
    for (int i = 2; i <= 121; i++) {
      clock.advance(Duration.ofSeconds(5));
      HttpResponse<String> response = harness.get("/count", cookie);
      assertEquals("visits=" + i + " new=false", response.body());
      if (sessionCookie(response) != null) {
        cookiesSent++;
        browserExpiry = clock.millis() + maxAge(response) * 1000L;
      }
      long serverExpiry = clock.millis() + 1800 * 1000L;
      assertTrue(serverExpiry - browserExpiry < 60_000,
          "after write " + i + " the browser's cookie would expire "
              + (serverExpiry - browserExpiry) / 1000 + " s before the session");
    }
    assertEquals(120, store.saves.get(), "every change is written");
    assertEquals(10, cookiesSent, "the cookie goes out with the first write of each minute");
  }

  @Test
  void changingTheIdleLimitSendsTheCookieAtOnce() throws Exception {
    start(halfHourIdleHourAbsolute());
    String cookie = sessionCookie(harness.get("/count", null));
    clock.advance(Duration.ofSeconds(5));
    HttpResponse<String> shortened = harness.get("/short", cookie);
    assertEquals(120, maxAge(shortened), "a new idle limit is a new Max-Age, sent with the write");
  }

  @Test
  void readingClientCostsOneWriteAMinuteNotOnePerRequest() throws Exception {
    start(SessionPolicy.defaults());
    String cookie = sessionCookie(harness.get("/count", null));
    store.reset();
    int cookiesSent = 0;
    // 100 reads, one every 6 seconds: 10 minutes of a busy reader.
    for (int i = 0; i < 100; i++) {
      clock.advance(Duration.ofSeconds(6));
      HttpResponse<String> response = harness.get("/read", cookie);
      assertEquals("visits=1", response.body());
      if (sessionCookie(response) != null) {
        cookiesSent++;
      }
    }
    assertEquals(10, store.saves.get(), "one touch per minute over 10 minutes");
    assertEquals(10, cookiesSent, "each touch refreshes the cookie's Max-Age");
    assertEquals(100, store.loads.get());
  }

  @Test
  void shortIdleTimeoutTouchesEveryTenthOfIt() throws Exception {
    start(new SessionPolicy(300, 0, false));
    String cookie = sessionCookie(harness.get("/count", null));
    store.reset();
    for (int i = 0; i < 100; i++) {
      clock.advance(Duration.ofSeconds(6));
      assertEquals("visits=1", harness.get("/read", cookie).body());
    }
    assertEquals(20, store.saves.get(), "idle 5 minutes: a touch every 30 s over 10 minutes");
  }

  @Test
  void saveEveryRequestWritesAndResendsTheCookieEachTime() throws Exception {
    start(new SessionPolicy(1800, 3600, true));
    String cookie = sessionCookie(harness.get("/count", null));
    store.reset();
    for (int i = 0; i < 100; i++) {
      clock.advance(Duration.ofSeconds(1));
      HttpResponse<String> response = harness.get("/read", cookie);
      assertEquals("visits=1", response.body());
      assertNotNull(sessionCookie(response), "request " + i + " re-sends the cookie");
      assertEquals(1800, maxAge(response));
    }
    assertEquals(100, store.saves.get());
  }

  @Test
  void saveEveryRequestDoesNotStoreAnEmptyNewSession() throws Exception {
    start(new SessionPolicy(1800, 3600, true));
    HttpResponse<String> response = harness.get("/empty", null);
    assertNull(sessionCookie(response));
    assertEquals(0, store.saves.get());
  }

  private static long maxAge(HttpResponse<?> response) {
    String header = sessionSetCookie(response);
    assertNotNull(header, "expected a session cookie");
    Matcher m = MAX_AGE.matcher(header);
    assertTrue(m.find(), header);
    return Long.parseLong(m.group(1));
  }
}
