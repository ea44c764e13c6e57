package dev.satchel.store.jdbc;

import dev.satchel.session.AttributeCodec;
import dev.satchel.session.SaveMode;
import dev.satchel.session.SessionData;
import dev.satchel.session.SessionStore;
import dev.satchel.session.StoreUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps sessions in a SQL database through a small connection pool: one row per session, attributes as
 * JSON text. Survives restarts and is shared by every process using the same database.
 *
 * <p>Every failure to reach or use the database surfaces as a {@link StoreUnavailableException} naming
 * {@code jdbc} and the operation; a pool that cannot get a connection gives up after
 * {@code store.connect-timeout}, a statement after {@code store.command-timeout} (3 s each by default), so a
 * dead database never hangs a request.
 */
public final class JdbcSessionStore implements SessionStore {
  private static final Logger log = LoggerFactory.getLogger(JdbcSessionStore.class);

  /** Rows per cleanup statement: each batch is its own short transaction, so no lock is held for long. */
  static final int DELETE_BATCH = 1000;
  private static final int PROGRESS_EVERY_BATCHES = 10;

  private static final String SELECT_SESSION = """
      SELECT created_at, last_accessed_at, max_inactive_seconds, absolute_deadline, attributes, revision
      FROM satchel_session
      WHERE id = ?
      """;
  private static final String SELECT_SESSION_FOR_UPDATE = """
      SELECT created_at, last_accessed_at, max_inactive_seconds, absolute_deadline, attributes
      FROM satchel_session
      WHERE id = ?
      FOR UPDATE
      """;
  private static final String SELECT_ATTRIBUTES_FOR_UPDATE = """
      SELECT attributes
      FROM satchel_session
      WHERE id = ?
      FOR UPDATE
      """;
  private static final String UPDATE_METADATA = """
      UPDATE satchel_session
      SET last_accessed_at = ?, max_inactive_seconds = ?, absolute_deadline = ?, expires_at = ?
      WHERE id = ?
      """;
  private static final String UPDATE_ALL = """
      UPDATE satchel_session
      SET attributes = ?, last_accessed_at = ?, max_inactive_seconds = ?, absolute_deadline = ?, expires_at = ?,
          user_id = ?, revision = revision + 1
      WHERE id = ?
      """;
  /** {@link #UPDATE_ALL} only while the row is still at the revision this request read. */
  private static final String UPDATE_ALL_IF_REVISION = """
      UPDATE satchel_session
      SET attributes = ?, last_accessed_at = ?, max_inactive_seconds = ?, absolute_deadline = ?, expires_at = ?,
          user_id = ?, revision = revision + 1
      WHERE id = ? AND revision = ?
      """;
  private static final String SELECT_BY_USER = """
      SELECT id, created_at, last_accessed_at, max_inactive_seconds, absolute_deadline, attributes
      FROM satchel_session
      WHERE user_id = ? AND expires_at > ?
      """;
  private static final String DELETE_BY_USER = """
      DELETE FROM satchel_session
      WHERE user_id = ?
      """;
  private static final String DELETE_SESSION = """
      DELETE FROM satchel_session
      WHERE id = ?
      """;

  private final ConnectionPool pool;
  private final SqlDialect dialect;
  private final Clock clock;
  private final boolean durable;
  private final JdbcExpiry expiry;

  private JdbcSessionStore(ConnectionPool pool, SqlDialect dialect, Clock clock, boolean durable) {
    this.pool = pool;
    this.dialect = dialect;
    this.clock = clock;
    this.durable = durable;
    this.expiry = new JdbcExpiry(pool, DELETE_BATCH, this::afterWrite);
  }

