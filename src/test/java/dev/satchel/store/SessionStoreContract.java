package dev.satchel.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.session.SaveMode;
import dev.satchel.session.SessionData;
import dev.satchel.session.SessionIds;
import dev.satchel.session.SessionStore;
import dev.satchel.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SessionStore} must do, written once and run against each store: a store's test class
 * implements this interface and supplies the hooks. A behaviour that cannot apply to a store is overridden
 * there with {@code @Test @Disabled("reason")}, so the exception is visible.
 */
public interface SessionStoreContract {
  int IDLE_SECONDS = 1800;

  /** The store under test, fresh for each test. */
  SessionStore store();

  /** The clock the store was built with. */
  MutableClock clock();

  /** Whether the store holds this id at all, checked without {@code load} (so without expiry). */
  boolean storedBehindTheBack(String id);

  /** Replaces this session's stored attributes with data the store cannot decode. */
  void corruptBehindTheBack(String id);

  // ---- helpers ----

  default SessionData newSession(Map<String, Object> attributes) {
    long now = clock().millis();
    return new SessionData(SessionIds.next(), attributes, now, now, IDLE_SECONDS, 0);
  }

  default SessionData created(Map<String, Object> attributes) {
    SessionData data = newSession(attributes);
    store().save(data, SaveMode.CREATE, attributes.keySet());
    return data;
  }

  default SessionData loaded(String id) {
    return store().load(id).orElseThrow(() -> new AssertionError("session should load"));
  }

  static Map<String, Object> attrs(Object... namesAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      map.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return map;
  }

  static Map<String, Object> with(Map<String, Object> base, String name, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(base);
    copy.put(name, value);
    return copy;
  }

  // ---- behaviours ----

  @Test
  default void createdSessionLoadsWithItsAttributes() {
    Map<String, Object> attributes =
        attrs("name", "John", "visits", 1, "admin", false, "tags", List.of("a", "b"), "nothing", null,
            "prefs", attrs("theme", "dark", "size", 12), "ratio", 0.5, "big", 12_345_678_901L);
    SessionData data = created(attributes);

    SessionData back = loaded(data.id());

    assertEquals(attributes, back.attributes());
    assertEquals(data.createdAt(), back.createdAt());
    assertEquals(data.lastAccessedAt(), back.lastAccessedAt());
    assertEquals(data.maxInactiveSeconds(), back.maxInactiveSeconds());
    assertEquals(data.absoluteDeadline(), back.absoluteDeadline());
  }

  @Test
  default void unknownIdLoadsEmpty() {
    assertEquals(Optional.empty(), store().load(SessionIds.next()));
  }

  @Test
  default void updateWritesOnlyChangedAttributes_parallelWritersBothSurvive() {
    SessionData data = created(attrs("cart", 0, "theme", "light"));
    SessionData first = loaded(data.id());
    SessionData second = loaded(data.id());

    store().save(first.withAttributes(with(first.attributes(), "cart", 3)), SaveMode.UPDATE, Set.of("cart"));
    store().save(second.withAttributes(with(second.attributes(), "theme", "dark")), SaveMode.UPDATE, Set.of("theme"));

    assertEquals(attrs("cart", 3, "theme", "dark"), loaded(data.id()).attributes());
  }

  @Test
  default void atomicUpdateBetweenLoadAndSaveSurvivesTheSave() {
    SessionData data = created(attrs("count", 1, "theme", "light"));
    SessionData slowRequest = loaded(data.id());
    // A parallel request increments atomically after the slow one has read the session...
    store().updateAttribute(data.id(), "count", v -> ((Number) v).intValue() + 1, clock().millis());

    // ...and the slow one then saves another attribute from its older copy.
    store().save(slowRequest.withAttributes(with(slowRequest.attributes(), "theme", "dark")), SaveMode.UPDATE,
        Set.of("theme"));

    assertEquals(attrs("count", 2, "theme", "dark"), loaded(data.id()).attributes());
  }

  @Test
  default void secondSaveFromTheSameCopyStillMergesOnlyItsChanges() {
    SessionData data = created(attrs("a", 1, "b", 1));
    SessionData request = loaded(data.id());
    SessionData other = loaded(data.id());

    store().save(request.withAttributes(with(request.attributes(), "a", 2)), SaveMode.UPDATE, Set.of("a"));
    store().save(other.withAttributes(with(other.attributes(), "b", 2)), SaveMode.UPDATE, Set.of("b"));
    // The first copy again (a servlet that saves after the response committed): its view of "b" is stale.
    store().save(request.withAttributes(with(with(request.attributes(), "a", 3), "b", 1)), SaveMode.UPDATE,
        Set.of("a"));

    assertEquals(attrs("a", 3, "b", 2), loaded(data.id()).attributes());
  }

