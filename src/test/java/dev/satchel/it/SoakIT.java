package dev.satchel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.bench.Soak;
import dev.satchel.bench.Soak.FloodResult;
import dev.satchel.bench.Soak.MixedResult;
import dev.satchel.bench.SoakClient.Kind;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short form of {@code bench/soak.sh}: the built jar under the soak's mixed traffic for 30 seconds, and
 * under a flood of new visitors with a small memory store. Same client, same checks, same noise bounds as
 * the long runs (see {@link Soak}); the figures go to the test's output.
 */
final class SoakIT {
  private static final int WORKERS = 4;
  /** Far below the default 100 000, so the flood passes the bound ten times over in a few seconds. */
  private static final int MAX_SESSIONS = 5_000;

  @TempDir Path workDir;
  @TempDir Path dataDir;

  private JarProcess server;

  @AfterEach
  void killLeftovers() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void halfAMinuteOfMixedTrafficGetsOnlyExpectedAnswersAndLeavesTheServerTheSameSize() throws Exception {
    // bcrypt at the lowest accepted cost, as bench/soak.sh: logins are part of the mix, not the point of it.
    Map<String, String> env = Map.of("AUTH_BCRYPT_COST", "10");
    server = JarProcess.startWithJvmFlags(workDir, env, List.of("-Xmx256m"),
        "serve", "--port", "0", "--data-dir", dataDir.toString());
    URI base = server.baseUri();
    String password = "soak-" + UUID.randomUUID();
    try (JarProcess createUser = JarProcess.startWithInput(workDir, env, password + "\n",
        "createuser", "soak", "--data-dir", dataDir.toString())) {
      assertEquals(0, createUser.awaitExit(), () -> "createuser while the server runs:\n" + createUser.output());
    }

    MixedResult result = Soak.mixed(base, server.pid(), "soak", password, WORKERS, Duration.ofSeconds(10),
        Duration.ofSeconds(30), System.out);
    System.out.print(Soak.table(result.counts(), result.elapsed()));

    // One known, open finding is tolerated once per run (docs/reliability.md, "Soak"): about 4-10 answers
    // in a million are lost on a kept-alive connection closed before its answer arrived (a POST sees "no
    // answer", a GET retried by the JDK client counts one visit too many). Anything else, or a second one,
    // fails the run.
    long unexpected = result.warmup().totalUnexpected() + result.counts().totalUnexpected();
    List<String> otherFailures = result.failures().stream()
        .filter(failure -> !(unexpected <= 1 && lostAnswer(result)
            && (failure.startsWith("soak:") || failure.startsWith("warm-up:"))))
        .toList();
    assertEquals(List.of(), otherFailures, () -> "the soak found problems; server output:\n" + server.tail());
    for (Kind kind : Kind.values()) {
      assertTrue(result.counts().requests().get(kind) > 0, () -> "the mix never sent " + kind + ": "
          + result.counts().requests());
    }
    assertEquals(0, server.stop(), () -> "SIGTERM after the soak should stop cleanly:\n" + server.tail());
    assertTrue(server.output().lines().noneMatch(line -> line.contains(" ERROR ")),
        () -> "the server logged errors:\n" + server.tail());
  }

  /** True when every unexpected answer sampled is the lost-answer signature of the open finding. */
  private static boolean lostAnswer(MixedResult result) {
    return java.util.stream.Stream.concat(result.warmup().samples().stream(), result.counts().samples().stream())
        .allMatch(sample -> sample.what().contains("no answer") || oneVisitTooMany(sample.what()));
  }

  /** "expected 200 and Visits: N, saw Visits: N+1": a visit counted twice, never one lost. */
  private static boolean oneVisitTooMany(String what) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("Visits: (\\d+), saw Visits: (\\d+)").matcher(what);
    return m.find() && Long.parseLong(m.group(2)) == Long.parseLong(m.group(1)) + 1;
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aFloodOfNewVisitorsKeepsTheMemoryStoreWithinItsBoundAndTheHeapFlat() throws Exception {
    Map<String, String> env = Map.of(
        "SESSION_STORE", "memory", "SESSION_MEMORY_MAX_SESSIONS", Integer.toString(MAX_SESSIONS));
    server = JarProcess.startWithJvmFlags(workDir, env, List.of("-Xmx256m"),
        "serve", "--port", "0", "--data-dir", dataDir.toString());

    FloodResult result = Soak.flood(server.baseUri(), server.pid(), 50_000, MAX_SESSIONS, WORKERS, 5, System.out);

    assertEquals(List.of(), result.failures(), () -> "the flood found problems; server output:\n" + server.tail());
    assertEquals(50_000, result.counts().requests().get(Kind.NEW_VISITOR));
    assertTrue(server.output().contains("Memory store is full"),
        () -> "the store should say when it starts evicting:\n" + server.tail());
    assertEquals(0, server.stop(), () -> "SIGTERM after the flood should stop cleanly:\n" + server.tail());
  }
}
