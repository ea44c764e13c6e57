package dev.satchel.store.jdbc;

import java.sql.Statement;
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
import dev.satchel.testing.MutableClock;
import dev.satchel.testing.SessionRows;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session store contract against a real H2 file database, plus what only a database store does. */
class H2SessionStoreTest implements JdbcStoreContract {
  @TempDir Path dataDir;

  private final MutableClock clock = MutableClock.startingNow();
  private JdbcOptions options;
  private JdbcSessionStore store;
  private SessionRows rows;

  @BeforeEach
  void openStore() {
    options = JdbcOptions.h2File(dataDir, false);
    store = JdbcSessionStore.open(options, clock);
    rows = SessionRows.of(options);
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

  // ---- what only the database store does ----

  @Test
  void schemaIsAppliedOnceAndDataSurvivesRestart() {
    SessionData data = created(SessionStoreContract.attrs("user", "ann"));
    store.close();

    store = JdbcSessionStore.open(options, clock);

    assertEquals(SessionStoreContract.attrs("user", "ann"), loaded(data.id()).attributes());
    assertEquals(SchemaMigrator.MIGRATIONS.size(), rows.schemaVersions());
    assertEquals(1, rows.schemaVersionRecords(1));
  }

  @Test
  void sessionsWrittenBeforeTheVarcharMigrationSurviveIt() throws Exception {
    String big = "x".repeat(2000); // over H2's 256-byte in-row limit: stored in the LOB maps before V6
    SessionData small = created(SessionStoreContract.attrs("user", "ann"));
    SessionData large = created(SessionStoreContract.attrs("note", big));
    store.close();
    // Turn the database back into what a Satchel before V6 left: attributes a large object, V6 not recorded.
    try (Connection connection = rows.connect(); Statement statement = connection.createStatement()) {
      statement.execute("ALTER TABLE satchel_session ALTER COLUMN attributes SET DATA TYPE CHARACTER LARGE OBJECT");
      statement.execute("DELETE FROM satchel_schema_version WHERE version = 6");
    }
    store = JdbcSessionStore.open(options, clock);

    assertEquals(SessionStoreContract.attrs("user", "ann"), loaded(small.id()).attributes());
    assertEquals(big, loaded(large.id()).attributes().get("note"));
    try (Connection connection = rows.connect();
        ResultSet type = connection.createStatement().executeQuery(
            "SELECT DATA_TYPE FROM INFORMATION_SCHEMA.COLUMNS"
                + " WHERE TABLE_NAME = 'SATCHEL_SESSION' AND COLUMN_NAME = 'ATTRIBUTES'")) {
      assertTrue(type.next());
      assertEquals("CHARACTER VARYING", type.getString(1));
    }
  }

  @Test
  void storesOpeningANewDatabaseTogetherApplyTheSchemaOnce() throws Exception {
    JdbcOptions fresh = JdbcOptions.h2File(dataDir.resolve("fresh"), false);
    int openers = 6;
    ExecutorService pool = Executors.newFixedThreadPool(openers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<JdbcSessionStore>> opened = new ArrayList<>();
    try {
      for (int i = 0; i < openers; i++) {
        opened.add(pool.submit(() -> {
          start.await();
          return JdbcSessionStore.open(fresh, clock);
        }));
      }
      start.countDown();
      for (Future<JdbcSessionStore> each : opened) {
        each.get(30, TimeUnit.SECONDS).ping();
      }
      assertEquals(SchemaMigrator.MIGRATIONS.size(), SessionRows.of(fresh).schemaVersions());
    } finally {
      for (Future<JdbcSessionStore> each : opened) {
        each.get().close();
      }
      pool.shutdownNow();
    }
  }

  @Test
  void twoStoresOnOneDatabaseSeeEachOthersWrites() {
    try (JdbcSessionStore other = JdbcSessionStore.open(options, clock)) {
      SessionData mine = created(SessionStoreContract.attrs("from", "first"));
      SessionData theirs = newSession(SessionStoreContract.attrs("from", "second"));
      other.save(theirs, SaveMode.CREATE, theirs.attributes().keySet());

      assertEquals("first", other.load(mine.id()).orElseThrow().attributes().get("from"));
      assertEquals("second", loaded(theirs.id()).attributes().get("from"));

      other.delete(mine.id());
      assertFalse(store.load(mine.id()).isPresent());
    }
  }

  @Test
  void secondProcessUsesTheDatabaseWhileThisOneHasItOpen() throws Exception {
    SessionData mine = created(SessionStoreContract.attrs("user", "ann"));
    String theirs = SessionIds.next();

    String output = runSecondProcess("share", mine.id(), theirs, 0);

    assertTrue(output.contains("second-process loaded: ann"), output);
    assertTrue(output.contains("second-process deleted expired: 0"), output);
    assertEquals("second process", loaded(theirs).attributes().get("from"));
    assertEquals("ann", loaded(mine.id()).attributes().get("user"));
  }

  @Test
  void durableWriteSurvivesAKilledProcess() throws Exception {
    store.close(); // the killed process must own the database file, not reach it through this one
    String theirs = SessionIds.next();

    runSecondProcess("crash", SessionIds.next(), theirs, 3);

    store = JdbcSessionStore.open(options, clock);
    assertEquals("second process", loaded(theirs).attributes().get("from"));
  }

  @Test
  void durableStoreTurnsTheWriteDelayOffAndADefaultOpenTurnsItBackOn() {
    store.close();
    store = JdbcSessionStore.open(JdbcOptions.h2File(dataDir, true), clock);

    SessionData data = created(SessionStoreContract.attrs("user", "ann"));
    store.save(data.withAttributes(Map.of("user", "bob")), SaveMode.UPDATE, Set.of("user"));
    store.delete(SessionIds.next());

    assertEquals("bob", loaded(data.id()).attributes().get("user"));
    // No background writer, so every commit is in the file before it returns (see H2Dialect).
    assertEquals("0", setting("WRITE_DELAY"));

    store.close();
    store = JdbcSessionStore.open(options, clock);
    assertEquals(Integer.toString(H2Dialect.DEFAULT_WRITE_DELAY_MILLIS), setting("WRITE_DELAY"));
  }

  @Test
  void secondProcessLeavesTheWriteDelayTheOwnerChose() throws Exception {
    store.close();
    store = JdbcSessionStore.open(JdbcOptions.h2File(dataDir, true), clock);
    SessionData mine = created(SessionStoreContract.attrs("user", "ann"));

    // Opens without durable, through this process's auto-server, as a CLI command would.
    String output = runSecondProcess("share", mine.id(), SessionIds.next(), 0);

    assertTrue(output.contains("second-process loaded: ann"), output);
    // H2 persists WRITE_DELAY for the whole database: a CLI command must not weaken a durable server.
    assertEquals("0", setting("WRITE_DELAY"));
  }

  @Test
  void unreachableDatabaseFailsOpenQuicklyNamingJdbc() {
    JdbcOptions nowhere = new JdbcOptions("jdbc:h2:tcp://127.0.0.1:1/nowhere", "sa", "", false);

    StoreUnavailableException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> assertThrows(StoreUnavailableException.class, () -> JdbcSessionStore.open(nowhere, clock)));

    assertEquals("jdbc", e.store());
    assertEquals("open", e.operation());
  }

  @Test
  void closedStoreFailsWithStoreUnavailable() {
    store.close();

    StoreUnavailableException e =
        assertThrows(StoreUnavailableException.class, () -> store.load(SessionIds.next()));
    assertEquals("load", e.operation());
    assertThrows(StoreUnavailableException.class, () -> store.ping());
  }

  @Test
  void unsupportedDatabaseIsRejectedWithoutEchoingTheUrl() {
    JdbcOptions mysql = new JdbcOptions("jdbc:mysql://db/app?password=hunter2", "app", "x", false);

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> JdbcSessionStore.open(mysql, clock));
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
  }

