package dev.satchel.app;

import static dev.satchel.testing.Outages.assertNoRequestThreadBusy;
import static dev.satchel.testing.Outages.assertVisits;
import static dev.satchel.testing.Outages.timed;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.satchel.testing.Browser;
import dev.satchel.testing.ExternalServices;
import dev.satchel.testing.FaultProxy;
import dev.satchel.testing.TestServer;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real server with {@code session.store=cached-jdbc} (H2 in the data dir) and Redis in front through a
 * {@link FaultProxy}: the cache is only a cache, so when Redis is cut, slowed to seconds or hung every page still
 * answers 200 from the database, no visit is lost, and no stale copy is served once Redis is back.
 */
class RedisCacheOutageHttpTest {
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
    assertVisits(timed("redis cache cut: GET /session", () -> browser.get("/session")), 3);
    assertVisits(timed("redis cache cut: GET /session again", () -> browser.get("/session")), 4);
    assertEquals(200, timed("redis cache cut: GET /healthz", () -> browser.get("/healthz")).status());

    proxy.restore();
    // The copy Redis held from before the cut says 2 visits; the count must continue from the database.
    for (int visit = 5; visit < 25; visit++) {
      assertVisits(browser.get("/session"), visit);
    }
    assertNoRequestThreadBusy();
  }

  @Test
  void slowCacheServesEveryPageFromTheDatabaseWithinTheCommandTimeout() {
    Browser browser = server.browser();
    assertVisits(browser.get("/session"), 1);

    proxy.slow(Duration.ofSeconds(5));
    assertVisits(timed("redis cache slow 5 s: GET /session", () -> browser.get("/session")), 2);
    assertVisits(timed("redis cache slow 5 s: GET /session again", () -> browser.get("/session")), 3);
    assertEquals(200, browser.get("/healthz").status());

    proxy.restore();
    for (int visit = 4; visit < 24; visit++) {
      assertVisits(browser.get("/session"), visit);
    }
    assertNoRequestThreadBusy();
  }

  @Test
  void hungCacheServesEveryPageFromTheDatabaseWithinTheCommandTimeout() {
    Browser browser = server.browser();
    assertVisits(browser.get("/session"), 1);

    proxy.blackhole();
    assertVisits(timed("redis cache blackhole: GET /session", () -> browser.get("/session")), 2);
    assertVisits(timed("redis cache blackhole: GET /session again", () -> browser.get("/session")), 3);
    assertEquals(200, timed("redis cache blackhole: GET /healthz", () -> browser.get("/healthz")).status());

    proxy.restore();
    // The commands held in the black hole reach Redis late, among them writes of older copies; the
    // count must still continue from the database.
    for (int visit = 4; visit < 24; visit++) {
      assertVisits(browser.get("/session"), visit);
    }
    assertNoRequestThreadBusy();
  }
}
