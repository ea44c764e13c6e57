package dev.satchel.store.jdbc;

import java.time.Clock;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Satchel's SQL database opened for callers outside the session store (users, failed logins): the same
 * pool settings and the same schema versions, handed out as a plain {@link DataSource}. Used when the
 * sessions live elsewhere (memory, Redis, cookies); with the JDBC store, use {@link JdbcSessionStore#dataSource()}.
 */
public final class JdbcDatabase implements AutoCloseable {
  private final ConnectionPool pool;

  private JdbcDatabase(ConnectionPool pool) {
    this.pool = pool;
  }

  /**
   * Connects and applies missing schema versions. An unreachable database fails at once with a {@link
   * dev.satchel.session.StoreUnavailableException}; an unsupported URL with an {@link IllegalArgumentException}.
   */
  public static JdbcDatabase open(JdbcOptions options, Clock clock) {
    Objects.requireNonNull(clock, "clock");
    SqlDialect dialect = SqlDialect.forUrl(options.url());
    ConnectionPool pool = ConnectionPool.open(options, dialect);
    try {
      pool.run("open", connection -> new SchemaMigrator(dialect, clock).migrate(connection));
      return new JdbcDatabase(pool);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  public DataSource dataSource() {
    return pool.dataSource();
  }

  @Override
  public void close() {
    pool.close();
  }
}
