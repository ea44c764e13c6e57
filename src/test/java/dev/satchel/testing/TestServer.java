package dev.satchel.testing;

import dev.satchel.config.Settings;
import dev.satchel.server.EmbeddedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real embedded server on a free port, over a temporary data dir, for HTTP tests. Defaults to the memory
 * store; overrides are settings keys. {@link #restart()} stops and starts it again on the same data dir.
 */
public final class TestServer implements AutoCloseable {
  private final Path dataDir;
  private final boolean ownsDataDir;
  private final Settings settings;
  private EmbeddedServer server;

  private TestServer(Path dataDir, boolean ownsDataDir, Map<String, String> overrides) {
    this.dataDir = dataDir;
    this.ownsDataDir = ownsDataDir;
    Map<String, String> values = new HashMap<>();
    values.put("server.port", "0");
    values.put("data.dir", dataDir.toString());
    values.put("session.store", "memory");
    values.putAll(overrides);
    this.settings = Settings.of(values);
    this.server = EmbeddedServer.start(settings);
  }

  /** A server with the memory store and default settings. */
  public static TestServer start() {
    return start(Map.of());
  }

  /** A server over a fresh temporary data dir (deleted on close), with these settings over the defaults. */
  public static TestServer start(Map<String, String> overrides) {
    try {
      return new TestServer(Files.createTempDirectory("satchel-test-"), true, overrides);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A server over {@code dataDir}, which the caller owns. */
  public static TestServer start(Path dataDir, Map<String, String> overrides) {
    return new TestServer(dataDir, false, overrides);
  }

  /** The absolute URI of {@code path} (starting with '/') on the running server. */
  public URI uri(String path) {
    return URI.create("http://localhost:" + server.port() + path);
  }

  public int port() {
    return server.port();
  }

  public Path dataDir() {
    return dataDir;
  }

  /** A new browser with an empty cookie jar, talking to this server (also across restarts). */
  public Browser browser() {
    return new Browser(this::uri);
  }

  /** Stops the server gracefully and starts it again with the same settings and data dir (a new port). */
  public void restart() {
    server.close();
    server = EmbeddedServer.start(settings);
  }

  @Override
  public void close() {
    server.close();
    if (ownsDataDir) {
      deleteRecursively(dataDir);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // A leftover temp dir is harmless; failing the test for it would hide the real result.
    }
  }
}