  /**
   * Connects, applies missing schema versions and returns the store. An unreachable database fails at
   * once with a {@link StoreUnavailableException}; a URL of an unsupported database with an
   * {@link IllegalArgumentException}.
   */
  public static JdbcSessionStore open(JdbcOptions options, Clock clock) {
    Objects.requireNonNull(clock, "clock");
    SqlDialect dialect = SqlDialect.forUrl(options.url());
    ConnectionPool pool = ConnectionPool.open(options, dialect);
    try {
      pool.run("open", connection -> {
        new SchemaMigrator(dialect, clock).migrate(connection);
        dialect.prepareDurability(connection, options.durable());
        if (options.durable()) {
          dialect.afterDurableCommit(connection);
        }
        return null;
      });
      return new JdbcSessionStore(pool, dialect, clock, options.durable());
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  @Override
  public Optional<SessionData> load(String id) {
    return pool.run("load", connection -> {
      PreparedStatement select = pool.kept(connection, SELECT_SESSION);
      select.setString(1, id);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        SessionData stored = new SessionData(id, Map.of(), row.getLong(1), row.getLong(2), row.getInt(3),
            row.getLong(4), row.getLong(6));
        if (stored.isExpired(clock.millis())) {
          return Optional.empty();
        }
        Optional<SessionData> decoded =
            decode(row.getString(5), "the session counts as absent and is deleted").map(stored::withAttributes);
        if (decoded.isEmpty()) {
          // Deleted, so the warning comes once per record, not on every request its cookie makes.
          try (PreparedStatement delete = prepare(connection, DELETE_SESSION)) {
            delete.setString(1, id);
            delete.executeUpdate();
          }
        }
        return decoded;
      }
    });
  }

  @Override
  public void save(SessionData data, SaveMode mode, Set<String> changedAttributes) {
    if (mode == SaveMode.CREATE) {
      // Encoded before a connection is taken: a value that is not JSON is the caller's error, not an outage.
      String json = AttributeCodec.encode(data.attributes());
      pool.run("save", connection -> {
        // An upsert, so saving a new session twice (a retried request) is harmless.
        PreparedStatement upsert = pool.kept(connection, dialect.upsertSessionSql());
        upsert.setString(1, data.id());
        upsert.setString(2, json);
        upsert.setLong(3, data.createdAt());
        upsert.setLong(4, data.lastAccessedAt());
        upsert.setInt(5, data.maxInactiveSeconds());
        upsert.setLong(6, data.absoluteDeadline());
        upsert.setLong(7, ExpiryColumn.of(data));
        upsert.setString(8, userOf(data.attributes()));
        upsert.executeUpdate();
        afterWrite(connection);
        return null;
      });
    } else if (changedAttributes.isEmpty()) {
      pool.run("save", connection -> {
        PreparedStatement update = pool.kept(connection, UPDATE_METADATA);
        update.setLong(1, data.lastAccessedAt());
        update.setInt(2, data.maxInactiveSeconds());
        update.setLong(3, data.absoluteDeadline());
        update.setLong(4, ExpiryColumn.of(data));
        update.setString(5, data.id());
        // Zero rows: deleted meanwhile (a logout), and it stays deleted.
        update.executeUpdate();
        afterWrite(connection);
        return null;
      });
    } else {
      for (String name : changedAttributes) {
        if (data.attributes().containsKey(name)) {
          AttributeCodec.checkValue(name, data.attributes().get(name));
        }
      }
      // The whole map, for the one-statement write below; only when there is a revision to check against.
      String json = data.revision() == SessionData.NO_REVISION ? null : AttributeCodec.encode(data.attributes());
      pool.run("save", connection -> {
        if (json == null || !writeIfUnchanged(connection, data, json)) {
          ConnectionPool.inTransaction(connection, () -> mergeChanged(connection, data, changedAttributes));
        }
        afterWrite(connection);
        return null;
      });
    }
  }

  /**
   * The common case in one statement: nobody has written the row since this request read it, so this
   * request's whole attribute map is exactly "what is stored, with my changes". False when the revision
   * moved (a parallel request wrote) or the row is gone; the caller then merges under a row lock, which
   * finds a deleted row absent and writes nothing.
   */
  private boolean writeIfUnchanged(Connection connection, SessionData data, String json) throws SQLException {
    PreparedStatement update = pool.kept(connection, UPDATE_ALL_IF_REVISION);
    bindWholeRow(update, data, data.attributes(), json);
    update.setLong(8, data.revision());
    return update.executeUpdate() == 1;
  }

  /**
   * Locks the row, merges only the changed names into what is stored now (so a parallel request's
   * changes to other attributes survive) and writes it back. No row: deleted meanwhile, nothing written.
   */
  private void mergeChanged(Connection connection, SessionData data, Set<String> changed)
      throws SQLException {
    String storedJson;
    PreparedStatement select = pool.kept(connection, SELECT_ATTRIBUTES_FOR_UPDATE);
    select.setString(1, data.id());
    try (ResultSet row = select.executeQuery()) {
      if (!row.next()) {
        return;
      }
      storedJson = row.getString(1);
    }
    // Unreadable stored attributes: this request's own view is the best copy left.
    Map<String, Object> merged =
        new LinkedHashMap<>(decode(storedJson, "rewriting them from this request").orElse(data.attributes()));
    for (String name : changed) {
      if (data.attributes().containsKey(name)) {
        merged.put(name, data.attributes().get(name));
      } else {
        merged.remove(name);
      }
    }
    PreparedStatement update = pool.kept(connection, UPDATE_ALL);
    bindWholeRow(update, data, merged, AttributeCodec.encode(merged));
    update.executeUpdate();
  }

  @Override
  public Optional<SessionData> updateAttribute(
      String id, String name, UnaryOperator<Object> fn, long nowMillis) {
    return pool.run("update", connection -> {
      Optional<SessionData> result = Optional.empty();
      connection.setAutoCommit(false);
      try {
        result = lockedUpdate(connection, id, name, fn, nowMillis);
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
      if (result.isPresent()) {
        afterWrite(connection);
      }
      return result;
    });
  }

  /** Reads the row under a lock, applies {@code fn}, writes it back; the lock queues concurrent updates. */
  private Optional<SessionData> lockedUpdate(
      Connection connection, String id, String name, UnaryOperator<Object> fn, long nowMillis)
      throws SQLException {
    SessionData stored;
    PreparedStatement select = pool.kept(connection, SELECT_SESSION_FOR_UPDATE);
    select.setString(1, id);
    try (ResultSet row = select.executeQuery()) {
      if (!row.next()) {
        return Optional.empty();
      }
      stored = new SessionData(id, Map.of(), row.getLong(1), row.getLong(2), row.getInt(3), row.getLong(4));
      if (stored.isExpired(nowMillis)) {
        return Optional.empty();
      }
      Optional<Map<String, Object>> attributes = decode(row.getString(5), "the session counts as absent");
      if (attributes.isEmpty()) {
        return Optional.empty();
      }
      stored = stored.withAttributes(new LinkedHashMap<>(attributes.get()));
    }
    Map<String, Object> attributes = stored.attributes();
    Object next = fn.apply(attributes.get(name));
    if (next == null) {
      attributes.remove(name);
    } else {
      AttributeCodec.checkValue(name, next);
      attributes.put(name, next);
    }
    SessionData updated = stored.withLastAccessedAt(nowMillis);
    PreparedStatement update = pool.kept(connection, UPDATE_ALL);
    bindWholeRow(update, updated, attributes, AttributeCodec.encode(attributes));
    update.executeUpdate();
    return Optional.of(updated);
  }

  /**
   * Parameters 1-7 of {@link #UPDATE_ALL} and {@link #UPDATE_ALL_IF_REVISION}: the row of {@code data}'s id
   * holding {@code attributes} (encoded as {@code json}) and {@code data}'s times.
   */
  private static void bindWholeRow(
      PreparedStatement update, SessionData data, Map<String, Object> attributes, String json) throws SQLException {
    update.setString(1, json);
    update.setLong(2, data.lastAccessedAt());
    update.setInt(3, data.maxInactiveSeconds());
    update.setLong(4, data.absoluteDeadline());
    update.setLong(5, ExpiryColumn.of(data));
    update.setString(6, userOf(attributes));
    update.setString(7, data.id());
  }

  @Override
  public List<SessionData> findByUser(String user) {
    return pool.run("findByUser", connection -> {
      List<SessionData> found = new ArrayList<>();
      try (PreparedStatement select = prepare(connection, SELECT_BY_USER)) {
        long now = clock.millis();
        select.setString(1, user);
        // The column is a lower bound (ExpiryColumn): the range takes in every live row, the check below
        // leaves out those that expired within the last minute.
        select.setLong(2, ExpiryColumn.lowestLive(now));
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            SessionData stored = new SessionData(row.getString(1), Map.of(), row.getLong(2), row.getLong(3),
                row.getInt(4), row.getLong(5));
            if (stored.isExpired(now)) {
              continue;
            }
            decode(row.getString(6), "that session is left out").map(stored::withAttributes).ifPresent(found::add);
          }
        }
      }
      return found;
    });
  }

