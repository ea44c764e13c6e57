package dev.satchel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the built executable {@code satchel.jar} as a child process, the way a user starts it. */
final class JarIT {
  private static final int TAIL_LINES = 60;
  private static final Pattern LISTENING = Pattern.compile("Satchel listening on http://localhost:(\\d+)/");

  @TempDir Path workDir;
  @TempDir Path dataDir;

  private Child child;

  @AfterEach
  void killLeftovers() {
    if (child != null) {
      child.process.destroyForcibly();
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

    child.process.destroy(); // SIGTERM, as a service manager or `kill` would stop it
    assertTrue(child.process.waitFor(15, TimeUnit.SECONDS), () -> "no exit 15 s after SIGTERM:\n" + child.tail());
    // The JVM's own answer to SIGTERM is exit status 143; 0 means Satchel caught the signal and stopped in order.
    assertEquals(0, child.process.exitValue(), () -> "a graceful stop should exit 0:\n" + child.tail());
  }

  @Test
  void helpListsTheCommands() throws Exception {
    child = start(Map.of(), "--help");

    String output = child.awaitExit();
    assertEquals(0, child.process.exitValue(), () -> "--help should exit 0:\n" + output);
    assertTrue(output.contains("serve"), () -> "--help should list serve:\n" + output);
    assertTrue(output.contains("clearsessions"), () -> "--help should list clearsessions:\n" + output);
  }

  @Test
  void badSettingStopsStartWithOneLineNamingTheKey() throws Exception {
    child = start(Map.of("SESSION_STORE", "mongo"), "serve", "--port", "0", "--data-dir", dataDir.toString());

    String output = child.awaitExit();
    assertNotEquals(0, child.process.exitValue(), () -> "a bad setting should stop start-up:\n" + output);
    assertTrue(
        output.lines().anyMatch(line -> line.contains("session.store") && line.contains("mongo")),
        () -> "one line should name the key and the value:\n" + output);
    assertFalse(output.contains("\tat "), () -> "a bad setting deserves one line, not a stack trace:\n" + output);
    assertFalse(LISTENING.matcher(output).find(), () -> "the server must not start:\n" + output);
  }

  /**
   * Starts {@code java -jar satchel.jar ARGS} in an empty working directory (so no stray
   * {@code config/satchel.properties} or {@code ./data} is involved), with Satchel's settings removed from the
   * inherited environment and {@code env} added.
   */
  private Child start(Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(BuiltArtifacts.jar().toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
    builder.environment().keySet().removeIf(JarIT::isSatchelSetting);
    builder.environment().putAll(env);
    return new Child(builder.start());
  }

  /** Environment variables that Satchel reads as settings (key upper-cased, '.' and '-' as '_'). */
  private static boolean isSatchelSetting(String name) {
    return name.startsWith("SESSION_")
        || name.startsWith("JDBC_")
        || name.startsWith("REDIS_")
        || name.startsWith("AUTH_")
        || name.equals("DATA_DIR")
        || name.equals("SERVER_PORT");
  }

  /** A running {@code satchel.jar} whose merged stdout and stderr are collected as they come. */
  private static final class Child {
    final Process process;
    private final StringBuffer output = new StringBuffer();
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();

    Child(Process process) {
      this.process = process;
      Thread reader = new Thread(this::readOutput, "satchel-jar-output");
      reader.setDaemon(true);
      reader.start();
    }

    // The child blocks once its pipe fills, so its output is drained for its whole life, not only until ready.
    private void readOutput() {
      try (BufferedReader lines =
          new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          output.append(line).append('\n');
          Matcher listening = LISTENING.matcher(line);
          if (listening.find()) {
            port.complete(Integer.parseInt(listening.group(1)));
          }
        }
      } catch (IOException e) {
        // The pipe closes under the reader when the process is killed; what was read is all there is.
      } finally {
        port.completeExceptionally(new IllegalStateException("exited without listening"));
        drained.complete(null);
      }
    }

    /** The port from the {@code Satchel listening on ...} line, waiting up to a minute for it. */
    int port() throws Exception {
      try {
        return port.get(60, TimeUnit.SECONDS);
      } catch (TimeoutException | ExecutionException e) {
        return fail("no 'Satchel listening on http://localhost:<port>/' line:\n" + tail(), e);
      }
    }

    /** Waits up to a minute for the process to exit and returns everything it printed. */
    String awaitExit() throws InterruptedException {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        fail("still running after 60 s:\n" + tail());
      }
      // Let the reader take the last lines, which the process wrote just before exiting.
      try {
        drained.get(5, TimeUnit.SECONDS);
      } catch (TimeoutException | ExecutionException e) {
        // The output so far is still worth showing.
      }
      return output();
    }

    /** Everything printed so far, for assertions. */
    String output() {
      return output.toString();
    }

    /** The last lines printed, for failure messages that stay readable. */
    String tail() {
      List<String> lines = output().lines().toList();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
    }
  }
}
