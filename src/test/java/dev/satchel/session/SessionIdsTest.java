package dev.satchel.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionIdsTest {
  /** The alphabet as the JDK's own base64url encoder writes it, not as SessionIds spells it. */
  private static Set<Character> jdkAlphabet() {
    Random random = new Random(11);
    Set<Character> alphabet = new HashSet<>();
    byte[] bytes = new byte[48];
    for (int i = 0; i < 1_000; i++) {
      random.nextBytes(bytes);
      for (char c : Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).toCharArray()) {
        alphabet.add(c);
      }
    }
    return alphabet;
  }

  @Test
  void everyCharacterIsBase64urlExactlyWhenTheJdkEncoderWritesIt() {
    Set<Character> alphabet = jdkAlphabet();
    assertEquals(64, alphabet.size(), "the fixture must produce the whole alphabet");
    for (int c = Character.MIN_VALUE; c <= Character.MAX_VALUE; c++) {
      assertEquals(
          alphabet.contains((char) c), SessionIds.isBase64url((char) c), "character U+" + Integer.toHexString(c));
    }
  }

  @Test
  void generatedIdsLookValidAndAlteredOnesDoNot() {
    for (int i = 0; i < 1_000; i++) {
      String id = SessionIds.next();
      assertTrue(SessionIds.looksValid(id), id);
      assertFalse(SessionIds.looksValid(id.substring(1)), "too short");
      assertFalse(SessionIds.looksValid(id.substring(0, 42) + "="), "padding is not an id character");
      assertFalse(SessionIds.looksValid(id.substring(0, 42) + "\u00e9"), "nor is a letter outside ASCII");
    }
    assertFalse(SessionIds.looksValid(null));
  }
}