  @Test
  default void concurrentRequestsWritingDifferentAttributesAllSurvive() throws Exception {
    SessionData data = created(attrs("start", true));
    int writers = 4;
    int rounds = 25;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        String name = "writer" + w;
        done.add(pool.submit(() -> {
          for (int round = 1; round <= rounds; round++) {
            SessionData session = loaded(data.id());
            store().save(session.withAttributes(with(session.attributes(), name, round)), SaveMode.UPDATE, Set.of(name));
          }
          return null;
        }));
      }
      for (Future<?> writer : done) {
        writer.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    Map<String, Object> expected = attrs("start", true);
    for (int w = 0; w < writers; w++) {
      expected.put("writer" + w, rounds);
    }
    assertEquals(expected, loaded(data.id()).attributes());
  }

  @Test
  default void atomicUpdateFromManyThreadsLosesNoIncrement() throws Exception {
    SessionData data = created(attrs("other", "kept"));
    int threads = 8;
    int perThread = 25;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            store().updateAttribute(data.id(), "counter",
                v -> v == null ? 1 : ((Number) v).intValue() + 1, clock().millis());
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(attrs("other", "kept", "counter", threads * perThread), loaded(data.id()).attributes());
  }

  @Test
  default void atomicUpdateReturnsTheStoredSessionAndRefreshesLastAccess() {
    SessionData data = created(attrs("visits", 1));
    clock().advance(Duration.ofMinutes(5));
    SessionData after = store()
        .updateAttribute(data.id(), "visits", v -> ((Number) v).intValue() + 1, clock().millis())
        .orElseThrow();
    assertEquals(2, ((Number) after.attributes().get("visits")).intValue());
    assertEquals(clock().millis(), loaded(data.id()).lastAccessedAt());
  }

  @Test
  default void atomicUpdateToNullRemovesTheAttribute() {
    SessionData data = created(attrs("flash", "Saved.", "user", "ann"));
    store().updateAttribute(data.id(), "flash", v -> null, clock().millis());
    assertEquals(attrs("user", "ann"), loaded(data.id()).attributes());
  }

  @Test
  default void atomicUpdateOfADeletedSessionDoesNotResurrectIt() {
    SessionData data = created(attrs("visits", 1));
    store().delete(data.id());
    assertEquals(Optional.empty(), store().updateAttribute(data.id(), "visits", v -> 99, clock().millis()));
    assertFalse(storedBehindTheBack(data.id()));
  }

  @Test
  default void atomicUpdateOfAnExpiredSessionFindsNothing() {
    SessionData data = created(attrs("visits", 1));
    clock().advance(Duration.ofSeconds(IDLE_SECONDS + 1));
    assertEquals(Optional.empty(), store().updateAttribute(data.id(), "visits", v -> 99, clock().millis()));
  }

