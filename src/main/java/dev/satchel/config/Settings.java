package dev.satchel.config;

import static dev.satchel.config.SettingKeys.AUTH_BCRYPT_COST;
import static dev.satchel.config.SettingKeys.AUTH_THROTTLE_MAX_FAILURES_PER_ADDRESS;
import static dev.satchel.config.SettingKeys.AUTH_THROTTLE_MAX_FAILURES_PER_USER;
import static dev.satchel.config.SettingKeys.AUTH_THROTTLE_WINDOW;
import static dev.satchel.config.SettingKeys.CACHE_MAX_ENTRIES;
import static dev.satchel.config.SettingKeys.CACHE_TTL;
import static dev.satchel.config.SettingKeys.COOKIE_DOMAIN;
import static dev.satchel.config.SettingKeys.COOKIE_HTTP_ONLY;
import static dev.satchel.config.SettingKeys.COOKIE_NAME;
import static dev.satchel.config.SettingKeys.COOKIE_PATH;
import static dev.satchel.config.SettingKeys.COOKIE_SAME_SITE;
import static dev.satchel.config.SettingKeys.COOKIE_SECURE;
import static dev.satchel.config.SettingKeys.COOKIE_STORE_ENCRYPT;
import static dev.satchel.config.SettingKeys.DATA_DIR;
import static dev.satchel.config.SettingKeys.JDBC_DURABLE;
import static dev.satchel.config.SettingKeys.JDBC_POOL_SIZE;
import static dev.satchel.config.SettingKeys.JDBC_PASSWORD;
import static dev.satchel.config.SettingKeys.JDBC_URL;
import static dev.satchel.config.SettingKeys.JDBC_USER;
import static dev.satchel.config.SettingKeys.REDIS_URL;
import static dev.satchel.config.SettingKeys.REDIS_KEY_PREFIX;
import static dev.satchel.config.SettingKeys.SERVER_MAX_CONNECTIONS;
import static dev.satchel.config.SettingKeys.SERVER_PORT;
import static dev.satchel.config.SettingKeys.SERVER_FORWARDED_HEADERS;
import static dev.satchel.config.SettingKeys.SESSION_ABSOLUTE_TIMEOUT;
import static dev.satchel.config.SettingKeys.SESSION_CLEANUP_INTERVAL;
import static dev.satchel.config.SettingKeys.SESSION_ID_HEADER;
import static dev.satchel.config.SettingKeys.SESSION_LISTENERS;
import static dev.satchel.config.SettingKeys.SESSION_EXPIRE_AT_BROWSER_CLOSE;
import static dev.satchel.config.SettingKeys.SESSION_IDLE_TIMEOUT;
import static dev.satchel.config.SettingKeys.MEMORY_MAX_SESSIONS;
import static dev.satchel.config.SettingKeys.SESSION_SAVE_EVERY_REQUEST;
import static dev.satchel.config.SettingKeys.SESSION_SECRET;
import static dev.satchel.config.SettingKeys.SESSION_SECRET_FALLBACKS;
import static dev.satchel.config.SettingKeys.SESSION_STORE;
import static dev.satchel.config.SettingKeys.STORE_COMMAND_TIMEOUT;
import static dev.satchel.config.SettingKeys.STORE_CONNECT_TIMEOUT;

import dev.satchel.config.ValueParser.Rejection;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Satchel's settings, resolved and validated once. Each key comes from the first layer that has it:
 * command-line flag, environment variable (key upper-cased, '.' and '-' turned into '_'), JVM system
 * property, properties file (in the war: context init-parameters), built-in default. A bad value fails
 * construction with a {@link SettingsException} naming the key, the value and what is accepted.
 */
public final class Settings {
  private static final Logger log = LoggerFactory.getLogger(Settings.class);

  /** Where a key's value came from, highest precedence first. */
  public enum Source {
    FLAG,
    ENVIRONMENT,
    SYSTEM_PROPERTY,
    FILE,
    DEFAULT
  }

  /** A key's text as given, and the layer that gave it. */
  private record Entry(String text, Source source) {}

  private final Map<SettingKey<?>, Entry> entries;
  private final Map<SettingKey<?>, Object> values;

