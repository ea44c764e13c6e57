package dev.satchel.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * What a command takes from the process that runs it, passed in so tests can run commands in-process with
 * their own environment, working directory and clock.
 *
 * @param env environment variables (a settings layer)
 * @param systemProperties JVM system properties (a settings layer)
 * @param workingDir where {@code config/satchel.properties} and a relative {@code --config} are looked up
 * @param clock the time {@code clearsessions} compares expiry against
 */
record CliContext(Map<String, String> env, Properties systemProperties, Path workingDir, Clock clock) {

  CliContext {
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(systemProperties, "systemProperties");
    Objects.requireNonNull(workingDir, "workingDir");
    Objects.requireNonNull(clock, "clock");
  }

  /** The real process: its environment, system properties, working directory and the UTC system clock. */
  static CliContext ofProcess() {
    return new CliContext(System.getenv(), System.getProperties(), Path.of("").toAbsolutePath(), Clock.systemUTC());
  }
}
