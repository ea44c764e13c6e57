package dev.satchel.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.testing.Browser;
import dev.satchel.testing.Browser.Page;
import dev.satchel.testing.ExternalServices;
import dev.satchel.testing.FaultProxy;
import dev.satchel.testing.TestServer;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real server with {@code session.store=cached-jdbc} (H2 in the data dir) and Redis in front through a
 * {@link FaultProxy}: the cache is only a cache, so when Redis is cut or slowed to seconds every page still
 * answers 200 from the database, no visit is lost, and no stale copy is served once Redis is back.
 */
class RedisCacheOutageHttpTest {
  /** A hang guard only: the figures measured are in docs/reliability.md. */
  private static final Duration BOUND = Duration.ofSeconds(10);

  private FaultProxy proxy;
  private TestServer server;

  @BeforeEach
  void start() {
    ExternalServices.requireRedis();
    URI redis = URI.create(ExternalServices.REDIS_URL);
    proxy = FaultProxy.to(redis.getPort() == -1 ? 6379 : redis.getPort());
    String viaProxy = "redis://127.0.0.1:" + proxy.port();
    server = TestServer.start(Map.of("session.store", "cached-jdbc", "redis.url", viaProxy));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void cutCacheServesEveryPageFromTheDatabase() {
    Browser browser = server.browser();
    assertVisits(browser.get("/session"), 1);
    assertVisits(browser.get("/session"), 2);

    proxy.cut();
    assertVisits(timed("redis cut: GET /session", () -> browser.get("/session")), 3);
    assertVisits(timed("redis cut: GET /session again", () -> browser.get("/session")), 4);
    assertEquals(200, timed("redis cut: GET /healthz", () -> browser.get("/healthz")).status());

    proxy.restore();
    // The copy Redis held from before the cut says 2 visits; the count must continue from the database.
    for (int visit = 5; visit < 25; visit++) {
      assertVisits(browser.get("/session"), visit);
    }
  }

  @Test
  void slowCacheServesEveryPageFromTheDatabaseWithinTheCommandTimeout() {
    Browser browser = server.browser();
    assertVisits(browser.get("/session"), 1);

    proxy.slow(Duration.ofSeconds(5));
    assertVisits(timed("redis slow 5 s: GET /session", () -> browser.get("/session")), 2);
    assertVisits(timed("redis slow 5 s: GET /session again", () -> browser.get("/session")), 3);
    assertEquals(200, browser.get("/healthz").status());

    proxy.restore();
    for (int visit = 4; visit < 24; visit++) {
      assertVisits(browser.get("/session"), visit);
    }
  }

  private static Page timed(String what, Supplier<Page> request) {
    long start = System.nanoTime();
    Page page = request.get();
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    System.out.printf("[reliability] %s -> %d in %d ms%n", what, page.status(), took.toMillis());
    assertTrue(took.compareTo(BOUND) < 0, what + " took " + took + ", over the hang guard " + BOUND);
    return page;
  }

  private static void assertVisits(Page page, int visits) {
    assertEquals(200, page.status(), page.body());
    assertTrue(page.body().contains("Visits: " + visits), "expected Visits: " + visits + " in " + page.body());
  }
}
