package dev.satchel.session;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns session attributes into JSON text and back. Only JSON types are accepted: String, Boolean,
 * Number (Integer, Long, Short, Byte, Double, Float, BigInteger, BigDecimal; finite), null, List of them and
 * Map with String keys of them. Never Java native serialization.
 *
 * <p>Decoding gives back Integer when an integral number fits an int, else Long, else BigInteger; Double for
 * any number with a fraction or exponent; ArrayList and LinkedHashMap for arrays and objects.
 *
 * <p>Objects and arrays nest at most 64 deep, counting the attribute object itself: the
 * limit keeps a hostile or cyclic value from exhausting the stack, and encode and decode share it so
 * anything encoded also decodes.
 */
public final class AttributeCodec {
  static final int MAX_DEPTH = 64;
  private static final String JSON_TYPES =
      " is not a JSON type (String, Number, Boolean, null, List, Map with String keys)";
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private AttributeCodec() {}

  /**
   * Fails at once with an {@link IllegalArgumentException} naming the attribute and the offending type
   * when {@code value} (or anything nested in it) is not a JSON type.
   */
  public static void checkValue(String name, Object value) {
    // The common values need no path to report a problem in; only containers pay for one.
    if (value instanceof String || value instanceof Boolean
        || (value instanceof Number n && numberProblem(n) == null)) {
      return;
    }
    StringBuilder path = new StringBuilder();
    String problem = problem(value, 1, path);
    if (problem != null) {
      String where = path.length() == 0 ? "" : " at " + (path.charAt(0) == '.' ? path.substring(1) : path);
      throw new IllegalArgumentException("attribute '" + name + "'" + where + ": " + problem);
    }
  }

  /** JSON object text for the attribute map; every value must pass {@link #checkValue}. */
  public static String encode(Map<String, Object> attributes) {
    Objects.requireNonNull(attributes, "attributes");
    StringBuilder out = new StringBuilder(64 + attributes.size() * 32);
    out.append('{');
    boolean first = true;
    for (Map.Entry<String, Object> e : attributes.entrySet()) {
      if (e.getKey() == null) {
        throw new IllegalArgumentException("attribute names must not be null");
      }
      if (!first) {
        out.append(',');
      }
      first = false;
      writeString(out, e.getKey());
      out.append(':');
      // One pass on the happy path; only a failure pays for the walk that explains it.
      if (!write(out, e.getValue(), 1)) {
        checkValue(e.getKey(), e.getValue());
        throw new IllegalArgumentException("attribute '" + e.getKey() + "' cannot be encoded");
      }
    }
    return out.append('}').toString();
  }

  /** The attribute map written by {@link #encode}; {@link IllegalArgumentException} on malformed text. */
  public static Map<String, Object> decode(String json) {
    return AttributeJsonParser.parseObject(json);
  }

  /** A deep, mutable copy of a value that passed {@link #checkValue}; strings and numbers are shared. */
  public static Object copy(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>(Math.max(4, map.size() * 4 / 3 + 1));
      for (Map.Entry<?, ?> e : map.entrySet()) {
        copy.put(e.getKey(), copy(e.getValue()));
      }
      return copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (Object item : list) {
        copy.add(copy(item));
      }
      return copy;
    }
    return value;
  }

  /** Null when {@code value} is acceptable; else what is wrong, with its location left in {@code path}. */
  private static String problem(Object value, int depth, StringBuilder path) {
    if (value == null || value instanceof String || value instanceof Boolean) {
      return null;
    }
    if (value instanceof Number n) {
      return numberProblem(n);
    }
    boolean container = value instanceof List || value instanceof Map;
    if (container && depth >= MAX_DEPTH) {
      return "nested deeper than " + MAX_DEPTH + " levels (is a list or map inside itself?)";
    }
    if (value instanceof List<?> list) {
      int i = 0;
      for (Object item : list) {
        int mark = path.length();
        path.append('[').append(i++).append(']');
        String problem = problem(item, depth + 1, path);
        if (problem != null) {
          return problem;
        }
        path.setLength(mark);
      }
      return null;
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          Object k = e.getKey();
          return "map keys must be Strings, found " + (k == null ? "null" : k.getClass().getName());
        }
        int mark = path.length();
        appendKey(path, key);
        String problem = problem(e.getValue(), depth + 1, path);
        if (problem != null) {
          return problem;
        }
        path.setLength(mark);
      }
      return null;
    }
    return value.getClass().getName() + JSON_TYPES;
  }

  private static String numberProblem(Number n) {
    if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
        || n instanceof BigInteger || n instanceof BigDecimal) {
      return null;
    }
    if (n instanceof Double || n instanceof Float) {
      double d = n.doubleValue();
      return Double.isFinite(d) ? null : n.getClass().getName() + " " + d + " is not a finite number";
    }
    return n.getClass().getName() + JSON_TYPES;
  }

  private static void appendKey(StringBuilder path, String key) {
    boolean plain = !key.isEmpty();
    for (int i = 0; i < key.length() && plain; i++) {
      char c = key.charAt(i);
      plain = Character.isLetterOrDigit(c) || c == '_' || c == '-';
    }
    if (plain) {
      path.append('.').append(key);
    } else {
      path.append('[');
      writeString(path, key);
      path.append(']');
    }
  }

  /** Appends {@code value} as JSON; false (output then garbage) when it is not a JSON type. */
  private static boolean write(StringBuilder out, Object value, int depth) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      writeString(out, s);
    } else if (value instanceof Boolean b) {
      out.append(b.booleanValue());
    } else if (value instanceof Integer || value instanceof Long || value instanceof Short
        || value instanceof Byte) {
      out.append(((Number) value).longValue());
    } else if (value instanceof Double d) {
      if (!Double.isFinite(d)) {
        return false;
      }
      out.append(d.doubleValue());
    } else if (value instanceof Float f) {
      if (!Float.isFinite(f)) {
        return false;
      }
      // Float's own shortest form: 0.1f reads back as 0.1, not 0.10000000149011612.
      out.append(f.floatValue());
    } else if (value instanceof BigInteger || value instanceof BigDecimal) {
      out.append(value); // both print valid JSON numbers, such as 1E+3
    } else if (value instanceof List<?> list) {
      if (depth >= MAX_DEPTH) {
        return false;
      }
      out.append('[');
      boolean first = true;
      for (Object item : list) {
        if (!first) {
          out.append(',');
        }
        first = false;
        if (!write(out, item, depth + 1)) {
          return false;
        }
      }
      out.append(']');
    } else if (value instanceof Map<?, ?> map) {
      if (depth >= MAX_DEPTH) {
        return false;
      }
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          return false;
        }
        if (!first) {
          out.append(',');
        }
        first = false;
        writeString(out, key);
        out.append(':');
        if (!write(out, e.getValue(), depth + 1)) {
          return false;
        }
      }
      out.append('}');
    } else {
      return false;
    }
    return true;
  }

  private static void writeString(StringBuilder out, String s) {
    out.append('"');
    int start = 0;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c)) {
        continue;
      }
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++; // a proper pair is ordinary text
        continue;
      }
      out.append(s, start, i);
      start = i + 1;
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        // Control characters, and lone surrogates, which would not survive UTF-8 unescaped.
        default -> out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xF])
            .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
      }
    }
    out.append(s, start, n).append('"');
  }
}
