package dev.satchel.store.redis;

import dev.satchel.session.AttributeCodec;
import dev.satchel.session.SessionData;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a session into the fields of its Redis hash and back. Each attribute is its own field ({@code a:}
 * and the name, holding that value's JSON), so an update writes only the fields it changed; metadata
 * fields start with {@code m:}, so no attribute name can collide with them.
 */
final class SessionHash {
  static final String ATTRIBUTE = "a:";
  static final String CREATED = "m:created";
  static final String ACCESSED = "m:access";
  static final String IDLE = "m:idle";
  static final String DEADLINE = "m:deadline";

  private static final String WRAP_START = "{\"v\":";

  private SessionHash() {}

  static String field(String attribute) {
    return ATTRIBUTE + attribute;
  }

  /** Every field of the session, metadata first. */
  static Map<String, String> fields(SessionData data) {
    Map<String, String> fields = new LinkedHashMap<>(metadata(data));
    data.attributes().forEach((name, value) -> fields.put(field(name), encodeValue(name, value)));
    return fields;
  }

  /** The metadata fields only: what every write refreshes. */
  static Map<String, String> metadata(SessionData data) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put(CREATED, Long.toString(data.createdAt()));
    fields.put(ACCESSED, Long.toString(data.lastAccessedAt()));
    fields.put(IDLE, Integer.toString(data.maxInactiveSeconds()));
    fields.put(DEADLINE, Long.toString(data.absoluteDeadline()));
    return fields;
  }

  /**
   * The session a hash holds; {@link IllegalArgumentException} when a field cannot be read (corrupt
   * data, an older layout), which the store treats as no session.
   */
  static SessionData decode(String id, Map<String, String> hash) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : hash.entrySet()) {
      if (e.getKey().startsWith(ATTRIBUTE)) {
        attributes.put(e.getKey().substring(ATTRIBUTE.length()), decodeValue(e.getValue()));
      }
    }
    return new SessionData(id, attributes, number(hash, CREATED), number(hash, ACCESSED),
        Math.toIntExact(number(hash, IDLE)), number(hash, DEADLINE));
  }

  /** The JSON of one value; fails like {@link AttributeCodec#checkValue} for a non-JSON value. */
  static String encodeValue(String name, Object value) {
    AttributeCodec.checkValue(name, value);
    // The codec writes objects; a one-entry object around the value, unwrapped, is the value's JSON.
    String wrapped = AttributeCodec.encode(Collections.singletonMap("v", value));
    return wrapped.substring(WRAP_START.length(), wrapped.length() - 1);
  }

  static Object decodeValue(String json) {
    if (json == null) {
      throw new IllegalArgumentException("attribute field has no value");
    }
    Map<String, Object> wrapped = AttributeCodec.decode(WRAP_START + json + "}");
    if (wrapped.size() != 1 || !wrapped.containsKey("v")) {
      throw new IllegalArgumentException("attribute field is not one JSON value");
    }
    return wrapped.get("v");
  }

  private static long number(Map<String, String> hash, String field) {
    String text = hash.get(field);
    if (text == null) {
      throw new IllegalArgumentException("metadata field " + field + " is missing");
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("metadata field " + field + " is not a number");
    }
  }
}
