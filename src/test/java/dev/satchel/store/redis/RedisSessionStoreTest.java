package dev.satchel.store.redis;

import static dev.satchel.store.SessionStoreContract.attrs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.session.SaveMode;
import dev.satchel.session.SessionData;
import dev.satchel.session.SessionIds;
import dev.satchel.session.SessionStore;
import dev.satchel.session.StoreUnavailableException;
import dev.satchel.store.SessionStoreContract;
import dev.satchel.testing.ExternalServices;
import dev.satchel.testing.MutableClock;
import dev.satchel.testing.RawRedis;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The session store contract against a real Redis, plus what only the Redis store does: TTLs, key layout. */
class RedisSessionStoreTest implements SessionStoreContract {
  private static final long IDLE_MILLIS = IDLE_SECONDS * 1000L;

  private final MutableClock clock = MutableClock.startingNow();
  private RawRedis raw;
  private RedisSessionStore store;

  @BeforeEach
  void openStore() {
    ExternalServices.requireRedis();
    raw = new RawRedis(ExternalServices.REDIS_URL);
    store = RedisSessionStore.open(RedisOptions.defaults(ExternalServices.REDIS_URL).withKeyPrefix(raw.prefix), clock);
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
    if (raw != null) {
      raw.close();
    }
  }

  @Override
  public SessionStore store() {
    return store;
  }

  @Override
  public MutableClock clock() {
    return clock;
  }

  @Override
  public boolean storedBehindTheBack(String id) {
    return raw.commands().exists(sessionKey(id)) == 1;
  }

  @Override
  public void corruptBehindTheBack(String id) {
    raw.commands().hset(sessionKey(id), "a:user", "{\"user\": oops");
  }

  @Override
  @Test
  @Disabled("Redis removes expired sessions itself by key TTL, so deleteExpired has nothing to do and returns 0;"
      + " ttlFollowsTheIdleAndAbsoluteTimeouts and expiryCountsFromTheStoreClock cover expiry instead")
  public void deleteExpiredRemovesOnlyExpiredAndCountsThem() {}

  // ---- what only the Redis store does ----

  @Test
  void ttlFollowsTheIdleAndAbsoluteTimeouts() {
    SessionData idleOnly = created(attrs("user", "ann"));
    long start = clock.millis();
    SessionData withDeadline = new SessionData(SessionIds.next(), attrs("user", "bob"), start, start, IDLE_SECONDS,
        start + Duration.ofMinutes(10).toMillis());
    store.save(withDeadline, SaveMode.CREATE, withDeadline.attributes().keySet());
    SessionData forever = new SessionData(SessionIds.next(), attrs("user", "cy"), start, start, -1, 0);
    store.save(forever, SaveMode.CREATE, forever.attributes().keySet());

    assertBetween(IDLE_MILLIS - 5_000, IDLE_MILLIS, pttl(idleOnly.id()));
    assertBetween(Duration.ofMinutes(10).toMillis() - 5_000, Duration.ofMinutes(10).toMillis(), pttl(withDeadline.id()));
    assertEquals(-1, pttl(forever.id()), "no idle or absolute limit: no TTL");
  }

  @Test
  void everyWriteRefreshesTheTtl() {
    SessionData data = created(attrs("visits", 1));
    raw.commands().pexpire(sessionKey(data.id()), 5_000);

    clock.advance(Duration.ofMinutes(1));
    store.save(data.withLastAccessedAt(clock.millis()), SaveMode.UPDATE, Set.of());
    assertBetween(IDLE_MILLIS - 5_000, IDLE_MILLIS, pttl(data.id()));

    raw.commands().pexpire(sessionKey(data.id()), 5_000);
    store.updateAttribute(data.id(), "visits", v -> ((Number) v).intValue() + 1, clock.millis());
    assertBetween(IDLE_MILLIS - 5_000, IDLE_MILLIS, pttl(data.id()));
  }

