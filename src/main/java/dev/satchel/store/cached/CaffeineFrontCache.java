package dev.satchel.store.cached;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentMap;

/**
 * The in-process front cache: bounded in size, each copy expiring a fixed time after it was written. Seen by
 * this JVM only, so it is coherent for a single node and nothing more.
 */
final class CaffeineFrontCache implements FrontCache {
  private static final String CLAIM = "claim:";
  private static final Duration CLAIM_LIFE = Duration.ofSeconds(10);

  private final Cache<String, String> cache;
  private final ConcurrentMap<String, String> entries;

  CaffeineFrontCache(CacheOptions options) {
    Duration ttl = options.ttl();
    this.cache = Caffeine.newBuilder()
        .maximumSize(options.maxEntries())
        .expireAfter(Expiry.<String, String>writing((id, value) -> value.startsWith(CLAIM) ? CLAIM_LIFE : ttl))
        .build();
    this.entries = cache.asMap();
  }

  @Override
  public Optional<String> get(String id) {
    String value = entries.get(id);
    return value == null || value.startsWith(CLAIM) ? Optional.empty() : Optional.of(value);
  }

  @Override
  public Optional<String> claim(String id) {
    String token = CLAIM + UUID.randomUUID();
    return entries.putIfAbsent(id, token) == null ? Optional.of(token) : Optional.empty();
  }

  @Override
  public void fill(String id, String token, String value) {
    entries.replace(id, token, value);
  }

  @Override
  public void put(String id, String value) {
    entries.put(id, value);
  }

  @Override
  public void invalidate(String id) {
    entries.remove(id);
  }

  @Override
  public void release(String id, String token) {
    entries.remove(id, token);
  }

  @Override
  public String name() {
    return "caffeine";
  }

  /** Copies held once pending evictions are done; for tests of the size bound. */
  long heldEntries() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  @Override
  public void close() {
    entries.clear();
  }
}
