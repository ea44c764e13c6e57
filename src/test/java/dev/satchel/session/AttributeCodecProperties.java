package dev.satchel.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The decoder answers a map or an IllegalArgumentException for any text; encoded values always round-trip. */
class AttributeCodecProperties {

  @Property(tries = 3000)
  void anyTextDecodesToAMapOrIllegalArgument(@ForAll("jsonish") String text) {
    try {
      Map<String, Object> decoded = AttributeCodec.decode(text);
      assertEquals(decoded, AttributeCodec.decode(AttributeCodec.encode(decoded)));
    } catch (IllegalArgumentException expected) {
      // the one declared failure
    }
  }

  @Property(tries = 1000)
  void encodedAttributesRoundTrip(@ForAll("attributes") Map<String, Object> attributes) {
    assertEquals(attributes, AttributeCodec.decode(AttributeCodec.encode(attributes)));
  }

  @Provide
  Arbitrary<String> jsonish() {
    Arbitrary<String> tokens = Arbitraries.of("{", "}", "[", "]", ",", ":", "\"", "\\", "\\u12", "\\uD800", "1",
        "-0", "1e999", "01", "1.5e-3", "true", "nul", "null", " ", "\"k\"", "\u0000", "\uFFFF", "é")
        .list().ofMaxSize(40).map(parts -> String.join("", parts));
    return Arbitraries.oneOf(tokens, Arbitraries.strings().all().ofMaxLength(100));
  }

  @Provide
  Arbitrary<Map<String, Object>> attributes() {
    Arbitrary<Object> leaf = Arbitraries.oneOf(
        Arbitraries.strings().withCharRange(' ', '\uD7FF').ofMaxLength(30).map(s -> (Object) s),
        Arbitraries.integers().map(i -> (Object) i),
        Arbitraries.longs().greaterOrEqual(Integer.MAX_VALUE + 1L).map(l -> (Object) l),
        Arbitraries.doubles().ofScale(3).between(-1e6, 1e6).filter(d -> d != Math.rint(d)).map(d -> (Object) d),
        Arbitraries.of(true, false).map(b -> (Object) b),
        Arbitraries.just(null));
    Arbitrary<Object> nested = Arbitraries.oneOf(
        leaf,
        leaf.list().ofMaxSize(4).map(l -> (Object) l),
        Arbitraries.maps(Arbitraries.strings().alpha().ofMaxLength(6), leaf).ofMaxSize(4)
            .map(m -> (Object) new LinkedHashMap<>(m)));
    return Arbitraries.maps(Arbitraries.strings().ofMinLength(1).ofMaxLength(12).withCharRange('a', 'z'), nested)
        .ofMaxSize(8).map(LinkedHashMap::new);
  }

}
