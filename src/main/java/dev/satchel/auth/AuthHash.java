package dev.satchel.auth;

import dev.satchel.signing.Signer;

/**
 * The session auth hash, as in Django: an HMAC of the user's stored password hash, kept in the session at
 * login. When the password changes, the stored hash changes, the HMAC no longer matches and every session
 * made under the old password ends. Only the HMAC is kept in the session, never the bcrypt hash.
 */
final class AuthHash {
  static final String PURPOSE = "satchel.session-auth-hash";

  private final Signer signer;

  AuthHash(Signer signer) {
    this.signer = signer;
  }

  String of(String passwordHash) {
    String signed = signer.sign(passwordHash);
    return signed.substring(signed.lastIndexOf('.') + 1);
  }

  /** True when {@code stored} is the HMAC of {@code passwordHash} under the current or a fallback secret. */
  boolean matches(String passwordHash, Object stored) {
    return stored instanceof String mac && !mac.isEmpty() && signer.unsign(passwordHash + "." + mac).isPresent();
  }
}
