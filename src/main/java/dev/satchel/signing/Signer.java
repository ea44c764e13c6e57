package dev.satchel.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes strings tamper-proof: {@code value + "." + base64url(HMAC-SHA256(key, value))}. The key is derived
 * from the secret and a purpose, so a value signed for one purpose never verifies for another. Verification
 * is constant-time and tries the current secret, then each fallback in order.
 *
 * <p>The key for each secret is {@code HMAC-SHA256(secret, "satchel.signing." + purpose)}: the purpose acts
 * as a salt, and the secret itself never keys a signature.
 *
 * <p>Thread-safe.
 */
public final class Signer {

  /** What verified: the original value and whether an older (fallback) secret signed it. */
  public record Unsigned(String value, boolean signedWithFallback) {}

  /** Longest signed string considered; longer input is rejected before any hashing. */
  public static final int MAX_SIGNED_LENGTH = 8192;

  private static final String ALGORITHM = "HmacSHA256";
  private static final String KEY_PREFIX = "satchel.signing.";
  private static final int MAC_BYTES = 32;
  // base64url without padding of 32 bytes: 42 full characters and one carrying the last byte's low 4 bits.
  private static final int SIGNATURE_CHARS = 43;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private final String purpose;
  private final List<SecretKeySpec> keys; // current first, then fallbacks in order
  // A Mac is stateful and not thread-safe; one set per thread avoids both locking and a getInstance per call.
  private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(() -> new Scratch(newMacs()));

