package dev.satchel.store.jdbc;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the JDBC store keeps sessions and how hard it tries to keep them.
 *
 * @param url a JDBC URL of a supported database: jdbc:h2: or jdbc:postgresql:
 * @param user database user
 * @param password database password
 * @param durable true: every committed write is on disk before the store returns (slower); false: the
 *     database's write delay applies, and a crash may lose the last second of writes
 */
public record JdbcOptions(String url, String user, String password, boolean durable) {

  public JdbcOptions {
    Objects.requireNonNull(url, "url");
    user = user == null ? "" : user;
    password = password == null ? "" : password;
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

  /** Never shows the password, nor a password written into the URL. */
  @Override
  public String toString() {
    String shownUrl = url.replaceAll("(?i)(password=)[^;&]*", "$1***");
    return "JdbcOptions[url=" + shownUrl + ", user=" + user + ", password=***, durable=" + durable + "]";
  }
}
