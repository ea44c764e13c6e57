package dev.satchel.testing;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * A fresh, empty PostgreSQL schema for one test class or test, dropped with everything in it on close, so
 * tests running at the same time on the shared server never see each other's rows. Call
 * {@link ExternalServices#requirePostgres()} first.
 */
public final class PostgresSchema implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String name;

  private PostgresSchema(String name) {
    this.name = name;
  }

  /** Creates {@code satchel_test_<random>}. */
  public static PostgresSchema create() {
    byte[] suffix = new byte[6];
    RANDOM.nextBytes(suffix);
    PostgresSchema schema = new PostgresSchema("satchel_test_" + HexFormat.of().formatHex(suffix));
    schema.execute("CREATE SCHEMA " + schema.name);
    return schema;
  }

  public String name() {
    return name;
  }

  /** The server's URL with {@code currentSchema} set, so unqualified table names land in this schema. */
  public String url() {
    String base = ExternalServices.POSTGRES_URL;
    return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + name;
  }

  public String user() {
    return ExternalServices.POSTGRES_USER;
  }

  /** A plain connection into this schema, for looking behind a store's back. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url(), user(), "");
  }

  @Override
  public void close() {
    execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
  }

  private void execute(String sql) {
    try (Connection c = DriverManager.getConnection(ExternalServices.POSTGRES_URL, ExternalServices.POSTGRES_USER, "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL test schema: " + e.getMessage(), e);
    }
  }
}
