package dev.satchel.store.cookie;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hides a cookie payload from its holder: AES-256-GCM with a fresh random 96-bit nonce per write, written
 * as {@code nonce || ciphertext-and-tag}. GCM also authenticates, so a changed byte fails to decrypt (the
 * signature around it fails first anyway).
 *
 * <p>The key is {@code HMAC-SHA256(secret, "satchel.cookie-store.encrypt")}: the session secret with a
 * purpose of its own, so the signing keys and this key never coincide. Older secrets (the signer's
 * fallbacks) still decrypt, so rotating the secret does not end every session at once.
 */
final class CookieCipher {
  static final String PURPOSE = "satchel.cookie-store.encrypt";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final List<SecretKeySpec> keys; // current first

  CookieCipher(String secret, List<String> fallbacks) {
    List<SecretKeySpec> derived = new ArrayList<>();
    derived.add(deriveKey(secret));
    for (String fallback : fallbacks) {
      derived.add(deriveKey(fallback));
    }
    this.keys = List.copyOf(derived);
    encrypt(new byte[1]); // fail at start, not on the first request, if the JDK lacks AES-GCM
  }

  byte[] encrypt(byte[] plain) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, keys.get(0), new GCMParameterSpec(TAG_BITS, nonce));
      byte[] sealed = cipher.doFinal(plain);
      byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
      System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JDK", e);
    }
  }

  /** The plain bytes, or empty when no key authenticates them. */
  Optional<byte[]> decrypt(byte[] sealed) {
    if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
      return Optional.empty();
    }
    GCMParameterSpec nonce = new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES);
    for (SecretKeySpec key : keys) {
      try {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, nonce);
        return Optional.of(cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES));
      } catch (GeneralSecurityException wrongKeyOrTampered) {
        // try the next key
      }
    }
    return Optional.empty();
  }

  private static SecretKeySpec deriveKey(String secret) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("the encryption secret must not be empty");
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return new SecretKeySpec(mac.doFinal(PURPOSE.getBytes(StandardCharsets.UTF_8)), "AES");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available in this JDK", e);
    }
  }
}
