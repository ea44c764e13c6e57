package dev.satchel.config;

import java.util.regex.Pattern;

/** Makes setting values safe to print: passwords inside URLs masked, control characters escaped. */
final class Redaction {
  // user:password@ in the authority of redis://, postgresql://, jdbc:postgresql://, ...
  private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(//[^/@:?#;]*:)[^/@]*@");
  // password=... as a query or JDBC URL parameter (';' separates H2's, '&' PostgreSQL's)
  private static final Pattern PASSWORD_PARAMETER =
      Pattern.compile("(?i)((?:password|passwd|pwd)=)[^&;]*");

  private Redaction() {}

  /** {@code url} with any password it carries replaced by {@code (hidden)}. */
  static String url(String url) {
    String masked = USER_INFO_PASSWORD.matcher(url).replaceAll("$1" + SettingKey.HIDDEN_TEXT + "@");
    return PASSWORD_PARAMETER.matcher(masked).replaceAll("$1" + SettingKey.HIDDEN_TEXT);
  }

  /** {@code value} with line breaks and other control characters escaped, so a message stays one line. */
  static String oneLine(String value) {
    var out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (Character.isISOControl(c)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
