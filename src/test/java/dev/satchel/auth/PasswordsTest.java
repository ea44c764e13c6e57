package dev.satchel.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PasswordsTest {
  private final Passwords passwords = new Passwords(10);

  @ParameterizedTest
  @ValueSource(ints = {1, 70, 71, 72, 73, 100, 1024})
  void everyLengthHashesAndChecksWithoutThrowing(int length) {
    String password = "a".repeat(length);
    String hash = passwords.hash(password);

    assertTrue(hash.startsWith("$2b$10$"), hash);
    assertTrue(passwords.check(password, hash).matches());
    assertFalse(passwords.check(password + "a", hash).matches());
  }

  @Test
  void passwordsPastBcryptsLimitAreNotCut() {
    String common = "x".repeat(72);
    String hash = passwords.hash(common + "first ending");

    assertFalse(passwords.check(common + "other ending", hash).matches(), "bytes past 72 still count");
    assertFalse(passwords.check(common, hash).matches());
  }

  @Test
  void lowerCostHashAsksForARehash() {
    String weak = new Passwords(10).hash("pw");

    Passwords.Check check = new Passwords(11).check("pw", weak);

    assertTrue(check.matches());
    assertTrue(check.needsRehash());
    assertFalse(passwords.check("pw", weak).needsRehash());
  }

  @Test
  void malformedStoredHashNeverMatches() {
    assertFalse(passwords.check("pw", "not a bcrypt hash").matches());
    assertFalse(passwords.check("pw", "").matches());
  }

  @Test
  void problemsAreNamed() {
    assertEquals("the password must not be empty", Passwords.problem("").orElseThrow());
    assertEquals("the password must be at most 1024 characters", Passwords.problem("x".repeat(1025)).orElseThrow());
    assertTrue(Passwords.problem("x".repeat(1024)).isEmpty());
  }
}
