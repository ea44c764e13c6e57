package dev.satchel.config;

import dev.satchel.session.SessionStore;
import dev.satchel.store.cached.CacheOptions;
import dev.satchel.store.cached.CachedSessionStore;
import dev.satchel.signing.SecretFile;
import dev.satchel.store.cookie.CookieSessionStore;
import dev.satchel.store.cookie.CookieStoreOptions;
import dev.satchel.store.jdbc.JdbcRevocations;
import dev.satchel.store.jdbc.JdbcOptions;
import dev.satchel.store.jdbc.JdbcSessionStore;
import dev.satchel.store.memory.MemorySessionStore;
import dev.satchel.store.redis.RedisOptions;
import dev.satchel.store.redis.RedisSessionStore;
import java.time.Clock;
import java.time.Duration;

/** Opens the {@link SessionStore} that {@code session.store} names. */
public final class StoreFactory {
  private StoreFactory() {}

  /**
   * Opens the configured store, creating its schema when needed. A store that cannot be opened at start
   * fails with a {@link dev.satchel.session.StoreUnavailableException}; a value this build cannot serve yet
   * fails with a {@link SettingsException}.
   */
  public static SessionStore open(Settings settings, Clock clock) {
    String store = settings.store();
    switch (store) {
      case "memory":
        return new MemorySessionStore(clock, settings.memoryMaxSessions());
      case "jdbc":
        try {
          return JdbcSessionStore.open(jdbcOptions(settings), clock);
        } catch (IllegalArgumentException e) {
          // The URL names a database this build has no dialect for.
          throw new SettingsException("jdbc.url: " + e.getMessage());
        }
      case "redis":
        return RedisSessionStore.open(redisOptions(settings), clock);
      case "cached-jdbc":
        return cachedJdbc(settings, clock);
      case "cookie":
        try {
          return new CookieSessionStore(clock, JdbcRevocations.open(jdbcOptions(settings), clock),
              cookieStoreOptions(settings));
        } catch (IllegalArgumentException e) {
          throw new SettingsException("jdbc.url: " + e.getMessage());
        }
      default:
        throw new SettingsException(
            "session.store: '" + store + "' is not available in this build yet; use memory, jdbc, redis or cached-jdbc");
    }
  }

  /**
   * {@code redis.url} and {@code redis.key-prefix}, each checked with a message naming its key, and the
   * store timeouts.
   */
  static RedisOptions redisOptions(Settings settings) {
    RedisOptions options;
    try {
      options = RedisOptions.defaults(settings.redisUrl()).withTimeouts(
          Duration.ofSeconds(settings.storeConnectTimeoutSeconds()),
          Duration.ofSeconds(settings.storeCommandTimeoutSeconds()));
    } catch (IllegalArgumentException e) {
      throw new SettingsException("redis.url: " + e.getMessage());
    }
    try {
      return options.withKeyPrefix(settings.redisKeyPrefix());
    } catch (IllegalArgumentException e) {
      throw new SettingsException("redis.key-prefix: '" + settings.redisKeyPrefix() + "': " + e.getMessage());
    }
  }

  /**
   * The JDBC store behind a front cache: Redis when {@code redis.url} was set (anywhere but the default), so
   * every node shares the cache; otherwise in-process, which is coherent on a single node only.
   */
  private static SessionStore cachedJdbc(Settings settings, Clock clock) {
    SessionStore database = open(settings.with("session.store", "jdbc"), clock);
    try {
      if (settings.sourceOf("redis.url") != Settings.Source.DEFAULT) {
        return CachedSessionStore.overRedis(database, clock, settings.redisUrl(), cacheOptions(settings));
      }
      return CachedSessionStore.inProcess(database, clock, cacheOptions(settings));
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /**
   * {@code session.cache.ttl} and {@code session.cache.max-entries}; Redis cache keys start with
   * {@code redis.key-prefix} like every other Satchel key ({@code satchel:cache:<id>} by default).
   */
  static CacheOptions cacheOptions(Settings settings) {
    return CacheOptions.defaults()
        .withTtl(Duration.ofSeconds(settings.cacheTtlSeconds()))
        .withMaxEntries(settings.cacheMaxEntries())
        .withRedisKeyPrefix(settings.redisKeyPrefix() + "cache:");
  }

  /** The cookie store's options: the secret as the filter signs with it (generated into data.dir when unset). */
  static CookieStoreOptions cookieStoreOptions(Settings settings) {
    String secret = settings.secret().orElseGet(() -> SecretFile.loadOrCreate(settings.dataDir()));
    int maxValue = CookieStoreOptions.maxValueLengthFor(
        settings.cookieName(), settings.cookiePath(), settings.cookieDomain());
    return new CookieStoreOptions(settings.cookieStoreEncrypt(), secret, settings.secretFallbacks(), maxValue,
        settings.absoluteTimeoutSeconds());
  }

  /**
   * {@code jdbc.url} when set, else the embedded H2 file database in the data dir; with the store timeouts
   * and {@code jdbc.pool-size}.
   */
  static JdbcOptions jdbcOptions(Settings settings) {
    String url = settings.jdbcUrl()
        .orElseGet(() -> JdbcOptions.h2File(settings.dataDir(), settings.jdbcDurable()).url());
    return new JdbcOptions(url, settings.jdbcUser(), settings.jdbcPassword(), settings.jdbcDurable(),
        Duration.ofSeconds(settings.storeConnectTimeoutSeconds()),
        Duration.ofSeconds(settings.storeCommandTimeoutSeconds()), settings.jdbcPoolSize());
  }
}
