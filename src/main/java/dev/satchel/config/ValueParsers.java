package dev.satchel.config;

import dev.satchel.config.ValueParser.Rejection;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The kinds of value a setting can take. Every parser but {@link #verbatim()} trims surrounding whitespace,
 * and names are accepted in any case but returned in their canonical spelling.
 */
final class ValueParsers {
  // RFC 6265 cookie-name = token (RFC 2616): visible ASCII except separators.
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
  // A host name, optionally with the leading dot old browsers expect.
  private static final Pattern DOMAIN =
      Pattern.compile("\\.?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*");

  private ValueParsers() {}

  /** A whole number from {@code min} to {@code max}; {@code unit} (such as "seconds") may be empty. */
  static ValueParser<Integer> wholeNumber(int min, int max, String unit) {
    String reason = "is not a whole number " + (unit.isEmpty() ? "" : "of " + unit + " ") + "from " + min
        + " to " + max;
    return text -> {
      try {
        int value = Integer.parseInt(text.strip());
        if (value >= min && value <= max) {
          return value;
        }
      } catch (NumberFormatException e) {
        // falls through to the rejection, which names the accepted range
      }
      throw new Rejection(reason);
    };
  }

  /** {@code true} or {@code false}, in any case. */
  static ValueParser<Boolean> bool() {
    ValueParser<String> choice = oneOf("true", "false");
    return text -> Boolean.parseBoolean(choice.parse(text));
  }

  /** One of {@code choices}, in any case; returns the choice as spelled here. */
  static ValueParser<String> oneOf(String... choices) {
    List<String> accepted = List.of(choices);
    String reason = "is not one of " + String.join(", ", accepted);
    return text -> {
      String wanted = text.strip();
      return accepted.stream()
          .filter(choice -> choice.equalsIgnoreCase(wanted))
          .findFirst()
          .orElseThrow(() -> new Rejection(reason));
    };
  }

  /** {@code auto} (empty), {@code true} or {@code false}. */
  static ValueParser<Optional<Boolean>> autoOrBool() {
    ValueParser<String> choice = oneOf("auto", "true", "false");
    return text -> {
      String value = choice.parse(text);
      return value.equals("auto") ? Optional.empty() : Optional.of(Boolean.parseBoolean(value));
    };
  }

  /** Any text, trimmed. */
  static ValueParser<String> text() {
    return String::strip;
  }

  /** Any text exactly as given: a password may begin or end with a space. */
  static ValueParser<String> verbatim() {
    return text -> text;
  }

  /**
   * A secret of at least {@code minLength} characters, or empty for none. Commas are refused so that the
   * secret can later move into {@code session.secret.fallbacks}.
   */
  static ValueParser<Optional<String>> secret(int minLength) {
    return text -> {
      String value = text.strip();
      if (value.isEmpty()) {
        return Optional.empty();
      }
      checkSecret(value, minLength, "is");
      return Optional.of(value);
    };
  }

  /** Comma-separated secrets, each trimmed and at least {@code minLength} long; empty entries dropped. */
  static ValueParser<List<String>> secretList(int minLength) {
    return text -> {
      List<String> secrets = Arrays.stream(text.split(","))
          .map(String::strip)
          .filter(secret -> !secret.isEmpty())
          .toList();
      for (String secret : secrets) {
        checkSecret(secret, minLength, "has an entry");
      }
      return secrets;
    };
  }

  private static void checkSecret(String secret, int minLength, String subject) throws Rejection {
    if (secret.length() < minLength) {
      throw new Rejection(subject + " shorter than the minimum of " + minLength + " characters");
    }
    if (secret.contains(",")) {
      throw new Rejection(subject + " containing a comma, which session.secret.fallbacks could not hold");
    }
  }

  /** A directory path, resolved against the working directory. */
  static ValueParser<Path> directory() {
    return text -> {
      String value = text.strip();
      if (!value.isEmpty()) {
        try {
          return Path.of(value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
          // falls through to the rejection
        }
      }
      throw new Rejection("is not a directory path");
    };
  }

  /** A cookie name: an RFC 6265 token (letters, digits and {@code !#$%&'*+-.^_`|~}). */
  static ValueParser<String> cookieName() {
    return text -> {
      String value = text.strip();
      if (!TOKEN.matcher(value).matches()) {
        throw new Rejection("is not a cookie name (letters, digits and !#$%&'*+-.^_`|~ only)");
      }
      return value;
    };
  }

  /** A cookie Path: starts with {@code /}, no {@code ;}, whitespace or control characters. */
  static ValueParser<String> cookiePath() {
    return text -> {
      String value = text.strip();
      if (!value.startsWith("/") || value.chars().anyMatch(c -> c == ';' || c <= ' ' || c == 0x7f)) {
        throw new Rejection("is not a path starting with / (without ';', spaces or control characters)");
      }
      return value;
    };
  }

  /** A cookie Domain (a host name such as {@code example.com}), or empty for a host-only cookie. */
  static ValueParser<Optional<String>> cookieDomain() {
    return text -> {
      String value = text.strip();
      if (value.isEmpty()) {
        return Optional.empty();
      }
      if (!DOMAIN.matcher(value).matches()) {
        throw new Rejection("is not a host name such as example.com (or empty for none)");
      }
      return Optional.of(value.toLowerCase(Locale.ROOT));
    };
  }

  /** A JDBC URL, or empty for the embedded H2 database in the data dir. */
  static ValueParser<Optional<String>> jdbcUrl() {
    return text -> {
      String value = text.strip();
      if (value.isEmpty()) {
        return Optional.empty();
      }
      if (!value.regionMatches(true, 0, "jdbc:", 0, 5) || value.length() == 5) {
        throw new Rejection("is not a JDBC URL such as jdbc:postgresql://host/db (or empty for H2 in data.dir)");
      }
      return Optional.of(value);
    };
  }

  /** A {@code redis://} or {@code rediss://} URL with a host. */
  static ValueParser<String> redisUrl() {
    String reason = "is not a redis:// or rediss:// URL with a host";
    return text -> {
      String value = text.strip();
      try {
        URI uri = new URI(value);
        String scheme = uri.getScheme();
        boolean redis = "redis".equalsIgnoreCase(scheme) || "rediss".equalsIgnoreCase(scheme);
        if (redis && uri.getHost() != null && !uri.getHost().isEmpty()) {
          return value;
        }
      } catch (URISyntaxException e) {
        // falls through to the rejection
      }
      throw new Rejection(reason);
    };
  }
}
