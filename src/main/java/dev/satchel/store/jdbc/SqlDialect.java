package dev.satchel.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * What differs between the databases the JDBC store runs on. SQL that every supported database accepts
 * stays beside the code that binds it; only the differences live here, one class per database, so adding
 * PostgreSQL is a new class and a new schema directory rather than {@code if} chains in the store.
 */
interface SqlDialect {

  /** The dialect for a JDBC URL; {@link IllegalArgumentException} for a database this build does not support. */
  static SqlDialect forUrl(String url) {
    if (url.startsWith("jdbc:h2:")) {
      return new H2Dialect(url);
    }
    if (url.startsWith("jdbc:postgresql:")) {
      return new PostgresDialect();
    }
    // Only the scheme: the rest of a URL may carry a password.
    int end = url.indexOf(':', url.indexOf(':') + 1);
    String scheme = end < 0 ? url : url.substring(0, end + 1);
    throw new IllegalArgumentException("'" + scheme + "...' is not a database this build supports; use jdbc:h2: or jdbc:postgresql:");
  }

  /** Directory beside this class holding the schema files ({@code V1__sessions.sql}, ...). */
  String schemaDirectory();

  /** The driver class, named so that servlet containers find it without relying on DriverManager. */
  String driverClassName();

  /** SQL run once on each new pooled connection, or null; {@code options} gives the timeouts to apply. */
  String connectionInitSql(JdbcOptions options);

  /**
   * Seconds after which the client gives up on one statement ({@link java.sql.Statement#setQueryTimeout}):
   * by default {@code store.command-timeout}.
   */
  default int clientQueryTimeoutSeconds(JdbcOptions options) {
    return options.commandTimeoutSeconds();
  }

  /** Driver properties for every connection (timeouts, say); settings in the URL take precedence. */
  default Map<String, String> connectionProperties(JdbcOptions options) {
    return Map.of();
  }

  /**
   * SQL run first in each schema migration's transaction so its statements may run for {@code seconds}
   * despite a shorter server-side statement timeout, or null when the database has none to raise.
   */
  default String migrationTimeoutSql(int seconds) {
    return null;
  }

  /**
   * True when the database closes as soon as its last connection does (an embedded database), so the store
   * holds one connection open for its whole life.
   */
  boolean closesWithLastConnection();

  /**
   * Called once when the store opens, before any write: brings a database-wide commit setting in line with
   * {@link JdbcOptions#durable()} where the database has one that {@link #afterDurableCommit} cannot make up
   * for. Rights missing for it fail start-up in durable mode.
   */
  void prepareDurability(Connection connection, boolean durable) throws SQLException;

  /**
   * In durable mode ({@link JdbcOptions#durable()}), called after every committed write: forces it to
   * stable storage when the database's commit does not. Also called once at open, so missing rights fail
   * start-up rather than every write.
   */
  void afterDurableCommit(Connection connection) throws SQLException;

  /**
   * Inserts or replaces a whole session. Parameters: id, attributes, created_at, last_accessed_at,
   * max_inactive_seconds, absolute_deadline, expires_at ({@link ExpiryColumn#of}), user_id.
   */
  String upsertSessionSql();

  /**
   * Deletes at most a batch of expired sessions: those matching {@link ExpiryColumn#EXPIRED}. Parameters: now
   * three times ({@link ExpiryColumn#bindNow}), batch size.
   */
  String deleteExpiredBatchSql();

  /** True when the statement failed because a primary key or unique value already exists. */
  default boolean isDuplicateKey(SQLException e) {
    // SQLSTATE 23505 is the standard unique-violation code; H2 and PostgreSQL both use it.
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
