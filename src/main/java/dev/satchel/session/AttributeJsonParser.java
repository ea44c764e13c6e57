package dev.satchel.session;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A strict RFC 8259 reader over one string; every failure is an {@link IllegalArgumentException}. */
final class AttributeJsonParser {
  private static final int MAX_DEPTH = AttributeCodec.MAX_DEPTH;
  // Longer literals are no session data anyone writes, and BigInteger parsing is quadratic in length.
  private static final int MAX_NUMBER_LENGTH = 1000;

  private final String s;
  private int pos;

  private AttributeJsonParser(String s) {
    this.s = s;
  }

  /** The JSON object that is the whole of {@code json}. */
  static Map<String, Object> parseObject(String json) {
    if (json == null) {
      throw new IllegalArgumentException("malformed JSON: null text");
    }
    AttributeJsonParser p = new AttributeJsonParser(json);
    p.skipWhitespace();
    if (p.peek() != '{') {
      throw p.error("expected an object");
    }
    Map<String, Object> result = p.object(0);
    p.skipWhitespace();
    if (p.pos != json.length()) {
      throw p.error("unexpected text after the object");
    }
    return result;
  }

  private int peek() {
    return pos < s.length() ? s.charAt(pos) : -1;
  }

  private IllegalArgumentException error(String what) {
    String at = pos >= s.length() ? "end of input" : "offset " + pos;
    return new IllegalArgumentException("malformed JSON at " + at + ": " + what);
  }

  private void skipWhitespace() {
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return;
      }
      pos++;
    }
  }

  private void expect(char c) {
    skipWhitespace();
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  /** {@code depth} counts the objects and arrays around this value. */
  private Object value(int depth) {
    skipWhitespace();
    int c = peek();
    return switch (c) {
      case '{' -> object(depth);
      case '[' -> array(depth);
      case '"' -> string();
      case 't' -> literal("true", Boolean.TRUE);
      case 'f' -> literal("false", Boolean.FALSE);
      case 'n' -> literal("null", null);
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          yield number();
        }
        throw error(c == -1 ? "expected a value" : "unexpected character");
      }
    };
  }

  private Map<String, Object> object(int depth) {
    if (depth + 1 > MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH + " levels");
    }
    pos++; // '{'
    Map<String, Object> map = new LinkedHashMap<>();
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      return map;
    }
    while (true) {
      skipWhitespace();
      if (peek() != '"') {
        throw error("expected a string key");
      }
      int keyAt = pos;
      String key = string();
      expect(':');
      if (map.containsKey(key)) {
        pos = keyAt;
        throw error("duplicate key");
      }
      map.put(key, value(depth + 1));
      skipWhitespace();
      int c = peek();
      pos++;
      if (c == '}') {
        return map;
      }
      if (c != ',') {
        pos--;
        throw error("expected ',' or '}'");
      }
    }
  }

  private List<Object> array(int depth) {
    if (depth + 1 > MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH + " levels");
    }
    pos++; // '['
    List<Object> list = new ArrayList<>();
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      return list;
    }
    while (true) {
      list.add(value(depth + 1));
      skipWhitespace();
      int c = peek();
      pos++;
      if (c == ']') {
        return list;
      }
      if (c != ',') {
        pos--;
        throw error("expected ',' or ']'");
      }
    }
  }

  private Object literal(String word, Object result) {
    if (!s.startsWith(word, pos)) {
      throw error("unexpected word");
    }
    pos += word.length();
    return result;
  }

  private String string() {
    int start = ++pos; // past the opening quote
    StringBuilder sb = null; // only strings with escapes pay for a copy
    int n = s.length();
    while (pos < n) {
      char c = s.charAt(pos);
      if (c == '"') {
        String result = sb == null ? s.substring(start, pos) : sb.append(s, start, pos).toString();
        pos++;
        return result;
      }
      if (c < 0x20) {
        throw error("control character in string");
      }
      if (c != '\\') {
        pos++;
        continue;
      }
      if (sb == null) {
        sb = new StringBuilder(pos - start + 16);
      }
      sb.append(s, start, pos);
      if (++pos >= n) {
        break;
      }
      char e = s.charAt(pos++);
      switch (e) {
        case '"', '\\', '/' -> sb.append(e);
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        // Surrogate pairs arrive as two escapes and join up in the builder; lone ones are kept as is.
        case 'u' -> sb.append(hex4());
        default -> {
          pos--;
          throw error("invalid escape");
        }
      }
      start = pos;
    }
    throw error("unterminated string");
  }

  private char hex4() {
    if (pos + 4 > s.length()) {
      throw error("truncated \\u escape");
    }
    int v = 0;
    for (int i = 0; i < 4; i++) {
      char c = s.charAt(pos);
      int d = c >= '0' && c <= '9' ? c - '0'
          : c >= 'a' && c <= 'f' ? c - 'a' + 10
          : c >= 'A' && c <= 'F' ? c - 'A' + 10
          : -1;
      if (d < 0) {
        throw error("invalid \\u escape");
      }
      v = (v << 4) | d;
      pos++;
    }
    return (char) v;
  }

  private Number number() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    int intStart = pos;
    if (!digits()) {
      throw error("expected a digit");
    }
    if (s.charAt(intStart) == '0' && pos - intStart > 1) {
      pos = intStart;
      throw error("leading zero");
    }
    boolean integral = true;
    if (peek() == '.') {
      pos++;
      integral = false;
      if (!digits()) {
        throw error("expected a digit after '.'");
      }
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      integral = false;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      if (!digits()) {
        throw error("expected a digit in the exponent");
      }
    }
    if (pos - start > MAX_NUMBER_LENGTH) {
      pos = start;
      throw error("number longer than " + MAX_NUMBER_LENGTH + " characters");
    }
    String text = s.substring(start, pos);
    if (!integral) {
      double d = Double.parseDouble(text); // the grammar above admits only what this accepts
      if (Double.isInfinite(d)) {
        pos = start;
        throw error("number out of range");
      }
      return d;
    }
    if (pos - intStart <= 18) { // fits a long without overflow
      long v = Long.parseLong(text);
      if (v == (int) v) {
        return Integer.valueOf((int) v); // not a ?: expression, which would unbox both to long
      }
      return Long.valueOf(v);
    }
    BigInteger big = new BigInteger(text);
    if (big.bitLength() < 64) {
      return Long.valueOf(big.longValue());
    }
    return big;
  }

  /** Consumes ASCII digits; true when there was at least one. */
  private boolean digits() {
    int from = pos;
    while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
      pos++;
    }
    return pos > from;
  }
}
