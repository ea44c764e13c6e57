package dev.satchel.auth;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

/**
 * What makes two usernames the same user, and which names {@code createuser} accepts. Names compare after
 * Unicode NFKC normalisation and case folding, so "Ada", "ADA" and "Ａｄａ" (full-width) are one user.
 */
public final class Usernames {
  /** Longest accepted username, in characters (Django's limit). */
  public static final int MAX_LENGTH = 150;
  /** Longest comparison key kept; folding can lengthen a name, but never past this from 150 characters. */
  static final int MAX_KEY_LENGTH = 600;

  private Usernames() {}

  /**
   * The comparison key of {@code name}: NFKC, then full case folding. Java has no case-fold call; upper
   * then lower case covers the expanding folds ("ß" becomes "ss"), and a second NFKC settles what the
   * case change decomposed.
   */
  public static String key(String name) {
    String normalized = Normalizer.normalize(name.strip(), Normalizer.Form.NFKC);
    String folded = normalized.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    return Normalizer.normalize(folded, Normalizer.Form.NFKC);
  }

  /** Why {@code createuser} refuses {@code name}, or empty when the name is fine. */
  public static Optional<String> problem(String name) {
    String stripped = name == null ? "" : name.strip();
    if (stripped.isEmpty()) {
      return Optional.of("the username must not be empty");
    }
    if (stripped.codePointCount(0, stripped.length()) > MAX_LENGTH) {
      return Optional.of("the username must be at most " + MAX_LENGTH + " characters");
    }
    // Letters and digits of any script, and the few marks Django allows: nothing a page or log could misread.
    boolean allowed = stripped.codePoints()
        .allMatch(c -> Character.isLetterOrDigit(c) || Character.getType(c) == Character.NON_SPACING_MARK
            || Character.getType(c) == Character.COMBINING_SPACING_MARK || "@.+-_".indexOf(c) >= 0);
    if (!allowed) {
      return Optional.of("the username may hold only letters, digits and @ . + - _");
    }
    if (key(stripped).length() > MAX_KEY_LENGTH) {
      return Optional.of("the username is too long once normalised");
    }
    return Optional.empty();
  }
}
