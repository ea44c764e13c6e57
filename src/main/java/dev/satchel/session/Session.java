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
 * <p>Methods are synchronized: a request may hand its session to another thread (async servlets).
 */
public final class Session {
  private String id;
  private final Map<String, Object> attributes;
  private final long createdAt;
  private final long lastAccessedAt;
  private int maxInactiveSeconds;
  private final long absoluteDeadline;
  private final boolean isNew;

  private final Set<String> changedNames = new HashSet<>();
  private boolean metadataChanged;
  private boolean invalidated;
  /** The id under which the store holds this session; null until it first reaches the store. */
  private String storedId;
  /** The store's revision of the attributes as loaded (see {@link SessionData#revision}). */
  private long revision;

  private Session(SessionData data, boolean isNew) {
    this.id = data.id();
    this.attributes = new LinkedHashMap<>(data.attributes());
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

  public synchronized String id() {
    return id;
  }

  public synchronized boolean isNew() {
    return isNew;
  }

  public synchronized long createdAt() {
    return createdAt;
  }

  /** When the client last used this session before this request (as stored). */
  public synchronized long lastAccessedAt() {
    return lastAccessedAt;
  }

  public synchronized int maxInactiveSeconds() {
    return maxInactiveSeconds;
  }

  public synchronized long absoluteDeadline() {
    return absoluteDeadline;
  }

  public synchronized Object getAttribute(String name) {
    return attributes.get(name);
  }

  /** A snapshot of the attribute names. */
  public synchronized Set<String> attributeNames() {
    return Set.copyOf(attributes.keySet());
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
    attributes.put(name, value);
    changedNames.add(name);
  }

  public synchronized void removeAttribute(String name) {
    attributes.remove(name);
    // Recorded even when this copy does not hold the name: a parallel request may have set it.
    changedNames.add(name);
  }

  /**
   * Takes a value the store has just written atomically (see {@link SessionStore#updateAttribute}): this
   * copy shows it, and nothing is left to save for that name.
   */
  public synchronized void applyStored(String name, Object value) {
    if (value == null) {
      attributes.remove(name);
    } else {
      attributes.put(name, value);
    }
    changedNames.remove(name);
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

  public synchronized boolean isInvalidated() {
    return invalidated;
  }

  /** The id under which the store holds this session, or null when it has never been saved. */
  public synchronized String storedId() {
    return storedId;
  }

  /** Attribute names set or removed since the last save. */
  public synchronized Set<String> changedNames() {
    return Collections.unmodifiableSet(new HashSet<>(changedNames));
  }

  /** True when the idle limit was changed since the last save. */
  public synchronized boolean metadataChanged() {
    return metadataChanged;
  }

  public synchronized boolean hasChanges() {
    return !changedNames.isEmpty() || metadataChanged;
  }

  /** The stored form of this session, as last used at {@code nowMillis}. */
  public synchronized SessionData toData(long nowMillis) {
    return new SessionData(
        id,
        Collections.unmodifiableMap(new LinkedHashMap<>(attributes)),
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
    changedNames.clear();
    metadataChanged = false;
    storedId = id;
    revision = SessionData.NO_REVISION;
  }
}
