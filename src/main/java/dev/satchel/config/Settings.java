package dev.satchel.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Satchel's settings, resolved and validated once. Each key comes from the first layer that has it:
 * command-line flag, environment variable (key upper-cased, '.' and '-' turned into '_'), JVM system
 * property, properties file (in the war: context init-parameters), built-in default. A bad value fails
 * construction with a {@link SettingsException} naming the key, the value and what is accepted.
 */
public final class Settings {

  /**
   * Resolves every key from the layers, highest precedence first.
   *
   * @param flags values given as command-line flags, by key
   * @param env the process environment ({@code System.getenv()} in production)
   * @param systemProperties JVM system properties
   * @param file the properties file layer (empty when there is none)
   */
  public static Settings resolve(
      Map<String, String> flags, Map<String, String> env, Properties systemProperties, Properties file) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** Settings from {@code values} over the defaults alone; for tests and embedding. */
  public static Settings of(Map<String, String> values) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** The same settings with one key replaced (validated). */
  public Settings with(String key, String value) {
    throw new UnsupportedOperationException("skeleton");
  }

  public int serverPort() { throw new UnsupportedOperationException("skeleton"); }

  public Path dataDir() { throw new UnsupportedOperationException("skeleton"); }

  /** {@code session.secret}; empty when unset (a secret is then generated into the data dir). */
  public Optional<String> secret() { throw new UnsupportedOperationException("skeleton"); }

  public List<String> secretFallbacks() { throw new UnsupportedOperationException("skeleton"); }

  /** {@code session.store}: one of memory, jdbc, cookie, redis, cached-jdbc. */
  public String store() { throw new UnsupportedOperationException("skeleton"); }

  /** {@code jdbc.url}; empty means the H2 file database {@code <data.dir>/satchel}. */
  public Optional<String> jdbcUrl() { throw new UnsupportedOperationException("skeleton"); }

  public String jdbcUser() { throw new UnsupportedOperationException("skeleton"); }

  public String jdbcPassword() { throw new UnsupportedOperationException("skeleton"); }

  public boolean jdbcDurable() { throw new UnsupportedOperationException("skeleton"); }

  public String redisUrl() { throw new UnsupportedOperationException("skeleton"); }

  public int idleTimeoutSeconds() { throw new UnsupportedOperationException("skeleton"); }

  /** {@code session.absolute-timeout} in seconds; 0 means none. */
  public long absoluteTimeoutSeconds() { throw new UnsupportedOperationException("skeleton"); }

  public boolean expireAtBrowserClose() { throw new UnsupportedOperationException("skeleton"); }

  public boolean saveEveryRequest() { throw new UnsupportedOperationException("skeleton"); }

  public String cookieName() { throw new UnsupportedOperationException("skeleton"); }

  /** {@code session.cookie.secure}: empty for {@code auto} (Secure when the request is HTTPS), else true or false. */
  public Optional<Boolean> cookieSecure() { throw new UnsupportedOperationException("skeleton"); }

  public boolean cookieHttpOnly() { throw new UnsupportedOperationException("skeleton"); }

  /** {@code Strict}, {@code Lax} or {@code None}, spelled so. */
  public String cookieSameSite() { throw new UnsupportedOperationException("skeleton"); }

  public Optional<String> cookieDomain() { throw new UnsupportedOperationException("skeleton"); }

  public String cookiePath() { throw new UnsupportedOperationException("skeleton"); }

  public int bcryptCost() { throw new UnsupportedOperationException("skeleton"); }
}
