package dev.satchel.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema up to date at open: applies, in order, each versioned SQL file the database has not
 * recorded in {@code satchel_schema_version}.
 *
 * <p>Two processes may open the database at once (the server and a CLI command). Scripts are therefore
 * idempotent ({@code IF NOT EXISTS}), a version row that someone else inserted first counts as done, and a
 * pass that collides with another is run again.
 */
final class SchemaMigrator {
  private static final Logger log = LoggerFactory.getLogger(SchemaMigrator.class);

  /**
   * Every schema version, oldest first. Each dialect's directory holds {@code <name>.sql} for each entry;
   * a new version is one line here and one file per dialect.
   */
  static final List<String> MIGRATIONS =
      List.of("V1__sessions", "V2__session_user", "V3__revoked", "V4__auth", "V5__revision",
          "V6__attributes_varchar", "V7__expires_at_rounded");

  /** Schema changes may rewrite a large table, so they get far longer than a session statement. */
  private static final int MIGRATION_TIMEOUT_SECONDS = 60;
  private static final int ATTEMPTS = 5;

  private static final String CREATE_VERSION_TABLE = """
      CREATE TABLE IF NOT EXISTS satchel_schema_version (
        version    INT PRIMARY KEY,
        name       VARCHAR(200) NOT NULL,
        applied_at BIGINT NOT NULL
      )
      """;
  private static final String SELECT_VERSIONS = """
      SELECT version FROM satchel_schema_version
      """;
  private static final String INSERT_VERSION = """
      INSERT INTO satchel_schema_version (version, name, applied_at)
      VALUES (?, ?, ?)
      """;

  private final SqlDialect dialect;
  private final Clock clock;

  SchemaMigrator(SqlDialect dialect, Clock clock) {
    this.dialect = dialect;
    this.clock = clock;
  }

  /**
   * Applies the missing versions; returns how many this call applied. Another process doing the same at
   * the same moment can make a statement fail (H2 commits DDL at once, so two IF NOT EXISTS may both see
   * nothing and one then finds the object there; on PostgreSQL, where DDL is transactional, the second
   * waits for the first's transaction and then fails on a duplicate); the whole pass is then tried again,
   * which the idempotent scripts make safe, and which finds the other process's work done.
   */
  int migrate(Connection connection) throws SQLException {
    // A socket timeout shorter than a migration statement would cut the connection mid-DDL: lift it while
    // migrating (the pool puts its own back when the connection returns).
    int networkTimeout = connection.getNetworkTimeout();
    if (networkTimeout > 0) {
      connection.setNetworkTimeout(Runnable::run, (MIGRATION_TIMEOUT_SECONDS + 10) * 1000);
    }
    try {
      return migrateWithRetries(connection);
    } finally {
      if (networkTimeout > 0) {
        connection.setNetworkTimeout(Runnable::run, networkTimeout);
      }
    }
  }

  /**
   * One schema update at a time within this JVM: stores opened together in one process (tests, or an app
   * with two pools on one database) would otherwise race each other through H2's DDL, which commits at once.
   * Other processes are met by the retries below.
   */
  private static final Object IN_PROCESS = new Object();

  private int migrateWithRetries(Connection connection) throws SQLException {
    synchronized (IN_PROCESS) {
      return migrateWithRetriesLocked(connection);
    }
  }

  private int migrateWithRetriesLocked(Connection connection) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        return applyMissing(connection);
      } catch (SQLException e) {
        if (attempt == ATTEMPTS) {
          throw e;
        }
        log.info("Schema update met another process doing the same; trying again: {}", e.getMessage());
        pause(attempt);
      }
    }
  }

  private int applyMissing(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(MIGRATION_TIMEOUT_SECONDS);
      statement.execute(CREATE_VERSION_TABLE);
    }
    Set<Integer> applied = appliedVersions(connection);
    int count = 0;
    for (String name : MIGRATIONS) {
      int version = versionOf(name);
      if (!applied.contains(version) && apply(connection, version, name)) {
        count++;
      }
    }
    return count;
  }

  private static void pause(int attempt) throws SQLException {
    try {
      Thread.sleep(50L * attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while updating the schema", e);
    }
  }

  private static Set<Integer> appliedVersions(Connection connection) throws SQLException {
    Set<Integer> versions = new HashSet<>();
    try (PreparedStatement select = connection.prepareStatement(SELECT_VERSIONS)) {
      select.setQueryTimeout(MIGRATION_TIMEOUT_SECONDS);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          versions.add(rows.getInt(1));
        }
      }
    }
    return versions;
  }

  /** Runs one script and records it in one transaction; false when another process recorded it first. */
  private boolean apply(Connection connection, int version, String name) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      try (Statement statement = connection.createStatement()) {
        statement.setQueryTimeout(MIGRATION_TIMEOUT_SECONDS);
        String raiseTimeout = dialect.migrationTimeoutSql(MIGRATION_TIMEOUT_SECONDS);
        if (raiseTimeout != null) {
          statement.execute(raiseTimeout);
        }
        for (String sql : statements(read(name))) {
          statement.execute(sql);
        }
      }
      try (PreparedStatement insert = connection.prepareStatement(INSERT_VERSION)) {
        insert.setQueryTimeout(MIGRATION_TIMEOUT_SECONDS);
        insert.setInt(1, version);
        insert.setString(2, name);
        insert.setLong(3, clock.millis());
        insert.executeUpdate();
      }
      connection.commit();
      log.info("Applied schema version {} ({})", version, name);
      return true;
    } catch (SQLException e) {
      connection.rollback();
      if (dialect.isDuplicateKey(e)) {
        log.info("Schema version {} ({}) was applied by another process meanwhile", version, name);
        return false;
      }
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  private String read(String name) {
    String path = dialect.schemaDirectory() + "/" + name + ".sql";
    try (InputStream in = SchemaMigrator.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("schema file missing from the build: " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema file " + path, e);
    }
  }

  /** The script's statements: whole-line {@code --} comments dropped, split at semicolons. */
  static List<String> statements(String script) {
    StringBuilder code = new StringBuilder();
    for (String line : script.split("\n", -1)) {
      if (!line.strip().startsWith("--")) {
        code.append(line).append('\n');
      }
    }
    List<String> statements = new ArrayList<>();
    for (String part : code.toString().split(";")) {
      if (!part.isBlank()) {
        statements.add(part.strip());
      }
    }
    return statements;
  }

  static int versionOf(String name) {
    int end = name.indexOf("__");
    if (!name.startsWith("V") || end < 2) {
      throw new IllegalStateException("schema file name must look like V<n>__<what>: " + name);
    }
    return Integer.parseInt(name.substring(1, end));
  }
}
