package dev.satchel.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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

/**
 * A running {@code java [JVM flags] -jar satchel.jar ARGS} child process, started the way a user starts it,
 * whose merged stdout and stderr are collected as they come. Closing it kills the process.
 */
final class JarProcess implements AutoCloseable {
  static final Pattern LISTENING = Pattern.compile("Satchel listening on http://localhost:(\\d+)/");
  private static final int TAIL_LINES = 60;

  private final Process process;
  private final StringBuffer output = new StringBuffer();
  private final CompletableFuture<Integer> port = new CompletableFuture<>();
  private final CompletableFuture<Void> drained = new CompletableFuture<>();

  private JarProcess(Process process) {
    this.process = process;
    Thread reader = new Thread(this::readOutput, "satchel-jar-output");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code java -jar satchel.jar ARGS} in {@code workDir} (an empty one, so no stray
   * {@code config/satchel.properties} or {@code ./data} is involved), with Satchel's settings removed from the
   * inherited environment and {@code env} added. Its input is closed at once: a command that asks for a
   * password gets end of input rather than waiting for a keyboard.
   */
  static JarProcess start(Path workDir, Map<String, String> env, String... args) throws IOException {
    return launch(workDir, env, List.of(), "", args);
  }

  /** As {@link #start}, with {@code jvmFlags} (such as {@code -Xmx256m}) before {@code -jar}. */
  static JarProcess startWithJvmFlags(Path workDir, Map<String, String> env, List<String> jvmFlags, String... args)
      throws IOException {
    return launch(workDir, env, jvmFlags, "", args);
  }

  /** As {@link #start}, with {@code input} (such as a password and its newline) written to the process's stdin. */
  static JarProcess startWithInput(Path workDir, Map<String, String> env, String input, String... args)
      throws IOException {
    return launch(workDir, env, List.of(), input, args);
  }

  private static JarProcess launch(
      Path workDir, Map<String, String> env, List<String> jvmFlags, String input, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags);
    command.add("-jar");
    command.add(BuiltArtifacts.jar().toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
    builder.environment().keySet().removeIf(JarProcess::isSatchelSetting);
    builder.environment().putAll(env);
    JarProcess jar = new JarProcess(builder.start());
    try (OutputStream stdin = jar.process.getOutputStream()) {
      stdin.write(input.getBytes(StandardCharsets.UTF_8));
    }
    return jar;
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

  Process process() {
    return process;
  }

  long pid() {
    return process.pid();
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
  int port() throws InterruptedException {
    try {
      return port.get(60, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return fail("no 'Satchel listening on http://localhost:<port>/' line:\n" + tail(), e);
    }
  }

  /** {@code http://127.0.0.1:PORT/}, once the server says it listens (waiting up to a minute). */
  URI baseUri() throws InterruptedException {
    return URI.create("http://127.0.0.1:" + port() + "/");
  }

  /** Waits up to a minute for the process to exit and returns its exit status; {@link #output} then holds all. */
  int awaitExit() throws InterruptedException {
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      fail("still running after 60 s:\n" + tail());
    }
    // Let the reader take the last lines, which the process wrote just before exiting.
    try {
      drained.get(5, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // The output so far is still worth showing.
    }
    return process.exitValue();
  }

  /** SIGTERM, as a service manager would stop it; waits up to a minute and returns the exit status. */
  int stop() throws InterruptedException {
    process.destroy();
    return awaitExit();
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

  /** Kills the process (SIGKILL) if it still runs: for clean-up after a test, whatever its outcome. */
  @Override
  public void close() {
    process.destroyForcibly();
  }
}
