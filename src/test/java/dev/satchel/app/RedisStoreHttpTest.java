package dev.satchel.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.testing.Browser;
import dev.satchel.testing.Browser.Page;
import dev.satchel.testing.ExternalServices;
import dev.satchel.testing.RawRedis;
import dev.satchel.testing.TestServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The demo over the Redis store, on the real embedded server: one node and two nodes. Redis going away,
 * slowing down or hanging is {@link RedisStoreOutageHttpTest}.
 */
class RedisStoreHttpTest {
  private static final String SECRET = "redis-http-test-secret-0123456789abcdef";

  private RawRedis raw;

  @BeforeEach
  void connect() {
    ExternalServices.requireRedis();
    raw = new RawRedis(ExternalServices.REDIS_URL);
  }

  @AfterEach
  void cleanUp() {
    if (raw != null) {
      raw.close();
    }
  }

  private Map<String, String> redis(String url) {
    Map<String, String> settings = new HashMap<>();
    settings.put("session.store", "redis");
    settings.put("redis.url", url);
    settings.put("redis.key-prefix", raw.prefix);
    settings.put("session.secret", SECRET);
    return settings;
  }

  @Test
  void contractFlowWorksOnRedis() {
    try (TestServer server = TestServer.start(redis(ExternalServices.REDIS_URL))) {
      Browser browser = server.browser();

      Page first = browser.get("/session");
      Page second = browser.get("/session");

      assertTrue(first.body().contains("Name: John") && first.body().contains("Visits: 1"), first.body());
      assertTrue(first.setCookie("sessionid").isPresent());
      assertTrue(second.body().contains("Visits: 2"), second.body());
      String id = browser.cookie("sessionid").orElseThrow().split("\\.")[0];
      assertEquals(List.of(raw.prefix + "{" + id + "}:session"), raw.keys(), "one hash for the one session");
      assertEquals("\"John\"", raw.commands().hget(raw.prefix + "{" + id + "}:session", "a:name"));
    }
  }

  @Test
  void parallelVisitsAreAllCountedOnRedis() throws Exception {
    try (TestServer server = TestServer.start(redis(ExternalServices.REDIS_URL))) {
      Browser browser = server.browser();
      browser.get("/session");
      int parallel = 16;
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<Page>> pages = new ArrayList<>();
        for (int i = 0; i < parallel; i++) {
          pages.add(pool.submit(() -> browser.get("/session", Map.of("Accept", "application/json"))));
        }
        for (Future<Page> page : pages) {
          assertEquals(200, page.get(30, TimeUnit.SECONDS).status());
        }
      } finally {
        pool.shutdownNow();
      }

      assertTrue(browser.get("/session").body().contains("Visits: " + (parallel + 2)), "no visit lost");
    }
  }

  @Test
  void forgedCookieStartsAFreshSessionOnRedis() {
    try (TestServer server = TestServer.start(redis(ExternalServices.REDIS_URL))) {
      Browser browser = server.browser();
      browser.get("/session");
      String genuine = browser.cookie("sessionid").orElseThrow();
      String forged = genuine.substring(0, genuine.length() - 2) + (genuine.endsWith("AA") ? "BB" : "AA");

      Page page = browser.raw("/session", "sessionid=" + forged);

      assertEquals(200, page.status());
      assertTrue(page.body().contains("Visits: 1"), page.body());
      assertNotEquals(genuine, page.setCookieValue("sessionid").orElseThrow());
    }
  }

  @Test
  void twoNodesOnOneRedisShareTheSession() {
    try (TestServer a = TestServer.start(redis(ExternalServices.REDIS_URL));
        TestServer b = TestServer.start(redis(ExternalServices.REDIS_URL))) {
      Browser onA = a.browser();
      onA.get("/session");
      String cookie = "sessionid=" + onA.cookie("sessionid").orElseThrow();

      Page onB = b.browser().raw("/session", cookie);
      assertTrue(onB.body().contains("Name: John") && onB.body().contains("Visits: 2"), onB.body());

      assertTrue(onA.get("/session").body().contains("Visits: 3"), "node A sees node B's visit");
    }
  }

  @Test
  void parallelVisitsAlternatingBetweenTwoNodesAreAllCounted() throws Exception {
    try (TestServer a = TestServer.start(redis(ExternalServices.REDIS_URL));
        TestServer b = TestServer.start(redis(ExternalServices.REDIS_URL))) {
      Browser onA = a.browser();
      onA.get("/session");
      String cookie = "sessionid=" + onA.cookie("sessionid").orElseThrow();
      List<Browser> nodes = List.of(a.browser(), b.browser());
      int parallel = 20;
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<Page>> pages = new ArrayList<>();
        for (int i = 0; i < parallel; i++) {
          Browser node = nodes.get(i % 2);
          pages.add(pool.submit(() -> node.raw("/session", cookie, Map.of("Accept", "application/json"))));
        }
        for (Future<Page> page : pages) {
          assertEquals(200, page.get(30, TimeUnit.SECONDS).status());
        }
      } finally {
        pool.shutdownNow();
      }

      Page last = b.browser().raw("/session", cookie);
      assertTrue(last.body().contains("Name: John") && last.body().contains("Visits: " + (parallel + 2)),
          "no visit lost across nodes: " + last.body());
    }
  }
}
