package dev.satchel.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AttributeCodecTest {

  private static Map<String, Object> roundTrip(Map<String, Object> attributes) {
    return AttributeCodec.decode(AttributeCodec.encode(attributes));
  }

  private static Map<String, Object> attrs(Object... pairs) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], pairs[i + 1]);
    }
    return map;
  }

  @Test
  void everyJsonTypeComesBackEqual() {
    Map<String, Object> cart = attrs("sku", "A-1", "qty", 2, "price", 9.99, "gift", false, "note", null);
    Map<String, Object> original = attrs(
        "name", "John",
        "visits", 7,
        "big", 9_000_000_000L,
        "huge", new BigInteger("123456789012345678901234567890"),
        "ratio", 0.25,
        "negative", -42,
        "loggedIn", true,
        "nothing", null,
        "cart", new ArrayList<>(List.of(cart, List.of(), Map.of())),
        "matrix", List.of(List.of(1, 2), List.of(3, List.of(4))));

    Map<String, Object> back = roundTrip(original);

    assertEquals(original, back);
    assertEquals(List.copyOf(original.keySet()), List.copyOf(back.keySet()), "insertion order kept");
    assertInstanceOf(LinkedHashMap.class, back);
    assertInstanceOf(ArrayList.class, back.get("cart"));
    assertInstanceOf(LinkedHashMap.class, ((List<?>) back.get("cart")).get(0));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "plain", "quote \" backslash \\ slash /", "tab\tnewline\nreturn\rbell\u0007nul\u0000",
      "\b\f\u001f\u007f", "ünïcödé Ωμέγα 中文", "emoji 😀👍🏽", "\u2028\u2029", "</script>"})
  void stringsSurviveExactly(String text) {
    String json = AttributeCodec.encode(attrs("s", text));
    assertEquals(text, AttributeCodec.decode(json).get("s"));
    for (char c : json.toCharArray()) {
      assertTrue(c >= 0x20, "control characters are escaped in " + json);
    }
  }

  @Test
  void loneSurrogatesAreEscapedAndComeBack() {
    String text = "a\uD800b\uDC00";
    String json = AttributeCodec.encode(attrs("s", text));
    assertEquals("{\"s\":\"a\\ud800b\\udc00\"}", json);
    assertEquals(text, AttributeCodec.decode(json).get("s"));
  }

  @Test
  void numbersDecodeToTheSmallestFittingType() {
    Map<String, Object> m = AttributeCodec.decode(
        "{\"i\":2147483647,\"l\":2147483648,\"n\":-9223372036854775808,\"b\":9223372036854775808,"
            + "\"d\":1.5,\"e\":1e3,\"z\":-0,\"f\":-0.0}");
    assertEquals(Integer.MAX_VALUE, m.get("i"));
    assertEquals(2147483648L, m.get("l"));
    assertEquals(Long.MIN_VALUE, m.get("n"));
    assertEquals(new BigInteger("9223372036854775808"), m.get("b"));
    assertEquals(1.5, m.get("d"));
    assertEquals(1000.0, m.get("e"));
    assertEquals(0, m.get("z"));
    assertEquals(-0.0, m.get("f"));
  }

  @Test
  void smallAndDecimalJavaNumbersEncodeAsJsonNumbers() {
    Map<String, Object> back = roundTrip(attrs(
        "short", (short) 3, "byte", (byte) -4, "float", 0.1f, "decimal", new BigDecimal("12.50"),
        "scaled", new BigDecimal("1E+3"), "tiny", 1e-300, "max", Double.MAX_VALUE));
    assertEquals(3, back.get("short"));
    assertEquals(-4, back.get("byte"));
    assertEquals(0.1, back.get("float"));
    assertEquals(12.5, back.get("decimal"));
    assertEquals(1000.0, back.get("scaled"));
    assertEquals(1e-300, back.get("tiny"));
    assertEquals(Double.MAX_VALUE, back.get("max"));
  }

  @Test
  void encodeWritesCompactJson() {
    assertEquals("{}", AttributeCodec.encode(Map.of()));
    assertEquals("{\"a\":[1,true,null,\"x\"],\"b\":{\"c\":2.5}}",
        AttributeCodec.encode(attrs("a", Arrays.asList(1, true, null, "x"), "b", attrs("c", 2.5))));
  }

  @Test
  void unsupportedTypeNamesItselfAndTheAttribute() {
    var e = assertThrows(IllegalArgumentException.class, () -> AttributeCodec.checkValue("when", new Date()));
    assertEquals("attribute 'when': java.util.Date is not a JSON type "
        + "(String, Number, Boolean, null, List, Map with String keys)", e.getMessage());
  }

  @Test
  void nestedUnsupportedTypeSaysWhereItIs() {
    List<Object> cart = List.of(attrs("price", 1), attrs("price", 2), attrs("price", new Object()));
    var e = assertThrows(IllegalArgumentException.class, () -> AttributeCodec.checkValue("cart", cart));
    assertTrue(e.getMessage().startsWith("attribute 'cart' at [2].price: java.lang.Object is not a JSON type"),
        e.getMessage());

    var deep = attrs("user", attrs("roles", List.of("admin", Set.of("x"))));
    e = assertThrows(IllegalArgumentException.class, () -> AttributeCodec.checkValue("prefs", deep));
    assertTrue(e.getMessage().startsWith("attribute 'prefs' at user.roles[1]: java.util."), e.getMessage());

    var oddKey = attrs("a b", new StringBuilder());
    e = assertThrows(IllegalArgumentException.class, () -> AttributeCodec.checkValue("m", oddKey));
    assertTrue(e.getMessage().startsWith("attribute 'm' at [\"a b\"]: java.lang.StringBuilder"), e.getMessage());
  }

  @Test
  void nonFiniteNumbersAndOddNumberTypesAreRejected() {
    for (Object bad : List.of(Double.NaN, Double.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY)) {
      var e = assertThrows(IllegalArgumentException.class, () -> AttributeCodec.checkValue("n", bad));
      assertTrue(e.getMessage().startsWith("attribute 'n': java.lang."), e.getMessage());
      assertTrue(e.getMessage().contains("not a finite number"), e.getMessage());
    }
    var e = assertThrows(IllegalArgumentException.class,
        () -> AttributeCodec.checkValue("counter", new AtomicInteger()));
    assertTrue(e.getMessage().contains("java.util.concurrent.atomic.AtomicInteger is not a JSON type"));
  }

  @Test
  void nonStringMapKeysAreRejected() {
    Map<Object, Object> byNumber = new HashMap<>();
    byNumber.put(1, "one");
    var e = assertThrows(IllegalArgumentException.class,
        () -> AttributeCodec.checkValue("lookup", List.of(byNumber)));
    assertEquals("attribute 'lookup' at [0]: map keys must be Strings, found java.lang.Integer", e.getMessage());
  }

  @Test
  void encodeRejectsWithTheSameMessageAsCheckValue() {
    Map<String, Object> attributes = attrs("ok", 1, "cart", List.of(attrs("price", Double.NaN)));
    var e = assertThrows(IllegalArgumentException.class, () -> AttributeCodec.encode(attributes));
    assertTrue(e.getMessage().startsWith("attribute 'cart' at [0].price: java.lang.Double NaN"), e.getMessage());
  }

  @Test
  void aListInsideItselfIsRejectedNotAStackOverflow() {
    List<Object> loop = new ArrayList<>();
    loop.add(loop);
    var e = assertThrows(IllegalArgumentException.class, () -> AttributeCodec.checkValue("loop", loop));
    assertTrue(e.getMessage().contains("nested deeper than 64"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> AttributeCodec.encode(attrs("loop", loop)));
  }

  @Test
  void deepestAcceptedNestingEncodesAndDecodes() {
    Object value = "bottom";
    for (int i = 0; i < AttributeCodec.MAX_DEPTH - 1; i++) {
      value = List.of(value);
    }
    Map<String, Object> attributes = attrs("deep", value);
    AttributeCodec.checkValue("deep", value);
    assertEquals(attributes, roundTrip(attributes));

    Object tooDeep = List.of(value);
    assertThrows(IllegalArgumentException.class, () -> AttributeCodec.checkValue("deep", tooDeep));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", " ", "{", "}", "{\"a\":1", "{\"a\":1,}", "{\"a\":[1,2,]}", "{'a':1}", "{\"a\":'x'}", "{a:1}",
      "{\"a\":undefined}", "{\"a\":tru}", "{\"a\":nulll}", "{\"a\":01}", "{\"a\":-01}", "{\"a\":1.}",
      "{\"a\":.5}", "{\"a\":1e}", "{\"a\":+1}", "{\"a\":-}", "{\"a\":NaN}", "{\"a\":Infinity}",
      "{\"a\":-Infinity}", "{\"a\":1e400}", "{\"a\":\"x\u0001\"}", "{\"a\":\"tab\there\"}",
      "{\"a\":\"\\x41\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"\\u12G4\"}", "{\"a\":\"\\u０１２３\"}",
      "{\"a\":\"unterminated}", "{\"a\":\"ends in backslash\\", "{\"a\":1}x", "{\"a\":1}{}", "[1]",
      "\"text\"", "42", "null", "{\"a\" 1}", "{\"a\":1 \"b\":2}", "{\"a\":1,\"a\":2}", "{1:2}",
      "{\"a\":[}", "{\"a\":{]}", "\uFEFF{}", "{\"a\":1}\u00a0", "{\"a\":\"\\\"}"})
  void malformedTextIsRejectedCleanly(String json) {
    assertThrows(IllegalArgumentException.class, () -> AttributeCodec.decode(json));
  }

  @Test
  void nullTextIsRejectedCleanly() {
    assertThrows(IllegalArgumentException.class, () -> AttributeCodec.decode(null));
  }

  @Test
  void tenThousandOpenBracketsIsRejectedNotAStackOverflow() {
    String json = "{\"a\":" + "[".repeat(10_000);
    var e = assertThrows(IllegalArgumentException.class, () -> AttributeCodec.decode(json));
    assertTrue(e.getMessage().contains("nested deeper than 64"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> AttributeCodec.decode("{\"a\":" + "{\"b\":".repeat(10_000)));
  }

  @Test
  void absurdlyLongNumberIsRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> AttributeCodec.decode("{\"a\":" + "9".repeat(100_000) + "}"));
  }

  @Test
  void surrogatePairEscapesJoinIntoOneCharacter() {
    assertEquals("😀", AttributeCodec.decode("{\"e\":\"\\ud83d\\ude00\"}").get("e"));
    assertEquals("é/", AttributeCodec.decode("{\"e\":\"\\u00E9\\/\"}").get("e"));
  }

  @Test
  void whitespaceAroundTokensIsAllowed() {
    assertEquals(attrs("a", List.of(1, 2), "b", attrs()),
        AttributeCodec.decode(" \t\r\n{ \"a\" : [ 1 , 2 ] , \"b\" : { } } \n"));
  }

  @Test
  void randomGarbageOnlyEverGivesIllegalArgument() {
    Random random = new Random(42);
    String alphabet = "{}[]:,\"\\/ -+.0123456789eEtrufalsn\u0000\u00e9\ud83d\ude00ux";
    for (int round = 0; round < 20_000; round++) {
      StringBuilder sb = new StringBuilder("{");
      int length = random.nextInt(40);
      for (int i = 0; i < length; i++) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      try {
        AttributeCodec.decode(sb.toString());
      } catch (IllegalArgumentException expected) {
        // the only failure allowed
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void copyIsDeep() {
    Map<String, Object> inner = attrs("qty", 1);
    List<Object> list = new ArrayList<>(List.of(inner, "x"));
    Map<String, Object> original = attrs("cart", list, "tags", List.of("a"));

    Map<String, Object> copy = (Map<String, Object>) AttributeCodec.copy(original);
    assertEquals(original, copy);
    assertNotSame(original, copy);

    List<Object> copiedList = (List<Object>) copy.get("cart");
    Map<String, Object> copiedInner = (Map<String, Object>) copiedList.get(0);
    copiedInner.put("qty", 99);
    copiedList.add("y");
    ((List<Object>) copy.get("tags")).add("b"); // immutable source, mutable copy

    assertEquals(1, inner.get("qty"));
    assertEquals(2, list.size());
    assertEquals(List.of("a"), original.get("tags"));
    assertInstanceOf(LinkedHashMap.class, copiedInner);
    assertEquals("x", AttributeCodec.copy("x"));
  }
}
