package dev.satchel.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the services some tests need — PostgreSQL, Redis, Chromium, python3 — and decides what their absence
 * means: on a developer's laptop the test is skipped with the reason; with {@code SATCHEL_REQUIRE_ALL=1}
 * (which {@code .ci/run} sets) it fails, so CI can never pass by skipping.
 */
public final class ExternalServices {
  /** PostgreSQL as .ci/run starts it: trust auth, database {@code test}. Override with SATCHEL_TEST_PG_URL. */
  public static final String POSTGRES_URL =
      env("SATCHEL_TEST_PG_URL").orElse("jdbc:postgresql://127.0.0.1:5432/test");
  public static final String POSTGRES_USER = env("SATCHEL_TEST_PG_USER").orElse("postgres");
  public static final String REDIS_URL = env("SATCHEL_TEST_REDIS_URL").orElse("redis://127.0.0.1:6379");

  private ExternalServices() {}

  /** True when the environment demands every service (CI). */
  public static boolean requireAll() {
    return "1".equals(System.getenv("SATCHEL_REQUIRE_ALL"));
  }

  /** Skips (or, under SATCHEL_REQUIRE_ALL=1, fails) the calling test unless PostgreSQL answers on 127.0.0.1:5432. */
  public static void requirePostgres() {
    require(listening("127.0.0.1", 5432), "PostgreSQL is not listening on 127.0.0.1:5432");
  }

  /** Skips (or fails, under SATCHEL_REQUIRE_ALL=1) unless Redis answers on 127.0.0.1:6379. */
  public static void requireRedis() {
    require(listening("127.0.0.1", 6379), "Redis is not listening on 127.0.0.1:6379");
  }

  /** The Chromium and ChromeDriver binaries, skipping (or failing) the test when either is missing. */
  public static Chromium requireChromium() {
    Optional<Path> browser = onPath("chromium").or(() -> onPath("chromium-browser"));
    Optional<Path> driver = onPath("chromedriver");
    require(browser.isPresent() && driver.isPresent(),
        "Chromium and ChromeDriver are not installed (apt-get install -y chromium chromium-driver)");
    return new Chromium(browser.get(), driver.get());
  }

  /** The python3 the benchmark scripts run on, skipping (or failing) the test when it is missing. */
  public static Path requirePython() {
    Optional<Path> python = onPath("python3");
    require(python.isPresent(), "python3 is not installed (apt-get install -y python3)");
    return python.get();
  }

  /** Where the browser and its driver live. */
  public record Chromium(Path browser, Path driver) {}

  private static void require(boolean present, String reason) {
    if (present) {
      return;
    }
    if (requireAll()) {
      throw new AssertionError(reason + ", and SATCHEL_REQUIRE_ALL=1 demands it");
    }
    Assumptions.assumeTrue(false, reason + "; skipped (set SATCHEL_REQUIRE_ALL=1 to fail instead)");
  }

  private static boolean listening(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static Optional<String> env(String name) {
    return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank());
  }
}
