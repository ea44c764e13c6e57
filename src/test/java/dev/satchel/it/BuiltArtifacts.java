package dev.satchel.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the packaged {@code satchel.jar} and {@code satchel.war} that the integration tests exercise. */
final class BuiltArtifacts {
  private BuiltArtifacts() {}

  /** The executable jar; failsafe passes its path, which follows {@code -Dsatchel.build.dir}. */
  static Path jar() {
    return existing(System.getProperty("satchel.jar", "target/satchel.jar"));
  }

  /** The war for servlet containers. */
  static Path war() {
    return existing(System.getProperty("satchel.war", "target/satchel.war"));
  }

  private static Path existing(String name) {
    Path path = Path.of(name).toAbsolutePath();
    assertTrue(Files.isRegularFile(path), path + " is missing: these tests run after `mvn package`");
    return path;
  }
}