  /**
   * @param secret the current secret (any non-empty string)
   * @param fallbacks older secrets still accepted, in order
   * @param purpose a salt naming what the signatures are for, such as {@code "session-cookie"}
   */
  public Signer(String secret, List<String> fallbacks, String purpose) {
    this.purpose = Objects.requireNonNull(purpose, "purpose");
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("the signing secret must not be empty");
    }
    List<SecretKeySpec> derived = new ArrayList<>();
    derived.add(deriveKey(secret, purpose));
    List<String> older = fallbacks == null ? List.of() : fallbacks;
    for (int i = 0; i < older.size(); i++) {
      String fallback = older.get(i);
      if (fallback == null || fallback.isEmpty()) {
        throw new IllegalArgumentException("fallback secret #" + (i + 1) + " must not be empty");
      }
      derived.add(deriveKey(fallback, purpose));
    }
    this.keys = List.copyOf(derived);
    newMacs(); // fail here, not on the first request, if the JDK lacks HmacSHA256
  }

  /** {@code value} followed by a dot and its signature under the current secret. */
  public String sign(String value) {
    Objects.requireNonNull(value, "value");
    if (!wellFormed(value)) {
      // UTF-8 would turn a lone surrogate into '?', and two values would then share one signature.
      throw new IllegalArgumentException("value to sign contains an unpaired surrogate character");
    }
    byte[] mac = scratch.get().macs[0].doFinal(value.getBytes(StandardCharsets.UTF_8));
    return value + '.' + ENCODER.encodeToString(mac);
  }

  /**
   * The value inside {@code signed}, when its signature verifies under the current secret or a fallback.
   * Empty for anything else (null, empty, malformed, truncated, over {@link #MAX_SIGNED_LENGTH} characters,
   * forged); never throws.
   */
  public Optional<Unsigned> unsign(String signed) {
    if (signed == null || signed.length() > MAX_SIGNED_LENGTH) {
      return Optional.empty();
    }
    int dot = signed.lastIndexOf('.');
    if (dot < 0 || signed.length() - dot - 1 != SIGNATURE_CHARS) {
      return Optional.empty();
    }
    // Every request verifies a cookie, so the work goes through this thread's buffers, not new arrays.
    Scratch scratch = this.scratch.get();
    if (!decodeSignature(signed, dot + 1, scratch.given)) {
      return Optional.empty();
    }
    String value = signed.substring(0, dot);
    if (!wellFormed(value)) {
      return Optional.empty();
    }
    scratch.loadMessage(value);
    Mac[] perKey = scratch.macs;
    for (int i = 0; i < perKey.length; i++) {
      scratch.macOf(perKey[i]);
      if (MessageDigest.isEqual(scratch.mac, scratch.given)) {
        return Optional.of(new Unsigned(value, i > 0));
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "Signer[purpose=" + purpose + ", fallbacks=" + (keys.size() - 1) + "]";
  }

  /**
   * Decodes the 43 base64url characters from {@code from} into {@code into} (32 bytes); false for anything
   * that is not canonical base64url. The last character carries 4 bits: its 2 spare bits must be zero, or
   * four strings would verify.
   */
  private static boolean decodeSignature(String signed, int from, byte[] into) {
    int bits = 0;
    int pending = 0;
    int out = 0;
    for (int i = from; i < signed.length(); i++) {
      int sixBits = sixBits(signed.charAt(i));
      if (sixBits < 0) {
        return false;
      }
      bits = (bits << 6) | sixBits;
      pending += 6;
      if (pending >= 8) {
        pending -= 8;
        into[out++] = (byte) (bits >>> pending);
        bits &= (1 << pending) - 1;
      }
    }
    return out == MAC_BYTES && bits == 0;
  }

  private static int sixBits(char c) {
    return c >= 'A' && c <= 'Z' ? c - 'A'
        : c >= 'a' && c <= 'z' ? c - 'a' + 26
        : c >= '0' && c <= '9' ? c - '0' + 52
        : c == '-' ? 62
        : c == '_' ? 63
        : -1;
  }

  /** False when {@code s} holds a surrogate without its partner, which UTF-8 cannot carry. */
  private static boolean wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private static SecretKeySpec deriveKey(String secret, String purpose) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
      byte[] key = mac.doFinal((KEY_PREFIX + purpose).getBytes(StandardCharsets.UTF_8));
      return new SecretKeySpec(key, ALGORITHM);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available in this JDK", e);
    }
  }

  private Mac[] newMacs() {
    try {
      Mac[] result = new Mac[keys.size()];
      for (int i = 0; i < result.length; i++) {
        result[i] = Mac.getInstance(ALGORITHM);
        result[i].init(keys.get(i));
      }
      return result;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available in this JDK", e);
    }
  }

  /** One thread's Macs and buffers for {@link #unsign}: the signature as given, the one computed, the message. */
  private static final class Scratch {
    /** Messages up to this many bytes go through {@link #message}; longer ones (rare) get their own array. */
    private static final int MESSAGE_BYTES = 1024;

    final Mac[] macs;
    final byte[] given = new byte[MAC_BYTES];
    final byte[] mac = new byte[MAC_BYTES];
    private final byte[] message = new byte[MESSAGE_BYTES];
    private byte[] messageBytes;
    private int messageLength;

    Scratch(Mac[] macs) {
      this.macs = macs;
    }

    /**
     * Sets {@link #messageBytes} and {@link #messageLength} to {@code value} in UTF-8, once per check however
     * many keys are tried: this thread's buffer when the value is ASCII (its own UTF-8, as ids and
     * cookie-store payloads are) and fits, else an array of its own.
     */
    void loadMessage(String value) {
      int length = asciiInto(value, message);
      if (length >= 0) {
        messageBytes = message;
        messageLength = length;
      } else {
        messageBytes = value.getBytes(StandardCharsets.UTF_8);
        messageLength = messageBytes.length;
      }
    }

    /** Computes the loaded message's signature under {@code key} into {@link #mac}. */
    void macOf(Mac key) {
      key.update(messageBytes, 0, messageLength);
      try {
        key.doFinal(mac, 0);
      } catch (ShortBufferException impossible) {
        throw new IllegalStateException("HMAC-SHA256 wrote more than " + MAC_BYTES + " bytes", impossible);
      }
    }

    /** Copies {@code value} into {@code into} when it is ASCII and fits; the length copied, or -1. */
    private static int asciiInto(String value, byte[] into) {
      int length = value.length();
      if (length > into.length) {
        return -1;
      }
      for (int i = 0; i < length; i++) {
        char c = value.charAt(i);
        if (c >= 0x80) {
          return -1;
        }
        into[i] = (byte) c;
      }
      return length;
    }
  }
}
