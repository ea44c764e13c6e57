package dev.satchel.store.jdbc;

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
import dev.satchel.testing.PostgresSchema;
import dev.satchel.testing.SessionRows;
import java.net.ServerSocket;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The session store contract against a real PostgreSQL, in a schema of its own created for this class and
 * dropped after it, plus what several nodes sharing one database rely on.
 */
class PostgresSessionStoreTest implements JdbcStoreContract {
  private static PostgresSchema schema;

  private final MutableClock clock = MutableClock.startingNow();
  private JdbcOptions options;
  private JdbcSessionStore store;
  private SessionRows rows;

  @BeforeAll
  static void createSchema() {
    ExternalServices.requirePostgres();
    schema = PostgresSchema.create();
  }

  @AfterAll
  static void dropSchema() {
    if (schema != null) {
      schema.close();
    }
  }

  @BeforeEach
  void openStore() {
    options = new JdbcOptions(schema.url(), schema.user(), "", false);
    store = JdbcSessionStore.open(options, clock);
    rows = SessionRows.of(schema);
    rows.deleteAll(); // each test starts from an empty table
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
    return rows;
  }

  // ---- what only a shared database does ----

  @Test
  void storesOpeningAnEmptySchemaTogetherApplyItOnce() throws Exception {
    try (PostgresSchema fresh = PostgresSchema.create()) {
      JdbcOptions freshOptions = new JdbcOptions(fresh.url(), fresh.user(), "", false);
      int openers = 6;
      ExecutorService pool = Executors.newFixedThreadPool(openers);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<JdbcSessionStore>> opened = new ArrayList<>();
      try {
        for (int i = 0; i < openers; i++) {
          opened.add(pool.submit(() -> {
            start.await();
            return JdbcSessionStore.open(freshOptions, clock);
          }));
        }
        start.countDown();
        for (Future<JdbcSessionStore> each : opened) {
          each.get(60, TimeUnit.SECONDS).ping();
        }
        assertEquals(SchemaMigrator.MIGRATIONS.size(), SessionRows.of(fresh).schemaVersions());
        assertEquals(1, SessionRows.of(fresh).schemaVersionRecords(1));
      } finally {
        for (Future<JdbcSessionStore> each : opened) {
          try {
            each.get(60, TimeUnit.SECONDS).close();
          } catch (java.util.concurrent.ExecutionException failedToOpen) {
            // already reported by the assertion above
          }
        }
        pool.shutdownNow();
      }
    }
  }

  @Test
  void reopeningKeepsDataAndAppliesNothingAgain() {
    SessionData data = created(SessionStoreContract.attrs("user", "ann"));
    store.close();

    store = JdbcSessionStore.open(options, clock);

    assertEquals(SessionStoreContract.attrs("user", "ann"), loaded(data.id()).attributes());
    assertEquals(SchemaMigrator.MIGRATIONS.size(), rows.schemaVersions());
  }

  @Test
  void twoNodesWithTheirOwnPoolsSeeEachOthersWrites() {
    try (JdbcSessionStore other = JdbcSessionStore.open(options, clock)) {
      SessionData mine = created(SessionStoreContract.attrs("from", "first"));
      SessionData theirs = newSession(SessionStoreContract.attrs("from", "second"));
      other.save(theirs, SaveMode.CREATE, theirs.attributes().keySet());

      assertEquals("first", other.load(mine.id()).orElseThrow().attributes().get("from"));
      assertEquals("second", loaded(theirs.id()).attributes().get("from"));

      other.updateAttribute(mine.id(), "visits", v -> 2, clock.millis());
      assertEquals(2, loaded(mine.id()).attributes().get("visits"));

      other.delete(mine.id());
      assertFalse(store.load(mine.id()).isPresent());
    }
  }

