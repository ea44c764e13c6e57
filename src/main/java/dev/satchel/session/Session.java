package dev.satchel.session;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One session as a single request sees it: its attributes, and what this request did to it, so that only
 * what changed is written. Knows nothing of HTTP.
 *
 * <p>Thread-safe: a request may hand its session to another thread (async servlets). What changes together
 * is guarded by the session's lock; single fields read on every request are volatile or final instead, so
 * the hot path takes no lock to read them.
 */
public final class Session {
  private volatile String id;
  /**
   * Copy-on-write: the map the store gave (or the one last handed out by {@link #toData}) is shared and
   * never changed; the first change in this request copies it. A request that only reads copies nothing.
   */
  private Map<String, Object> attributes;
  private boolean attributesShared;
  private final long createdAt;
  private final long lastAccessedAt;
  private volatile int maxInactiveSeconds;
  private final long absoluteDeadline;
  private final boolean isNew;

  /** Null until the first change, as most requests change nothing or one name. */
  private Set<String> changedNames;
  private volatile boolean metadataChanged;
  private volatile boolean invalidated;
  /** The id under which the store holds this session; null until it first reaches the store. */
  private volatile String storedId;
  /** The store's revision of the attributes as loaded (see {@link SessionData#revision}). */
  private long revision;

  private Session(SessionData data, boolean isNew) {
    this.id = data.id();
    this.attributes = data.attributes();
    this.attributesShared = true;
    this.createdAt = data.createdAt();
    this.lastAccessedAt = data.lastAccessedAt();
    this.maxInactiveSeconds = data.maxInactiveSeconds();
    this.absoluteDeadline = data.absoluteDeadline();
    this.isNew = isNew;
    this.storedId = isNew ? null : data.id();
    this.revision = data.revision();
  }

  /**
   * A session created in this request.
   *
   * @param idleTimeoutSeconds negative for no idle limit
   * @param absoluteTimeoutSeconds 0 for no absolute limit
   */
  public static Session create(
      String id, long nowMillis, int idleTimeoutSeconds, long absoluteTimeoutSeconds) {
    long deadline = absoluteTimeoutSeconds <= 0 ? 0 : nowMillis + absoluteTimeoutSeconds * 1000L;
    return new Session(
        new SessionData(id, Map.of(), nowMillis, nowMillis, idleTimeoutSeconds, deadline), true);
  }

  /** A session the store already holds. */
  public static Session loaded(SessionData data) {
    return new Session(data, false);
  }

  public String id() {
    return id;
  }

  public boolean isNew() {
    return isNew;
  }

  public long createdAt() {
    return createdAt;
  }

  /** When the client last used this session before this request (as stored). */
  public long lastAccessedAt() {
    return lastAccessedAt;
  }

  public int maxInactiveSeconds() {
    return maxInactiveSeconds;
  }

  public long absoluteDeadline() {
    return absoluteDeadline;
  }

  public synchronized Object getAttribute(String name) {
    return attributes.get(name);
  }

  /** A snapshot of the attribute names. */
  public synchronized Set<String> attributeNames() {
    return attributes.isEmpty() ? Set.of() : Set.copyOf(attributes.keySet());
  }

  public synchronized boolean isEmpty() {
    return attributes.isEmpty();
  }

  /**
   * Sets an attribute; {@code null} removes it. Fails at once with {@link IllegalArgumentException} naming
   * the attribute when the value is not a JSON type, so the mistake shows where it was made rather than at
   * save time.
   */
  public synchronized void setAttribute(String name, Object value) {
    if (name == null) {
      throw new IllegalArgumentException("attribute name must not be null");
    }
    if (value == null) {
      removeAttribute(name);
      return;
    }
    AttributeCodec.checkValue(name, value);
    writableAttributes().put(name, value);
    changed(name);
  }

  public synchronized void removeAttribute(String name) {
    if (attributes.containsKey(name)) {
      writableAttributes().remove(name);
    }
    // Recorded even when this copy does not hold the name: a parallel request may have set it.
    changed(name);
  }

  /**
   * Takes a value the store has just written atomically (see {@link SessionStore#updateAttribute}): this
   * copy shows it, and nothing is left to save for that name.
   */
  public synchronized void applyStored(String name, Object value) {
    if (value == null) {
      writableAttributes().remove(name);
    } else {
      writableAttributes().put(name, value);
    }
    if (changedNames != null) {
      changedNames.remove(name);
    }
    // The store's copy moved past the revision read at load.
    revision = SessionData.NO_REVISION;
  }

  /** Seconds of inactivity before expiry for this session alone; zero or less means no idle limit. */
  public synchronized void setMaxInactiveSeconds(int seconds) {
    int normalized = seconds <= 0 ? -1 : seconds;
    if (normalized != maxInactiveSeconds) {
      maxInactiveSeconds = normalized;
      metadataChanged = true;
    }
  }

  /** Gives the session a new id, keeping its data; the old id stops working when the change is saved. */
  public synchronized void changeId(String newId) {
    id = newId;
  }

  public synchronized void invalidate() {
    invalidated = true;
  }

  public boolean isInvalidated() {
    return invalidated;
  }

  /** The id under which the store holds this session, or null when it has never been saved. */
  public String storedId() {
    return storedId;
  }

  /** Attribute names set or removed since the last save. */
  public synchronized Set<String> changedNames() {
    // Set.of over the array: Set.copyOf would build a HashSet first to drop duplicates a set cannot have.
    return changedNames == null || changedNames.isEmpty()
        ? Set.of()
        : Set.of(changedNames.toArray(new String[0]));
  }

  /** True when the idle limit was changed since the last save. */
  public boolean metadataChanged() {
    return metadataChanged;
  }

  public synchronized boolean hasChanges() {
    return (changedNames != null && !changedNames.isEmpty()) || metadataChanged;
  }

  /** The stored form of this session, as last used at {@code nowMillis}. */
  public synchronized SessionData toData(long nowMillis) {
    if (!attributesShared) {
      // Handed out from here on: the next change copies first, so the store's view never moves.
      attributes = Collections.unmodifiableMap(attributes);
      attributesShared = true;
    }
    return new SessionData(
        id,
        attributes,
        createdAt,
        nowMillis,
        maxInactiveSeconds,
        absoluteDeadline,
        revision);
  }

  /**
   * Records that everything up to now has reached the store. The revision read at load no longer
   * describes what is stored, so a second save in the same request takes the store's careful path.
   */
  public synchronized void markSaved() {
    changedNames = null;
    metadataChanged = false;
    storedId = id;
    revision = SessionData.NO_REVISION;
  }

  private Map<String, Object> writableAttributes() {
    if (attributesShared) {
      attributes = new LinkedHashMap<>(attributes);
      attributesShared = false;
    }
    return attributes;
  }

  private void changed(String name) {
    if (changedNames == null) {
      changedNames = new HashSet<>(4);
    }
    changedNames.add(name);
  }
}
