package dev.satchel.store.jdbc;

import dev.satchel.session.SessionData;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes expired sessions and tells the caller which ones it removed, so that each expiry is reported by
 * exactly one node even when several clean the same database at once.
 *
 * <p>Portable SQL rather than a database's "delete returning" (H2's {@code OLD TABLE}, PostgreSQL's {@code
 * RETURNING}): a batch is selected, then deleted row by row with the expiry condition repeated. The update
 * count of each row's DELETE says whether this node removed it; a node that lost the race, or a row a
 * request refreshed in between, counts 0 and is not reported. Rows are deleted in id order inside one short
 * transaction per batch, so two nodes lock rows in the same order and cannot deadlock.
 */
final class JdbcExpiry {
  private static final Logger log = LoggerFactory.getLogger(JdbcExpiry.class);
  private static final int PROGRESS_EVERY_BATCHES = 10;

  private static final String SELECT_EXPIRED = """
      SELECT id, created_at, last_accessed_at, max_inactive_seconds, absolute_deadline, attributes
      FROM satchel_session
      WHERE %s
      FETCH FIRST ? ROWS ONLY
      """.formatted(ExpiryColumn.EXPIRED);
  private static final String SELECT_IF_EXPIRED = """
      SELECT id, created_at, last_accessed_at, max_inactive_seconds, absolute_deadline, attributes
      FROM satchel_session
      WHERE id = ? AND %s
      """.formatted(ExpiryColumn.EXPIRED);
  private static final String DELETE_IF_EXPIRED = """
      DELETE FROM satchel_session
      WHERE id = ? AND %s
      """.formatted(ExpiryColumn.EXPIRED);

  private final ConnectionPool pool;
  private final int batchSize;
  private final AfterWrite afterWrite;

  /** What the store does after each committed write (a sync in durable mode). */
  @FunctionalInterface
  interface AfterWrite {
    void run(Connection connection) throws SQLException;
  }

  JdbcExpiry(ConnectionPool pool, int batchSize, AfterWrite afterWrite) {
    this.pool = pool;
    this.batchSize = batchSize;
    this.afterWrite = afterWrite;
  }

  /** Removes every session expired at {@code nowMillis}, reporting each this call removed. */
  long deleteExpired(long nowMillis, Consumer<SessionData> onDeleted) {
    long total = 0;
    int batches = 0;
    int selected;
    do {
      List<SessionData> candidates = pool.run("deleteExpired", connection -> select(connection, nowMillis));
      selected = candidates.size();
      List<SessionData> removed = pool.run("deleteExpired", connection -> delete(connection, candidates, nowMillis));
      // Reported only now, after the commit: a listener never hears of a removal that was rolled back.
      removed.forEach(onDeleted);
      total += removed.size();
      batches++;
      if (batches % PROGRESS_EVERY_BATCHES == 0) {
        log.info("Deleting expired sessions: {} so far", total);
      }
    } while (selected >= batchSize);
    return total;
  }

  /** Removes the session {@code id} if it has expired at {@code nowMillis}; present when this call removed it. */
  Optional<SessionData> deleteIfExpired(String id, long nowMillis) {
    return pool.run("deleteIfExpired", connection -> {
      SessionData found;
      try (PreparedStatement select = prepare(connection, SELECT_IF_EXPIRED)) {
        select.setString(1, id);
        ExpiryColumn.bindNow(select, 2, nowMillis);
        try (ResultSet row = select.executeQuery()) {
          if (!row.next()) {
            return Optional.<SessionData>empty();
          }
          found = read(row);
        }
      }
      int count;
      try (PreparedStatement delete = prepare(connection, DELETE_IF_EXPIRED)) {
        delete.setString(1, id);
        ExpiryColumn.bindNow(delete, 2, nowMillis);
        count = delete.executeUpdate();
      }
      if (count == 0) {
        return Optional.<SessionData>empty();
      }
      afterWrite.run(connection);
      return Optional.of(found);
    });
  }

  private List<SessionData> select(Connection connection, long nowMillis) throws SQLException {
    List<SessionData> found = new ArrayList<>(batchSize);
    try (PreparedStatement select = prepare(connection, SELECT_EXPIRED)) {
      select.setInt(ExpiryColumn.bindNow(select, 1, nowMillis), batchSize);
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          found.add(read(row));
        }
      }
    }
    found.sort(Comparator.comparing(SessionData::id));
    return found;
  }

  private List<SessionData> delete(Connection connection, List<SessionData> candidates, long nowMillis)
      throws SQLException {
    List<SessionData> removed = new ArrayList<>(candidates.size());
    if (candidates.isEmpty()) {
      return removed;
    }
    ConnectionPool.inTransaction(connection, () -> {
      try (PreparedStatement delete = prepare(connection, DELETE_IF_EXPIRED)) {
        for (SessionData candidate : candidates) {
          delete.setString(1, candidate.id());
          ExpiryColumn.bindNow(delete, 2, nowMillis);
          delete.addBatch();
        }
        int[] counts = delete.executeBatch();
        for (int i = 0; i < counts.length; i++) {
          // SUCCESS_NO_INFO (-2) would mean "removed, count unknown"; H2 and PostgreSQL give real counts.
          if (counts[i] > 0 || counts[i] == java.sql.Statement.SUCCESS_NO_INFO) {
            removed.add(candidates.get(i));
          }
        }
      }
    });
    afterWrite.run(connection);
    return removed;
  }

  private static SessionData read(ResultSet row) throws SQLException {
    SessionData stored =
        new SessionData(row.getString(1), Map.of(), row.getLong(2), row.getLong(3), row.getInt(4), row.getLong(5));
    // Unreadable attributes still expire; listeners then see the session without them.
    return JdbcSessionStore.decode(row.getString(6), "the expired session is reported without attributes")
        .map(stored::withAttributes)
        .orElse(stored);
  }

  // The pool's statement carries store.command-timeout.
  private PreparedStatement prepare(Connection connection, String sql) throws SQLException {
    return pool.prepare(connection, sql);
  }
}
