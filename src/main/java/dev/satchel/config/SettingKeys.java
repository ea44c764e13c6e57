package dev.satchel.config;

import static dev.satchel.config.ValueParsers.autoOrBool;
import static dev.satchel.config.ValueParsers.bool;
import static dev.satchel.config.ValueParsers.cookieDomain;
import static dev.satchel.config.ValueParsers.cookieName;
import static dev.satchel.config.ValueParsers.cookiePath;
import static dev.satchel.config.ValueParsers.directory;
import static dev.satchel.config.ValueParsers.jdbcUrl;
import static dev.satchel.config.ValueParsers.oneOf;
import static dev.satchel.config.ValueParsers.redisUrl;
import static dev.satchel.config.ValueParsers.secret;
import static dev.satchel.config.ValueParsers.secretList;
import static dev.satchel.config.ValueParsers.text;
import static dev.satchel.config.ValueParsers.verbatim;
import static dev.satchel.config.ValueParsers.wholeNumber;

import dev.satchel.config.SettingKey.Display;
import dev.satchel.store.jdbc.JdbcOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every key Satchel reads, with its default and the values it accepts: the one list to extend when a
 * setting is added (one line here, then a getter on {@link Settings}). Defaults are the CONTRACT's table.
 */
final class SettingKeys {
  // Filled by define() as the constants below initialise, so it must be declared before them.
  private static final List<SettingKey<?>> DEFINED = new ArrayList<>();

  /** The shortest accepted signing secret, in characters. */
  static final int MIN_SECRET_LENGTH = 32;

  static final SettingKey<Integer> SERVER_PORT = define("server.port", "8080", wholeNumber(0, 65535, ""));
  // Each open connection holds buffers and a descriptor: the bound keeps a flood of idle ones from the heap.
  static final SettingKey<Integer> SERVER_MAX_CONNECTIONS =
      define("server.max-connections", "10000", wholeNumber(1, Integer.MAX_VALUE, "connections"));
  static final SettingKey<Path> DATA_DIR = define("data.dir", "./data", directory());
  static final SettingKey<Optional<String>> SESSION_SECRET =
      define("session.secret", "", secret(MIN_SECRET_LENGTH), Display.HIDDEN);
  static final SettingKey<List<String>> SESSION_SECRET_FALLBACKS =
      define("session.secret.fallbacks", "", secretList(MIN_SECRET_LENGTH), Display.HIDDEN);
  static final SettingKey<String> SESSION_STORE =
      define("session.store", "jdbc", oneOf("memory", "jdbc", "cookie", "redis", "cached-jdbc"));
  static final SettingKey<Integer> MEMORY_MAX_SESSIONS =
      define("session.memory.max-sessions", "100000", wholeNumber(1, Integer.MAX_VALUE, "sessions"));
  static final SettingKey<Optional<String>> JDBC_URL = define("jdbc.url", "", jdbcUrl(), Display.URL);
  static final SettingKey<String> JDBC_USER = define("jdbc.user", "sa", text());
  static final SettingKey<String> JDBC_PASSWORD = define("jdbc.password", "", verbatim(), Display.HIDDEN);
  static final SettingKey<Boolean> JDBC_DURABLE = define("jdbc.durable", "false", bool());
  static final SettingKey<Integer> JDBC_POOL_SIZE = define("jdbc.pool-size",
      String.valueOf(JdbcOptions.DEFAULT_POOL_SIZE), wholeNumber(1, JdbcOptions.MAX_POOL_SIZE, "connections"));
  static final SettingKey<String> REDIS_URL =
      define("redis.url", "redis://127.0.0.1:6379", redisUrl(), Display.URL);
  static final SettingKey<String> REDIS_KEY_PREFIX = define("redis.key-prefix", "satchel:", text());
  // store.*, not jdbc.* / redis.*: one pair bounds whichever server the sessions live on (and the users
  // database beside them), so an operator sets "how long may a request wait for the store" once.
  static final SettingKey<Integer> STORE_CONNECT_TIMEOUT =
      define("store.connect-timeout", "3", wholeNumber(1, 60, "seconds"));
  static final SettingKey<Integer> STORE_COMMAND_TIMEOUT =
      define("store.command-timeout", "3", wholeNumber(1, 60, "seconds"));
  // cached-jdbc's front cache: the defaults are CacheOptions.defaults(); StoreFactory builds the options from these.
  static final SettingKey<Integer> CACHE_TTL = define("session.cache.ttl", "60", wholeNumber(1, 86_400, "seconds"));
  static final SettingKey<Integer> CACHE_MAX_ENTRIES =
      define("session.cache.max-entries", "100000", wholeNumber(1, Integer.MAX_VALUE, "sessions"));
  static final SettingKey<Integer> SESSION_IDLE_TIMEOUT =
      define("session.idle-timeout", "1209600", wholeNumber(1, Integer.MAX_VALUE, "seconds"));
  static final SettingKey<Integer> SESSION_ABSOLUTE_TIMEOUT =
      define("session.absolute-timeout", "2592000", wholeNumber(0, Integer.MAX_VALUE, "seconds"));
  static final SettingKey<Boolean> SESSION_EXPIRE_AT_BROWSER_CLOSE =
      define("session.expire-at-browser-close", "false", bool());
  static final SettingKey<Boolean> SESSION_SAVE_EVERY_REQUEST = define("session.save-every-request", "false", bool());
  static final SettingKey<String> COOKIE_NAME = define("session.cookie.name", "sessionid", cookieName());
  static final SettingKey<Optional<Boolean>> COOKIE_SECURE = define("session.cookie.secure", "auto", autoOrBool());
  static final SettingKey<Boolean> COOKIE_HTTP_ONLY = define("session.cookie.http-only", "true", bool());
  static final SettingKey<String> COOKIE_SAME_SITE =
      define("session.cookie.same-site", "Lax", oneOf("Strict", "Lax", "None"));
  static final SettingKey<Optional<String>> COOKIE_DOMAIN = define("session.cookie.domain", "", cookieDomain());
  static final SettingKey<String> COOKIE_PATH = define("session.cookie.path", "/", cookiePath());
  static final SettingKey<Boolean> COOKIE_STORE_ENCRYPT = define("session.cookie-store.encrypt", "false", bool());
  static final SettingKey<Integer> SESSION_CLEANUP_INTERVAL =
      define("session.cleanup-interval", "600", wholeNumber(0, Integer.MAX_VALUE, "seconds"));
  static final SettingKey<Optional<String>> SESSION_ID_HEADER =
      define("session.id-header", "", NameParsers.headerName());
  static final SettingKey<List<String>> SESSION_LISTENERS = define("session.listeners", "", NameParsers.classNames());
  static final SettingKey<Boolean> SERVER_FORWARDED_HEADERS = define("server.forwarded-headers", "false", bool());
  static final SettingKey<Integer> AUTH_BCRYPT_COST = define("auth.bcrypt-cost", "12", wholeNumber(10, 16, ""));
  // Login throttle: the defaults are LoginThrottle.Policy.defaults(); AuthPages builds the policy from these.
  static final SettingKey<Integer> AUTH_THROTTLE_MAX_FAILURES_PER_USER =
      define("auth.throttle.max-failures-per-user", "5", wholeNumber(1, 1_000_000, "failures"));
  static final SettingKey<Integer> AUTH_THROTTLE_MAX_FAILURES_PER_ADDRESS =
      define("auth.throttle.max-failures-per-address", "50", wholeNumber(1, 1_000_000, "failures"));
  static final SettingKey<Integer> AUTH_THROTTLE_WINDOW =
      define("auth.throttle.window", "900", wholeNumber(1, 31_536_000, "seconds"));

