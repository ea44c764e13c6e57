package dev.satchel.config;

import java.util.Locale;
import java.util.Optional;

/**
 * The rules that tie cookie settings together, checked at start so a browser never silently drops the
 * session cookie: SameSite=None and the {@code __Secure-} / {@code __Host-} name prefixes need Secure, and
 * {@code __Host-} also needs Path=/ and no Domain.
 */
final class CookieChecks {
  private CookieChecks() {}

  static void check(Settings settings) {
    String secure = describe(settings.cookieSecure());
    boolean alwaysSecure = settings.cookieSecure().orElse(false);
    if (settings.cookieSameSite().equals("None") && !alwaysSecure) {
      throw new SettingsException(
          "session.cookie.same-site: 'None' requires session.cookie.secure=true, not '" + secure + "'");
    }
    String name = settings.cookieName();
    // Browsers match the prefixes case-insensitively, so a name like __HOST-id gets the same treatment.
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.startsWith("__host-") || lower.startsWith("__secure-")) {
      String prefix = name.substring(0, name.indexOf('-') + 1);
      if (!alwaysSecure) {
        throw nameRequires(name, prefix, "session.cookie.secure=true, not '" + secure + "'");
      }
      if (lower.startsWith("__host-") && !settings.cookiePath().equals("/")) {
        throw nameRequires(name, prefix, "session.cookie.path=/, not '" + settings.cookiePath() + "'");
      }
      if (lower.startsWith("__host-") && settings.cookieDomain().isPresent()) {
        throw nameRequires(
            name, prefix, "session.cookie.domain to be empty, not '" + settings.cookieDomain().get() + "'");
      }
    }
  }

  private static SettingsException nameRequires(String name, String prefix, String requirement) {
    return new SettingsException(
        "session.cookie.name: '" + name + "' (prefix " + prefix + ") requires " + requirement);
  }

  private static String describe(Optional<Boolean> secure) {
    return secure.map(String::valueOf).orElse("auto");
  }
}
