package dev.satchel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.it.RawExchange.Outcome;
import dev.satchel.it.SessionWriteLoad.Tracked;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to the running jar while clients write sessions (default durability, H2's write delay): requests
 * in flight finish, none is cut, the process exits 0, and everything acknowledged is in the file afterwards.
 */
final class GracefulStopIT {
  private static final int CLIENTS = 4;
  private static final Duration LOAD = Duration.ofSeconds(3);

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
  void sigtermDuringWritesFinishesInFlightRequestsAndKeepsEveryWrite() throws Exception {
    int port = startServer();
    Process process = server.process();
    assertTrue(process.supportsNormalTermination(), "Process.destroy should be a SIGTERM here");

    long signalledAt;
    SessionWriteLoad load = SessionWriteLoad.start(port, CLIENTS);
    try {
      Thread.sleep(LOAD.toMillis());
      signalledAt = System.nanoTime();
      process.destroy(); // SIGTERM, as systemd, Kubernetes or `kill` would send it
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), () -> "no exit 30 s after SIGTERM:\n" + server.tail());
    } finally {
      load.close();
    }
    assertEquals(0, process.exitValue(), () -> "a graceful stop should exit 0:\n" + server.tail());

    // Once the server stops taking connections a client is refused, or its accepted connection is closed
    // before a byte of answer: it knows it was not served. A cut answer or an error page would be a failure.
    List<String> wrong = new ArrayList<>();
    long refused = 0;
    long closed = 0;
    for (RawExchange failure : load.failures()) {
      if (failure.doneNanos() - signalledAt < 0) {
        wrong.add("before the signal: " + failure.describe());
      } else if (failure.outcome() == Outcome.REFUSED) {
        refused++;
      } else if (failure.outcome() == Outcome.CLOSED_BEFORE_RESPONSE) {
        closed++;
      } else {
        wrong.add(failure.describe());
      }
    }
    assertTrue(wrong.isEmpty(), () -> "requests failed other than by a clean refusal after SIGTERM: " + wrong
        + "\n" + server.tail());
    assertFalse(load.sessions().isEmpty(), () -> "no write was acknowledged:\n" + server.tail());

    int restartPort = startServer();
    List<String> lost = new ArrayList<>();
    for (Tracked session : load.sessions()) {
      RawExchange answer = SessionWriteLoad.readBack(restartPort, session);
      Optional<Integer> stored = SessionWriteLoad.storedVisits(answer);
      assertTrue(stored.isPresent(), () -> "a session could not be read back after the restart ("
          + SessionWriteLoad.unreadable(answer) + "):\n" + server.tail());
      if (stored.get() < session.lastAcknowledged()) {
        lost.add(stored.get() + " stored of " + session.lastAcknowledged() + " acknowledged");
      }
    }
    System.out.printf(
        Locale.ROOT,
        "[reliability] SIGTERM under load, default write delay: %d writes acknowledged in %d sessions over %d s by"
            + " %d clients, %d of them answered after the signal; then %d connections refused, %d closed before"
            + " any byte of answer; 0 cut, 0 5xx; exit %d; %d lost after restart%n",
        load.acknowledged(), load.sessions().size(), LOAD.toSeconds(), CLIENTS,
        load.acknowledgedAfter(signalledAt), refused, closed, process.exitValue(), lost.size());
    assertTrue(lost.isEmpty(), () -> "acknowledged writes lost across a graceful stop: " + lost);
  }

  private int startServer() throws Exception {
    server = JarProcess.start(workDir, Map.of(), "serve", "--port", "0", "--data-dir", dataDir.toString());
    return server.port();
  }
}
