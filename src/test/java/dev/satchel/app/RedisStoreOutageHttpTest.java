package dev.satchel.app;

import static dev.satchel.testing.Outages.assertUnavailable;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.testing.Browser;
import dev.satchel.testing.Browser.Page;
import dev.satchel.testing.ExternalServices;
import dev.satchel.testing.FaultProxy;
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
import org.junit.jupiter.api.Test;

/**
 * The real server with {@code session.store=redis}, Redis reached through a {@link FaultProxy}: when Redis
 * goes away, slows to seconds, hangs, or drops the connection in the middle of a save, pages that need the
 * session answer 503 promptly and with no cookie, the rest of the site keeps working, and once Redis is back
 * every session is still there, without a restart.
 */
class RedisStoreOutageHttpTest extends StoreOutageHttpTest {
  private RawRedis raw;

  RedisStoreOutageHttpTest() {
    super("redis");
  }

  @Test
  void connectionCutInsideALoginsNewRecordLeavesTheVisitorLoggedOutAndTheLoginWorksAfterRestore() {
    cutInsideTheNewIdsFirstWriteThenRestore();
  }

  @Test
  void unreachableRedisHostAnswers503WithinTheConnectTimeoutAndRecovers() {
    unreachableThenRestore();
  }

  @Test
  void cutRedisAnswers503PromptlyAndEverySessionIsBackAfterRestore() {
    cutThenRestore();
  }

  /** The slowed request timed out at its load, before any write, so the count goes on from 1. */
  @Test
  void slowRedisAnswers503WithinTheCommandTimeoutAndRecovers() {
    slowThenRestore();
  }

  /**
   * The commands held in the black hole reach Redis late; the replies to the ones Lettuce gave up on are
   * discarded in order, so the shared connection stays in step and the count goes on from 2.
   */
  @Test
  void hungRedisAnswers503WithinTheCommandTimeoutAndRecovers() {
    hangThenRestore(RedisStoreOutageHttpTest::assertHeldRequestSeenAsBusy);
  }

  @Test
  void connectionCutInTheMiddleOfASaveLeavesTheOldValueOrTheNewNeverACorruptOne() {
    cutMidSaveThenRestore(this::assertStoredNameIsOldOrNew);
  }

  @Test
  void configuredCommandTimeoutBoundsHowLongAHungRedisHoldsARequest() {
    shorterTimeoutsAnswerSooner("command timeout", Map.of("store.command-timeout", "1"));
  }

  /**
   * The stuck-thread check used after recovery does see a request held by the store, so its silence there
   * means something.
   */
  private static void assertHeldRequestSeenAsBusy(Browser browser) {
    CompletableFuture<Page> held = CompletableFuture.supplyAsync(() -> browser.get("/session"));
    assertTrue(eventually(() -> !Outages.busyRequestThreads().isEmpty()), "a held request is seen as busy");
    assertUnavailable(held.join());
  }

  /** Behind the store's back: Redis never ran half a command, so the stored name is one of the two. */
  private void assertStoredNameIsOldOrNew(Browser browser, String marker) {
    String id = browser.cookie("sessionid").orElseThrow().split("\\.")[0];
    String stored = raw.commands().hget(raw.prefix + "{" + id + "}:session", "a:name");
    assertTrue(List.of("\"John\"", "\"" + marker + "\"").contains(stored), "stored name: " + stored);
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

  @Override
  void openStore() {
    ExternalServices.requireRedis();
    raw = new RawRedis(ExternalServices.REDIS_URL);
  }

  @Override
  void closeStore() {
    if (raw != null) {
      raw.close();
    }
  }

  @Override
  FaultProxy proxyToStore() {
    int port = URI.create(ExternalServices.REDIS_URL).getPort();
    return FaultProxy.to(port < 0 ? 6379 : port);
  }

  @Override
  TestServer serverThrough(FaultProxy via, Map<String, String> more) {
    Map<String, String> settings = new HashMap<>(more);
    settings.put("session.store", "redis");
    settings.put("redis.url", "redis://127.0.0.1:" + via.port());
    settings.put("redis.key-prefix", raw.prefix);
    return TestServer.start(settings);
  }

  @Override
  Map<String, String> usersDatabase() {
    // Users stay in the embedded H2 file of the server's data dir when sessions are in Redis.
    return Map.of("data.dir", server.dataDir().toString());
  }
}