  @Test
  default void atomicUpdateRefusesANonJsonResultAndKeepsTheOldValue() {
    SessionData data = created(attrs("visits", 1));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> store().updateAttribute(data.id(), "visits", v -> new Object(), clock().millis()));
    assertEquals(attrs("visits", 1), loaded(data.id()).attributes());
  }

  @Test
  default void sessionsOfOneUserAreFoundAndEndedTogether() {
    SessionData laptop = created(attrs(SessionStore.USER_ATTRIBUTE, "ann", "device", "laptop"));
    SessionData phone = created(attrs(SessionStore.USER_ATTRIBUTE, "ann", "device", "phone"));
    SessionData other = created(attrs(SessionStore.USER_ATTRIBUTE, "bob"));
    SessionData anonymous = created(attrs("visits", 1));

    Set<String> found = new java.util.HashSet<>();
    store().findByUser("ann").forEach(s -> found.add(s.id()));
    assertEquals(Set.of(laptop.id(), phone.id()), found);

    assertEquals(2, store().deleteByUser("ann"));
    assertTrue(store().findByUser("ann").isEmpty());
    assertTrue(store().load(laptop.id()).isEmpty());
    assertTrue(store().load(other.id()).isPresent());
    assertTrue(store().load(anonymous.id()).isPresent());
  }

  @Test
  default void loginByAttributeUpdateAndLogoutByRemovalKeepTheUserIndexInStep() {
    SessionData data = created(attrs("visits", 1));
    SessionData session = loaded(data.id());
    store().save(session.withAttributes(with(session.attributes(), SessionStore.USER_ATTRIBUTE, "ann")),
        SaveMode.UPDATE, Set.of(SessionStore.USER_ATTRIBUTE));
    assertEquals(1, store().findByUser("ann").size());

    store().save(session, SaveMode.UPDATE, Set.of(SessionStore.USER_ATTRIBUTE));
    assertTrue(store().findByUser("ann").isEmpty());
  }

  @Test
  default void expiredSessionsOfAUserAreNotListed() {
    created(attrs(SessionStore.USER_ATTRIBUTE, "ann"));
    clock().advance(Duration.ofSeconds(IDLE_SECONDS + 1));
    assertTrue(store().findByUser("ann").isEmpty());
  }

  @Test
  default void rotatedSessionKeepsItsDataUnderTheNewIdOnly() {
    SessionData data = created(attrs(SessionStore.USER_ATTRIBUTE, "ann", "cart", List.of("apple")));
    SessionData rotated = loaded(data.id()).withId(SessionIds.next());

    store().rotate(data.id(), rotated);

    assertEquals(Optional.empty(), store().load(data.id()));
    assertFalse(storedBehindTheBack(data.id()));
    assertEquals(rotated.attributes(), loaded(rotated.id()).attributes());
    assertEquals(data.createdAt(), loaded(rotated.id()).createdAt());
  }

  @Test
  default void rotationMovesTheUserIndexToTheNewId() {
    SessionData data = created(attrs(SessionStore.USER_ATTRIBUTE, "ann"));
    SessionData rotated = loaded(data.id()).withId(SessionIds.next());
    store().rotate(data.id(), rotated);
    Set<String> ids = new java.util.HashSet<>();
    store().findByUser("ann").forEach(s -> ids.add(s.id()));
    assertEquals(Set.of(rotated.id()), ids);
  }

  @Test
  default void updateUnderTheOldIdAfterRotationDoesNotResurrectIt() {
    SessionData data = created(attrs("visits", 1));
    SessionData stale = loaded(data.id());
    store().rotate(data.id(), stale.withId(SessionIds.next()));

    store().save(stale.withAttributes(with(stale.attributes(), "visits", 2)), SaveMode.UPDATE, Set.of("visits"));

    assertEquals(Optional.empty(), store().load(data.id()));
    assertFalse(storedBehindTheBack(data.id()));
  }

  @Test
  default void removedAttributeIsGoneAfterUpdate() {
    SessionData data = created(attrs("user", "ann", "flash", "Saved."));
    SessionData session = loaded(data.id());
    Map<String, Object> without = new LinkedHashMap<>(session.attributes());
    without.remove("flash");

    store().save(session.withAttributes(without), SaveMode.UPDATE, Set.of("flash"));

    assertEquals(attrs("user", "ann"), loaded(data.id()).attributes());
  }

  @Test
  default void metadataOnlyUpdateKeepsAttributes() {
    SessionData data = created(attrs("user", "ann"));
    clock().advance(Duration.ofMinutes(10));
    long later = clock().millis();

    // Even an empty attribute map: with no changed names, attributes are not touched.
    store().save(data.withAttributes(Map.of()).withLastAccessedAt(later), SaveMode.UPDATE, Set.of());

    SessionData back = loaded(data.id());
    assertEquals(attrs("user", "ann"), back.attributes());
    assertEquals(later, back.lastAccessedAt());
  }

  @Test
  default void updateAfterDeleteDoesNotResurrectSession() {
    SessionData data = created(attrs("user", "ann"));
    SessionData slowRequest = loaded(data.id());
    store().delete(data.id()); // a logout in a parallel request

    store().save(slowRequest.withAttributes(with(slowRequest.attributes(), "cart", 1)), SaveMode.UPDATE, Set.of("cart"));
    store().save(slowRequest.withLastAccessedAt(clock().millis() + 1), SaveMode.UPDATE, Set.of());

    assertFalse(storedBehindTheBack(data.id()));
    assertEquals(Optional.empty(), store().load(data.id()));
  }

  @Test
  default void deleteIsIdempotent() {
    SessionData data = created(attrs("user", "ann"));

    store().delete(data.id());
    store().delete(data.id());
    store().delete(SessionIds.next());

    assertEquals(Optional.empty(), store().load(data.id()));
  }

  @Test
  default void idleExpiredSessionLoadsEmpty() {
    SessionData data = created(attrs("user", "ann"));

    clock().advance(Duration.ofSeconds(IDLE_SECONDS - 1));
    assertTrue(store().load(data.id()).isPresent());

    clock().advance(Duration.ofSeconds(1));
    assertEquals(Optional.empty(), store().load(data.id()));
  }

  @Test
  default void absoluteDeadlineExpiresActiveSession() {
    long start = clock().millis();
    SessionData data = new SessionData(SessionIds.next(), attrs("user", "ann"), start, start, IDLE_SECONDS,
        start + Duration.ofHours(2).toMillis());
    store().save(data, SaveMode.CREATE, data.attributes().keySet());

    // A request every 20 minutes keeps it from ever going idle...
    for (int i = 0; i < 5; i++) {
      clock().advance(Duration.ofMinutes(20));
      SessionData session = loaded(data.id());
      store().save(session.withLastAccessedAt(clock().millis()), SaveMode.UPDATE, Set.of());
    }
    // ...but two hours after creation it ends anyway.
    clock().advance(Duration.ofMinutes(20));
    assertEquals(Optional.empty(), store().load(data.id()));
  }

  @Test
  default void negativeMaxInactiveMeansNoIdleLimit() {
    long now = clock().millis();
    SessionData data = new SessionData(SessionIds.next(), attrs("user", "ann"), now, now, -1, 0);
    store().save(data, SaveMode.CREATE, data.attributes().keySet());

    clock().advance(Duration.ofDays(3650));

    assertEquals(attrs("user", "ann"), loaded(data.id()).attributes());
  }

  @Test
  default void deleteExpiredRemovesOnlyExpiredAndCountsThem() {
    List<String> soonGone = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      soonGone.add(created(attrs("n", i)).id());
    }
    clock().advance(Duration.ofSeconds(IDLE_SECONDS / 2));
    List<String> stillLive = List.of(created(attrs("n", 10)).id(), created(attrs("n", 11)).id());
    clock().advance(Duration.ofSeconds(IDLE_SECONDS / 2));

    assertEquals(3, store().deleteExpired(clock().millis()));

    soonGone.forEach(id -> assertFalse(storedBehindTheBack(id), "expired session removed"));
    stillLive.forEach(id -> assertTrue(storedBehindTheBack(id), "live session kept"));
    assertEquals(0, store().deleteExpired(clock().millis()));
  }

  @Test
  default void corruptDataLoadsEmpty() {
    SessionData data = created(attrs("user", "ann"));

    corruptBehindTheBack(data.id());

    assertEquals(Optional.empty(), store().load(data.id()));
  }

  @Test
  default void unreadableRecordIsDeletedSoItIsLoggedOnce() {
    SessionData data = created(attrs("user", "ann"));
    corruptBehindTheBack(data.id());

    store().load(data.id());

    assertFalse(storedBehindTheBack(data.id()));
  }

  @Test
  default void loadedCopyIsIndependentOfStore() {
    SessionData data = created(attrs("cart", new ArrayList<>(List.of("apple"))));

    @SuppressWarnings("unchecked")
    List<Object> cart = (List<Object>) loaded(data.id()).attributes().get("cart");
    cart.add("pear");

    assertEquals(List.of("apple"), loaded(data.id()).attributes().get("cart"));
  }

  @Test
  default void savedSessionIsIndependentOfCaller() {
    List<Object> cart = new ArrayList<>(List.of("apple"));
    SessionData data = created(attrs("cart", cart));

    cart.add("pear");

    assertEquals(List.of("apple"), loaded(data.id()).attributes().get("cart"));
  }

  @Test
  default void updatedSessionIsIndependentOfCaller() {
    SessionData data = created(attrs("cart", new ArrayList<>(List.of("apple")), "visits", 1));
    SessionData request = loaded(data.id());
    List<Object> cart = new ArrayList<>(List.of("apple", "pear"));
    store().save(request.withAttributes(with(request.attributes(), "cart", cart)), SaveMode.UPDATE, Set.of("cart"));

    cart.add("plum");

    assertEquals(attrs("cart", List.of("apple", "pear"), "visits", 1), loaded(data.id()).attributes());
  }

  @Test
  default void changingALoadedMapCannotChangeWhatTheNextRequestLoads() {
    SessionData data = created(attrs("visits", 1, "name", "John"));
    Map<String, Object> map = loaded(data.id()).attributes();
    try {
      map.put("visits", 99);
      map.remove("name");
    } catch (UnsupportedOperationException refused) {
      // A store may hand out a map that refuses changes; what matters is the next load.
    }

    assertEquals(attrs("visits", 1, "name", "John"), loaded(data.id()).attributes());
  }

  @Test
  default void pingAnswers() {
    store().ping();
  }

  @Test
  default void largeAttributeValueRoundTrips() {
    String large = "x".repeat(100 * 1024);
    SessionData data = created(attrs("large", large));

    assertEquals(large, loaded(data.id()).attributes().get("large"));
  }

  @Test
  default void unicodeRoundTrips() {
    Map<String, Object> attributes = attrs("grüße", "Grüße aus Zürich — 東京 🎒", "quote", "she said \"hi\"\n\\o/");
    SessionData data = created(attributes);

    assertEquals(attributes, loaded(data.id()).attributes());
  }
}
