package dev.satchel.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.satchel.session.StoreUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lends the JDBC store pooled connections with bounded waits, and turns every {@link SQLException} into a
 * {@link StoreUnavailableException} naming {@code jdbc} and the operation.
 */
final class ConnectionPool implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConnectionPool.class);

  static final int VALID_CHECK_SECONDS = 2;
  private static final int MIN_IDLE = 2;
  private static final long EMBEDDED_OPEN_MILLIS = 15_000;

  private final HikariDataSource pool;
  private final Connection keepOpen;
  /**
   * Statements of the per-request path, prepared once per physical connection and kept for its life.
   * Keyed by the driver's connection (unwrapped from the pool's proxy, which would close them when the
   * connection goes back). Each inner map is used only by the thread that has borrowed its connection.
   */
  private final Map<Connection, Map<String, PreparedStatement>> kept = new ConcurrentHashMap<>();
  /** From {@code store.command-timeout}: how long one statement may run before it fails as an outage. */
  private final int queryTimeoutSeconds;

  private ConnectionPool(HikariDataSource pool, Connection keepOpen, int queryTimeoutSeconds) {
    this.pool = pool;
    this.keepOpen = keepOpen;
    this.queryTimeoutSeconds = queryTimeoutSeconds;
  }

  /** Starts the pool; a database that cannot be reached fails here, at once. */
  static ConnectionPool open(JdbcOptions options, SqlDialect dialect) {
    HikariDataSource pool = null;
    try {
      pool = new HikariDataSource(config(options, dialect));
      // An embedded H2 database closes with its last connection, and with it the auto-server a CLI
      // process may be using; one connection held for the store's life keeps both up.
      Connection keepOpen = dialect.closesWithLastConnection() ? pool.getConnection() : null;
      return new ConnectionPool(pool, keepOpen, dialect.clientQueryTimeoutSeconds(options));
    } catch (SQLException | HikariPool.PoolInitializationException e) {
      if (pool != null) {
        pool.close();
      }
      throw new StoreUnavailableException("jdbc", "open", e);
    }
  }

  private static HikariConfig config(JdbcOptions options, SqlDialect dialect) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("satchel-jdbc");
    config.setJdbcUrl(options.url());
    config.setUsername(options.user());
    config.setPassword(options.password());
    config.setDriverClassName(dialect.driverClassName());
    config.setConnectionInitSql(dialect.connectionInitSql(options));
    dialect.connectionProperties(options).forEach(config::addDataSourceProperty);
    // jdbc.pool-size counts the connections requests share; the one an embedded database keeps open (below)
    // comes on top, or a pool of 1 would have none left to lend.
    int size = options.poolSize() + (dialect.closesWithLastConnection() ? 1 : 0);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(Math.min(MIN_IDLE, size));
    // A request waits for a pooled connection at most as long as it would wait to open one: with the
    // database gone, every connection is busy failing or being replaced, and the request should fail too.
    config.setConnectionTimeout(options.connectTimeoutSeconds() * 1_000L);
    // Hikari wants the validation check no longer than the wait for a connection (store.connect-timeout=1).
    config.setValidationTimeout(Math.min(VALID_CHECK_SECONDS, options.connectTimeoutSeconds()) * 1_000L);
    // A database over the network gets one attempt at start: one that cannot be reached fails start-up now,
    // not on the first request. An embedded file database is no network peer: opening it waits on the
    // file lock another process (or node starting together) may hold for a moment, so it gets longer.
    config.setInitializationFailTimeout(dialect.closesWithLastConnection() ? EMBEDDED_OPEN_MILLIS : 1);
    return config;
  }

  /** The pool itself, for callers that keep their own tables in the same database. */
  DataSource dataSource() {
    return pool;
  }

  /** Runs {@code work} on a pooled connection (auto-commit on) and gives the connection back. */
  <T> T run(String operation, SqlWork<T> work) {
    try (Connection connection = pool.getConnection()) {
      return work.run(connection);
    } catch (SQLException e) {
      throw new StoreUnavailableException("jdbc", operation, e);
    }
  }

  /** Runs {@code action} as one transaction: committed when it returns, rolled back when it throws. */
  static void inTransaction(Connection connection, SqlAction action) throws SQLException {
    connection.setAutoCommit(false);
    try {
      action.run();
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      try {
        connection.rollback();
      } catch (SQLException rollbackFailure) {
        e.addSuppressed(rollbackFailure);
      }
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  /**
   * The statement for {@code sql} on this connection, prepared on first use and kept: the caller must not
   * close it (closing its result sets is enough). Preparing anew on every request was a fifth of a request's
   * CPU on H2, which parses the SQL again each time (JFR, docs/benchmarks.md); PostgreSQL's driver also
   * switches a statement it sees reused to a server-side prepared one. Gives up after
   * {@code store.command-timeout} like every statement here.
   */
  PreparedStatement kept(Connection connection, String sql) throws SQLException {
    Connection physical = connection.unwrap(Connection.class);
    Map<String, PreparedStatement> statements = kept.get(physical);
    if (statements == null) {
      // A new physical connection: the pool retires old ones now and then, so forget those first.
      kept.keySet().removeIf(ConnectionPool::isClosed);
      statements = new HashMap<>();
      kept.put(physical, statements);
    }
    PreparedStatement statement = statements.get(sql);
    if (statement == null || statement.isClosed()) {
      statement = prepare(physical, sql);
      statements.put(sql, statement);
    }
    return statement;
  }

  private static boolean isClosed(Connection connection) {
    try {
      return connection.isClosed();
    } catch (SQLException e) {
      return true;
    }
  }

  /** A statement that gives up after {@code store.command-timeout}, so a stuck database fails the request. */
  PreparedStatement prepare(Connection connection, String sql) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    statement.setQueryTimeout(queryTimeoutSeconds);
    return statement;
  }

  @Override
  public void close() {
    try {
      if (keepOpen != null) {
        keepOpen.close();
      }
    } catch (SQLException e) {
      log.warn("Returning the held database connection failed: {}", e.toString());
    }
    pool.close();
    kept.clear();
  }

  @FunctionalInterface
  interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }

  @FunctionalInterface
  interface SqlAction {
    void run() throws SQLException;
  }
}
