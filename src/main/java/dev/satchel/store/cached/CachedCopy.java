package dev.satchel.store.cached;

import dev.satchel.session.AttributeCodec;
import dev.satchel.session.SessionData;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The text a front cache holds for one session: a JSON object with the clock readings and the attributes,
 * written by the session codec (never Java serialization). The id is the cache key, not part of the text.
 */
final class CachedCopy {
  private CachedCopy() {}

  static String encode(SessionData data) {
    Map<String, Object> copy = new LinkedHashMap<>();
    copy.put("created", data.createdAt());
    copy.put("last", data.lastAccessedAt());
    copy.put("idle", data.maxInactiveSeconds());
    copy.put("deadline", data.absoluteDeadline());
    copy.put("attributes", data.attributes());
    return AttributeCodec.encode(copy);
  }

  /** The session, or empty when the text is not a copy this version wrote. */
  static Optional<SessionData> decode(String id, String text) {
    try {
      Map<String, Object> copy = AttributeCodec.decode(text);
      @SuppressWarnings("unchecked") // decode gives maps with String keys
      Map<String, Object> attributes = (Map<String, Object>) copy.get("attributes");
      if (attributes == null) {
        return Optional.empty();
      }
      return Optional.of(new SessionData(id, attributes, number(copy, "created"), number(copy, "last"),
          (int) number(copy, "idle"), number(copy, "deadline")));
    } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
      return Optional.empty();
    }
  }

  private static long number(Map<String, Object> copy, String name) {
    return ((Number) copy.get(name)).longValue();
  }
}
