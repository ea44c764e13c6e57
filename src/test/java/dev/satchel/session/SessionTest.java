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
}
