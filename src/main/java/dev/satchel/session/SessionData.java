package dev.satchel.session;

import java.util.Map;
import java.util.Objects;

/**
 * One session as a store keeps it: the public id, the attributes and the clock readings that decide expiry.
 *
 * <p>Times are epoch milliseconds. {@code maxInactiveSeconds} below zero means no idle limit;
 * {@code absoluteDeadline} of zero means no absolute limit. The attribute map is owned by this record and
 * never mutated after construction (stores hand out copies).
 */
public record SessionData(
    String id,
    Map<String, Object> attributes,
    long createdAt,
    long lastAccessedAt,
    int maxInactiveSeconds,
    long absoluteDeadline) {

  public SessionData {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(attributes, "attributes");
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
    return new SessionData(newId, attributes, createdAt, lastAccessedAt, maxInactiveSeconds, absoluteDeadline);
  }

  public SessionData withAttributes(Map<String, Object> newAttributes) {
    return new SessionData(id, newAttributes, createdAt, lastAccessedAt, maxInactiveSeconds, absoluteDeadline);
  }

  public SessionData withLastAccessedAt(long millis) {
    return new SessionData(id, attributes, createdAt, millis, maxInactiveSeconds, absoluteDeadline);
  }
}
