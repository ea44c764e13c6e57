package dev.satchel.store.cached;

import static dev.satchel.store.SessionStoreContract.attrs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.satchel.session.SaveMode;
import dev.satchel.session.SessionData;
import dev.satchel.session.SessionIds;
import dev.satchel.session.SessionStore;
import dev.satchel.store.SessionStoreContract;
import dev.satchel.store.jdbc.JdbcOptions;
import dev.satchel.store.jdbc.JdbcSessionStore;
import dev.satchel.store.jdbc.JdbcStoreContract;
import dev.satchel.testing.ExternalServices;
import dev.satchel.testing.MutableClock;
import dev.satchel.testing.PostgresSchema;
import dev.satchel.testing.SessionRows;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The store contract over H2 behind each front cache (in-process Caffeine, and Redis) and over PostgreSQL
 * behind Redis, plus what only a
 * cache in front of a database must get right: it serves reads, never keeps a copy older than a write,
 * and an unreachable cache costs nothing but speed.
 */
class CachedSessionStoreTest {
  @TempDir Path dataDir;

  final MutableClock clock = MutableClock.startingNow();
  JdbcOptions options;
  JdbcSessionStore database;

  @BeforeEach
  void openDatabase() {
    options = JdbcOptions.h2File(dataDir, false);
    database = JdbcSessionStore.open(options, clock);
  }

  /** The contract and the cache-specific checks, for one kind of front cache. */
  abstract class Behaviours implements JdbcStoreContract {
    FrontCache front;
    CachedSessionStore store;

    abstract FrontCache newFrontCache();

    /** Swaps in another database before the store is built; the H2 one stays by default. */
    void chooseDatabase() {}

    @BeforeEach
    void openStore() {
      chooseDatabase();
      front = newFrontCache();
      store = new CachedSessionStore(database, front, clock);
    }

    @AfterEach
    void closeStore() {
      store.close();
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
    public SessionRows rows() {
      return SessionRows.of(options);
    }

    /** Both copies: the database row and the cached text. */
    @Override
    public void corruptBehindTheBack(String id) {
      JdbcStoreContract.super.corruptBehindTheBack(id);
      front.put(id, "{\"created\": oops");
    }

    @Test
    void repeatedReadsAreServedFromTheCache() {
      SessionData data = created(attrs("user", "ann"));
      rows().writeAttributes(data.id(), "{\"user\":\"changed behind the back\"}");

      assertEquals("ann", loaded(data.id()).attributes().get("user"), "the cached copy answers");

      store.updateAttribute(data.id(), "visits", v -> 1, clock.millis());
      assertEquals(attrs("user", "changed behind the back", "visits", 1), loaded(data.id()).attributes(),
          "after a write the database answers again");
    }

    @Test
    void aReadThatRacesAWriteNeverLeavesTheOlderCopyCached() throws Exception {
      SessionData data = newSession(attrs("cart", 1));
      database.save(data, SaveMode.CREATE, data.attributes().keySet()); // in the database, not the cache
      CountDownLatch readDone = new CountDownLatch(1);
      CountDownLatch writeDone = new CountDownLatch(1);
      SessionStore slowDatabase = new PausingStore(database, readDone, writeDone);
      CachedSessionStore slowReader = new CachedSessionStore(slowDatabase, front, clock);

      ExecutorService reader = Executors.newSingleThreadExecutor();
      try {
        Future<Optional<SessionData>> old = reader.submit(() -> slowReader.load(data.id()));
        assertTrue(readDone.await(10, TimeUnit.SECONDS), "reader got the old row");
        store.save(data.withAttributes(attrs("cart", 2)), SaveMode.UPDATE, Set.of("cart"));
        writeDone.countDown();

        assertEquals(1, old.get(10, TimeUnit.SECONDS).orElseThrow().attributes().get("cart"));
      } finally {
        reader.shutdownNow();
      }
      assertEquals(2, loaded(data.id()).attributes().get("cart"), "the late fill of the old row was refused");
    }

    @Test
    void aClearMissedDuringAnOutageIsSentWhenTheCacheAnswersAgain() {
      FlakyFrontCache flaky = new FlakyFrontCache(front);
      CachedSessionStore thisNode = new CachedSessionStore(database, flaky, clock);
      CachedSessionStore otherNode = new CachedSessionStore(database, front, clock);
      SessionData data = created(attrs("user", "ann"));
      assertEquals("ann", thisNode.load(data.id()).orElseThrow().attributes().get("user"));

      flaky.down = true;
      thisNode.delete(data.id()); // a logout while the cache cannot be reached
      assertEquals(Optional.empty(), thisNode.load(data.id()), "this node asks the database meanwhile");
      flaky.down = false;

      thisNode.load(SessionIds.next()); // any call that reaches the cache pays what it owes
      assertEquals(Optional.empty(), otherNode.load(data.id()), "no node serves the logged-out session");
    }
  }

