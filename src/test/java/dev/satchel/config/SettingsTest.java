package dev.satchel.config;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

class SettingsTest {
  private static final String SECRET = "s3cret-s3cret-s3cret-s3cret-s3cret-42";
  private static final String OLD_SECRET = "old-old-old-old-old-old-old-old-old-old";

  @Test
  void defaultsAreTheContractTable() {
    Settings settings = Settings.of(Map.of());
    assertAll(
        () -> assertEquals(8080, settings.serverPort()),
        () -> assertEquals(Path.of("data").toAbsolutePath(), settings.dataDir()),
        () -> assertEquals(Optional.empty(), settings.secret()),
        () -> assertEquals(List.of(), settings.secretFallbacks()),
        () -> assertEquals("jdbc", settings.store()),
        () -> assertEquals(Optional.empty(), settings.jdbcUrl()),
        () -> assertEquals("sa", settings.jdbcUser()),
        () -> assertEquals("", settings.jdbcPassword()),
        () -> assertFalse(settings.jdbcDurable()),
        () -> assertEquals("redis://127.0.0.1:6379", settings.redisUrl()),
        () -> assertEquals(1_209_600, settings.idleTimeoutSeconds()),
        () -> assertEquals(2_592_000L, settings.absoluteTimeoutSeconds()),
        () -> assertFalse(settings.expireAtBrowserClose()),
        () -> assertFalse(settings.saveEveryRequest()),
        () -> assertEquals("sessionid", settings.cookieName()),
        () -> assertEquals(Optional.empty(), settings.cookieSecure()),
        () -> assertTrue(settings.cookieHttpOnly()),
        () -> assertEquals("Lax", settings.cookieSameSite()),
        () -> assertEquals(Optional.empty(), settings.cookieDomain()),
        () -> assertEquals("/", settings.cookiePath()),
        () -> assertEquals(12, settings.bcryptCost()),
        () -> assertEquals(600, settings.cleanupIntervalSeconds()),
        () -> assertEquals(Optional.empty(), settings.idHeader()),
        () -> assertEquals(List.of(), settings.sessionListeners()),
        () -> assertFalse(settings.forwardedHeaders()));
  }

  @Test
  void lifecycleKeysRejectBadValuesWithOneLine() {
    assertEquals("session.id-header: 'X Token' is not a header name such as X-Session-Token (or empty for none)",
        assertThrows(SettingsException.class, () -> Settings.of(Map.of("session.id-header", "X Token"))).getMessage());
    assertEquals("session.listeners: 'com.example.A, 1bad' is not a comma-separated list of class names"
        + " ('1bad' is not one)",
        assertThrows(SettingsException.class,
            () -> Settings.of(Map.of("session.listeners", "com.example.A, 1bad"))).getMessage());
    assertEquals(List.of("com.example.A", "com.example.B"),
        Settings.of(Map.of("session.listeners", " com.example.A ,com.example.B")).sessionListeners());
    assertEquals(0, Settings.of(Map.of("session.cleanup-interval", "0")).cleanupIntervalSeconds());
  }

  @Test
  void loginThrottleKeysDefaultToTheDocumentedLimitsAndRejectBadValues() {
    Settings defaults = Settings.of(Map.of());
    assertEquals(5, defaults.throttleMaxFailuresPerUser());
    assertEquals(50, defaults.throttleMaxFailuresPerAddress());
    assertEquals(900, defaults.throttleWindowSeconds());

    Settings set = Settings.of(Map.of("auth.throttle.max-failures-per-user", "3",
        "auth.throttle.max-failures-per-address", "20", "auth.throttle.window", "60"));
    assertEquals(3, set.throttleMaxFailuresPerUser());
    assertEquals(20, set.throttleMaxFailuresPerAddress());
    assertEquals(60, set.throttleWindowSeconds());

    assertEquals("auth.throttle.max-failures-per-user: '0' is not a whole number of failures from 1 to 1000000",
        assertThrows(SettingsException.class,
            () -> Settings.of(Map.of("auth.throttle.max-failures-per-user", "0"))).getMessage());
    assertEquals("auth.throttle.max-failures-per-address: 'many' is not a whole number of failures from 1 to 1000000",
        assertThrows(SettingsException.class,
            () -> Settings.of(Map.of("auth.throttle.max-failures-per-address", "many"))).getMessage());
    assertEquals("auth.throttle.window: '15m' is not a whole number of seconds from 1 to 31536000",
        assertThrows(SettingsException.class,
            () -> Settings.of(Map.of("auth.throttle.window", "15m"))).getMessage());
  }

