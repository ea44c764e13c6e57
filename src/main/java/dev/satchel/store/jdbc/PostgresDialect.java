package dev.satchel.store.jdbc;

import java.sql.Connection;
import java.util.Map;

/**
 * PostgreSQL 12 and later, reached with the pgJDBC driver: bounded network waits, an upsert by {@code ON
 * CONFLICT}, and a cleanup batch that several processes can run at once without waiting on each other.
 */
final class PostgresDialect implements SqlDialect {
  // The connect and command timeouts come from JdbcOptions (store.connect-timeout, store.command-timeout,
  // 3 s each by default). The command timeout is also the socket read timeout: the bound on how long a
  // request waits for a database that stalls mid-statement (a slow or half-dead network), when even the
  // statement timeout's cancel request cannot get through. Measured through a fault proxy in
  // docs/reliability.md: at 10 s, a database slowed to seconds held a request for over 20 s, one timeout
  // per round trip. A statement slower than this drops its connection, which the pool replaces.

  /** Seconds the server lets a vanished client's transaction hold its row locks. */
  static final int IDLE_IN_TRANSACTION_SECONDS = 10;

  @Override
  public String schemaDirectory() {
    return "pg";
  }

  @Override
  public String driverClassName() {
    return "org.postgresql.Driver";
  }

  @Override
  public Map<String, String> connectionProperties(JdbcOptions options) {
    // Driver properties; the same names in jdbc.url win, so an operator can still change them there.
    // loginTimeout covers the TCP connect and the authentication round trips after it.
    return Map.of(
        "connectTimeout", Integer.toString(options.connectTimeoutSeconds()),
        "loginTimeout", Integer.toString(options.connectTimeoutSeconds() + 2),
        "socketTimeout", Integer.toString(options.commandTimeoutSeconds()),
        "cancelSignalTimeout", Integer.toString(options.connectTimeoutSeconds()),
        "tcpKeepAlive", "true",
        "ApplicationName", "satchel");
  }

  /**
   * One second past the command timeout, a backstop that in practice never fires: the server's
   * statement_timeout ends a slow statement, and the socket timeout (both the command timeout) ends a wait
   * on a stalled network. Were the client's timer to fire first, the driver would send a cancel request
   * over a new connection to the same, unresponsive, address, and the statement would not return until
   * that cancel gave up: measured through a fault proxy, a hung database held a request for 13 s (3 s, then
   * the driver's 10 s cancelSignalTimeout, now the connect timeout in case the backstop ever fires).
   */
  @Override
  public int clientQueryTimeoutSeconds(JdbcOptions options) {
    return options.commandTimeoutSeconds() + 1;
  }

  @Override
  public String connectionInitSql(JdbcOptions options) {
    // Every statement already carries a JDBC query timeout, which cancels it from the client. These two
    // hold on the server too: a statement of a client that vanished stops after the command timeout, and a
    // transaction left
    // open (row locks held) by a client that vanished mid-request is ended after 10 s instead of blocking
    // that session's next requests until TCP notices.
    return "SET statement_timeout = " + options.commandTimeoutSeconds() * 1000
        + "; SET idle_in_transaction_session_timeout = " + IDLE_IN_TRANSACTION_SECONDS * 1000;
  }

  @Override
  public String migrationTimeoutSql(int seconds) {
    // LOCAL: ends with the migration's transaction, so the pooled connection goes back with its own again.
    return "SET LOCAL statement_timeout = " + seconds * 1000;
  }

  @Override
  public boolean closesWithLastConnection() {
    return false;
  }

  /**
   * Nothing to do: with PostgreSQL's defaults ({@code fsync = on}, {@code synchronous_commit = on}) a
   * COMMIT returns only after its WAL record is flushed to disk, so every write the store returns from is
   * already durable, whatever {@code jdbc.durable} says. A DBA who turns {@code synchronous_commit} off
   * has chosen speed over the last fraction of a second of commits, database-wide, and this store will not
   * override that.
   */
  @Override
  public void afterDurableCommit(Connection connection) {}

  /** Nothing to do, for the same reason as {@link #afterDurableCommit}. */
  @Override
  public void prepareDurability(Connection connection, boolean durable) {}

  @Override
  public String upsertSessionSql() {
    return """
        INSERT INTO satchel_session
          (id, attributes, created_at, last_accessed_at, max_inactive_seconds, absolute_deadline, expires_at,
           user_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET
          attributes = EXCLUDED.attributes,
          created_at = EXCLUDED.created_at,
          last_accessed_at = EXCLUDED.last_accessed_at,
          max_inactive_seconds = EXCLUDED.max_inactive_seconds,
          absolute_deadline = EXCLUDED.absolute_deadline,
          expires_at = EXCLUDED.expires_at,
          user_id = EXCLUDED.user_id
        """;
  }

  /**
   * SKIP LOCKED: two processes cleaning up at once (two nodes, or a node and {@code clearsessions}) each
   * take rows the other has not locked, instead of queueing behind its batch or deadlocking on it. Each
   * batch is its own statement; a process that sees fewer than a batch unlocked stops, and the rows it
   * skipped are the ones the other is deleting.
   */
  @Override
  public String deleteExpiredBatchSql() {
    return """
        DELETE FROM satchel_session
        WHERE id IN (
          SELECT id FROM satchel_session
          WHERE %s
          LIMIT ?
          FOR UPDATE SKIP LOCKED)
        """.formatted(ExpiryColumn.EXPIRED);
  }
}
