package dev.satchel.config;

import java.util.Locale;
import java.util.Objects;

/**
 * One setting: its key, its default (as it would be written in the file) and how its value is read.
 *
 * @param name the key as written in the properties file, such as {@code session.idle-timeout}
 * @param defaultValue the value used when no layer sets the key
 * @param parser turns the text into the typed value, or rejects it
 * @param display how the value may be shown in messages, logs and {@link Settings#asMap()}
 * @param <T> the type the getter returns
 */
record SettingKey<T>(String name, String defaultValue, ValueParser<T> parser, Display display) {

  /** How much of a value may be shown outside the settings. */
  enum Display {
    /** Shown as given. */
    PLAIN,
    /** Never shown: a secret or a password. */
    HIDDEN,
    /** A URL shown with any password in it masked. */
    URL
  }

  /** What any hidden value is shown as. */
  static final String HIDDEN_TEXT = "(hidden)";

  SettingKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(defaultValue, "defaultValue");
    Objects.requireNonNull(parser, "parser");
    Objects.requireNonNull(display, "display");
  }

  /** The environment variable that overrides this key: upper case, '.' and '-' turned into '_'. */
  String envName() {
    return envName(name);
  }

  static String envName(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** The value as it may appear in a message: quoted, masked where needed, always on one line. */
  String shown(String value) {
    return switch (display) {
      case HIDDEN -> HIDDEN_TEXT;
      case URL -> quoted(Redaction.url(value));
      case PLAIN -> quoted(value);
    };
  }

  private static String quoted(String value) {
    return "'" + Redaction.oneLine(value) + "'";
  }
}