  @Test
  void frontCacheKeysDefaultToTheDocumentedCacheAndRejectBadValues() {
    Settings defaults = Settings.of(Map.of());
    assertEquals(60, defaults.cacheTtlSeconds());
    assertEquals(100_000, defaults.cacheMaxEntries());
    assertEquals(30, Settings.of(Map.of("session.cache.ttl", "30")).cacheTtlSeconds());
    assertEquals(500, Settings.of(Map.of("session.cache.max-entries", "500")).cacheMaxEntries());

    assertEquals("session.cache.ttl: '0' is not a whole number of seconds from 1 to 86400",
        assertThrows(SettingsException.class, () -> Settings.of(Map.of("session.cache.ttl", "0"))).getMessage());
    assertEquals("session.cache.ttl: '1m' is not a whole number of seconds from 1 to 86400",
        assertThrows(SettingsException.class, () -> Settings.of(Map.of("session.cache.ttl", "1m"))).getMessage());
    assertEquals("session.cache.max-entries: '-5' is not a whole number of sessions from 1 to 2147483647",
        assertThrows(SettingsException.class,
            () -> Settings.of(Map.of("session.cache.max-entries", "-5"))).getMessage());
  }

  @Test
  void everyKeyIsListedOnceWithItsSource() {
    Map<String, String> shown = Settings.of(Map.of()).asMap();
    // Every key of the contract's table is there; keys added since (one line in SettingKeys) come along.
    List<String> contractKeys = List.of("server.port", "data.dir", "session.secret", "session.secret.fallbacks",
        "session.store", "jdbc.url", "jdbc.user", "jdbc.password", "jdbc.durable", "redis.url",
        "session.idle-timeout", "session.absolute-timeout", "session.expire-at-browser-close",
        "session.save-every-request", "session.cookie.name", "session.cookie.secure", "session.cookie.http-only",
        "session.cookie.same-site", "session.cookie.domain", "session.cookie.path", "auth.bcrypt-cost");
    assertTrue(shown.keySet().containsAll(contractKeys), () -> "missing: " + contractKeys);
    assertEquals(SettingKeys.all().stream().map(SettingKey::name).toList(), List.copyOf(shown.keySet()));
    assertEquals(Settings.Source.DEFAULT, Settings.of(Map.of()).sourceOf("server.port"));
  }

  @Test
  void flagBeatsEnvironment() {
    Settings settings = layered(Map.of("server.port", "1001"), Map.of("SERVER_PORT", "1002"), "1003", "1004");
    assertEquals(1001, settings.serverPort());
    assertEquals(Settings.Source.FLAG, settings.sourceOf("server.port"));
  }

  @Test
  void environmentBeatsSystemProperty() {
    Settings settings = layered(Map.of(), Map.of("SERVER_PORT", "1002"), "1003", "1004");
    assertEquals(1002, settings.serverPort());
    assertEquals(Settings.Source.ENVIRONMENT, settings.sourceOf("server.port"));
  }

  @Test
  void systemPropertyBeatsFile() {
    Settings settings = layered(Map.of(), Map.of(), "1003", "1004");
    assertEquals(1003, settings.serverPort());
    assertEquals(Settings.Source.SYSTEM_PROPERTY, settings.sourceOf("server.port"));
  }

