package dev.satchel.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SignerTest {
  private static final String SECRET = "correct horse battery staple";
  private static final String OLD_SECRET = "tr0ub4dor&3";
  private static final String PURPOSE = "session-cookie";

  private final Signer signer = new Signer(SECRET, List.of(), PURPOSE);

  private static Optional<String> value(Signer signer, String signed) {
    return signer.unsign(signed).map(Signer.Unsigned::value);
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "", "with.dots.inside", "{\"name\":\"John\"}", "ünïcödé 中文 😀"})
  void signedValueComesBackUnchanged(String value) {
    String signed = signer.sign(value);
    assertTrue(signed.startsWith(value + "."));
    assertEquals(Optional.of(new Signer.Unsigned(value, false)), signer.unsign(signed));
  }

  @Test
  void signatureIsHmacOfTheValueUnderTheKeyDerivedFromSecretAndPurpose() throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] key = mac.doFinal(("satchel.signing." + PURPOSE).getBytes(StandardCharsets.UTF_8));
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    String expected = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(mac.doFinal("hello".getBytes(StandardCharsets.UTF_8)));

    assertEquals("hello." + expected, signer.sign("hello"));
  }

  @Test
  void changedValueIsRejected() {
    String signed = signer.sign("user=alice");
    assertEquals(Optional.empty(), signer.unsign(signed.replace("alice", "admin")));
    assertEquals(Optional.empty(), signer.unsign("x" + signed));
  }

  @Test
  void everyChangedSignatureCharacterIsRejected() {
    String signed = signer.sign("user=alice");
    int dot = signed.lastIndexOf('.');
    for (int i = dot + 1; i < signed.length(); i++) {
      for (char replacement : new char[] {'A', 'B', 'a', 'Q', 'g', 'w', '0', '-', '_'}) {
        if (signed.charAt(i) == replacement) {
          continue;
        }
        String forged = signed.substring(0, i) + replacement + signed.substring(i + 1);
        assertEquals(Optional.empty(), signer.unsign(forged), "forged at index " + i);
      }
    }
  }

  @Test
  void truncatedOrMissingSignatureIsRejected() {
    String signed = signer.sign("user=alice");
    assertEquals(Optional.empty(), signer.unsign(signed.substring(0, signed.length() - 1)));
    assertEquals(Optional.empty(), signer.unsign(signed.substring(0, signed.length() - 10)));
    assertEquals(Optional.empty(), signer.unsign(signed.substring(0, signed.lastIndexOf('.') + 1)));
    assertEquals(Optional.empty(), signer.unsign(signed.substring(0, signed.lastIndexOf('.'))));
    assertEquals(Optional.empty(), signer.unsign(signed + "="));
    assertEquals(Optional.empty(), signer.unsign(signed + "A"));
  }

  @Test
  void extraDotIsRejected() {
    String signed = signer.sign("user=alice");
    assertEquals(Optional.empty(), signer.unsign(signed + "."));
    int dot = signed.lastIndexOf('.');
    assertEquals(Optional.empty(), signer.unsign(signed.substring(0, dot) + ".." + signed.substring(dot + 1)));
  }

  @Test
  void signatureForAnotherPurposeIsRejected() {
    Signer csrf = new Signer(SECRET, List.of(), "csrf");
    assertEquals(Optional.empty(), csrf.unsign(signer.sign("token")));
    assertEquals(Optional.empty(), signer.unsign(csrf.sign("token")));
  }

  @Test
  void signatureFromAnotherSecretIsRejected() {
    Signer other = new Signer("some other secret", List.of(), PURPOSE);
    assertEquals(Optional.empty(), signer.unsign(other.sign("user=alice")));
  }

  @Test
  void fallbackSecretIsAcceptedAndFlagged() {
    Signer old = new Signer(OLD_SECRET, List.of(), PURPOSE);
    Signer rotated = new Signer(SECRET, List.of("older still", OLD_SECRET), PURPOSE);

    assertEquals(Optional.of(new Signer.Unsigned("v", true)), rotated.unsign(old.sign("v")));
    assertEquals(Optional.of(new Signer.Unsigned("v", false)), rotated.unsign(rotated.sign("v")));
    assertEquals(rotated.sign("v"), signer.sign("v"), "signing always uses the current secret");
  }

  @Test
  void cookiesSignedBeforeRotationStillVerifyAfterIt() {
    Signer before = new Signer(OLD_SECRET, List.of(), PURPOSE);
    String cookie = before.sign("session-id-123");

    Signer after = new Signer(SECRET, List.of(OLD_SECRET), PURPOSE);
    Signer.Unsigned unsigned = after.unsign(cookie).orElseThrow();
    assertEquals("session-id-123", unsigned.value());
    assertTrue(unsigned.signedWithFallback(), "caller should re-sign with the current secret");
    assertFalse(after.unsign(after.sign(unsigned.value())).orElseThrow().signedWithFallback());

    Signer fallbackDropped = new Signer(SECRET, List.of(), PURPOSE);
    assertEquals(Optional.empty(), fallbackDropped.unsign(cookie));
  }

  @Test
  void oversizeInputIsRejectedEvenWhenValid() {
    String fits = signer.sign("x".repeat(Signer.MAX_SIGNED_LENGTH - 44));
    assertEquals(Signer.MAX_SIGNED_LENGTH, fits.length());
    assertTrue(signer.unsign(fits).isPresent());

    String tooLong = signer.sign("x".repeat(Signer.MAX_SIGNED_LENGTH - 43));
    assertEquals(Optional.empty(), signer.unsign(tooLong));
    assertEquals(Optional.empty(), signer.unsign("a".repeat(9000)));
  }

  @Test
  void nonAsciiValuesAndSignaturesAreHandled() {
    assertEquals(Optional.of("Grüße 😀"), value(signer, signer.sign("Grüße 😀")));
    String signed = signer.sign("abc");
    assertEquals(Optional.empty(), signer.unsign(signed.substring(0, signed.length() - 1) + "é"));
    assertEquals(Optional.empty(), signer.unsign("abc." + "é".repeat(43)));
  }

  @Test
  void valueWithLoneSurrogateCannotBorrowAnotherValuesSignature() {
    assertThrows(IllegalArgumentException.class, () -> signer.sign("a\uD800"));
    String signed = signer.sign("a?");
    assertEquals(Optional.empty(), signer.unsign("a\uD800" + signed.substring(2)));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {".", "..", "abc.", ".abc", "abc", "abc.===", "abc.!!!!", "\u0000.\u0000"})
  void oddInputsAreRejectedWithoutThrowing(String input) {
    assertEquals(Optional.empty(), signer.unsign(input));
  }

  @Test
  void randomStringsNeverThrow() {
    Random random = new Random(7);
    String alphabet = "abcXYZ019-_.=+/ é😀\u0000";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder sb = new StringBuilder();
      int length = random.nextInt(i % 100 == 0 ? 9000 : 80);
      for (int j = 0; j < length; j++) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      if (i % 3 == 0) {
        sb.append('.').append(signer.sign("x"), 2, 45); // a real signature on the wrong value
      }
      assertEquals(Optional.empty(), signer.unsign(sb.toString()));
    }
  }

  @ParameterizedTest
  @NullAndEmptySource
  void emptySecretIsRefused(String secret) {
    var e = assertThrows(IllegalArgumentException.class, () -> new Signer(secret, List.of(), PURPOSE));
    assertTrue(e.getMessage().contains("secret"));
  }

  @Test
  void emptyFallbackIsRefusedWithoutRevealingTheOthers() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new Signer(SECRET, List.of(OLD_SECRET, ""), PURPOSE));
    assertEquals("fallback secret #2 must not be empty", e.getMessage());
  }

  @Test
  void toStringRevealsNoSecret() {
    String text = new Signer(SECRET, List.of(OLD_SECRET), PURPOSE).toString();
    assertFalse(text.contains(SECRET) || text.contains(OLD_SECRET), text);
    assertTrue(text.contains(PURPOSE));
  }

  @Test
  void oneSignerServesManyThreadsAtOnce() throws Exception {
    Signer shared = new Signer(SECRET, List.of(OLD_SECRET), PURPOSE);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        results.add(pool.submit(() -> {
          for (int i = 0; i < 2_000; i++) {
            String value = "t" + thread + "-" + i;
            String signed = shared.sign(value);
            if (!shared.unsign(signed).map(Signer.Unsigned::value).orElse("").equals(value)
                || shared.unsign(signed + "x").isPresent()) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> result : results) {
        assertTrue(result.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void differentValuesGetDifferentSignatures() {
    assertNotEquals(signer.sign("a").substring(2), signer.sign("b").substring(2));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 43, 1023, 1024, 1025, 4000})
  void valuesOfEveryLengthVerifyAndAChangeInTheirLastCharacterDoesNot(int length) {
    // ASCII values up to a kilobyte are hashed from the thread's buffer, longer ones from their own bytes.
    for (String value : List.of("a".repeat(length), "é".repeat(length))) {
      String signed = signer.sign(value);
      assertEquals(Optional.of(value), value(signer, signed));
      String changed = value.substring(0, length - 1) + "b" + signed.substring(length);
      assertEquals(Optional.empty(), signer.unsign(changed));
    }
  }

  @Test
  void aRefusedSignatureLeavesNothingBehindForTheNextCheck() {
    String good = signer.sign("session-1");
    String signature = good.substring(good.indexOf('.') + 1);
    // Malformed at the last character, after 42 characters were decoded into this thread's buffer.
    assertEquals(Optional.empty(), signer.unsign("session-1." + signature.substring(0, 42) + "!"));
    assertEquals(Optional.empty(), signer.unsign("session-2." + signature));
    assertEquals(Optional.of("session-1"), value(signer, good));
  }
}
