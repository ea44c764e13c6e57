package dev.satchel.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The per-request session records exactly what a request changed, and nothing else. */
class SessionTest {
  private static final long NOW = 1_700_000_000_000L;

  @Test
  void newSessionGetsBothDeadlines() {
    Session s = Session.create("id", NOW, 600, 3600);
    SessionData data = s.toData(NOW);
    assertEquals(NOW + 600_000, data.expiresAt());
    assertEquals(NOW + 3_600_000, data.absoluteDeadline());
    assertTrue(s.isNew());
    assertNull(s.storedId());
  }

  @Test
  void zeroAbsoluteTimeoutMeansNoAbsoluteDeadline() {
    SessionData data = Session.create("id", NOW, 600, 0).toData(NOW);
    assertEquals(0, data.absoluteDeadline());
    assertEquals(NOW + 600_000, data.expiresAt());
  }

  @Test
  void loadedSessionStartsWithNoChanges() {
    Session s = Session.loaded(new SessionData("id", Map.of("a", 1), NOW, NOW, 600, 0));
    assertFalse(s.hasChanges());
    assertFalse(s.isNew());
    assertEquals("id", s.storedId());
  }

  @Test
  void setAndRemoveAreRecordedByName() {
    Session s = Session.loaded(new SessionData("id", Map.of("a", 1, "b", 2), NOW, NOW, 600, 0));
    s.setAttribute("a", 5);
    s.removeAttribute("b");
    s.setAttribute("c", null);
    assertEquals(Set.of("a", "b", "c"), s.changedNames());
    assertEquals(Map.of("a", 5), s.toData(NOW).attributes());
    s.markSaved();
    assertFalse(s.hasChanges());
  }

  @Test
  void nonJsonValueIsRefusedBeforeItEntersTheSession() {
    Session s = Session.create("id", NOW, 600, 0);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> s.setAttribute("cart", List.of(new Object())));
    assertTrue(e.getMessage().contains("'cart'"), e.getMessage());
    assertTrue(s.isEmpty());
  }

  @Test
  void maxInactiveOfZeroOrLessMeansNoIdleLimit() {
    Session s = Session.create("id", NOW, 600, 0);
    s.setMaxInactiveSeconds(0);
    assertEquals(-1, s.maxInactiveSeconds());
    assertEquals(Long.MAX_VALUE, s.toData(NOW).expiresAt());
    assertTrue(s.hasChanges());
  }

  @Test
  void changedIdKeepsTheStoredIdUntilSaved() {
    Session s = Session.loaded(new SessionData("old", Map.of(), NOW, NOW, 600, 0));
    s.changeId("new");
    assertEquals("new", s.id());
    assertEquals("old", s.storedId());
    s.markSaved();
    assertEquals("new", s.storedId());
  }

  @Test
  void whatWasHandedToTheStoreDoesNotMoveWhenTheRequestGoesOnChangingTheSession() {
    Session s = Session.loaded(new SessionData("id", Map.of("visits", 1), NOW, NOW, 600, 0));
    s.setAttribute("visits", 2);
    SessionData saved = s.toData(NOW);

    s.setAttribute("visits", 3);
    s.setAttribute("name", "John");
    s.removeAttribute("visits");

    assertEquals(Map.of("visits", 2), saved.attributes());
    assertEquals(Map.of("name", "John"), s.toData(NOW).attributes());
    assertThrows(UnsupportedOperationException.class, () -> saved.attributes().put("x", 1));
  }

  @Test
  void theLoadedMapIsReadNotChanged() {
    // A store may hand the same unmodifiable map to several requests; each changes its own copy.
    Map<String, Object> stored = Map.of("visits", 1, "name", "John");
    Session first = Session.loaded(new SessionData("id", stored, NOW, NOW, 600, 0));
    Session second = Session.loaded(new SessionData("id", stored, NOW, NOW, 600, 0));

    first.setAttribute("visits", 2);
    first.removeAttribute("name");
    first.applyStored("counter", 7);

    assertEquals(Map.of("visits", 1, "name", "John"), stored);
    assertEquals(1, second.getAttribute("visits"));
    assertEquals(Map.of("visits", 2, "counter", 7), first.toData(NOW).attributes());
    assertEquals(Set.of("visits", "name"), first.changedNames());
  }

  @Test
  void changedNamesIsASnapshot() {
    Session s = Session.loaded(new SessionData("id", Map.of(), NOW, NOW, 600, 0));
    assertEquals(Set.of(), s.changedNames());
    s.setAttribute("a", 1);
    Set<String> before = s.changedNames();
    s.setAttribute("b", 2);
    assertEquals(Set.of("a"), before);
    s.markSaved();
    assertEquals(Set.of(), s.changedNames());
    assertFalse(s.hasChanges());
  }
}
