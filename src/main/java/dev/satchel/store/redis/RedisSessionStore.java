package dev.satchel.store.redis;

import dev.satchel.session.SaveMode;
import dev.satchel.session.SessionData;
import dev.satchel.session.SessionStore;
import dev.satchel.session.StoreUnavailableException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps sessions in Redis: one hash per session with each attribute in its own field, so a request writes
 * only the fields it changed, and a key TTL that follows the idle and absolute timeouts, so Redis removes
 * expired sessions itself. Shared by every node that uses the same Redis; Redis Cluster works because every
 * command or script touches one key.
 *
 * <p>Every write that must see the session still present (an update, an atomic attribute update) is a Lua
 * script that checks first, so a request finishing after a logout never brings the session back. TTLs are
 * set relative to this store's clock ({@code PEXPIRE}, not {@code PEXPIREAT}), so a skew between this
 * node's clock and Redis's does not shorten or stretch sessions; load still checks expiry against the
 * clock, so a session is never used past its time even before Redis has removed it.
 */
public final class RedisSessionStore implements SessionStore {
  private static final Logger log = LoggerFactory.getLogger(RedisSessionStore.class);
  private static final String USER_FIELD = SessionHash.field(USER_ATTRIBUTE);
  /** Compare-and-set rounds before an atomic update gives up; only a pathological hot spot gets near. */
  static final int MAX_ATTEMPTS = 1000;

  private final RedisLink link;
  private final RedisKeys keys;
  private final UserIndex index;
  private final Clock clock;

  private RedisSessionStore(RedisLink link, RedisKeys keys, Clock clock) {
    this.link = link;
    this.keys = keys;
    this.index = new UserIndex(keys);
    this.clock = clock;
  }

  /** The store on {@code redisUrl} with default prefix and timeouts; see {@link #open(RedisOptions, Clock)}. */
  public static RedisSessionStore open(String redisUrl, Clock clock) {
    return open(RedisOptions.defaults(redisUrl), clock);
  }

  /**
   * The store; no I/O yet. It connects on first use, so a server can start while Redis is down and recover
   * when it returns; until then each operation fails quickly with a {@link StoreUnavailableException}.
   */
  public static RedisSessionStore open(RedisOptions options, Clock clock) {
    Objects.requireNonNull(clock, "clock");
    return new RedisSessionStore(new RedisLink(options), new RedisKeys(options.keyPrefix()), clock);
  }

  @Override
  public Optional<SessionData> load(String id) {
    Map<String, String> hash = link.run("load", redis -> redis.hgetall(keys.session(id)));
    return decode(id, hash, "load").filter(session -> !session.isExpired(clock.millis()));
  }

  @Override
  public void save(SessionData data, SaveMode mode, Set<String> changedAttributes) {
    long now = clock.millis();
    String ttl = ttl(data, now);
    if (ttl == null) {
      return; // expired before it could be written: nothing to keep
    }
    String key = keys.session(data.id());
    String user = userOf(data.attributes().get(USER_ATTRIBUTE));
    if (mode == SaveMode.CREATE) {
      String[] args = wholeSession(data, ttl); // encoded before any I/O: a non-JSON value is the caller's error
      link.run("save", redis -> {
        if (user != null) {
          index.add(redis, user, data.id(), data.expiresAt(), now);
        }
        return RedisLink.eval(redis, Scripts.CREATE, ScriptOutputType.INTEGER, new String[] {key}, args);
      });
      return;
    }
    List<String> sets = new ArrayList<>();
    List<String> removals = new ArrayList<>();
    SessionHash.metadata(data).forEach((field, value) -> {
      sets.add(field);
      sets.add(value);
    });
    for (String name : changedAttributes) {
      if (data.attributes().containsKey(name)) {
        sets.add(SessionHash.field(name));
        sets.add(SessionHash.encodeValue(name, data.attributes().get(name)));
      } else {
        removals.add(SessionHash.field(name));
      }
    }
    List<String> args = new ArrayList<>();
    args.add(ttl);
    args.add(Integer.toString(sets.size() / 2));
    args.addAll(sets);
    args.addAll(removals);
    boolean loggingIn = user != null && changedAttributes.contains(USER_ATTRIBUTE);
    link.run("save", redis -> {
      if (loggingIn) {
        index.add(redis, user, data.id(), data.expiresAt(), now); // before: a search never misses it
      }
      List<Object> result = RedisLink.eval(redis, Scripts.UPDATE, ScriptOutputType.MULTI, new String[] {key},
          args.toArray(String[]::new));
      if (((Long) result.get(0)) == 0) {
        if (loggingIn) {
          index.remove(redis, user, data.id(), now); // deleted meanwhile, and it stays deleted
        }
        return null;
      }
      reindex(redis, data.id(), userOfField(result.get(1)), userOfField(result.get(2)), data.expiresAt(), now);
      return null;
    });
  }

