package dev.satchel.store.jdbc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the JDBC store keeps sessions, how hard it tries to keep them, and how long it waits for them.
 *
 * @param url a JDBC URL of a supported database: jdbc:h2: or jdbc:postgresql:
 * @param user database user
 * @param password database password
 * @param durable true: every committed write is on disk before the store returns (slower); false: the
 *     database's write delay applies, and a crash may lose the last second of writes
 * @param connectTimeout how long opening a connection (and waiting for a pooled one) may take; whole seconds
 * @param commandTimeout how long one statement may take, on the server and on the wire; whole seconds
 * @param poolSize the most connections the store's pool holds open to the database (1 to 1000)
 */
public record JdbcOptions(
    String url, String user, String password, boolean durable, Duration connectTimeout, Duration commandTimeout,
    int poolSize) {
  /** At most 3 s each: a store outage must fail a request in seconds, never hang it. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
  /** Connections per pool unless {@code jdbc.pool-size} says otherwise. */
  public static final int DEFAULT_POOL_SIZE = 8;
  public static final int MAX_POOL_SIZE = 1000;

  public JdbcOptions {
    Objects.requireNonNull(url, "url");
    user = user == null ? "" : user;
    password = password == null ? "" : password;
    requireWholeSeconds(connectTimeout, "connectTimeout");
    requireWholeSeconds(commandTimeout, "commandTimeout");
    if (poolSize < 1 || poolSize > MAX_POOL_SIZE) {
      throw new IllegalArgumentException("poolSize must be from 1 to " + MAX_POOL_SIZE + ": " + poolSize);
    }
  }

  /** With the default pool size. */
  public JdbcOptions(
      String url, String user, String password, boolean durable, Duration connectTimeout, Duration commandTimeout) {
    this(url, user, password, durable, connectTimeout, commandTimeout, DEFAULT_POOL_SIZE);
  }

  /** With the default 3 s timeouts. */
  public JdbcOptions(String url, String user, String password, boolean durable) {
    this(url, user, password, durable, DEFAULT_TIMEOUT, DEFAULT_TIMEOUT);
  }

  /**
   * The embedded default: the H2 file database {@code <dataDir>/satchel} as user {@code sa} with an empty
   * password. AUTO_SERVER lets a second process (the CLI's clearsessions or createuser) use the database
   * while the server has it open: the first process opens the file and serves it to the others over a
   * local TCP port that H2 records in the lock file.
   */
  public static JdbcOptions h2File(Path dataDir, boolean durable) {
    Path base = dataDir.toAbsolutePath().normalize().resolve("satchel");
    return new JdbcOptions("jdbc:h2:file:" + base + ";AUTO_SERVER=TRUE", "sa", "", durable);
  }

  public JdbcOptions withTimeouts(Duration connect, Duration command) {
    return new JdbcOptions(url, user, password, durable, connect, command, poolSize);
  }

  public JdbcOptions withPoolSize(int size) {
    return new JdbcOptions(url, user, password, durable, connectTimeout, commandTimeout, size);
  }

  int connectTimeoutSeconds() {
    return (int) connectTimeout.toSeconds();
  }

  int commandTimeoutSeconds() {
    return (int) commandTimeout.toSeconds();
  }

  /** Never shows the password, nor a password written into the URL. */
  @Override
  public String toString() {
    String shownUrl = url.replaceAll("(?i)(password=)[^;&]*", "$1***");
    return "JdbcOptions[url=" + shownUrl + ", user=" + user + ", password=***, durable=" + durable
        + ", connectTimeout=" + connectTimeout + ", commandTimeout=" + commandTimeout + ", poolSize=" + poolSize + "]";
  }

  // JDBC drivers and the statement API count in whole seconds; a fraction would be silently dropped.
  private static void requireWholeSeconds(Duration timeout, String name) {
    Objects.requireNonNull(timeout, name);
    if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.toNanosPart() != 0 || timeout.toSeconds() > 3600) {
      throw new IllegalArgumentException(name + " must be a whole number of seconds from 1 to 3600: " + timeout);
    }
  }
}