  private Settings(Map<SettingKey<?>, Entry> entries) {
    this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    Map<SettingKey<?>, Object> parsed = new LinkedHashMap<>();
    for (SettingKey<?> key : SettingKeys.all()) {
      parsed.put(key, parse(key, this.entries.get(key).text()));
    }
    this.values = Collections.unmodifiableMap(parsed);
    CookieChecks.check(this);
  }

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
    requireKnown(flags.keySet());
    warnAboutUnknownKeys(file);
    Map<SettingKey<?>, Entry> entries = new LinkedHashMap<>();
    for (SettingKey<?> key : SettingKeys.all()) {
      entries.put(key, pick(key, flags, env, systemProperties, file));
    }
    return new Settings(entries);
  }

  /** Settings from {@code values} over the defaults alone; for tests and embedding. */
  public static Settings of(Map<String, String> values) {
    return resolve(values, Map.of(), new Properties(), new Properties());
  }

  /** The same settings with one key replaced (validated). */
  public Settings with(String key, String value) {
    SettingKey<?> settingKey = known(key);
    Map<SettingKey<?>, Entry> replaced = new LinkedHashMap<>(entries);
    replaced.put(settingKey, new Entry(value, Source.FLAG));
    return new Settings(replaced);
  }

  /** The layer that supplied {@code key}; for diagnostics such as a start-up log line. */
  public Source sourceOf(String key) {
    return entries.get(known(key)).source();
  }

  /**
   * Every key with its value as given, safe to print or log: secrets and passwords show as {@code (hidden)}
   * (or empty when unset), passwords inside URLs are masked.
   */
  public Map<String, String> asMap() {
    Map<String, String> shown = new LinkedHashMap<>();
    entries.forEach((key, entry) -> shown.put(key.name(), safeText(key, entry.text())));
    return Collections.unmodifiableMap(shown);
  }

  /** The environment variable that overrides {@code key}, such as {@code SESSION_IDLE_TIMEOUT}. */
  public static String envName(String key) {
    return SettingKey.envName(key);
  }

  public int serverPort() {
    return get(SERVER_PORT);
  }

  /** {@code server.max-connections}: open connections the embedded server accepts before new ones wait. */
  public int serverMaxConnections() {
    return get(SERVER_MAX_CONNECTIONS);
  }

  public Path dataDir() {
    return get(DATA_DIR);
  }

  /** {@code session.secret}; empty when unset (a secret is then generated into the data dir). */
  public Optional<String> secret() {
    return get(SESSION_SECRET);
  }

  public List<String> secretFallbacks() {
    return get(SESSION_SECRET_FALLBACKS);
  }

  /** {@code session.store}: one of memory, jdbc, cookie, redis, cached-jdbc. */
  public String store() {
    return get(SESSION_STORE);
  }

  /** {@code jdbc.url}; empty means the H2 file database {@code <data.dir>/satchel}. */
  public Optional<String> jdbcUrl() {
    return get(JDBC_URL);
  }

  public String jdbcUser() {
    return get(JDBC_USER);
  }

  public String jdbcPassword() {
    return get(JDBC_PASSWORD);
  }

  public boolean jdbcDurable() {
    return get(JDBC_DURABLE);
  }

  public int jdbcPoolSize() {
    return get(JDBC_POOL_SIZE);
  }

  public String redisUrl() {
    return get(REDIS_URL);
  }

  /** {@code redis.key-prefix}: put before every Redis key, so applications can share one Redis. */
  public String redisKeyPrefix() {
    return get(REDIS_KEY_PREFIX);
  }

  /** {@code store.connect-timeout}: seconds to open a connection to the store's server (or wait for a pooled one). */
  public int storeConnectTimeoutSeconds() {
    return get(STORE_CONNECT_TIMEOUT);
  }

  /** {@code store.command-timeout}: seconds one SQL statement or Redis command may take before it is an outage. */
  public int storeCommandTimeoutSeconds() {
    return get(STORE_COMMAND_TIMEOUT);
  }

  /** {@code session.cache.ttl}: seconds a cached-jdbc front-cache copy lives, the bound on how stale it can get. */
  public int cacheTtlSeconds() {
    return get(CACHE_TTL);
  }

  /** {@code session.cache.max-entries}: the in-process front cache's size bound (Redis keeps its own). */
  public int cacheMaxEntries() {
    return get(CACHE_MAX_ENTRIES);
  }

  public int idleTimeoutSeconds() {
    return get(SESSION_IDLE_TIMEOUT);
  }

  /** {@code session.absolute-timeout} in seconds; 0 means none. */
  public long absoluteTimeoutSeconds() {
    return get(SESSION_ABSOLUTE_TIMEOUT);
  }

  public boolean expireAtBrowserClose() {
    return get(SESSION_EXPIRE_AT_BROWSER_CLOSE);
  }

  /** {@code session.memory.max-sessions}: the memory store's bound; beyond it, it evicts. */
  public int memoryMaxSessions() {
    return get(MEMORY_MAX_SESSIONS);
  }

  public boolean saveEveryRequest() {
    return get(SESSION_SAVE_EVERY_REQUEST);
  }

  public String cookieName() {
    return get(COOKIE_NAME);
  }

  /** {@code session.cookie.secure}: empty for {@code auto} (Secure when the request is HTTPS), else true or false. */
  public Optional<Boolean> cookieSecure() {
    return get(COOKIE_SECURE);
  }

  public boolean cookieHttpOnly() {
    return get(COOKIE_HTTP_ONLY);
  }

  /** {@code Strict}, {@code Lax} or {@code None}, spelled so. */
  public String cookieSameSite() {
    return get(COOKIE_SAME_SITE);
  }

  public Optional<String> cookieDomain() {
    return get(COOKIE_DOMAIN);
  }

  public String cookiePath() {
    return get(COOKIE_PATH);
  }

  /** With {@code session.store=cookie}: true encrypts the cookie (AES-GCM), so its holder cannot read it. */
  public boolean cookieStoreEncrypt() {
    return get(COOKIE_STORE_ENCRYPT);
  }

  /** {@code session.cleanup-interval}: seconds between runs of the expired-session reaper; 0 = no reaper. */
  public int cleanupIntervalSeconds() {
    return get(SESSION_CLEANUP_INTERVAL);
  }

  /** {@code session.id-header}: a header that may carry the signed session id instead of the cookie. */
  public Optional<String> idHeader() {
    return get(SESSION_ID_HEADER);
  }

  /** {@code session.listeners}: class names of session listeners to create and register at start. */
  public List<String> sessionListeners() {
    return get(SESSION_LISTENERS);
  }

  /** {@code server.forwarded-headers}: trust X-Forwarded-* and Forwarded from a reverse proxy. */
  public boolean forwardedHeaders() {
    return get(SERVER_FORWARDED_HEADERS);
  }

  public int bcryptCost() {
    return get(AUTH_BCRYPT_COST);
  }

  /** {@code auth.throttle.max-failures-per-user}: failed logins for one username in the window before 429. */
  public int throttleMaxFailuresPerUser() {
    return get(AUTH_THROTTLE_MAX_FAILURES_PER_USER);
  }

  /** {@code auth.throttle.max-failures-per-address}: failed logins from one client address in the window before 429. */
  public int throttleMaxFailuresPerAddress() {
    return get(AUTH_THROTTLE_MAX_FAILURES_PER_ADDRESS);
  }

  /** {@code auth.throttle.window}: seconds a failed login keeps counting. */
  public int throttleWindowSeconds() {
    return get(AUTH_THROTTLE_WINDOW);
  }

  /** Safe to log: the same masking as {@link #asMap()}. */
  @Override
  public String toString() {
    return "Settings" + asMap();
  }

  @SuppressWarnings("unchecked") // values holds, for each key, what that key's own parser returned
  private <T> T get(SettingKey<T> key) {
    return (T) values.get(key);
  }

  private static <T> T parse(SettingKey<T> key, String text) {
    try {
      return key.parser().parse(text);
    } catch (Rejection rejection) {
      throw new SettingsException(key.name() + ": " + key.shown(text) + " " + rejection.reason());
    }
  }

  private static Entry pick(
      SettingKey<?> key, Map<String, String> flags, Map<String, String> env, Properties system, Properties file) {
    String name = key.name();
    if (flags.get(name) != null) {
      return new Entry(flags.get(name), Source.FLAG);
    }
    if (env.get(key.envName()) != null) {
      return new Entry(env.get(key.envName()), Source.ENVIRONMENT);
    }
    if (system.getProperty(name) != null) {
      return new Entry(system.getProperty(name), Source.SYSTEM_PROPERTY);
    }
    if (file.getProperty(name) != null) {
      return new Entry(file.getProperty(name), Source.FILE);
    }
    return new Entry(key.defaultValue(), Source.DEFAULT);
  }

  private static String safeText(SettingKey<?> key, String text) {
    return switch (key.display()) {
      case HIDDEN -> text.isBlank() ? "" : SettingKey.HIDDEN_TEXT;
      case URL -> Redaction.url(text.strip());
      case PLAIN -> text.strip();
    };
  }

  // A later version may add keys that this one does not know: warn, so a typo is noticed, but carry on.
  private static void warnAboutUnknownKeys(Properties file) {
    for (String name : new TreeSet<>(file.stringPropertyNames())) {
      if (SettingKeys.named(name).isEmpty() && SettingKeys.looksLikeOurs(name)) {
        log.warn("Ignoring unknown setting {} in the configuration file", Redaction.oneLine(name));
      }
    }
  }

  // Flags and with() come from code, never from a user's file: an unknown key there is a bug to report.
  private static void requireKnown(Iterable<String> names) {
    names.forEach(Settings::known);
  }

  private static SettingKey<?> known(String name) {
    return SettingKeys.named(name)
        .orElseThrow(() -> new SettingsException(Redaction.oneLine(name) + ": is not a Satchel setting"));
  }
}
