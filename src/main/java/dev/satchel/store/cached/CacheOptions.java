package dev.satchel.store.cached;

import java.time.Duration;
import java.util.Objects;

/**
 * How the front cache of {@link CachedSessionStore} behaves.
 *
 * @param ttl how long a cached copy lives: the bound on how stale a copy can get when a write could not
 *     reach the cache (an outage, a crash between the database write and the cache write)
 * @param maxEntries the in-process cache's size bound; least recently used copies go first
 * @param redisKeyPrefix prepended to the session id to form a Redis key
 */
public record CacheOptions(Duration ttl, long maxEntries, String redisKeyPrefix) {

  public CacheOptions {
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(redisKeyPrefix, "redisKeyPrefix");
    if (ttl.isNegative() || ttl.isZero() || maxEntries < 1) {
      throw new IllegalArgumentException("ttl and maxEntries must be positive");
    }
  }

  /** 60 s copies, at most 100 000 in process, Redis keys {@code satchel:cache:<id>}. */
  public static CacheOptions defaults() {
    return new CacheOptions(Duration.ofSeconds(60), 100_000, "satchel:cache:");
  }

  public CacheOptions withTtl(Duration newTtl) {
    return new CacheOptions(newTtl, maxEntries, redisKeyPrefix);
  }

  public CacheOptions withMaxEntries(long newMaxEntries) {
    return new CacheOptions(ttl, newMaxEntries, redisKeyPrefix);
  }

  public CacheOptions withRedisKeyPrefix(String prefix) {
    return new CacheOptions(ttl, maxEntries, prefix);
  }
}
