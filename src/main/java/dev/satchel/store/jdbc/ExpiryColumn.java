package dev.satchel.store.jdbc;

import dev.satchel.session.SessionData;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The indexed {@code expires_at} column of {@code satchel_session}: a session's expiry rounded <em>down</em> to
 * the minute, so that it finds expired rows with a range scan without changing on every write.
 *
 * <p>Every write moves a session's expiry by a few seconds (the idle limit slides with each request). Stored
 * exactly, it would make every write also update the {@code expires_at} index: H2 removes and re-inserts the
 * index entry (select + conditional update measured 30 vs 50 µs with and without it), and PostgreSQL cannot
 * make the update a HOT update, so it writes a new entry into every index of the table. Rounded down to the
 * minute, the column changes at most once a minute per session and the other writes leave the index alone.
 *
 * <p>The price is that the column is now a lower bound: a row with {@code expires_at <= now} may still be live
 * for up to a minute. So every statement that selects expired rows repeats the exact condition ({@link
 * #EXPIRED}, the same test as {@link SessionData#isExpired}) after the indexed one, and every reader of live
 * rows either checks {@code isExpired} itself or widens its range by {@link #GRANULARITY_MILLIS}. Rows written
 * before this rounding hold the exact expiry, which is a lower bound too.
 */
final class ExpiryColumn {
  static final long GRANULARITY_MILLIS = 60_000;

  /**
   * Expired at the moment bound three times ({@link #bindNow}): the indexed lower bound first, so the
   * database scans only the candidates, then the exact condition of {@link SessionData#isExpired}.
   */
  static final String EXPIRED = """
      expires_at <= ?
        AND ((max_inactive_seconds >= 0 AND last_accessed_at + 1000 * CAST(max_inactive_seconds AS BIGINT) <= ?)
          OR (absolute_deadline > 0 AND absolute_deadline <= ?))""";

  private ExpiryColumn() {}

  /** The value to store for {@code data}: its expiry rounded down to the minute; "never" stays never. */
  static long of(SessionData data) {
    long expiresAt = data.expiresAt();
    return expiresAt == Long.MAX_VALUE ? expiresAt : Math.floorDiv(expiresAt, GRANULARITY_MILLIS) * GRANULARITY_MILLIS;
  }

  /** Binds {@code nowMillis} to the three parameters of {@link #EXPIRED} from {@code first}; the next index. */
  static int bindNow(PreparedStatement statement, int first, long nowMillis) throws SQLException {
    statement.setLong(first, nowMillis);
    statement.setLong(first + 1, nowMillis);
    statement.setLong(first + 2, nowMillis);
    return first + 3;
  }

  /** The lowest column value a session live at {@code nowMillis} can have. */
  static long lowestLive(long nowMillis) {
    return nowMillis - GRANULARITY_MILLIS;
  }
}
