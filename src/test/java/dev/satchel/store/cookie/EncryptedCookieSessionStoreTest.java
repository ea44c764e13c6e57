package dev.satchel.store.cookie;

import static dev.satchel.store.SessionStoreContract.attrs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.session.SessionData;
import dev.satchel.store.jdbc.JdbcRevocations;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The whole contract and the cookie store's own cases again with AES-GCM on, plus what encryption adds. */
class EncryptedCookieSessionStoreTest extends CookieSessionStoreTest {

  @Override
  boolean encrypt() {
    return true;
  }

  @Test
  void holderCannotReadTheAttributesButThePlainStoreWouldShowThem() {
    SessionData data = newSession(attrs("secretNote", "launch-code-4711"));
    String sealed = cookieStore.cookieValue(data);
    String plain = plainStore().cookieValue(data);

    assertFalse(holderView(sealed).contains("launch-code-4711"));
    assertTrue(holderView(plain).contains("launch-code-4711"), "the plain store's cookie is only signed");
    assertEquals(data.attributes(), cookieStore.load(sealed).orElseThrow().attributes());
  }

  @Test
  void everyWriteUsesAFreshNonce() {
    SessionData data = newSession(attrs("name", "John"));

    assertFalse(cookieStore.cookieValue(data).equals(cookieStore.cookieValue(data)));
  }

  @Test
  void changedCiphertextFailsAuthentication() {
    String sealed = cookieStore.cookieValue(newSession(attrs("name", "John")));
    byte[] bytes = Base64.getUrlDecoder().decode(sealed.substring(3));
    for (int i = 0; i < bytes.length; i++) {
      byte[] changed = bytes.clone();
      changed[i] ^= 0x01;
      String forged = sealed.substring(0, 3) + Base64.getUrlEncoder().withoutPadding().encodeToString(changed);
      assertEquals(Optional.empty(), cookieStore.load(forged), "byte " + i);
    }
  }

  @Test
  void anotherSecretCannotDecryptButAFallbackCan() {
    String sealed = cookieStore.cookieValue(newSession(attrs("name", "John")));
    String newSecret = "the-next-secret-after-rotation-0123456789";

    try (CookieSessionStore stranger = store(new CookieStoreOptions(true, newSecret, List.of(), 3000, 0));
        CookieSessionStore rotated = store(new CookieStoreOptions(true, newSecret, List.of(SECRET), 3000, 0))) {
      assertEquals(Optional.empty(), stranger.load(sealed));
      assertEquals("John", rotated.load(sealed).orElseThrow().attributes().get("name"));
    }
  }

  private CookieSessionStore plainStore() {
    return store(new CookieStoreOptions(false, SECRET, List.of(), 3000, 0));
  }

  private CookieSessionStore store(CookieStoreOptions options) {
    return new CookieSessionStore(clock, JdbcRevocations.open(database, clock), options);
  }
}
