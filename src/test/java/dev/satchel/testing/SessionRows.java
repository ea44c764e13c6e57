package dev.satchel.testing;

import dev.satchel.store.jdbc.JdbcOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A JDBC store's session table seen with plain SQL, behind the store's back: another node's write, a corrupt
 * record, a pile of expired sessions, a row held locked by a stuck client. Works on H2 and PostgreSQL.
 *
 * <p>Every statement a test runs against {@code satchel_session} lives here, so a change to the table (a new
 * column, a different way to update) is one edit for all the store tests.
 */
public final class SessionRows {
  private static final String INSERT = """
      INSERT INTO satchel_session
        (id, attributes, created_at, last_accessed_at, max_inactive_seconds, absolute_deadline, expires_at)
      VALUES (?, '{"n":1}', ?, ?, 60, 0, ?)
      """;
  private static final String INSERT_LIVE = """
      INSERT INTO satchel_session
        (id, attributes, created_at, last_accessed_at, max_inactive_seconds, absolute_deadline, expires_at, user_id)
      VALUES (?, ?, ?, ?, ?, 0, ?, ?)
      """;
  private static final int BATCH = 5_000;

  // Only the URL, user and password are used: plain DriverManager connections, no pool.
  private final JdbcOptions database;

  private SessionRows(JdbcOptions database) {
    this.database = database;
  }

  /** The table in the database a store opened with {@code options} uses. */
  public static SessionRows of(JdbcOptions options) {
    return new SessionRows(options);
  }

  /** The table in a PostgreSQL test schema. */
  public static SessionRows of(PostgresSchema schema) {
    return new SessionRows(new JdbcOptions(schema.url(), schema.user(), "", false));
  }

  /** A plain connection to the same database, for a check no method here covers; the caller closes it. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(database.url(), database.user(), database.password());
  }

  /** Whether a row with this id is in the table. */
  public boolean exists(String id) {
    return count("SELECT COUNT(*) FROM satchel_session WHERE id = ?", id) == 1;
  }

  /** How many rows the table holds. */
  public long count() {
    return count("SELECT COUNT(*) FROM satchel_session");
  }

  /** How many rows the table holds whose id starts with {@code prefix}. */
  public long countStartingWith(String prefix) {
    return count("SELECT COUNT(*) FROM satchel_session WHERE id LIKE ?", prefix + "%");
  }

  /** How many schema versions the store's migrator has recorded. */
  public long schemaVersions() {
    return count("SELECT COUNT(*) FROM satchel_schema_version");
  }

  /** How many times schema version {@code version} was recorded (1 when it was applied once). */
  public long schemaVersionRecords(int version) {
    return count("SELECT COUNT(*) FROM satchel_schema_version WHERE version = " + version);
  }

  /**
   * Overwrites the attributes of {@code id} with {@code json}, as another node's write the store never saw;
   * bumps the revision as every store write does, so a copy read before this one cannot overwrite it whole.
   */
  public void writeAttributes(String id, String json) {
    execute("UPDATE satchel_session SET attributes = ?, revision = revision + 1 WHERE id = ?", json, id);
  }

  /** Makes the stored attributes of {@code id} unreadable: JSON cut off in the middle. */
  public void corrupt(String id) {
    writeAttributes(id, "{\"user\": \"ann\", oops");
  }

  /** Empties the table, so a test on a shared database starts from nothing. */
  public void deleteAll() {
    execute("TRUNCATE TABLE satchel_session");
  }

  /**
   * Inserts {@code count} sessions {@code prefix + n} (n from 0), each holding {@code {"n":1}}, created and
   * last used a minute before {@code expiresAt}, with a 60-second idle limit. Batched: a hundred thousand rows
   * take seconds.
   */
  public void insertExpiring(String prefix, int count, long expiresAt) {
    try (Connection connection = connect(); PreparedStatement insert = connection.prepareStatement(INSERT)) {
      insertBatched(connection, insert, count, i -> {
        insert.setString(1, prefix + i);
        insert.setLong(2, expiresAt - 60_000);
        insert.setLong(3, expiresAt - 60_000);
        insert.setLong(4, expiresAt);
      });
    } catch (SQLException e) {
      throw new AssertionError("inserting test rows failed", e);
    }
  }

