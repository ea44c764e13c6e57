package dev.satchel.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever a client sends as {@code next}, the check answers "follow exactly this" or "don't" — never an
 * exception — and what it lets through, however often a browser or proxy decodes it, stays a path on this
 * site: a single leading slash (so no scheme and no other host), no backslash, no control character.
 */
class SafeRedirectsProperties {

  @Property(tries = 3000)
  void arbitraryInputIsAcceptedUnchangedOrRefused(@ForAll("nextLike") String next) {
    Optional<String> safe = SafeRedirects.safePath(next);
    safe.ifPresent(path -> assertEquals(next, path, "an accepted value is followed as given, never rewritten"));
  }

  @Property(tries = 3000)
  void whatPassesStaysOnThisSiteAfterEveryDecoding(@ForAll("nextLike") String next) {
    Optional<String> safe = SafeRedirects.safePath(next);
    if (safe.isEmpty()) {
      return;
    }
    String decoded = safe.get();
    for (int round = 0; round < 4; round++) {
      assertTrue(decoded.startsWith("/") && !decoded.startsWith("//"), () -> "leaves the site: " + next);
      assertFalse(decoded.contains("\\"), () -> "backslash in " + next);
      assertTrue(decoded.chars().noneMatch(Character::isISOControl), () -> "control character in " + next);
      try {
        decoded = URLDecoder.decode(decoded.replace("+", "%2B"), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return; // no further decoding possible: nothing more for a browser to reveal
      }
    }
  }

  @Provide
  Arbitrary<String> nextLike() {
    // Mostly URL-ish material, where the interesting cases live, plus anything at all.
    Arbitrary<String> urlish = Arbitraries.strings()
        .withChars("/\\%:.@?#&=+-_~ abcxyzABC0123456789\t\r\n")
        .withChars('\u0000', '\u007f', '\u202e')
        .ofMaxLength(40);
    Arbitrary<String> encodedPrefixes = Arbitraries.of("/", "//", "/%2F", "/%252F", "%2F", "/%5C", "/%255C",
        "/\\", "https:", "javascript:", "/%09/", "/%0d%0a", "");
    Arbitrary<String> composed = Arbitraries.strings().ofMaxLength(0).flatMap(empty ->
        encodedPrefixes.flatMap(prefix -> urlish.map(rest -> prefix + rest)));
    return Arbitraries.oneOf(composed, urlish, Arbitraries.strings().all().ofMaxLength(60));
  }
}