  @Nested
  class OverCaffeine extends Behaviours {
    @Override
    FrontCache newFrontCache() {
      return new CaffeineFrontCache(CacheOptions.defaults());
    }
  }

  @Nested
  class OverRedis extends Behaviours {
    private final String prefix = "satchel-test:" + UUID.randomUUID() + ":";

    @Override
    FrontCache newFrontCache() {
      ExternalServices.requireRedis();
      return new RedisFrontCache(ExternalServices.REDIS_URL, CacheOptions.defaults().withRedisKeyPrefix(prefix));
    }

    @AfterEach
    void removeKeys() {
      RedisClient client = RedisClient.create(ExternalServices.REDIS_URL);
      try (StatefulRedisConnection<String, String> connection = client.connect()) {
        List<String> keys = connection.sync().keys(prefix + "*");
        if (!keys.isEmpty()) {
          connection.sync().del(keys.toArray(String[]::new));
        }
      } finally {
        client.shutdown();
      }
    }

    @Test
    void aWriteOnOneNodeIsSeenByAnotherAtOnce() {
      try (CachedSessionStore otherNode = new CachedSessionStore(database, newFrontCache(), clock)) {
        SessionData data = created(attrs("visits", 1));
        assertEquals(1, otherNode.load(data.id()).orElseThrow().attributes().get("visits")); // now cached

        store.updateAttribute(data.id(), "visits", v -> 2, clock.millis());

        assertEquals(2, otherNode.load(data.id()).orElseThrow().attributes().get("visits"));
      }
    }
  }

  @Nested
  class OverRedisAndPostgres extends OverRedis {
    private PostgresSchema schema;

    @Override
    void chooseDatabase() {
      ExternalServices.requirePostgres();
      database.close();
      schema = PostgresSchema.create();
      options = new JdbcOptions(schema.url(), schema.user(), "", false);
      database = JdbcSessionStore.open(options, clock);
    }

    @AfterEach
    void dropSchema() {
      store.close(); // before the schema goes; closing again afterwards does nothing
      if (schema != null) {
        schema.close();
      }
    }
  }

  @Test
  void unreachableRedisStillServesFromTheDatabaseAndWarnsOnce() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Logger logger = (Logger) LoggerFactory.getLogger(CachedSessionStore.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try (CachedSessionStore store = CachedSessionStore.overRedis(database, clock,
        "redis://127.0.0.1:" + closedPort, CacheOptions.defaults())) {
      SessionData data = new SessionData(SessionIds.next(), attrs("user", "ann"), clock.millis(), clock.millis(),
          1800, 0);
      store.save(data, SaveMode.CREATE, data.attributes().keySet());
      store.save(data.withAttributes(attrs("user", "ann", "cart", 1)), SaveMode.UPDATE, Set.of("cart"));
      store.updateAttribute(data.id(), "visits", v -> 1, clock.millis());

      assertEquals(attrs("user", "ann", "cart", 1, "visits", 1), store.load(data.id()).orElseThrow().attributes());
      store.ping();
      store.delete(data.id());
      assertEquals(Optional.empty(), store.load(data.id()));
    } finally {
      logger.detachAppender(logs);
    }
    long warnings = logs.list.stream().filter(e -> e.getLevel() == Level.WARN).count();
    assertEquals(1, warnings, "one WARN for the whole outage: " + logs.list);
  }
}
