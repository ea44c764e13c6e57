package dev.satchel.config;

/**
 * Reads one setting's text into its typed value, or says why the text is not accepted.
 *
 * @param <T> the typed value
 */
@FunctionalInterface
interface ValueParser<T> {

  /** The typed value of {@code text}, which may carry surrounding whitespace. */
  T parse(String text) throws Rejection;

  /**
   * A value the parser does not accept. The reason continues a sentence whose subject is the value, such as
   * {@code is not a whole number from 0 to 65535}; the caller adds the key and the value (or hides it).
   */
  final class Rejection extends Exception {
    private static final long serialVersionUID = 1L;

    Rejection(String reason) {
      // No stack trace: a rejection is an expected outcome, turned into a one-line SettingsException.
      super(reason, null, false, false);
    }

    String reason() {
      return getMessage();
    }
  }
}