  @Override
  public long deleteByUser(String user) {
    return pool.run("deleteByUser", connection -> {
      int count;
      try (PreparedStatement delete = prepare(connection, DELETE_BY_USER)) {
        delete.setString(1, user);
        count = delete.executeUpdate();
      }
      afterWrite(connection);
      return (long) count;
    });
  }

  /** The indexed user column's value: the {@link #USER_ATTRIBUTE} as a string, or null. */
  private static String userOf(Map<String, Object> attributes) {
    Object user = attributes.get(USER_ATTRIBUTE);
    return user == null ? null : String.valueOf(user);
  }

  @Override
  public void delete(String id) {
    pool.run("delete", connection -> {
      PreparedStatement delete = pool.kept(connection, DELETE_SESSION);
      delete.setString(1, id);
      delete.executeUpdate();
      afterWrite(connection);
      return null;
    });
  }

  @Override
  public long deleteExpired(long nowMillis) {
    long total = 0;
    int batches = 0;
    int deleted;
    do {
      // A fresh connection per batch lets requests in between; each statement commits on its own.
      deleted = pool.run("deleteExpired", connection -> {
        int count;
        try (PreparedStatement delete = prepare(connection, dialect.deleteExpiredBatchSql())) {
          delete.setInt(ExpiryColumn.bindNow(delete, 1, nowMillis), DELETE_BATCH);
          count = delete.executeUpdate();
        }
        afterWrite(connection);
        return count;
      });
      total += deleted;
      batches++;
      if (batches % PROGRESS_EVERY_BATCHES == 0) {
        log.info("Deleting expired sessions: {} so far", total);
      }
    } while (deleted >= DELETE_BATCH);
    return total;
  }