  @Test
  void fileBeatsDefault() {
    Settings settings = layered(Map.of(), Map.of(), null, "1004");
    assertEquals(1004, settings.serverPort());
    assertEquals(Settings.Source.FILE, settings.sourceOf("server.port"));
  }

  @Test
  void environmentNamesAreUpperCaseWithUnderscores() {
    Settings settings = Settings.resolve(Map.of(),
        Map.of("SESSION_IDLE_TIMEOUT", "60", "SESSION_COOKIE_SAME_SITE", "Strict",
            "JDBC_URL", "jdbc:postgresql://db/satchel", "session.store", "memory"),
        new Properties(), new Properties());
    assertEquals(60, settings.idleTimeoutSeconds());
    assertEquals("Strict", settings.cookieSameSite());
    assertEquals(Optional.of("jdbc:postgresql://db/satchel"), settings.jdbcUrl());
    assertEquals("jdbc", settings.store(), "the key's own spelling is not an environment name");
    assertEquals("SESSION_EXPIRE_AT_BROWSER_CLOSE", Settings.envName("session.expire-at-browser-close"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      server.port              | abc      | server.port: 'abc' is not a whole number from 0 to 65535
      server.port              | 65536    | server.port: '65536' is not a whole number from 0 to 65535
      server.port              | ""       | server.port: '' is not a whole number from 0 to 65535
      session.store            | mongo    | session.store: 'mongo' is not one of memory, jdbc, cookie, redis, cached-jdbc
      auth.bcrypt-cost         | 9        | auth.bcrypt-cost: '9' is not a whole number from 10 to 16
      auth.bcrypt-cost         | 17       | auth.bcrypt-cost: '17' is not a whole number from 10 to 16
      session.idle-timeout     | 0        | session.idle-timeout: '0' is not a whole number of seconds from 1 to 2147483647
      session.idle-timeout     | 1.5      | session.idle-timeout: '1.5' is not a whole number of seconds from 1 to 2147483647
      session.absolute-timeout | -1       | session.absolute-timeout: '-1' is not a whole number of seconds from 0 to 2147483647
      session.cookie.same-site | Loose    | session.cookie.same-site: 'Loose' is not one of Strict, Lax, None
      session.cookie.secure    | yes      | session.cookie.secure: 'yes' is not one of auto, true, false
      session.cookie.http-only | 1        | session.cookie.http-only: '1' is not one of true, false
      jdbc.durable             | on       | jdbc.durable: 'on' is not one of true, false
      session.cookie.name      | my;id    | "session.cookie.name: 'my;id' is not a cookie name (letters, digits and !#$%&'*+-.^_`|~ only)"
      session.cookie.path      | app      | session.cookie.path: 'app' is not a path starting with / (without ';', spaces or control characters)
      session.cookie.domain    | a b.com  | session.cookie.domain: 'a b.com' is not a host name such as example.com (or empty for none)
      jdbc.url                 | postgres | jdbc.url: 'postgres' is not a JDBC URL such as jdbc:postgresql://host/db (or empty for H2 in data.dir)
      redis.url                | http://x | redis.url: 'http://x' is not a redis:// or rediss:// URL with a host
      """)
  void badValueNamesKeyValueAndWhatIsAccepted(String key, String value, String expected) {
    var error = assertThrows(SettingsException.class, () -> Settings.of(Map.of(key, value)));
    assertEquals(expected, error.getMessage());
  }

  @Test
  void storeTimeoutsDefaultToThreeSecondsAndAcceptOneToSixty() {
    Settings defaults = Settings.of(Map.of());
    assertEquals(3, defaults.storeConnectTimeoutSeconds());
    assertEquals(3, defaults.storeCommandTimeoutSeconds());
    for (String key : List.of("store.connect-timeout", "store.command-timeout")) {
      for (String bad : List.of("0", "61", "1.5", "3s", "")) {
        assertEquals(key + ": '" + bad + "' is not a whole number of seconds from 1 to 60",
            assertThrows(SettingsException.class, () -> Settings.of(Map.of(key, bad))).getMessage());
      }
    }
    Settings set = Settings.of(Map.of("store.connect-timeout", "1", "store.command-timeout", "60"));
    assertEquals(1, set.storeConnectTimeoutSeconds());
    assertEquals(60, set.storeCommandTimeoutSeconds());
    // Both stores with a server get them.
    assertEquals(java.time.Duration.ofSeconds(1), StoreFactory.jdbcOptions(set).connectTimeout());
    assertEquals(java.time.Duration.ofSeconds(60), StoreFactory.jdbcOptions(set).commandTimeout());
    assertEquals(java.time.Duration.ofSeconds(1), StoreFactory.redisOptions(set).connectTimeout());
    assertEquals(java.time.Duration.ofSeconds(60), StoreFactory.redisOptions(set).commandTimeout());
    assertEquals(Settings.Source.ENVIRONMENT, Settings.resolve(Map.of(), Map.of("STORE_COMMAND_TIMEOUT", "2"),
        new Properties(), new Properties()).sourceOf("store.command-timeout"));
  }

  @Test
  void jdbcPoolSizeDefaultsToEightAndReachesTheStore() {
    assertEquals(8, StoreFactory.jdbcOptions(Settings.of(Map.of())).poolSize());
    assertEquals(2, StoreFactory.jdbcOptions(Settings.of(Map.of("jdbc.pool-size", "2"))).poolSize());
    for (String bad : List.of("0", "1001", "-1", "8.5", "")) {
      assertEquals("jdbc.pool-size: '" + bad + "' is not a whole number of connections from 1 to 1000",
          assertThrows(SettingsException.class, () -> Settings.of(Map.of("jdbc.pool-size", bad))).getMessage());
    }
  }

  @Test
  void messageStaysOnOneLineWhateverTheValue() {
    var error = assertThrows(SettingsException.class, () -> Settings.of(Map.of("session.store", "jdbc\nx")));
    assertEquals("session.store: 'jdbc\\nx' is not one of memory, jdbc, cookie, redis, cached-jdbc",
        error.getMessage());
  }

  @Test
  void namesAreTrimmedAndCaseInsensitiveButReturnedCanonical() {
    Settings settings = Settings.of(Map.of(
        "session.cookie.same-site", "strict ", "session.store", " MEMORY", "jdbc.durable", "TRUE",
        "session.cookie.secure", "False", "server.port", " 0 "));
    assertEquals("Strict", settings.cookieSameSite());
    assertEquals("memory", settings.store());
    assertTrue(settings.jdbcDurable());
    assertEquals(Optional.of(false), settings.cookieSecure());
    assertEquals(0, settings.serverPort());
  }

  @Test
  void shortSecretIsRejectedWithoutShowingIt() {
    var error = assertThrows(SettingsException.class, () -> Settings.of(Map.of("session.secret", "tooshort-secret")));
    assertEquals("session.secret: (hidden) is shorter than the minimum of 32 characters", error.getMessage());
  }

  @Test
  void shortFallbackIsRejectedWithoutShowingIt() {
    var error = assertThrows(SettingsException.class,
        () -> Settings.of(Map.of("session.secret.fallbacks", OLD_SECRET + ",weak-fallback")));
    assertEquals("session.secret.fallbacks: (hidden) has an entry shorter than the minimum of 32 characters",
        error.getMessage());
    assertFalse(error.getMessage().contains("weak-fallback"));
  }

  @Test
  void secretNeverAppearsInMessagesOrListings() {
    Settings good = Settings.of(Map.of("session.secret", SECRET, "jdbc.password", "pw-9f8e7d",
        "redis.url", "redis://:redis-pw-1@cache:6379"));
    String listing = good.asMap().toString() + good;
    assertFalse(listing.contains(SECRET));
    assertFalse(listing.contains("pw-9f8e7d"));
    assertFalse(listing.contains("redis-pw-1"));
    assertEquals("(hidden)", good.asMap().get("session.secret"));
    assertEquals("redis://:(hidden)@cache:6379", good.asMap().get("redis.url"));

    var commaError = assertThrows(SettingsException.class,
        () -> Settings.of(Map.of("session.secret", SECRET + "," + SECRET)));
    assertFalse(commaError.getMessage().contains(SECRET));
    var redisError = assertThrows(SettingsException.class,
        () -> Settings.of(Map.of("redis.url", "redis://:redis-pw-1@")));
    assertFalse(redisError.getMessage().contains("redis-pw-1"), redisError.getMessage());
    var jdbcError = assertThrows(SettingsException.class,
        () -> Settings.of(Map.of("jdbc.url", "postgres://u:pg-pw-2@db/x?password=pg-pw-3")));
    assertFalse(jdbcError.getMessage().contains("pg-pw-"), jdbcError.getMessage());
  }

  @Test
  void emptySecretMeansGenerated() {
    assertEquals(Optional.empty(), Settings.of(Map.of("session.secret", "  ")).secret());
    assertEquals(Optional.of(SECRET), Settings.of(Map.of("session.secret", " " + SECRET)).secret());
  }

  @Test
  void fallbacksAreTrimmedAndEmptiesDropped() {
    Settings settings = Settings.of(Map.of("session.secret.fallbacks", " " + OLD_SECRET + " ,, " + SECRET + ","));
    assertEquals(List.of(OLD_SECRET, SECRET), settings.secretFallbacks());
  }

  @Test
  void sameSiteNoneRequiresSecure() {
    var error = assertThrows(SettingsException.class, () -> Settings.of(Map.of("session.cookie.same-site", "none")));
    assertEquals("session.cookie.same-site: 'None' requires session.cookie.secure=true, not 'auto'",
        error.getMessage());
    Settings ok = Settings.of(Map.of("session.cookie.same-site", "none", "session.cookie.secure", "true"));
    assertEquals("None", ok.cookieSameSite());
  }

  @Test
  void hostPrefixRequiresSecureRootPathAndNoDomain() {
    Map<String, String> host = new HashMap<>(Map.of("session.cookie.name", "__Host-sid"));
    assertEquals("session.cookie.name: '__Host-sid' (prefix __Host-) requires session.cookie.secure=true, not 'auto'",
        assertThrows(SettingsException.class, () -> Settings.of(host)).getMessage());

    host.put("session.cookie.secure", "true");
    host.put("session.cookie.path", "/app");
    assertEquals("session.cookie.name: '__Host-sid' (prefix __Host-) requires session.cookie.path=/, not '/app'",
        assertThrows(SettingsException.class, () -> Settings.of(host)).getMessage());

    host.put("session.cookie.path", "/");
    host.put("session.cookie.domain", "example.com");
    assertEquals("session.cookie.name: '__Host-sid' (prefix __Host-) requires session.cookie.domain to be empty,"
            + " not 'example.com'",
        assertThrows(SettingsException.class, () -> Settings.of(host)).getMessage());

    host.remove("session.cookie.domain");
    assertEquals("__Host-sid", Settings.of(host).cookieName());
  }

  @Test
  void securePrefixRequiresSecure() {
    var error = assertThrows(SettingsException.class, () -> Settings.of(
        Map.of("session.cookie.name", "__Secure-sid", "session.cookie.secure", "false")));
    assertEquals("session.cookie.name: '__Secure-sid' (prefix __Secure-) requires session.cookie.secure=true,"
        + " not 'false'", error.getMessage());
    Settings ok = Settings.of(Map.of("session.cookie.name", "__Secure-sid", "session.cookie.secure", "true",
        "session.cookie.domain", "example.com", "session.cookie.path", "/app"));
    assertEquals(Optional.of(true), ok.cookieSecure());
  }

  @Test
  void dataDirIsAbsolute(@TempDir Path tmp) {
    assertTrue(Settings.of(Map.of("data.dir", "rel/dir")).dataDir().isAbsolute());
    assertEquals(tmp, Settings.of(Map.of("data.dir", tmp + "/./")).dataDir());
  }

  @Test
  void withReplacesOneKeyAndValidatesIt() {
    Settings settings = Settings.of(Map.of("server.port", "9000"));
    assertEquals(0, settings.with("server.port", "0").serverPort());
    assertEquals(9000, settings.serverPort());
    assertThrows(SettingsException.class, () -> settings.with("server.port", "-1"));
    assertEquals("server.prot: is not a Satchel setting",
        assertThrows(SettingsException.class, () -> settings.with("server.prot", "1")).getMessage());
  }

  @Test
  void unknownFileKeyThatLooksLikeOursIsWarnedNotFatal() {
    var appender = new ListAppender<ILoggingEvent>();
    appender.start();
    var logger = (Logger) LoggerFactory.getLogger(Settings.class);
    logger.addAppender(appender);
    try {
      var file = new Properties();
      file.setProperty("session.idle-timeuot", "60");
      file.setProperty("unrelated.key", "x");
      Settings.resolve(Map.of(), Map.of(), new Properties(), file);
    } finally {
      logger.detachAppender(appender);
    }
    assertEquals(List.of("Ignoring unknown setting session.idle-timeuot in the configuration file"),
        appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
  }

  @Test
  void explicitConfigFileMustExist(@TempDir Path tmp) {
    Path missing = tmp.resolve("nope.properties");
    var error = assertThrows(SettingsException.class, () -> SettingsFiles.load(Optional.of(missing), tmp));
    assertEquals("--config: '" + missing + "' is not an existing file", error.getMessage());
  }

  @Test
  void explicitConfigFileIsReadAsUtf8RelativeToWorkingDir(@TempDir Path tmp) throws Exception {
    Files.writeString(tmp.resolve("my.properties"), "jdbc.user=jürgen\n", StandardCharsets.UTF_8);
    Properties file = SettingsFiles.load(Optional.of(Path.of("my.properties")), tmp);
    assertEquals("jürgen", Settings.resolve(Map.of(), Map.of(), new Properties(), file).jdbcUser());
  }

  @Test
  void workingDirConfigFileIsPickedUp(@TempDir Path tmp) throws Exception {
    assertTrue(SettingsFiles.load(Optional.empty(), tmp).isEmpty());
    Files.createDirectories(tmp.resolve("config"));
    Files.writeString(tmp.resolve("config/satchel.properties"), "session.store = memory\n");
    Properties file = SettingsFiles.load(Optional.empty(), tmp);
    assertEquals("memory", Settings.resolve(Map.of(), Map.of(), new Properties(), file).store());
  }

  @Test
  void shippedConfigFileDocumentsEveryKeyAndSetsNothing() throws Exception {
    // Surefire runs in the project directory, where the shipped file lives.
    Path shipped = Path.of("config", "satchel.properties");
    assertTrue(SettingsFiles.load(Optional.empty(), Path.of("")).isEmpty(), "every line must stay commented");
    List<String> lines = Files.readAllLines(shipped, StandardCharsets.UTF_8);
    for (SettingKey<?> key : SettingKeys.all()) {
      String line = "#" + key.name() + "=" + key.defaultValue();
      assertTrue(lines.contains(line), shipped + " lacks " + line);
    }
  }

  private static Settings layered(Map<String, String> flags, Map<String, String> env, String system, String file) {
    var systemProperties = new Properties();
    if (system != null) {
      systemProperties.setProperty("server.port", system);
    }
    var fileProperties = new Properties();
    fileProperties.setProperty("server.port", file);
    return Settings.resolve(flags, env, systemProperties, fileProperties);
  }
}
