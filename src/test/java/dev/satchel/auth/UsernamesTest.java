package dev.satchel.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UsernamesTest {
  @Test
  void caseWidthAndCompatibilityFormsAreOneName() {
    assertEquals(Usernames.key("ada"), Usernames.key("ADA"));
    assertEquals(Usernames.key("ada"), Usernames.key("Ａｄａ"));
    assertEquals(Usernames.key("strasse"), Usernames.key("Straße"));
    assertEquals(Usernames.key("ﬁle"), Usernames.key("FILE"));
    assertEquals(Usernames.key("café"), Usernames.key("cafe\u0301"));
    assertNotEquals(Usernames.key("ada"), Usernames.key("adam"));
  }

  @Test
  void createuserAcceptsLettersDigitsAndAFewMarks() {
    assertTrue(Usernames.problem("ada.lovelace+test@x_y-z").isEmpty());
    assertTrue(Usernames.problem("Zoë").isEmpty());
    assertTrue(Usernames.problem("北京").isEmpty());
    assertTrue(Usernames.problem("a b").isPresent());
    assertTrue(Usernames.problem("a'--").isPresent());
    assertTrue(Usernames.problem("").isPresent());
    assertTrue(Usernames.problem("x".repeat(151)).isPresent());
  }
}
