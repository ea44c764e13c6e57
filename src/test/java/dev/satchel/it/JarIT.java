package dev.satchel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the built executable {@code satchel.jar} as a child process, the way a user starts it. */
final class JarIT {
  @TempDir Path workDir;
  @TempDir Path dataDir;

  private JarProcess child;

  @AfterEach
  void killLeftovers() {
    if (child != null) {
      child.close();
    }
  }

  @Test
  void serveRunsTheSessionFlowAndStopsCleanlyOnSigterm() throws Exception {
    child = start(Map.of(), "serve", "--port", "0", "--data-dir", dataDir.toString());
    int port = child.port();

    new SessionFlow(URI.create("http://localhost:" + port + "/")).run();
    try (Stream<Path> files = Files.list(dataDir)) {
      assertTrue(files.findAny().isPresent(), "--data-dir should reach Satchel's settings");
    }

    child.process().destroy(); // SIGTERM, as a service manager or `kill` would stop it
    assertTrue(child.process().waitFor(15, TimeUnit.SECONDS), () -> "no exit 15 s after SIGTERM:\n" + child.tail());
    // The JVM's own answer to SIGTERM is exit status 143; 0 means Satchel caught the signal and stopped in order.
    assertEquals(0, child.process().exitValue(), () -> "a graceful stop should exit 0:\n" + child.tail());
  }

  @Test
  void helpListsTheCommands() throws Exception {
    child = start(Map.of(), "--help");

    int status = child.awaitExit();
    String output = child.output();
    assertEquals(0, status, () -> "--help should exit 0:\n" + output);
    assertTrue(output.contains("serve"), () -> "--help should list serve:\n" + output);
    assertTrue(output.contains("clearsessions"), () -> "--help should list clearsessions:\n" + output);
  }

  @Test
  void badSettingStopsStartWithOneLineNamingTheKey() throws Exception {
    child = start(Map.of("SESSION_STORE", "mongo"), "serve", "--port", "0", "--data-dir", dataDir.toString());

    int status = child.awaitExit();
    String output = child.output();
    assertNotEquals(0, status, () -> "a bad setting should stop start-up:\n" + output);
    assertTrue(
        output.lines().anyMatch(line -> line.contains("session.store") && line.contains("mongo")),
        () -> "one line should name the key and the value:\n" + output);
    assertFalse(output.contains("\tat "), () -> "a bad setting deserves one line, not a stack trace:\n" + output);
    assertFalse(JarProcess.LISTENING.matcher(output).find(), () -> "the server must not start:\n" + output);
  }

  private JarProcess start(Map<String, String> env, String... args) throws IOException {
    return JarProcess.start(workDir, env, args);
  }
}