  @Test
  void aSessionWhoseKeyExpiredIsGoneForGood() {
    SessionData data = created(attrs("user", "ann"));
    raw.commands().del(sessionKey(data.id())); // what Redis does when the TTL runs out

    store.save(data.withAttributes(attrs("user", "ann", "cart", 1)), SaveMode.UPDATE, Set.of("cart"));

    assertFalse(storedBehindTheBack(data.id()), "an update after expiry does not bring the session back");
  }

  @Test
  void userIndexDropsExpiredSessionsAndExpiresItself() {
    SessionData old = created(attrs(SessionStore.USER_ATTRIBUTE, "ann"));
    String index = raw.prefix + "user:{ann}";
    assertEquals((double) old.expiresAt(), raw.commands().zscore(index, old.id()));
    assertBetween(IDLE_MILLIS - 5_000, IDLE_MILLIS, raw.commands().pttl(index));

    clock.advance(Duration.ofSeconds(IDLE_SECONDS + 1));
    SessionData fresh = created(attrs(SessionStore.USER_ATTRIBUTE, "ann"));

    assertEquals(List.of(fresh.id()), raw.commands().zrange(index, 0, -1), "the expired member was pruned");
    assertBetween(IDLE_MILLIS - 5_000, IDLE_MILLIS, raw.commands().pttl(index));

    store.delete(fresh.id());
    assertEquals(0, raw.commands().exists(index), "an index with no live session is gone");
  }

  @Test
  void userIndexFollowsTheSessionsExpiryAsItIsUsed() {
    SessionData data = created(attrs(SessionStore.USER_ATTRIBUTE, "ann"));
    clock.advance(Duration.ofMinutes(20));
    SessionData used = data.withLastAccessedAt(clock.millis());
    store.save(used, SaveMode.UPDATE, Set.of());

    clock.advance(Duration.ofMinutes(20)); // past the first expiry, within the refreshed one
    assertEquals(1, store.findByUser("ann").size());
    assertEquals((double) used.expiresAt(), raw.commands().zscore(raw.prefix + "user:{ann}", data.id()));
  }

  @Test
  void aSessionThatChangedUserIsNotListedOrEndedForTheOldOne() {
    SessionData data = created(attrs(SessionStore.USER_ATTRIBUTE, "ann"));
    // Behind the back, so the index still lists the session under ann.
    raw.commands().hset(sessionKey(data.id()), "a:" + SessionStore.USER_ATTRIBUTE, "\"bob\"");

    assertTrue(store.findByUser("ann").isEmpty());
    assertEquals(0, store.deleteByUser("ann"));
    assertTrue(storedBehindTheBack(data.id()));
  }

  @Test
  void loginAndLogoutThroughAtomicUpdateMoveTheSessionBetweenUsers() {
    SessionData data = created(attrs("visits", 1));

    store.updateAttribute(data.id(), SessionStore.USER_ATTRIBUTE, v -> "ann", clock.millis());
    assertEquals(1, store.findByUser("ann").size());

    store.updateAttribute(data.id(), SessionStore.USER_ATTRIBUTE, v -> "bob", clock.millis());
    assertTrue(store.findByUser("ann").isEmpty());
    assertEquals(0, raw.commands().exists(raw.prefix + "user:{ann}"), "ann's emptied index is gone");
    assertEquals(1, store.findByUser("bob").size());

    store.updateAttribute(data.id(), SessionStore.USER_ATTRIBUTE, v -> null, clock.millis());
    assertTrue(store.findByUser("bob").isEmpty());
  }

  @Test
  void rotationMovesTheSessionAndItsUserIndexEntryInOneStep() {
    SessionData data = created(attrs(SessionStore.USER_ATTRIBUTE, "ann", "cart", List.of("apple")));
    SessionData rotated = loaded(data.id()).withId(SessionIds.next());

    store.rotate(data.id(), rotated);

    assertTrue(store.load(data.id()).isEmpty(), "the old id no longer works");
    assertEquals(data.attributes(), loaded(rotated.id()).attributes());
    assertEquals(List.of(rotated.id()), store.findByUser("ann").stream().map(SessionData::id).toList());
    assertEquals(List.of(rotated.id()), raw.commands().zrange(raw.prefix + "user:{ann}", 0, -1));
    assertBetween(IDLE_MILLIS - 5_000, IDLE_MILLIS, pttl(rotated.id()));
  }

