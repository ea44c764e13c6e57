package dev.satchel.store.cached;

import dev.satchel.session.SaveMode;
import dev.satchel.session.SessionData;
import dev.satchel.session.SessionStore;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves sessions from a front cache over an authoritative database store ({@code session.store=cached-jdbc}).
 *
 * <p><b>Order.</b> Reads go to the cache first and, on a miss, to the database, whose answer then fills the
 * cache. Writes go to the database first and then <em>invalidate</em> the cache entry; deletes likewise. The
 * one exception is a brand-new session (CREATE), put into the cache at once: no other request knows its id
 * before this request's cookie goes out, so no older copy can exist or race with it.
 *
 * <p><b>Why invalidate, not write through.</b> Writing the merged result into the cache after a write can
 * leave it stale: two nodes commit v1 then v2 to the database, and their cache writes arrive v2 then v1. A
 * miss fill has the same race (read v0, a write commits v1 and clears the entry, then v0 lands). So a loader
 * first places a <em>claim</em> in the empty entry, reads the database, and fills only if its claim is still
 * there; every write clears the entry after its commit, knocking out any claim placed before. Hence a fill
 * either started its database read after that clear, or its claim was gone, or (the clear came after the
 * fill) the clear removes it: the cache never holds a copy older than the last write whose clear reached it.
 * The demo's visit counter writes on every request, so there the cache saves little; it pays for
 * read-mostly sessions, which are most of them.
 *
 * <p><b>Failure modes, honestly.</b> A cache that cannot be reached never fails a request: the store logs one
 * WARN per outage and uses the database alone (the database is the truth). A write whose clear did not reach
 * the cache is remembered, this node then skips the cache for that session, and the clear is sent again
 * once the cache answers; but if the process dies first, the stale copy (even of a logged-out session) is
 * served by every node until its TTL ends, which is why the TTL is short (60 s by default). With the
 * in-process cache (Caffeine) each node has its own copy: another node's writes are invisible to this one
 * until the copy expires, so use it on a single node only; with Redis every node shares one copy.
 * {@link #deleteByUser} clears the sessions the user had just before the delete; one logged in at that very
 * moment keeps its cached copy until the TTL.
 */
public final class CachedSessionStore implements SessionStore {
  private static final Logger log = LoggerFactory.getLogger(CachedSessionStore.class);

  /** Clears owed to the cache after an outage; beyond this many, the TTL alone bounds staleness. */
  static final int MAX_OWED_CLEARS = 10_000;
  private static final int CLEARS_PER_RECOVERY_STEP = 100;

  private final SessionStore database;
  private final FrontCache cache;
  private final Clock clock;
  private final AtomicBoolean cacheDown = new AtomicBoolean();
  private final Set<String> owedClears = ConcurrentHashMap.newKeySet();

  CachedSessionStore(SessionStore database, FrontCache cache, Clock clock) {
    this.database = Objects.requireNonNull(database, "database");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Over {@code database} with an in-process cache: for a single node. */
  public static CachedSessionStore inProcess(SessionStore database, Clock clock, CacheOptions options) {
    log.info("Session cache: in-process, this node only; copies live {} s", options.ttl().toSeconds());
    return new CachedSessionStore(database, new CaffeineFrontCache(options), clock);
  }

  /** Over {@code database} with Redis at {@code redisUrl} as the cache shared by every node. */
  public static CachedSessionStore overRedis(
      SessionStore database, Clock clock, String redisUrl, CacheOptions options) {
    log.info("Session cache: Redis, shared by every node; copies live {} s", options.ttl().toSeconds());
    return new CachedSessionStore(database, new RedisFrontCache(redisUrl, options), clock);
  }

  @Override
  public Optional<SessionData> load(String id) {
    boolean useCache = !owedClears.contains(id);
    if (useCache) {
      Optional<String> hit = cached("load", () -> cache.get(id), Optional.empty());
      if (hit.isPresent()) {
        Optional<SessionData> copy = CachedCopy.decode(id, hit.get());
        if (copy.isPresent() && !copy.get().isExpired(clock.millis())) {
          return copy;
        }
        // Expired or unreadable: the database decides, and the entry must be empty for a claim.
        if (copy.isEmpty()) {
          log.warn("A cached session copy could not be read; dropping it and asking the database");
        }
        clear(id);
      }
    }
    Optional<String> claim = useCache ? cached("load", () -> cache.claim(id), Optional.empty()) : Optional.empty();
    Optional<SessionData> stored;
    try {
      stored = database.load(id);
    } catch (RuntimeException e) {
      claim.ifPresent(token -> cached("load", () -> release(id, token), null));
      throw e;
    }
    claim.ifPresent(token -> cached("load", () -> stored.isPresent()
        ? fill(id, token, CachedCopy.encode(stored.get()))
        : release(id, token), null));
    return stored;
  }

  @Override
  public void save(SessionData data, SaveMode mode, Set<String> changedAttributes) {
    if (mode == SaveMode.CREATE) {
      database.save(data, mode, changedAttributes);
      cached("save", () -> put(data.id(), CachedCopy.encode(data)), null);
      return;
    }
    try {
      database.save(data, mode, changedAttributes);
    } finally {
      // Also after a failure: the write may have committed before the error, and a clear is always safe.
      clear(data.id());
    }
  }

  @Override
  public Optional<SessionData> updateAttribute(String id, String name, UnaryOperator<Object> fn, long nowMillis) {
    try {
      return database.updateAttribute(id, name, fn, nowMillis);
    } finally {
      clear(id);
    }
  }

  @Override
  public List<SessionData> findByUser(String user) {
    return database.findByUser(user);
  }

  @Override
  public long deleteByUser(String user) {
    List<SessionData> before = database.findByUser(user);
    try {
      return database.deleteByUser(user);
    } finally {
      before.forEach(session -> clear(session.id()));
    }
  }

  @Override
  public void delete(String id) {
    try {
      database.delete(id);
    } finally {
      clear(id);
    }
  }

  /** The database only: an expired copy in the cache is never served (its expiry is checked on a hit). */
  @Override
  public long deleteExpired(long nowMillis) {
    return database.deleteExpired(nowMillis);
  }

  /** The database decides (and reports) what it removed; expired copies in the cache are never served. */
  @Override
  public long deleteExpired(long nowMillis, Consumer<SessionData> onDeleted) {
    return database.deleteExpired(nowMillis, onDeleted);
  }

  @Override
  public Optional<SessionData> deleteIfExpired(String cookieValue, long nowMillis) {
    Optional<SessionData> removed = database.deleteIfExpired(cookieValue, nowMillis);
    removed.ifPresent(data -> clear(data.id()));
    return removed;
  }

  /** The database's health is the store's: a cache outage slows requests down but fails none. */
  @Override
  public void ping() {
    database.ping();
  }

  @Override
  public String name() {
    return "cached-jdbc";
  }

  @Override
  public void close() {
    try {
      cache.close();
    } finally {
      database.close();
    }
  }

  /** Clears owed to the cache; for tests of their bound. */
  int owedClearCount() {
    return owedClears.size();
  }

  /** Empties the cache entry; when the cache cannot be reached, remembers that it owes this clear. */
  private void clear(String id) {
    Boolean cleared = cached("clear", () -> {
      cache.invalidate(id);
      return Boolean.TRUE;
    }, Boolean.FALSE);
    if (cleared) {
      owedClears.remove(id);
    } else if (owedClears.size() < MAX_OWED_CLEARS) {
      owedClears.add(id);
    }
  }

  private Void fill(String id, String token, String value) {
    cache.fill(id, token, value);
    return null;
  }

  private Void release(String id, String token) {
    cache.release(id, token);
    return null;
  }

  private Void put(String id, String value) {
    cache.put(id, value);
    return null;
  }

  /**
   * Runs one cache call; on any failure logs (once per outage) and answers {@code fallback}, so the caller
   * goes on with the database alone.
   */
  private <T> T cached(String operation, Supplier<T> call, T fallback) {
    T result;
    try {
      result = call.get();
    } catch (RuntimeException e) {
      if (cacheDown.compareAndSet(false, true)) {
        // The exception's text names the server, never a key: keys carry session ids.
        log.warn("Front cache {} failed during {} ({}); serving from the database until it answers again",
            cache.name(), operation, e.toString());
      }
      return fallback;
    }
    if (cacheDown.compareAndSet(true, false)) {
      log.info("Front cache {} answers again", cache.name());
    }
    if (!owedClears.isEmpty()) {
      payOwedClears();
    }
    return result;
  }

  /** Sends a few of the clears an outage left owing; the rest go with the next successful calls. */
  private void payOwedClears() {
    int sent = 0;
    for (String id : owedClears) {
      if (sent++ == CLEARS_PER_RECOVERY_STEP) {
        return;
      }
      try {
        cache.invalidate(id);
        owedClears.remove(id);
      } catch (RuntimeException e) {
        return; // down again; the next successful call carries on
      }
    }
  }
}
