package dev.satchel.config;

import dev.satchel.session.SessionStore;
import dev.satchel.store.jdbc.JdbcDatabase;
import dev.satchel.store.jdbc.JdbcSessionStore;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * The database that keeps users and failed logins: the session store's own pool when sessions are in
 * JDBC, else the database {@code jdbc.url} names (default: the H2 file in {@code data.dir}). Close it
 * before the session store; it closes only a pool it opened itself.
 */
public final class AuthDatabase implements AutoCloseable {
  private final DataSource dataSource;
  private final JdbcDatabase owned;

  private AuthDatabase(DataSource dataSource, JdbcDatabase owned) {
    this.dataSource = dataSource;
    this.owned = owned;
  }

  /** Shares {@code sessions}' pool when it is the JDBC store; otherwise opens (and migrates) the database. */
  public static AuthDatabase open(Settings settings, SessionStore sessions, Clock clock) {
    if (sessions instanceof JdbcSessionStore jdbc) {
      return new AuthDatabase(jdbc.dataSource(), null);
    }
    try {
      JdbcDatabase database = JdbcDatabase.open(StoreFactory.jdbcOptions(settings), clock);
      return new AuthDatabase(database.dataSource(), database);
    } catch (IllegalArgumentException e) {
      throw new SettingsException("jdbc.url: " + e.getMessage());
    }
  }

  public DataSource dataSource() {
    return dataSource;
  }

  @Override
  public void close() {
    if (owned != null) {
      owned.close();
    }
  }
}
