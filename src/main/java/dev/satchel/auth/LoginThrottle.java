package dev.satchel.auth;

import static dev.satchel.auth.Sql.prepare;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Slows password guessing: a sliding window of failed logins per username and per client address, kept in
 * the database so the counts hold across restarts and across servers sharing it. Unknown usernames count
 * the same as known ones (so the throttle tells nothing about which names exist), and a block always ends
 * when the oldest counted failure leaves the window: never a permanent lock an attacker could impose.
 */
public final class LoginThrottle {
  /** The limits: at most {@code perUser} failures per username and {@code perAddress} per address in {@code window}. */
  public record Policy(int perUser, int perAddress, Duration window) {
    public Policy {
      if (perUser < 1 || perAddress < 1 || window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException("throttle limits must be at least 1 and the window positive: " + perUser
            + ", " + perAddress + ", " + window);
      }
    }

    /** 5 per username and 50 per address (many users may share one NAT address) in 15 minutes. */
    public static Policy defaults() {
      return new Policy(5, 50, Duration.ofMinutes(15));
    }
  }

  static final String USER = "user";
  static final String ADDRESS = "address";

  private static final String SELECT_RECENT = """
      SELECT failed_at
      FROM satchel_login_failure
      WHERE scope = ? AND subject = ? AND failed_at > ?
      ORDER BY failed_at
      """;
  private static final String INSERT = """
      INSERT INTO satchel_login_failure (scope, subject, failed_at)
      VALUES (?, ?, ?)
      """;
  private static final String DELETE_OLD = """
      DELETE FROM satchel_login_failure
      WHERE failed_at <= ?
      """;
  private static final String DELETE_SUBJECT = """
      DELETE FROM satchel_login_failure
      WHERE scope = ? AND subject = ?
      """;

  private final Sql sql;
  private final Clock clock;
  private final Policy policy;

  public LoginThrottle(DataSource dataSource, Clock clock, Policy policy) {
    this.sql = new Sql(dataSource);
    this.clock = clock;
    this.policy = policy;
  }

  /** How long until {@code usernameKey} from {@code address} may try again; empty when it may now. */
  public Optional<Duration> blockedFor(String usernameKey, String address) {
    long now = clock.millis();
    long since = now - policy.window().toMillis();
    return sql.run("throttleCheck", connection -> {
      long wait = Math.max(
          waitMillis(connection, USER, subject(usernameKey), policy.perUser(), since, now),
          waitMillis(connection, ADDRESS, subject(address), policy.perAddress(), since, now));
      return wait > 0 ? Optional.of(Duration.ofMillis(wait)) : Optional.empty();
    });
  }

  /** Counts one failed login for the username and the address, and forgets failures older than the window. */
  public void recordFailure(String usernameKey, String address) {
    long now = clock.millis();
    sql.run("throttleRecord", connection -> {
      try (PreparedStatement insert = prepare(connection, INSERT)) {
        insert.setString(1, USER);
        insert.setString(2, subject(usernameKey));
        insert.setLong(3, now);
        insert.addBatch();
        insert.setString(1, ADDRESS);
        insert.setString(2, subject(address));
        insert.setLong(3, now);
        insert.addBatch();
        insert.executeBatch();
      }
      try (PreparedStatement delete = prepare(connection, DELETE_OLD)) {
        delete.setLong(1, now - policy.window().toMillis());
        delete.executeUpdate();
      }
      return null;
    });
  }

  /**
   * Forgets the username's failures after a successful login. The address's stay: one account of one's
   * own must not reset the count an attacker runs up against others from the same address.
   */
  public void clearUser(String usernameKey) {
    sql.run("throttleClear", connection -> {
      try (PreparedStatement delete = prepare(connection, DELETE_SUBJECT)) {
        delete.setString(1, USER);
        delete.setString(2, subject(usernameKey));
        delete.executeUpdate();
      }
      return null;
    });
  }

  /** Milliseconds until fewer than {@code limit} failures of the subject remain in the window; 0 when already. */
  private static long waitMillis(Connection connection, String scope, String subject, int limit, long since,
      long now) throws SQLException {
    List<Long> times = new ArrayList<>();
    try (PreparedStatement select = prepare(connection, SELECT_RECENT)) {
      select.setString(1, scope);
      select.setString(2, subject);
      select.setLong(3, since);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          times.add(rows.getLong(1));
        }
      }
    }
    if (times.size() < limit) {
      return 0;
    }
    // The failure whose leaving brings the count below the limit, and when it leaves.
    long freedAt = times.get(times.size() - limit) + (now - since);
    return Math.max(1, freedAt - now);
  }

  /** The column holds 600 characters; a longer subject (only a hostile one) is cut, which still counts it. */
  private static String subject(String value) {
    String s = value == null ? "" : value;
    return s.length() > Usernames.MAX_KEY_LENGTH ? s.substring(0, Usernames.MAX_KEY_LENGTH) : s;
  }
}