  /** Key prefixes that mark a file entry as meant for Satchel, so an unknown one earns a warning. */
  static final List<String> OUR_PREFIXES = List.of("server.", "data.", "session.", "jdbc.", "redis.", "auth.", "store.");

  private static final Map<String, SettingKey<?>> BY_NAME = index();

  private SettingKeys() {}

  /** Every key, in the order of the table above. */
  static List<SettingKey<?>> all() {
    return Collections.unmodifiableList(DEFINED);
  }

  /** The key named {@code name}, or empty when Satchel has no such setting. */
  static Optional<SettingKey<?>> named(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /** Whether {@code name} starts like one of Satchel's keys, so an unknown one is likely a typo or too new. */
  static boolean looksLikeOurs(String name) {
    return OUR_PREFIXES.stream().anyMatch(name::startsWith);
  }

  private static <T> SettingKey<T> define(String name, String defaultValue, ValueParser<T> parser) {
    return define(name, defaultValue, parser, Display.PLAIN);
  }

  private static <T> SettingKey<T> define(String name, String defaultValue, ValueParser<T> parser, Display display) {
    var key = new SettingKey<>(name, defaultValue, parser, display);
    DEFINED.add(key);
    return key;
  }

  private static Map<String, SettingKey<?>> index() {
    Map<String, SettingKey<?>> byName = new LinkedHashMap<>();
    for (SettingKey<?> key : DEFINED) {
      if (byName.put(key.name(), key) != null) {
        throw new IllegalStateException("setting defined twice: " + key.name());
      }
    }
    return Collections.unmodifiableMap(byName);
  }
}