  /** One script writes the new key and deletes the old, so no request ever finds both ids, or neither. */
  @Override
  public void rotate(String oldId, SessionData data) {
    long now = clock.millis();
    String ttl = ttl(data, now);
    if (ttl == null) {
      delete(oldId);
      return;
    }
    String[] args = wholeSession(data, ttl);
    String user = userOf(data.attributes().get(USER_ATTRIBUTE));
    link.run("save", redis -> {
      if (user != null) {
        index.add(redis, user, data.id(), data.expiresAt(), now);
      }
      String before = RedisLink.eval(redis, Scripts.ROTATE, ScriptOutputType.VALUE,
          new String[] {keys.session(data.id()), keys.session(oldId)}, args);
      String userBefore = userOfField(before);
      if (userBefore != null) {
        index.remove(redis, userBefore, oldId, now);
      }
      return null;
    });
  }

  @Override
  public Optional<SessionData> updateAttribute(String id, String name, UnaryOperator<Object> fn, long nowMillis) {
    String key = keys.session(id);
    String field = SessionHash.field(name);
    // Optimistic: read, apply fn here, write only if nothing changed meanwhile. A Lua compare-and-set does
    // what WATCH/MULTI/EXEC would, without WATCH's need for a connection of its own per update.
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      Map<String, String> hash = link.run("update", redis -> redis.hgetall(key));
      Optional<SessionData> read = decode(id, hash, "update");
      if (read.isEmpty() || read.get().isExpired(nowMillis)) {
        return Optional.empty();
      }
      SessionData stored = read.get();
      Map<String, Object> attributes = new LinkedHashMap<>(stored.attributes());
      String before = hash.get(field);
      Object next = fn.apply(attributes.get(name)); // a freshly decoded value: the caller's private copy
      String after = next == null ? null : SessionHash.encodeValue(name, next);
      if (after == null) {
        attributes.remove(name);
      } else {
        attributes.put(name, SessionHash.decodeValue(after)); // a copy the caller cannot reach
      }
      SessionData updated = stored.withAttributes(attributes).withLastAccessedAt(nowMillis);
      String ttl = Objects.requireNonNullElse(ttl(updated, nowMillis), "1");
      String userAfter = userOf(attributes.get(USER_ATTRIBUTE));
      if (name.equals(USER_ATTRIBUTE) && userAfter != null) {
        link.run("update", redis -> { // before the write, as in save: a search never misses the session
          index.add(redis, userAfter, id, updated.expiresAt(), clock.millis());
          return null;
        });
      }
      Long outcome = link.run("update", redis -> RedisLink.eval(redis, Scripts.COMPARE_AND_SET,
          ScriptOutputType.INTEGER, new String[] {key}, field, Objects.requireNonNullElse(before, ""),
          before == null ? "0" : "1", Objects.requireNonNullElse(after, ""), after == null ? "0" : "1",
          Integer.toString(stored.maxInactiveSeconds()), Long.toString(stored.absoluteDeadline()),
          Long.toString(nowMillis), ttl));
      if (outcome == 0) {
        return Optional.empty();
      }
      if (outcome == 1) {
        String userBefore = userOf(stored.attributes().get(USER_ATTRIBUTE));
        link.run("update", redis -> {
          reindex(redis, id, userBefore, userAfter, updated.expiresAt(), clock.millis());
          return null;
        });
        return Optional.of(updated);
      }
      if (attempt % 16 == 0) {
        Thread.yield(); // a hot counter: let the writer ahead of us finish
      }
    }
    throw new StoreUnavailableException("redis", "update",
        new IllegalStateException("the attribute kept changing for " + MAX_ATTEMPTS + " attempts"));
  }

  @Override
  public List<SessionData> findByUser(String user) {
    long now = clock.millis();
    return link.run("findByUser", redis -> {
      List<SessionData> found = new ArrayList<>();
      List<String> stale = new ArrayList<>();
      for (String id : index.members(redis, user, now)) {
        Optional<SessionData> session = decode(id, redis.hgetall(keys.session(id)), "findByUser");
        if (session.isEmpty() || !user.equals(userOf(session.get().attributes().get(USER_ATTRIBUTE)))) {
          stale.add(id);
        } else if (!session.get().isExpired(now)) {
          found.add(session.get());
        }
      }
      index.forget(redis, user, stale);
      return found;
    });
  }

  @Override
  public long deleteByUser(String user) {
    long now = clock.millis();
    return link.run("deleteByUser", redis -> {
      long deleted = 0;
      List<String> members = index.members(redis, user, now);
      for (String id : members) {
        String raw = redis.hget(keys.session(id), USER_FIELD);
        // Checked here and again in the script: only a session still naming this user is ended.
        if (raw != null && user.equals(userOfField(raw))) {
          deleted += RedisLink.<Long>eval(redis, Scripts.DELETE_IF_USER, ScriptOutputType.INTEGER,
              new String[] {keys.session(id)}, raw);
        }
      }
      index.forget(redis, user, members);
      return deleted;
    });
  }

  @Override
  public void delete(String id) {
    link.run("delete", redis -> {
      String raw = RedisLink.eval(redis, Scripts.DELETE, ScriptOutputType.VALUE, new String[] {keys.session(id)});
      String user = userOfField(raw);
      if (user != null) {
        index.remove(redis, user, id, clock.millis());
      }
      return null;
    });
  }

  /** Nothing to do: each session key carries a TTL, and Redis removes it when it expires. */
  @Override
  public long deleteExpired(long nowMillis) {
    return 0;
  }

  @Override
  public Optional<String> cleanupNote() {
    return Optional.of("Redis removes expired sessions itself (every session key has a TTL); nothing to clear.");
  }

  @Override
  public void ping() {
    link.run("ping", RedisCommands::ping);
  }

  @Override
  public String name() {
    return "redis";
  }

  @Override
  public void close() {
    link.close();
  }

  /** Moves the session between user indexes when its user changed, and refreshes its expiry there. */
  private void reindex(RedisCommands<String, String> redis, String id, String before, String after,
      long expiresAt, long now) {
    if (after != null) {
      index.add(redis, after, id, expiresAt, now);
    }
    if (before != null && !before.equals(after)) {
      index.remove(redis, before, id, now);
    }
  }

  /** The session in a hash; empty when absent or unreadable — and then it is deleted and logged once. */
  private Optional<SessionData> decode(String id, Map<String, String> hash, String operation) {
    if (hash.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(SessionHash.decode(id, hash));
    } catch (IllegalArgumentException | ArithmeticException e) {
      // Never the id: it is a bearer credential. The message names a field or a position, not content.
      log.warn("Stored session cannot be decoded ({}); it counts as absent and is deleted", e.getMessage());
      link.run(operation, redis -> redis.del(keys.session(id)));
      return Optional.empty();
    }
  }

  /** The CREATE and ROTATE arguments: the TTL, then every field and its value. */
  private static String[] wholeSession(SessionData data, String ttl) {
    List<String> args = new ArrayList<>();
    args.add(ttl);
    SessionHash.fields(data).forEach((field, value) -> {
      args.add(field);
      args.add(value);
    });
    return args.toArray(String[]::new);
  }

  /** The TTL argument for the scripts: "0" for never, null when already expired at {@code now}. */
  private static String ttl(SessionData data, long now) {
    long expiresAt = data.expiresAt();
    if (expiresAt == Long.MAX_VALUE) {
      return "0";
    }
    long remaining = expiresAt - now;
    return remaining > 0 ? Long.toString(remaining) : null;
  }

  private static String userOf(Object value) {
    return value == null ? null : String.valueOf(value);
  }

  /** The user that a raw user field names; null when absent or unreadable. */
  private static String userOfField(Object raw) {
    if (raw == null) {
      return null;
    }
    try {
      return userOf(SessionHash.decodeValue(String.valueOf(raw)));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
