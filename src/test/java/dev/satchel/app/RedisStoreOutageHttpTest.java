package dev.satchel.app;

import static dev.satchel.testing.Outages.assertHealthyAgain;
import static dev.satchel.testing.Outages.assertNoThreadStuck;
import static dev.satchel.testing.Outages.assertSessionPagesFail;
import static dev.satchel.testing.Outages.assertUnavailable;
import static dev.satchel.testing.Outages.assertVisits;
import static dev.satchel.testing.Outages.timed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.testing.Browser;
import dev.satchel.testing.Browser.Page;
import dev.satchel.testing.ExternalServices;
import dev.satchel.testing.FaultProxy;
import dev.satchel.testing.Logins;
import dev.satchel.testing.Outages;
import dev.satchel.testing.RawRedis;
import dev.satchel.testing.TestServer;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real server with {@code session.store=redis}, Redis reached through a {@link FaultProxy}: when Redis
 * goes away, slows to seconds, hangs, or drops the connection in the middle of a save, pages that need the
 * session answer 503 promptly and with no cookie, the rest of the site keeps working, and once Redis is back
 * every session is still there, without a restart.
 */
class RedisStoreOutageHttpTest {
  private RawRedis raw;
  private FaultProxy proxy;
  private TestServer server;

  @BeforeEach
  void start() {
    ExternalServices.requireRedis();
    raw = new RawRedis(ExternalServices.REDIS_URL);
    proxy = proxyToRedis();
    server = serverThrough(proxy, Map.of());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (raw != null) {
      raw.close();
    }
  }

  @Test
  void cutRedisAnswers503PromptlyAndEverySessionIsBackAfterRestore() {
    Browser browser = server.browser();
    assertVisits(browser.get("/session"), 1);
    assertVisits(browser.get("/session"), 2);

    proxy.cut();
    assertSessionPagesFail("redis cut", server, browser);

    proxy.restore();
    assertHealthyAgain("redis cut", browser);
    assertVisits(browser.get("/session"), 3);
    assertNoThreadStuck(browser, 4);
  }

  @Test
  void slowRedisAnswers503WithinTheCommandTimeoutAndRecovers() {
    Browser browser = server.browser();
    assertVisits(browser.get("/session"), 1);

    proxy.slow(Duration.ofSeconds(5));
    assertSessionPagesFail("redis slow 5 s", server, browser);

    proxy.restore();
    assertHealthyAgain("redis slow 5 s", browser);
    // The slowed request timed out at its load, before any write, so the count goes on from 1.
    assertVisits(browser.get("/session"), 2);
    assertNoThreadStuck(browser, 3);
  }

  @Test
  void hungRedisAnswers503WithinTheCommandTimeoutAndRecovers() {
    Browser browser = server.browser();
    assertVisits(browser.get("/session"), 1);
    assertVisits(browser.get("/session"), 2);

    proxy.blackhole();
    assertSessionPagesFail("redis blackhole", server, browser);
    // The stuck-thread check used after recovery does see a request held by the store, so its silence
    // there means something.
    CompletableFuture<Page> held = CompletableFuture.supplyAsync(() -> browser.get("/session"));
    assertTrue(eventually(() -> !Outages.busyRequestThreads().isEmpty()), "a held request is seen as busy");
    assertUnavailable(held.join());

    proxy.restore();
    assertHealthyAgain("redis blackhole", browser);
    // The commands held in the black hole reach Redis late; the replies to the ones Lettuce gave up on are
    // discarded in order, so the shared connection stays in step and the count goes on from 2.
    Page back = browser.get("/session");
    assertVisits(back, 3);
    assertTrue(back.body().contains("Name: John"), back.body());
    assertNoThreadStuck(browser, 4);
  }

  @Test
  void connectionCutInTheMiddleOfASaveLeavesTheOldValueOrTheNewNeverACorruptOne() {
    Browser browser = server.browser();
    assertVisits(browser.get("/session"), 1);
    Page page = browser.get("/session");
    assertVisits(page, 2);
    String id = browser.cookie("sessionid").orElseThrow().split("\\.")[0];
    String marker = "mid-save-" + System.nanoTime();

    proxy.cutMidWrite(marker);
    Page failed = timed("redis cut mid-save: POST /session", () -> browser.postForm("/session",
        Map.of("csrf_token", Logins.csrfToken(page), "name", marker)));
    assertEquals(1, proxy.midWriteCuts(), "the proxy cut the connection inside the save");
    assertUnavailable(failed);
    assertEquals(200, browser.get("/").status());

    proxy.restore();
    assertHealthyAgain("redis cut mid-save", browser);
    // Behind the store's back: Redis never ran half a command, so the stored name is one of the two.
    String stored = raw.commands().hget(raw.prefix + "{" + id + "}:session", "a:name");
    assertTrue(List.of("\"John\"", "\"" + marker + "\"").contains(stored), "stored name: " + stored);
    Page after = browser.get("/session");
    assertVisits(after, 3);
    assertTrue(after.body().contains("Name: John") || after.body().contains("Name: " + marker), after.body());
    System.out.printf("[reliability] redis cut mid-save -> after restore: %s%n",
        "\"John\"".equals(stored) ? "old value kept" : "new value written");
    assertNoThreadStuck(browser, 4);
  }

  @Test
  void configuredCommandTimeoutBoundsHowLongAHungRedisHoldsARequest() {
    try (FaultProxy quickProxy = proxyToRedis();
        TestServer quick = serverThrough(quickProxy, Map.of("store.command-timeout", "1"))) {
      Browser onDefault = server.browser();
      Browser onQuick = quick.browser();
      assertVisits(onDefault.get("/session"), 1);
      assertVisits(onQuick.get("/session"), 1);

      proxy.blackhole();
      quickProxy.blackhole();
      Duration defaults = elapsed("redis blackhole, command timeout 3 s: GET /session", () -> onDefault.get("/session"));
      Duration ones = elapsed("redis blackhole, command timeout 1 s: GET /session", () -> onQuick.get("/session"));

      assertTrue(ones.compareTo(defaults) < 0,
          "a 1 s command timeout answers sooner than the 3 s default: " + ones + " vs " + defaults);
      quickProxy.restore();
      assertHealthyAgain("redis blackhole, command timeout 1 s", onQuick);
    }
  }

  private static boolean eventually(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  private static Duration elapsed(String what, Supplier<Page> request) {
    long start = System.nanoTime();
    assertUnavailable(timed(what, request));
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private static FaultProxy proxyToRedis() {
    int port = URI.create(ExternalServices.REDIS_URL).getPort();
    return FaultProxy.to(port < 0 ? 6379 : port);
  }

  private TestServer serverThrough(FaultProxy via, Map<String, String> more) {
    Map<String, String> settings = new HashMap<>(more);
    settings.put("session.store", "redis");
    settings.put("redis.url", "redis://127.0.0.1:" + via.port());
    settings.put("redis.key-prefix", raw.prefix);
    return TestServer.start(settings);
  }
}