  @Override
  public long deleteExpired(long nowMillis, Consumer<SessionData> onDeleted) {
    return expiry.deleteExpired(nowMillis, onDeleted);
  }

  @Override
  public Optional<SessionData> deleteIfExpired(String cookieValue, long nowMillis) {
    return expiry.deleteIfExpired(cookieValue, nowMillis);
  }

  @Override
  public void ping() {
    pool.run("ping", connection -> {
      if (!connection.isValid(ConnectionPool.VALID_CHECK_SECONDS)) {
        throw new SQLException("connection did not answer within " + ConnectionPool.VALID_CHECK_SECONDS + " s");
      }
      return null;
    });
  }

  @Override
  public String name() {
    return "jdbc";
  }

  /** The store's connection pool, so users and failed logins share it rather than opening a second one. */
  public DataSource dataSource() {
    return pool.dataSource();
  }

  @Override
  public void close() {
    pool.close();
  }

  private void afterWrite(Connection connection) throws SQLException {
    if (durable) {
      dialect.afterDurableCommit(connection);
    }
  }

  static Optional<Map<String, Object>> decode(String json, String consequence) {
    try {
      return Optional.of(AttributeCodec.decode(json));
    } catch (IllegalArgumentException | NullPointerException e) {
      // Never the id: it is a bearer credential. The codec's message names a position, not content.
      log.warn("Stored session attributes cannot be decoded ({}); {}", e.getMessage(), consequence);
      return Optional.empty();
    }
  }

  // The pool's statement carries store.command-timeout.
  private PreparedStatement prepare(Connection connection, String sql) throws SQLException {
    return pool.prepare(connection, sql);
  }
}
