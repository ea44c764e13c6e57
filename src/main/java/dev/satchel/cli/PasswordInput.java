package dev.satchel.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Where {@code createuser} and {@code changepassword} get the new password: typed twice without echo at a
 * terminal, else the first line of standard input (for scripts: {@code echo "$PW" | satchel createuser ada}).
 */
final class PasswordInput {
  private final Console console;
  private final InputStream stdin;

  PasswordInput(Console console, InputStream stdin) {
    this.console = console;
    this.stdin = stdin;
  }

  /** This process's terminal when it has one, else its standard input. */
  static PasswordInput ofProcess() {
    return new PasswordInput(System.console(), System.in);
  }

  /** Standard input only; for running commands in-process in tests. */
  static PasswordInput of(InputStream stdin) {
    return new PasswordInput(null, stdin);
  }

  /** Thrown when the two typed passwords differ. */
  static final class MismatchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MismatchException() {
      super("the two passwords do not match");
    }
  }

  /** The password, or empty when standard input ended before a line. */
  Optional<String> read(String forWhom) {
    if (console != null) {
      char[] first = console.readPassword("Password for %s: ", forWhom);
      char[] second = console.readPassword("Password for %s (again): ", forWhom);
      try {
        if (first == null || second == null) {
          return Optional.empty();
        }
        if (!Arrays.equals(first, second)) {
          throw new MismatchException();
        }
        return Optional.of(new String(first));
      } finally {
        wipe(first);
        wipe(second);
      }
    }
    try {
      // Not closed: it wraps the process's standard input, which belongs to the process.
      var reader = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
      return Optional.ofNullable(reader.readLine());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the password from standard input", e);
    }
  }

  private static void wipe(char[] chars) {
    if (chars != null) {
      Arrays.fill(chars, '\0');
    }
  }
}
