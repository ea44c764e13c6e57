package dev.satchel.store.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The memory store's kept attribute map answers every question exactly as the map it was made from, in the
 * same order, and refuses every change — for small maps (the array form) and large ones (kept hashed).
 */
class FrozenAttributesProperties {

  @Property(tries = 1000)
  void answersAsTheMapItWasMadeFrom(@ForAll("attributes") Map<String, Object> original, @ForAll("names") String probe) {
    Map<String, Object> frozen = FrozenAttributes.of(new LinkedHashMap<>(original));

    assertEquals(original, frozen);
    assertEquals(frozen, original);
    assertEquals(original.hashCode(), frozen.hashCode());
    assertEquals(original.size(), frozen.size());
    assertEquals(original.isEmpty(), frozen.isEmpty());
    assertEquals(new ArrayList<>(original.keySet()), new ArrayList<>(frozen.keySet()), "insertion order");
    assertEquals(new ArrayList<>(original.values()), new ArrayList<>(frozen.values()));
    List<String> visited = new ArrayList<>();
    frozen.forEach((name, value) -> {
      visited.add(name);
      assertEquals(original.get(name), value);
    });
    assertEquals(new ArrayList<>(original.keySet()), visited);
    for (String name : original.keySet()) {
      assertTrue(frozen.containsKey(name));
      assertEquals(original.get(name), frozen.get(name));
    }
    assertEquals(original.containsKey(probe), frozen.containsKey(probe));
    assertEquals(original.get(probe), frozen.get(probe));
    assertEquals(original.toString(), frozen.toString());
  }

  @Property(tries = 300)
  void refusesEveryChange(@ForAll("attributes") Map<String, Object> original) {
    Map<String, Object> frozen = FrozenAttributes.of(new LinkedHashMap<>(original));

    assertThrows(UnsupportedOperationException.class, () -> frozen.put("added", 1));
    assertThrows(UnsupportedOperationException.class, () -> frozen.putAll(Map.of("added", 1)));
    if (!original.isEmpty()) {
      String first = original.keySet().iterator().next();
      assertThrows(UnsupportedOperationException.class, () -> frozen.remove(first));
      assertThrows(UnsupportedOperationException.class, frozen::clear);
      assertThrows(UnsupportedOperationException.class, () -> frozen.keySet().remove(first));
      assertThrows(UnsupportedOperationException.class, () -> frozen.entrySet().iterator().next().setValue(2));
      Iterator<String> names = frozen.keySet().iterator();
      names.next();
      assertThrows(UnsupportedOperationException.class, names::remove);
    }
    assertEquals(original, frozen);
  }

  @Property(tries = 100)
  void iteratorEndsWithNoSuchElement(@ForAll("attributes") Map<String, Object> original) {
    Iterator<Map.Entry<String, Object>> entries = FrozenAttributes.of(new LinkedHashMap<>(original)).entrySet().iterator();
    for (int i = 0; i < original.size(); i++) {
      entries.next();
    }
    assertFalse(entries.hasNext());
    assertThrows(NoSuchElementException.class, entries::next);
  }

  @Property(tries = 50)
  void absentNameIsNullNotAnError(@ForAll("attributes") Map<String, Object> original) {
    Map<String, Object> frozen = FrozenAttributes.of(new LinkedHashMap<>(original));
    assertNull(frozen.get(null));
    assertFalse(frozen.containsKey(null));
    assertNull(frozen.get(42));
  }

  /** The copy a caller gets: the same names in order, every value the copier's, nothing shared with it. */
  @Property(tries = 300)
  void valuesCopiedKeepNamesAndOrderAndTakeTheCopiersValues(
      @ForAll("arrayFormAttributes") Map<String, Object> original) {
    Map<String, Object> frozen = FrozenAttributes.of(new LinkedHashMap<>(original));
    // Up to MAX_SCANNED names the kept form is the array, the only one with this copy.
    Map<String, Object> copied =
        assertInstanceOf(FrozenAttributes.class, frozen).withValuesCopied(v -> List.of("copy of", String.valueOf(v)));

    assertEquals(new ArrayList<>(original.keySet()), new ArrayList<>(copied.keySet()));
    original.forEach((name, value) -> assertEquals(List.of("copy of", String.valueOf(value)), copied.get(name)));
    assertEquals(original, frozen, "the source is left as it was");
    assertThrows(UnsupportedOperationException.class, () -> copied.put("added", 1));
  }

  /** A null name, which the hash map before it held like any other, neither breaks lookups nor is lost. */
  @Property(tries = 100)
  void nullNameIsANameLikeAnyOther(@ForAll("attributes") Map<String, Object> others, @ForAll("names") String probe) {
    Map<String, Object> original = new LinkedHashMap<>();
    original.put(null, "held");
    original.putAll(others);
    Map<String, Object> frozen = FrozenAttributes.of(new LinkedHashMap<>(original));

    assertEquals(original, frozen);
    assertEquals("held", frozen.get(null));
    assertTrue(frozen.containsKey(null));
    assertEquals(original.get(probe), frozen.get(probe));
    assertEquals(original.containsKey(probe), frozen.containsKey(probe));
  }

  @Provide
  Arbitrary<Map<String, Object>> attributes() {
    Arbitrary<Object> values = Arbitraries.oneOf(
        Arbitraries.integers().map(i -> (Object) i),
        Arbitraries.strings().alpha().ofMaxLength(12).map(s -> (Object) s),
        Arbitraries.of(true, false).map(b -> (Object) b),
        Arbitraries.of(List.of(1, 2), Map.of("k", "v")).map(v -> (Object) v));
    // Up to twice the array form's limit, so both forms are exercised.
    return Arbitraries.maps(names(), values).ofMaxSize(FrozenAttributes.MAX_SCANNED * 2).map(LinkedHashMap::new);
  }

  @Provide
  Arbitrary<Map<String, Object>> arrayFormAttributes() {
    return attributes().filter(m -> m.size() <= FrozenAttributes.MAX_SCANNED);
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.strings().withChars("abcdefxyz_.").ofMinLength(1).ofMaxLength(8);
  }
}
