package dev.satchel.store.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** H2 2.x: the embedded default (a file database in auto-server mode) and H2 servers reached over TCP. */
final class H2Dialect implements SqlDialect {
  /**
   * Seconds a durable write's fsync may take. A local disk, not a network peer: kept apart from
   * store.command-timeout so that a busy disk under load slows durable writes rather than failing them.
   */
  static final int CHECKPOINT_TIMEOUT_SECONDS = 5;

  private static final Logger log = LoggerFactory.getLogger(H2Dialect.class);

  /** H2's own default WRITE_DELAY: how long a committed change may stay in memory before it is written. */
  static final int DEFAULT_WRITE_DELAY_MILLIS = 500;

  private final boolean embedded;
  private final boolean urlSetsWriteDelay;

  H2Dialect(String url) {
    // tcp: and ssl: reach a server that owns the database; anything else (file:, mem:, a bare path) opens
    // it inside this JVM, where it closes with its last connection.
    this.embedded = !(url.startsWith("jdbc:h2:tcp:") || url.startsWith("jdbc:h2:ssl:"));
    this.urlSetsWriteDelay = url.toUpperCase(Locale.ROOT).contains(";WRITE_DELAY=");
  }

  @Override
  public String schemaDirectory() {
    return "h2";
  }

  @Override
  public String driverClassName() {
    return "org.h2.Driver";
  }

  @Override
  public String connectionInitSql(JdbcOptions options) {
    // H2 gives up on a row lock after 1 s by default. A parallel request of the same session holds the
    // row for milliseconds (longer in durable mode, under load), so wait longer, but stay under the
    // statement timeout (store.command-timeout) so a stuck lock still surfaces as an outage.
    int commandMillis = options.commandTimeoutSeconds() * 1000;
    return "SET LOCK_TIMEOUT " + Math.max(commandMillis / 2, commandMillis - 1000);
  }

  @Override
  public boolean closesWithLastConnection() {
    return embedded;
  }

  /**
   * Durable mode turns H2's write delay off ({@code SET WRITE_DELAY 0}); otherwise a database a durable run
   * left at 0 gets H2's default back. Only the process that opened the database file does either.
   *
   * <p>Why {@link #afterDurableCommit}'s CHECKPOINT SYNC is not enough on its own: with a write delay, H2
   * also stores changes from a background thread, and that store hands the writing of the file to an
   * executor and returns (H2 2.5: {@code MVStore.store(false)} → {@code FileStore.storeIt}). A CHECKPOINT
   * SYNC arriving meanwhile sees the store version already moved on, skips its own store
   * ({@code MVStore.commit}) and calls fsync before the background write has happened: the response goes
   * out with the write not yet in the file, and a kill at that moment loses it. Without a write delay
   * there is no background writer and no executor; every commit stores into the file before it returns.
   *
   * <p>H2 keeps WRITE_DELAY for the whole database and persists it. So a process that reaches the
   * database through another one's auto-server (the CLI while the server runs) leaves it alone, whatever
   * its own jdbc.durable says, and so does a store on a URL that sets WRITE_DELAY itself.
   */
  @Override
  public void prepareDurability(Connection connection, boolean durable) throws SQLException {
    if (urlSetsWriteDelay || !opensTheFileItself(connection)) {
      return;
    }
    int wanted = durable ? 0 : DEFAULT_WRITE_DELAY_MILLIS;
    if (writeDelay(connection) == wanted) {
      return;
    }
    try (Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(CHECKPOINT_TIMEOUT_SECONDS);
      statement.execute("SET WRITE_DELAY " + wanted);
    } catch (SQLException e) {
      if (durable) {
        throw e;
      }
      // Without durable the delay only buys speed: a user without admin rights keeps the slower setting.
      log.warn("Cannot restore H2's write delay ({}); writes stay slower until an admin runs SET WRITE_DELAY {}",
          e.getMessage(), DEFAULT_WRITE_DELAY_MILLIS);
    }
  }

  private static boolean opensTheFileItself(Connection connection) throws SQLException {
    return connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal;
  }

  private static int writeDelay(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(
            "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
      return row.next() ? Integer.parseInt(row.getString(1)) : DEFAULT_WRITE_DELAY_MILLIS;
    }
  }

  /**
   * {@code CHECKPOINT SYNC}: H2 stores everything committed so far into the database file (MVStore.commit)
   * and calls FileChannel.force, so the write survives a killed process and a power cut alike. Costs one
   * fsync per write, a few milliseconds on an SSD. With the write delay off ({@link #prepareDurability})
   * the commit has already stored the change; this adds the fsync. Needs admin rights; a durable open
   * checks them at once.
   */
  @Override
  public void afterDurableCommit(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(CHECKPOINT_TIMEOUT_SECONDS);
      statement.execute("CHECKPOINT SYNC");
    }
  }

  @Override
  public String upsertSessionSql() {
    return """
        MERGE INTO satchel_session
          (id, attributes, created_at, last_accessed_at, max_inactive_seconds, absolute_deadline, expires_at,
           user_id)
        KEY (id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """;
  }

  @Override
  public String deleteExpiredBatchSql() {
    return """
        DELETE FROM satchel_session
        WHERE %s
        FETCH FIRST ? ROWS ONLY
        """.formatted(ExpiryColumn.EXPIRED);
  }
}