  /** Binds one row of {@code insert}, the n-th. */
  @FunctionalInterface
  private interface RowBinder {
    void bind(int n) throws SQLException;
  }

  /** Runs {@code insert} for rows 0..count-1 in batches, committing each batch. */
  private static void insertBatched(Connection connection, PreparedStatement insert, int count, RowBinder row)
      throws SQLException {
    connection.setAutoCommit(false);
    for (int i = 0; i < count; i++) {
      row.bind(i);
      insert.addBatch();
      if (i % BATCH == BATCH - 1) {
        insert.executeBatch();
        connection.commit();
      }
    }
    insert.executeBatch();
    connection.commit();
  }

  /** One session row as the store would write it, for {@link #insertSessions}. */
  public record Row(String id, String attributesJson, String user) {}

  /**
   * Inserts {@code count} sessions {@code rowOf(n)} (n from 0), last used at {@code lastUsed} with an idle limit
   * of {@code maxInactiveSeconds}, as the store would have written them (revision 0). Batched, with
   * PostgreSQL's driver rewriting each batch into multi-row INSERTs: a million rows take tens of seconds.
   */
  public void insertSessions(int count, java.util.function.IntFunction<Row> rowOf, long lastUsed,
      int maxInactiveSeconds) {
    String url = database.url();
    if (url.startsWith("jdbc:postgresql:")) {
      url += (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
    }
    try (Connection connection = DriverManager.getConnection(url, database.user(), database.password());
        PreparedStatement insert = connection.prepareStatement(INSERT_LIVE)) {
      insertBatched(connection, insert, count, i -> {
        Row row = rowOf.apply(i);
        insert.setString(1, row.id());
        insert.setString(2, row.attributesJson());
        insert.setLong(3, lastUsed);
        insert.setLong(4, lastUsed);
        insert.setInt(5, maxInactiveSeconds);
        insert.setLong(6, lastUsed + maxInactiveSeconds * 1000L);
        insert.setString(7, row.user());
      });
    } catch (SQLException e) {
      throw new AssertionError("inserting session rows failed", e);
    }
  }

  /**
   * Locks the row of {@code id} (SELECT ... FOR UPDATE) in a transaction left open, as a client stuck
   * mid-transaction would, until the returned lock is closed.
   */
  public RowLock lock(String id) {
    try {
      Connection connection = connect();
      try {
        connection.setAutoCommit(false);
        try (PreparedStatement lock =
            connection.prepareStatement("SELECT id FROM satchel_session WHERE id = ? FOR UPDATE")) {
          lock.setString(1, id);
          lock.executeQuery().close();
        }
        return new RowLock(connection);
      } catch (SQLException | RuntimeException e) {
        connection.close();
        throw e;
      }
    } catch (SQLException e) {
      throw new AssertionError("locking a test row failed", e);
    }
  }

  /** A row lock held by an open transaction; closing rolls it back and releases the row. */
  public static final class RowLock implements AutoCloseable {
    private final Connection connection;

    private RowLock(Connection connection) {
      this.connection = connection;
    }

    @Override
    public void close() {
      try (connection) {
        connection.rollback();
      } catch (SQLException e) {
        throw new AssertionError("releasing a test row lock failed", e);
      }
    }
  }

  private long count(String sql, String... params) {
    try (Connection c = connect(); PreparedStatement s = bind(c.prepareStatement(sql), params);
        ResultSet r = s.executeQuery()) {
      r.next();
      return r.getLong(1);
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  private void execute(String sql, String... params) {
    try (Connection c = connect(); PreparedStatement s = bind(c.prepareStatement(sql), params)) {
      s.execute();
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  private static PreparedStatement bind(PreparedStatement statement, String... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      statement.setString(i + 1, params[i]);
    }
    return statement;
  }
}
