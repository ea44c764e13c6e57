package dev.satchel.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.satchel.session.SessionData;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The Redis hash layout over generated sessions and generated garbage: whatever is written reads back
 * equal, and whatever a field holds either decodes or fails with the one exception the store treats as an
 * unreadable session — never anything that would become a 500.
 */
class SessionHashProperties {

  @Property(tries = 500)
  void everySessionReadsBackFromItsFields(@ForAll("attributes") Map<String, Object> attributes,
      @ForAll("idle") int idle) {
    SessionData data = new SessionData("id", attributes, 1_700_000_000_000L, 1_700_000_360_000L, idle, 0);

    assertEquals(data, SessionHash.decode("id", SessionHash.fields(data)));
  }

  @Property(tries = 1500)
  void anyFieldTextDecodesToOneValueOrIllegalArgument(@ForAll("jsonish") String text) {
    try {
      Object value = SessionHash.decodeValue(text);
      assertEquals(value, SessionHash.decodeValue(SessionHash.encodeValue("n", value)));
    } catch (IllegalArgumentException expected) {
      // the store counts the session as unreadable
    }
  }

  @Property(tries = 500)
  void anyMetadataTextDecodesOrIsRejected(@ForAll("jsonish") String created, @ForAll("jsonish") String idle) {
    Map<String, String> hash = new LinkedHashMap<>();
    hash.put(SessionHash.CREATED, created);
    hash.put(SessionHash.ACCESSED, "1");
    hash.put(SessionHash.IDLE, idle);
    hash.put(SessionHash.DEADLINE, "0");
    try {
      SessionHash.decode("id", hash);
    } catch (IllegalArgumentException | ArithmeticException expected) {
      // both are caught by the store, which then treats the session as absent
    }
  }

  @Provide
  Arbitrary<Integer> idle() {
    return Arbitraries.oneOf(Arbitraries.just(-1), Arbitraries.integers().between(1, Integer.MAX_VALUE));
  }

  @Provide
  Arbitrary<String> jsonish() {
    Arbitrary<String> tokens = Arbitraries.of("{", "}", "[", "]", ",", ":", "\"", "\\", "\"v\"", "1", "-0",
        "1e999", "99999999999999999999", "01", "true", "null", " ", "\u0000", "é")
        .list().ofMaxSize(30).map(parts -> String.join("", parts));
    return Arbitraries.oneOf(tokens, Arbitraries.strings().all().ofMaxLength(60));
  }

  @Provide
  Arbitrary<Map<String, Object>> attributes() {
    Arbitrary<Object> leaf = Arbitraries.oneOf(
        Arbitraries.strings().withCharRange(' ', '\uD7FF').ofMaxLength(30).map(s -> (Object) s),
        Arbitraries.integers().map(i -> (Object) i),
        Arbitraries.longs().greaterOrEqual(Integer.MAX_VALUE + 1L).map(l -> (Object) l),
        Arbitraries.of(true, false).map(b -> (Object) b),
        Arbitraries.just(null));
    Arbitrary<Object> nested = Arbitraries.oneOf(
        leaf,
        leaf.list().ofMaxSize(4).map(l -> (Object) l),
        Arbitraries.maps(Arbitraries.strings().alpha().ofMaxLength(6), leaf).ofMaxSize(4)
            .map(m -> (Object) new LinkedHashMap<>(m)));
    // Any name, including ones that look like metadata: the a: prefix keeps them apart.
    return Arbitraries.maps(Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(12),
            Arbitraries.of("m:created", "created", "a:x", "")), nested)
        .ofMaxSize(8).map(LinkedHashMap::new);
  }
}
