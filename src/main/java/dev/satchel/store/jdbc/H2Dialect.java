package dev.satchel.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** H2 2.x: the embedded default (a file database in auto-server mode) and H2 servers reached over TCP. */
final class H2Dialect implements SqlDialect {
  /**
   * Seconds a durable write's fsync may take. A local disk, not a network peer: kept apart from
   * store.command-timeout so that a busy disk under load slows durable writes rather than failing them.
   */
  static final int CHECKPOINT_TIMEOUT_SECONDS = 5;

  private final boolean embedded;

  H2Dialect(String url) {
    // tcp: and ssl: reach a server that owns the database; anything else (file:, mem:, a bare path) opens
    // it inside this JVM, where it closes with its last connection.
    this.embedded = !(url.startsWith("jdbc:h2:tcp:") || url.startsWith("jdbc:h2:ssl:"));
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
   * {@code CHECKPOINT SYNC}: H2 stores everything committed so far into the database file (MVStore.commit)
   * and calls FileChannel.force, so the write survives a killed process and a power cut alike. Costs one
   * fsync per write, a few milliseconds on an SSD.
   *
   * <p>Chosen over {@code SET WRITE_DELAY 0}, which also writes each commit into the file before commit
   * returns but without an fsync, and which is a database-wide setting that H2 persists: a CLI command
   * opened without jdbc.durable would switch a durable server's database back to the delay. This works per
   * connection and touches no setting. Without durable, H2's default 500 ms write delay applies. Needs
   * admin rights; a durable open checks them at once.
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
        WHERE expires_at <= ?
        FETCH FIRST ? ROWS ONLY
        """;
  }
}
