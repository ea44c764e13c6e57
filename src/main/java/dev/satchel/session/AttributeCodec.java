package dev.satchel.session;

import java.util.Map;

/**
 * Turns session attributes into JSON text and back. Only JSON types are accepted: String, Boolean,
 * Number (Integer, Long, Short, Byte, Double, Float, BigInteger, BigDecimal; finite), null, List of them and
 * Map with String keys of them. Never Java native serialization.
 *
 * <p>Decoding gives back Integer when an integral number fits an int, else Long, else BigInteger; Double for
 * any number with a fraction or exponent; ArrayList and LinkedHashMap for arrays and objects.
 */
public final class AttributeCodec {
  private AttributeCodec() {}

  /**
   * Fails at once with an {@link IllegalArgumentException} naming the attribute and the offending type
   * when {@code value} (or anything nested in it) is not a JSON type.
   */
  public static void checkValue(String name, Object value) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** JSON object text for the attribute map; every value must pass {@link #checkValue}. */
  public static String encode(Map<String, Object> attributes) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** The attribute map written by {@link #encode}; {@link IllegalArgumentException} on malformed text. */
  public static Map<String, Object> decode(String json) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** A deep, mutable copy of a value that passed {@link #checkValue}; strings and numbers are shared. */
  public static Object copy(Object value) {
    throw new UnsupportedOperationException("skeleton");
  }
}
