package dev.satchel.store.memory;

import dev.satchel.session.AttributeCodec;
import dev.satchel.session.SaveMode;
import dev.satchel.session.SessionData;
import dev.satchel.session.SessionStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Keeps sessions in this JVM's heap: fast, lost on restart, not shared between processes. For tests,
 * development and single-node deployments that accept logging everyone out on restart.
 *
 * <p>What goes in is copied, and what comes out cannot change what another request will load — the same
 * isolation a store that encodes to text gets for free: stored maps are unmodifiable and replaced, never
 * changed, so a session of plain values is handed out as stored, and one holding lists or maps as a deep
 * copy.
 */
public final class MemorySessionStore implements SessionStore {
  /** The default bound: a typical session is about a kilobyte here, so this is about 100 MB of heap. */
  public static final int DEFAULT_MAX_SESSIONS = 100_000;

  private final Clock clock;
  private final ConcurrentMap<String, SessionData> sessions;
  private final Eviction eviction;

  public MemorySessionStore(Clock clock) {
    this(clock, DEFAULT_MAX_SESSIONS);
  }

  /** A store that holds at most {@code maxSessions}, evicting expired sessions first, then the least recently used. */
  public MemorySessionStore(Clock clock, int maxSessions) {
    this(clock, new ConcurrentHashMap<>(), maxSessions);
  }

  /** Lets a test hold the map and look behind the store's back. */
  MemorySessionStore(Clock clock, ConcurrentMap<String, SessionData> sessions) {
    this(clock, sessions, DEFAULT_MAX_SESSIONS);
  }

