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
 * The built {@code satchel.jar} as a child process, started the way a user starts it: {@code java [JVM
 * flags] -jar satchel.jar ARGS} in a given working directory, with Satchel's settings removed from the
 * inherited environment and the given ones added. Its output is drained for its whole life (a full pipe
 * would block it) and kept for failure messages.
 */
final class LaunchedJar implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("Satchel listening on http://localhost:(\\d+)/");
  private static final int TAIL_LINES = 60;

  private final Process process;
  private final StringBuffer output = new StringBuffer();
  private final CompletableFuture<Integer> port = new CompletableFuture<>();
  private final CompletableFuture<Void> drained = new CompletableFuture<>();

  private LaunchedJar(Process process) {
    this.process = process;
    Thread reader = new Thread(this::readOutput, "launched-jar-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts the jar; {@code stdin}, when not null, is written to it and closed. */
  static LaunchedJar start(Path workDir, Map<String, String> env, List<String> jvmFlags, String stdin,
      String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags);
    command.add("-jar");
    command.add(BuiltArtifacts.jar().toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
    builder.environment().keySet().removeIf(LaunchedJar::isSatchelSetting);
    builder.environment().putAll(env);
    LaunchedJar jar = new LaunchedJar(builder.start());
    try (OutputStream in = jar.process.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    return jar;
  }

  /** Environment variables that Satchel reads as settings (key upper-cased, '.' and '-' as '_'). */
  private static boolean isSatchelSetting(String name) {
    return name.startsWith("SESSION_") || name.startsWith("JDBC_") || name.startsWith("REDIS_")
        || name.startsWith("AUTH_") || name.equals("DATA_DIR") || name.equals("SERVER_PORT");
  }

  long pid() {
    return process.pid();
  }

  /** {@code http://127.0.0.1:PORT/}, once the server says it listens (waiting up to a minute). */
  URI baseUri() {
    try {
      return URI.create("http://127.0.0.1:" + port.get(60, TimeUnit.SECONDS) + "/");
    } catch (TimeoutException | ExecutionException e) {
      return fail("no 'Satchel listening on http://localhost:<port>/' line:\n" + tail(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted", e);
    }
  }

  /** Waits up to a minute for the process to end and returns its exit status. */
  int awaitExit() throws InterruptedException {
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      fail("still running after 60 s:\n" + tail());
    }
    try {
      drained.get(5, TimeUnit.SECONDS); // the last lines, written just before exiting
    } catch (TimeoutException | ExecutionException e) {
      // what was read so far is still worth showing
    }
    return process.exitValue();
  }

  /** SIGTERM, as a service manager would stop it; returns the exit status. */
  int stop() throws InterruptedException {
    process.destroy();
    return awaitExit();
  }

  /** The last lines printed, for failure messages that stay readable. */
  String tail() {
    List<String> lines = output.toString().lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
  }

  /** Everything printed so far. */
  String output() {
    return output.toString();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }

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
}
