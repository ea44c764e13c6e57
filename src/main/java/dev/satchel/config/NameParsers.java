package dev.satchel.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Parsers for settings that name things: an HTTP header, Java classes. */
final class NameParsers {
  // RFC 9110 field-name = token.
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
  private static final Pattern CLASS_NAME =
      Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*(?:[.$]\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");

  private NameParsers() {}

  /** An HTTP header name such as {@code X-Session-Token}, or empty for none. */
  static ValueParser<Optional<String>> headerName() {
    return text -> {
      String value = text.strip();
      if (value.isEmpty()) {
        return Optional.empty();
      }
      if (!TOKEN.matcher(value).matches()) {
        throw new ValueParser.Rejection("is not a header name such as X-Session-Token (or empty for none)");
      }
      if (value.equalsIgnoreCase("Cookie") || value.equalsIgnoreCase("Set-Cookie")) {
        throw new ValueParser.Rejection("is the cookie header itself; name a header of its own such as X-Session-Token");
      }
      return Optional.of(value);
    };
  }

  /** Comma-separated fully qualified class names, such as {@code com.example.AuditListener}; may be empty. */
  static ValueParser<List<String>> classNames() {
    return text -> {
      List<String> names =
          Arrays.stream(text.split(",")).map(String::strip).filter(name -> !name.isEmpty()).toList();
      for (String name : names) {
        if (!CLASS_NAME.matcher(name).matches()) {
          throw new ValueParser.Rejection("is not a comma-separated list of class names ('" + name + "' is not one)");
        }
      }
      return names;
    };
  }
}
