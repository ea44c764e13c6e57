package dev.satchel.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Writes session rows straight into a JDBC store's table, behind the store's back, with plain batch
 * inserts: the fast way to give a cleanup test a hundred thousand sessions.
 */
public final class ExpiredRows {
  private static final String INSERT = """
      INSERT INTO satchel_session
        (id, attributes, created_at, last_accessed_at, max_inactive_seconds, absolute_deadline, expires_at)
      VALUES (?, '{"n":1}', ?, ?, 60, 0, ?)
      """;

  private ExpiredRows() {}

  /** Inserts {@code count} sessions named {@code prefix + n}, all expiring at {@code expiresAt}. */
  public static void insert(String url, String prefix, int count, long expiresAt) {
    insert(url, "sa", prefix, count, expiresAt);
  }

  /** As {@link #insert(String, String, int, long)}, connecting as {@code user} with no password. */
  public static void insert(String url, String user, String prefix, int count, long expiresAt) {
    try (Connection connection = DriverManager.getConnection(url, user, "");
        PreparedStatement insert = connection.prepareStatement(INSERT)) {
      connection.setAutoCommit(false);
      for (int i = 0; i < count; i++) {
        insert.setString(1, prefix + i);
        insert.setLong(2, expiresAt - 60_000);
        insert.setLong(3, expiresAt - 60_000);
        insert.setLong(4, expiresAt);
        insert.addBatch();
        if (i % 5_000 == 4_999) {
          insert.executeBatch();
          connection.commit();
        }
      }
      insert.executeBatch();
      connection.commit();
    } catch (SQLException e) {
      throw new IllegalStateException("inserting test rows failed", e);
    }
  }

  /** How many session rows the table holds whose id starts with {@code prefix}. */
  public static long count(String url, String prefix) {
    return count(url, "sa", prefix);
  }

  /** As {@link #count(String, String)}, connecting as {@code user} with no password. */
  public static long count(String url, String user, String prefix) {
    try (Connection connection = DriverManager.getConnection(url, user, "");
        PreparedStatement select =
            connection.prepareStatement("SELECT COUNT(*) FROM satchel_session WHERE id LIKE ?")) {
      select.setString(1, prefix + "%");
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("counting test rows failed", e);
    }
  }
}
