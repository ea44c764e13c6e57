package dev.satchel.testing;

/**
 * The pile a cleanup test starts from, written behind the store's back: sessions {@code expired-N}, already
 * expired, and sessions {@code live-N}, live for another hour. The SQL is {@link SessionRows}'.
 */
public final class ExpiredRows {
  /** Id prefix of the sessions that are already expired. */
  public static final String EXPIRED = "expired-";
  /** Id prefix of the sessions that stay live for an hour. */
  public static final String LIVE = "live-";

  private static final long HOUR = 3_600_000;

  private ExpiredRows() {}

  /** Inserts {@code expired} sessions that expired just before {@code now} and {@code live} that last an hour. */
  public static void seed(SessionRows rows, int expired, int live, long now) {
    rows.insertExpiring(EXPIRED, expired, now - 1);
    rows.insertExpiring(LIVE, live, now + HOUR);
  }

  /** How many of the expired sessions are still stored. */
  public static long expiredLeft(SessionRows rows) {
    return rows.countStartingWith(EXPIRED);
  }

  /** How many of the live sessions are still stored. */
  public static long liveLeft(SessionRows rows) {
    return rows.countStartingWith(LIVE);
  }
}