  @Test
  void twoCleanupsAtOnceNeitherFailNorLeaveExpiredRows() throws Exception {
    int expired = 20_000;
    long now = clock.millis();
    rows.insertExpiring("expired-", expired, now + 60_000);
    SessionData live = newSession(SessionStoreContract.attrs("user", "ann"));
    store.save(live.withLastAccessedAt(now + 3_600_000), SaveMode.CREATE, Set.of("user"));

    long[] counts;
    try (JdbcSessionStore otherNode = JdbcSessionStore.open(options, clock)) {
      ExecutorService reapers = Executors.newFixedThreadPool(2);
      CountDownLatch start = new CountDownLatch(1);
      try {
        Future<Long> first = reapers.submit(() -> {
          start.await();
          return store.deleteExpired(now + 61_000);
        });
        Future<Long> second = reapers.submit(() -> {
          start.await();
          return otherNode.deleteExpired(now + 61_000);
        });
        start.countDown();
        counts = new long[] {first.get(120, TimeUnit.SECONDS), second.get(120, TimeUnit.SECONDS)};
      } finally {
        reapers.shutdownNow();
      }
    }

    assertEquals(expired, counts[0] + counts[1], "each expired row counted by exactly one cleanup");
    assertEquals(1, rows.count());
    assertTrue(storedBehindTheBack(live.id()));
  }

  @Test
  void unreachablePostgresFailsOpenQuicklyNamingJdbc() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    JdbcOptions nowhere = new JdbcOptions("jdbc:postgresql://127.0.0.1:" + closedPort + "/test", "postgres", "", false);

    StoreUnavailableException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> assertThrows(StoreUnavailableException.class, () -> JdbcSessionStore.open(nowhere, clock)));

    assertEquals("jdbc", e.store());
    assertEquals("open", e.operation());
  }

  @Test
  void rowLockedByAStuckClientFailsTheRequestInsteadOfHangingIt() throws Exception {
    SessionData data = created(SessionStoreContract.attrs("visits", 1));
    SessionRows.RowLock stuck = rows.lock(data.id());
    try {
      StoreUnavailableException e = assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
          assertThrows(StoreUnavailableException.class,
              () -> store.updateAttribute(data.id(), "visits", v -> 2, clock.millis())));
      assertEquals("update", e.operation());
    } finally {
      stuck.close();
    }
    // The pool is fine afterwards: the cancelled statement took no connection with it.
    assertEquals(2, store.updateAttribute(data.id(), "visits", v -> 2, clock.millis()).orElseThrow()
        .attributes().get("visits"));
  }

  @Test
  void pooledConnectionsCarryServerSideTimeouts() {
    assertEquals("3s 10s", serverTimeouts(options), "store.command-timeout defaults to 3 s");
    assertEquals("7s 10s", serverTimeouts(options.withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(7))),
        "a configured command timeout reaches the server");
  }

  private static String serverTimeouts(JdbcOptions options) {
    try (ConnectionPool pool = ConnectionPool.open(options, SqlDialect.forUrl(options.url()))) {
      return pool.run("check", connection -> {
        try (PreparedStatement show = connection.prepareStatement(
            "SELECT current_setting('statement_timeout') || ' ' || current_setting('idle_in_transaction_session_timeout')");
            ResultSet row = show.executeQuery()) {
          row.next();
          return row.getString(1);
        }
      });
    }
  }

  @Test
  void durableModeWritesAndReads() {
    store.close();
    store = JdbcSessionStore.open(new JdbcOptions(schema.url(), schema.user(), "", true), clock);

    SessionData data = created(SessionStoreContract.attrs("user", "ann"));
    store.save(data.withAttributes(SessionStoreContract.attrs("user", "bob")), SaveMode.UPDATE, Set.of("user"));
    store.delete(SessionIds.next());

    assertEquals("bob", loaded(data.id()).attributes().get("user"));
  }

  @Test
  void nulCharacterInAStringSurvives() {
    // JSONB would refuse \u0000; the TEXT column keeps whatever the codec writes.
    SessionData data = created(SessionStoreContract.attrs("odd", "a\u0000b"));

    assertEquals("a\u0000b", loaded(data.id()).attributes().get("odd"));
  }
}