  @Test
  void deleteExpiredWorksThroughManyBatches() {
    int count = 5_000;
    long now = clock.millis();
    rows.insertExpiring("expired-", count, now + 60_000);
    SessionData live = newSession(SessionStoreContract.attrs("user", "ann"));
    store.save(live.withLastAccessedAt(now + 3_600_000), SaveMode.CREATE, Set.of("user"));

    assertEquals(count, store.deleteExpired(now + 61_000));

    assertEquals(1, rows.count());
    assertTrue(storedBehindTheBack(live.id()));
  }

  @Test
  void poolSizeBoundsTheConnectionsRequestsShare() throws Exception {
    SessionData data = created(SessionStoreContract.attrs("visits", 1));
    store.close();
    JdbcOptions one = options.withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(3)).withPoolSize(1);

    try (JdbcSessionStore small = JdbcSessionStore.open(one, clock)) {
      // An atomic update holds its connection while the function runs: with a pool of one, nothing is left.
      StoreUnavailableException e = whileOneConnectionIsHeld(small, data.id(), clock.millis(),
          () -> assertThrows(StoreUnavailableException.class, () -> small.load(data.id())));
      assertEquals("load", e.operation());
    }
    try (JdbcSessionStore two = JdbcSessionStore.open(one.withPoolSize(2), clock)) {
      assertTrue(whileOneConnectionIsHeld(two, data.id(), clock.millis(), () -> two.load(data.id())).isPresent());
    }
  }

  /** Runs {@code during} on this thread while another thread's atomic update holds a pooled connection. */
  private static <T> T whileOneConnectionIsHeld(
      JdbcSessionStore store, String id, long now, Callable<T> during) throws Exception {
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      Future<?> update = other.submit(() -> store.updateAttribute(id, "visits", value -> {
        holding.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
        }
        return value;
      }, now));
      if (!holding.await(10, TimeUnit.SECONDS)) {
        update.get(1, TimeUnit.SECONDS); // shows why
        throw new AssertionError("the update never ran its function");
      }
      T result = assertTimeoutPreemptively(Duration.ofSeconds(10), during::call);
      release.countDown();
      update.get(10, TimeUnit.SECONDS);
      return result;
    } finally {
      release.countDown();
      other.shutdownNow();
    }
  }

  @Test
  void optionsNeverShowThePassword() {
    JdbcOptions secret = new JdbcOptions("jdbc:h2:tcp://db/x;PASSWORD=hunter2", "sa", "hunter3", true);

    assertFalse(secret.toString().contains("hunter2"), secret.toString());
    assertFalse(secret.toString().contains("hunter3"), secret.toString());
  }

  private String runSecondProcess(String mode, String loadId, String createId, int expectedExit)
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        SecondProcess.class.getName(), mode, dataDir.toString(), Long.toString(clock.millis()), loadId, createId)
        .redirectErrorStream(true)
        .start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(60, TimeUnit.SECONDS), "second process finished");
    assertEquals(expectedExit, child.exitValue(), output);
    return output;
  }

  private String setting(String name) {
    try (Connection c = rows.connect();
        PreparedStatement s = c.prepareStatement(
            "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = ?")) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getString(1);
      }
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }
}