  MemorySessionStore(Clock clock, ConcurrentMap<String, SessionData> sessions, int maxSessions) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.eviction = new Eviction(sessions, maxSessions);
  }

  @Override
  public Optional<SessionData> load(String id) {
    SessionData stored = sessions.get(id);
    if (stored == null) {
      return Optional.empty();
    }
    if (stored.isExpired(clock.millis())) {
      // Left for deleteIfExpired or the reaper, which report the expiry to session listeners.
      return Optional.empty();
    }
    return Optional.of(handedOut(stored));
  }

  @Override
  public void save(SessionData data, SaveMode mode, Set<String> changedAttributes) {
    Map<String, Object> incoming = data.attributes();
    if (mode == SaveMode.CREATE) {
      sessions.put(data.id(), data.withAttributes(FrozenAttributes.of(checkedCopy(incoming))));
      eviction.afterInsert(clock.millis());
      return;
    }
    // computeIfPresent merges atomically against what is stored now, and does nothing for an id that was
    // deleted meanwhile: an UPDATE never brings a logged-out session back.
    sessions.computeIfPresent(
        data.id(),
        (id, stored) -> {
          // Only the changed names are checked and copied in; the rest is already the store's own.
          Map<String, Object> merged = editable(stored.attributes());
          for (String name : changedAttributes) {
            Object value = incoming.get(name);
            if (value != null) {
              AttributeCodec.checkValue(name, value);
              merged.put(name, AttributeCodec.copy(value));
            } else {
              merged.remove(name);
            }
          }
          return data.withAttributes(FrozenAttributes.of(merged));
        });
  }

  @Override
  public Optional<SessionData> updateAttribute(
      String id, String name, UnaryOperator<Object> fn, long nowMillis) {
    // computeIfPresent runs the function under the map's lock for this key: updates of one session queue
    // up, and a deleted session stays deleted.
    SessionData updated =
        sessions.computeIfPresent(
            id,
            (key, stored) -> {
              if (stored.isExpired(nowMillis)) {
                return stored;
              }
              Map<String, Object> attributes = editable(stored.attributes());
              Object next = fn.apply(AttributeCodec.copy(attributes.get(name)));
              if (next == null) {
                attributes.remove(name);
              } else {
                AttributeCodec.checkValue(name, next);
                attributes.put(name, AttributeCodec.copy(next));
              }
              return stored.withAttributes(FrozenAttributes.of(attributes)).withLastAccessedAt(nowMillis);
            });
    if (updated == null || updated.isExpired(nowMillis)) {
      return Optional.empty();
    }
    return Optional.of(handedOut(updated));
  }

  /**
   * A scan of every session: the memory store is for one node and modest numbers, where a scan of the
   * heap is cheaper than keeping a second index in step.
   */
  @Override
  public List<SessionData> findByUser(String user) {
    long now = clock.millis();
    List<SessionData> found = new ArrayList<>();
    for (SessionData stored : sessions.values()) {
      if (!stored.isExpired(now) && user.equals(userOf(stored))) {
        found.add(handedOut(stored));
      }
    }
    return found;
  }

  @Override
  public long deleteByUser(String user) {
    long removed = 0;
    for (Map.Entry<String, SessionData> entry : sessions.entrySet()) {
      if (user.equals(userOf(entry.getValue())) && sessions.remove(entry.getKey(), entry.getValue())) {
        removed++;
      }
    }
    return removed;
  }

  private static String userOf(SessionData data) {
    Object user = data.attributes().get(USER_ATTRIBUTE);
    return user == null ? null : String.valueOf(user);
  }

  @Override
  public void delete(String id) {
    sessions.remove(id);
  }

  @Override
  public long deleteExpired(long nowMillis) {
    long removed = 0;
    for (Map.Entry<String, SessionData> entry : sessions.entrySet()) {
      // Removing by key and value skips a session refreshed by a request since we read it.
      if (entry.getValue().isExpired(nowMillis) && sessions.remove(entry.getKey(), entry.getValue())) {
        removed++;
      }
    }
    return removed;
  }

  @Override
  public long deleteExpired(long nowMillis, Consumer<SessionData> onDeleted) {
    long removed = 0;
    for (Map.Entry<String, SessionData> entry : sessions.entrySet()) {
      if (entry.getValue().isExpired(nowMillis) && sessions.remove(entry.getKey(), entry.getValue())) {
        onDeleted.accept(entry.getValue());
        removed++;
      }
    }
    return removed;
  }

  @Override
  public Optional<SessionData> deleteIfExpired(String cookieValue, long nowMillis) {
    SessionData stored = sessions.get(cookieValue);
    if (stored != null && stored.isExpired(nowMillis) && sessions.remove(cookieValue, stored)) {
      return Optional.of(stored);
    }
    return Optional.empty();
  }

  @Override
  public void ping() {
    // The heap always answers.
  }

  @Override
  public String name() {
    return "memory";
  }

  /** Checks every value is a JSON type, as a store that encodes would, and copies it in. */
  private static Map<String, Object> checkedCopy(Map<String, Object> attributes) {
    attributes.forEach(AttributeCodec::checkValue);
    return deepCopy(attributes);
  }

  /**
   * A stored session as a caller may have it. Stored maps are unmodifiable and never change once stored
   * (every write stores a new one), so a session of plain values goes out as it is; only lists and maps
   * inside, which the caller could change, are copied.
   */
  private static SessionData handedOut(SessionData stored) {
    Map<String, Object> attributes = stored.attributes();
    for (Object value : attributes.values()) {
      if (value instanceof Map || value instanceof List) {
        return stored.withAttributes(attributes instanceof FrozenAttributes frozen
            ? frozen.withValuesCopied(AttributeCodec::copy)
            : deepCopy(attributes));
      }
    }
    return stored;
  }

  /**
   * A changeable copy of a stored map. Filled through {@code forEach}: copying through the entry set, as the
   * map constructor does, would make an entry object per attribute of the kept array form.
   */
  private static Map<String, Object> editable(Map<String, Object> stored) {
    Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, stored.size() * 2));
    stored.forEach(copy::put);
    return copy;
  }

  private static Map<String, Object> deepCopy(Map<String, Object> attributes) {
    Map<String, Object> copy = new LinkedHashMap<>();
    attributes.forEach((name, value) -> copy.put(name, AttributeCodec.copy(value)));
    return copy;
  }
}