  @Test
  void keysCarryAHashTagSoOneSessionStaysOnOneClusterSlot() {
    SessionData data = created(attrs(SessionStore.USER_ATTRIBUTE, "ann"));

    assertEquals(Set.of(raw.prefix + "{" + data.id() + "}:session", raw.prefix + "user:{ann}"),
        Set.copyOf(raw.keys()));
    assertEquals(io.lettuce.core.cluster.SlotHash.getSlot(data.id()),
        io.lettuce.core.cluster.SlotHash.getSlot(sessionKey(data.id())));
  }

  @Test
  void attributesAreFieldsOfOneHash() {
    SessionData data = created(attrs("name", "John", "visits", 2));

    var hash = raw.commands().hgetall(sessionKey(data.id()));

    assertEquals("\"John\"", hash.get("a:name"));
    assertEquals("2", hash.get("a:visits"));
    assertEquals(Long.toString(data.createdAt()), hash.get("m:created"));
  }

  @Test
  void unreadableSessionIsDeleted() {
    SessionData data = created(attrs("user", "ann"));
    corruptBehindTheBack(data.id());

    assertTrue(store.load(data.id()).isEmpty());
    assertFalse(storedBehindTheBack(data.id()));
  }

  @Test
  void twoStoresOnOneRedisSeeEachOthersWrites() {
    RedisOptions options = RedisOptions.defaults(ExternalServices.REDIS_URL).withKeyPrefix(raw.prefix);
    try (RedisSessionStore other = RedisSessionStore.open(options, clock)) {
      SessionData mine = created(attrs("from", "first"));
      assertEquals("first", other.load(mine.id()).orElseThrow().attributes().get("from"));

      other.delete(mine.id());
      assertTrue(store.load(mine.id()).isEmpty());
    }
  }

  @Test
  void clearsessionsHasNothingToDoAndSaysWhy() {
    assertEquals(0, store.deleteExpired(clock.millis()));
    assertTrue(store.cleanupNote().orElseThrow().contains("TTL"));
  }

  @Test
  void unreachableRedisFailsQuicklyNamingRedisAndTheOperation() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (RedisSessionStore down = RedisSessionStore.open("redis://127.0.0.1:" + closedPort, clock)) {
      SessionData data = newSession(attrs("user", "ann"));
      assertUnavailable("load", () -> down.load(data.id()));
      assertUnavailable("save", () -> down.save(data, SaveMode.CREATE, Set.of("user")));
      assertUnavailable("ping", down::ping);
      assertUnavailable("delete", () -> down.delete(data.id()));
    }
  }

  @Test
  void closedStoreFailsWithStoreUnavailable() {
    store.ping();
    store.close();

    assertUnavailable("load", () -> store.load(SessionIds.next()));
  }

  @Test
  void optionsNeverShowThePassword() {
    RedisOptions options = RedisOptions.defaults("redis://app:hunter2@cache.example:6379/0");

    assertFalse(options.toString().contains("hunter2"), options.toString());
    IllegalArgumentException bad =
        assertThrows(IllegalArgumentException.class, () -> RedisOptions.defaults("http://app:hunter2@x"));
    assertFalse(bad.getMessage().contains("hunter2"), bad.getMessage());
  }

  private static void assertUnavailable(String operation, Executable call) {
    StoreUnavailableException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
        () -> assertThrows(StoreUnavailableException.class, call));
    assertEquals("redis", e.store());
    assertEquals(operation, e.operation());
  }

  private String sessionKey(String id) {
    return raw.prefix + "{" + id + "}:session";
  }

  private long pttl(String id) {
    return raw.commands().pttl(sessionKey(id));
  }

  private static void assertBetween(long low, long high, long actual) {
    assertTrue(actual >= low && actual <= high, actual + " should be within " + low + ".." + high);
  }
}
