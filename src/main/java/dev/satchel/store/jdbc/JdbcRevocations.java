package dev.satchel.store.jdbc;

import dev.satchel.session.StoreUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Objects;

/**
 * The revocation list of a store that keeps no server copy (the cookie store): ids of sessions ended before
 * their own expiry, and users whose sessions were all ended at a moment, in the {@code satchel_revoked}
 * table of the configured database. A row stays until no cookie it covers can still be live.
 *
 * <p>Plain SQL that H2 and PostgreSQL both accept, so it needs nothing from the dialects but the schema.
 * Failures surface as {@link StoreUnavailableException} naming {@code jdbc} and the operation.
 */
public final class JdbcRevocations implements AutoCloseable {
  /** The key of a user's row: no session id contains a colon, so the two never meet. */
  static final String USER_PREFIX = "user:";

  private static final String SELECT_REVOKED = """
      SELECT id, revoked_at
      FROM satchel_revoked
      WHERE id IN (?, ?)
      """;
  // Extend, never shorten: a second revocation must not let an earlier, longer-lived one lapse sooner.
  private static final String UPDATE_REVOKED = """
      UPDATE satchel_revoked
      SET revoked_at = ?, expires_at = CASE WHEN expires_at > ? THEN expires_at ELSE ? END
      WHERE id = ?
      """;
  private static final String INSERT_REVOKED = """
      INSERT INTO satchel_revoked (id, revoked_at, expires_at)
      VALUES (?, ?, ?)
      """;
  private static final String DELETE_EXPIRED = """
      DELETE FROM satchel_revoked
      WHERE expires_at <= ?
      """;

  private final ConnectionPool pool;

  private JdbcRevocations(ConnectionPool pool) {
    this.pool = pool;
  }

  /** Connects and brings the schema up to date; an unreachable database fails here, at once. */
  public static JdbcRevocations open(JdbcOptions options, Clock clock) {
    Objects.requireNonNull(clock, "clock");
    SqlDialect dialect = SqlDialect.forUrl(options.url());
    ConnectionPool pool = ConnectionPool.open(options, dialect);
    try {
      pool.run("open", connection -> new SchemaMigrator(dialect, clock).migrate(connection));
      return new JdbcRevocations(pool);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  /** Records that session {@code id} ended at {@code nowMillis}; kept until {@code keepUntil}. */
  public void revokeSession(String id, long nowMillis, long keepUntil) {
    record("revoke", id, nowMillis, keepUntil);
  }

  /** Records that every session of {@code user} last used before {@code nowMillis} has ended. */
  public void revokeUser(String user, long nowMillis, long keepUntil) {
    record("revokeUser", USER_PREFIX + user, nowMillis, keepUntil);
  }

  /**
   * True when session {@code id} was revoked, or {@code user} (may be null) had every session ended after
   * {@code lastAccessedAt}. One indexed lookup on the primary key.
   */
  public boolean isRevoked(String id, String user, long lastAccessedAt) {
    return pool.run("revokedCheck", connection -> {
      // Kept across requests: this lookup runs on every request of the cookie store.
      PreparedStatement select = pool.kept(connection, SELECT_REVOKED);
      select.setString(1, id);
      select.setString(2, user == null ? id : USER_PREFIX + user);
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          if (row.getString(1).equals(id) || row.getLong(2) > lastAccessedAt) {
            return true;
          }
        }
        return false;
      }
    });
  }

  /** Removes rows that no live cookie can need any more; returns how many. */
  public long deleteExpired(long nowMillis) {
    return pool.run("deleteExpired", connection -> {
      try (PreparedStatement delete = prepare(connection, DELETE_EXPIRED)) {
        delete.setLong(1, nowMillis);
        return (long) delete.executeUpdate();
      }
    });
  }

  /** Returns normally when the database answers. */
  public void ping() {
    pool.run("ping", connection -> {
      if (!connection.isValid(ConnectionPool.VALID_CHECK_SECONDS)) {
        throw new SQLException("connection did not answer within " + ConnectionPool.VALID_CHECK_SECONDS + " s");
      }
      return null;
    });
  }

  @Override
  public void close() {
    pool.close();
  }

  private void record(String operation, String key, long nowMillis, long keepUntil) {
    pool.run(operation, connection -> {
      // Update first, insert when absent; a parallel insert of the same key then updates instead.
      for (int attempt = 0; attempt < 2; attempt++) {
        if (update(connection, key, nowMillis, keepUntil) > 0) {
          return null;
        }
        try (PreparedStatement insert = prepare(connection, INSERT_REVOKED)) {
          insert.setString(1, key);
          insert.setLong(2, nowMillis);
          insert.setLong(3, keepUntil);
          insert.executeUpdate();
          return null;
        } catch (SQLException e) {
          if (!"23505".equals(e.getSQLState())) {
            throw e;
          }
        }
      }
      return null;
    });
  }

  private int update(Connection connection, String key, long nowMillis, long keepUntil)
      throws SQLException {
    try (PreparedStatement update = prepare(connection, UPDATE_REVOKED)) {
      update.setLong(1, nowMillis);
      update.setLong(2, keepUntil);
      update.setLong(3, keepUntil);
      update.setString(4, key);
      return update.executeUpdate();
    }
  }

  // The pool's statement carries store.command-timeout.
  private PreparedStatement prepare(Connection connection, String sql) throws SQLException {
    return pool.prepare(connection, sql);
  }
}
