package dev.satchel.session;

import java.util.Map;
import java.util.Objects;

/**
 * One session as a store keeps it: the public id, the attributes and the clock readings that decide expiry.
 *
 * <p>Times are epoch milliseconds. {@code maxInactiveSeconds} below zero means no idle limit;
 * {@code absoluteDeadline} of zero means no absolute limit. The attribute map is owned by this record and
 * never mutated after construction (stores hand out copies).
 *
 * <p>{@code revision} is a store's bookkeeping, not part of the session's value: the version of the stored
 * attributes this copy was read at, or {@link #NO_REVISION} when it was not read from a store that keeps
 * one. A store may use it to write a changed session back in one conditional statement (see
 * {@code JdbcSessionStore}). It is left out of {@link #equals} so that two copies holding the same session
 * compare equal whichever store they came from.
 */
public record SessionData(
    String id,
    Map<String, Object> attributes,
    long createdAt,
    long lastAccessedAt,
    int maxInactiveSeconds,
    long absoluteDeadline,
    long revision) {

  /** The revision of data that was not read from a store keeping revisions. */
  public static final long NO_REVISION = -1;

  public SessionData {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(attributes, "attributes");
  }

  public SessionData(
      String id,
      Map<String, Object> attributes,
      long createdAt,
      long lastAccessedAt,
      int maxInactiveSeconds,
      long absoluteDeadline) {
    this(id, attributes, createdAt, lastAccessedAt, maxInactiveSeconds, absoluteDeadline, NO_REVISION);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SessionData that
        && id.equals(that.id)
        && attributes.equals(that.attributes)
        && createdAt == that.createdAt
        && lastAccessedAt == that.lastAccessedAt
        && maxInactiveSeconds == that.maxInactiveSeconds
        && absoluteDeadline == that.absoluteDeadline;
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, attributes, createdAt, lastAccessedAt, maxInactiveSeconds, absoluteDeadline);
  }

  @Override
  public String toString() {
    // Never the attribute values or the whole id: the id is a bearer credential.
    return "SessionData[id=" + id.substring(0, Math.min(6, id.length())) + "…, attributes=" + attributes.keySet()
        + ", createdAt=" + createdAt + ", lastAccessedAt=" + lastAccessedAt + ", maxInactiveSeconds="
        + maxInactiveSeconds + ", absoluteDeadline=" + absoluteDeadline + ", revision=" + revision + "]";
  }

  /** The moment this session stops being valid: the earlier of its idle and absolute limits. */
  public long expiresAt() {
    long idleEnd =
        maxInactiveSeconds < 0 ? Long.MAX_VALUE : lastAccessedAt + maxInactiveSeconds * 1000L;
    long absoluteEnd = absoluteDeadline <= 0 ? Long.MAX_VALUE : absoluteDeadline;
    return Math.min(idleEnd, absoluteEnd);
  }

  /** True once {@code nowMillis} has reached {@link #expiresAt()}. */
  public boolean isExpired(long nowMillis) {
    return nowMillis >= expiresAt();
  }

  public SessionData withId(String newId) {
    // Another id is another row: the revision read under the old one says nothing about it.
    return new SessionData(newId, attributes, createdAt, lastAccessedAt, maxInactiveSeconds, absoluteDeadline);
  }

  public SessionData withAttributes(Map<String, Object> newAttributes) {
    return new SessionData(
        id, newAttributes, createdAt, lastAccessedAt, maxInactiveSeconds, absoluteDeadline, revision);
  }

  public SessionData withLastAccessedAt(long millis) {
    return new SessionData(id, attributes, createdAt, millis, maxInactiveSeconds, absoluteDeadline, revision);
  }
}
