package dev.satchel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * {@code kill -9} of the running jar while clients write sessions, then a restart on the same data dir:
 * with {@code jdbc.durable=true} nothing acknowledged is lost; with the default (H2's write delay) the
 * database opens cleanly and only the last moments before the kill may be lost.
 */
final class CrashDurabilityIT {
  private static final int CLIENTS = 4;
  private static final Duration LOAD = Duration.ofSeconds(4);
  /**
   * How old a lost write may be at the kill. H2 keeps committed changes in memory and a background thread
   * writes them to the file once they are older than its write delay (500 ms); writing a chunk takes a
   * little more, so on a quiet machine nothing older than about 0.6 s is lost. The background writer is one
   * thread among the server's and the test's on a small, shared CI machine, where it can be late by a
   * second; 2 s still tells "the last moments" from "anything older" (the load runs 4 s).
   */
  private static final Duration LOSS_WINDOW = Duration.ofSeconds(2);
  // 128 + 9: how Process reports a child ended by SIGKILL on Linux (not 143, which SIGTERM would give).
  private static final int KILLED_BY_SIGKILL = 137;

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
  void killDuringWritesLosesNoAcknowledgedWriteWhenDurable() throws Exception {
    Map<String, String> durable = Map.of("JDBC_DURABLE", "true");
    Crash crash = writeThenKill(durable);

    List<Lost> lost = readBack(durable, crash);
    report("kill -9, jdbc.durable=true", crash, lost);
    assertTrue(
        lost.isEmpty(),
        () -> lost.size() + " sessions lost acknowledged writes: " + lost.stream()
            .map(loss -> loss.storedVisits + " stored of " + loss.session.lastAcknowledged() + " acknowledged")
            .toList());
  }

  @Test
  void killDuringWritesWithTheWriteDelayLosesOnlyTheLastMoments() throws Exception {
    Map<String, String> defaults = Map.of();
    Crash crash = writeThenKill(defaults);

    List<Lost> lost = readBack(defaults, crash);
    report("kill -9, default write delay", crash, lost);
    for (Lost loss : lost) {
      Duration age = loss.oldestAge(crash.killedAt);
      assertTrue(
          age.compareTo(LOSS_WINDOW) <= 0,
          () -> "a write acknowledged " + seconds(age) + " before the kill was lost (" + loss.storedVisits
              + " stored, " + loss.session.lastAcknowledged() + " acknowledged); only the last "
              + seconds(LOSS_WINDOW) + " may be");
    }
  }

  /** Starts the jar on the fresh data dir, writes for {@link #LOAD}, then kills it with SIGKILL mid-load. */
  private Crash writeThenKill(Map<String, String> env) throws Exception {
    long startedAt = System.nanoTime();
    server = JarProcess.start(workDir, env, "serve", "--port", "0", "--data-dir", dataDir.toString());
    int port = server.port();
    double startSeconds = (System.nanoTime() - startedAt) / 1e9;
    long killedAt;
    SessionWriteLoad load = SessionWriteLoad.start(port, CLIENTS);
    try {
      Thread.sleep(LOAD.toMillis());
      killedAt = System.nanoTime();
      server.process().destroyForcibly();
      assertTrue(server.process().waitFor(15, TimeUnit.SECONDS), "the jar outlived SIGKILL");
    } finally {
      load.close();
    }
    assertEquals(KILLED_BY_SIGKILL, server.process().exitValue(), "destroyForcibly should be a SIGKILL");
    // Before the kill every exchange must have been a complete, correctly counted 200; after it, anything goes.
    List<String> early = load.failures().stream()
        .filter(failure -> failure.doneNanos() - killedAt < 0)
        .map(RawExchange::describe)
        .toList();
    assertTrue(early.isEmpty(), () -> "requests failed before the kill: " + early + "\n" + server.tail());
    assertFalse(load.sessions().isEmpty(), () -> "no write was acknowledged:\n" + server.tail());
    return new Crash(load, killedAt, startSeconds);
  }

  /**
   * Restarts the jar on the same data dir and reads every acknowledged session back; returns those holding
   * fewer visits than were acknowledged. Every read must be a complete 200, and no session may hold more than
   * one visit beyond its last acknowledgement (the one request whose answer the kill cut off).
   */
  private List<Lost> readBack(Map<String, String> env, Crash crash) throws Exception {
    long restartedAt = System.nanoTime();
    server = JarProcess.start(workDir, env, "serve", "--port", "0", "--data-dir", dataDir.toString());
    int port = server.port();
    crash.reopenSeconds = (System.nanoTime() - restartedAt) / 1e9;
    List<Lost> lost = new ArrayList<>();
    List<Tracked> sessions = crash.load.sessions();
    for (int i = 0; i < sessions.size(); i++) {
      Tracked session = sessions.get(i);
      RawExchange answer = SessionWriteLoad.readBack(port, session);
      Optional<Integer> stored = SessionWriteLoad.storedVisits(answer);
      int index = i;
      assertTrue(stored.isPresent(), () -> "session " + (index + 1) + " of " + sessions.size()
          + " could not be read back after the restart (" + SessionWriteLoad.unreadable(answer) + "):\n"
          + server.tail());
      int acknowledged = session.lastAcknowledged();
      assertTrue(
          stored.get() <= acknowledged + 1,
          () -> "a session holds " + stored.get() + " visits, but only " + acknowledged + " were acknowledged");
      if (stored.get() < acknowledged) {
        lost.add(new Lost(session, stored.get()));
      }
    }
    String log = server.output();
    // A row that no longer decodes is dropped with this warning: it would be corruption, shown as a loss.
    assertFalse(log.contains("cannot be decoded"), () -> "corrupt session rows after the restart:\n" + server.tail());
    assertFalse(log.contains(" ERROR "), () -> "errors after the restart:\n" + server.tail());
    server.process().destroy();
    assertTrue(server.process().waitFor(15, TimeUnit.SECONDS), () -> "no exit after SIGTERM:\n" + server.tail());
    return lost;
  }

  private static void report(String what, Crash crash, List<Lost> lost) {
    SessionWriteLoad load = crash.load;
    String oldest = lost.stream()
        .map(loss -> loss.oldestAge(crash.killedAt))
        .max(Duration::compareTo)
        .map(age -> ", the oldest acknowledged " + seconds(age) + " before the kill")
        .orElse("");
    long lostWrites = lost.stream().mapToLong(loss -> loss.session.lastAcknowledged() - loss.storedVisits).sum();
    System.out.printf(
        Locale.ROOT,
        "[reliability] %s: %d writes acknowledged in %d sessions over %d s by %d clients; %d lost in %d sessions%s"
            + "; serving %.1f s after the restart (%.1f s after the first start)%n",
        what, load.acknowledged(), load.sessions().size(), LOAD.toSeconds(), CLIENTS, lostWrites, lost.size(), oldest,
        crash.reopenSeconds, crash.startSeconds);
  }

  private static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.2f s", duration.toNanos() / 1e9);
  }

  /** A load that was running when the server was killed, and when the kill came. */
  private static final class Crash {
    final SessionWriteLoad load;
    final long killedAt;
    final double startSeconds;
    double reopenSeconds;

    Crash(SessionWriteLoad load, long killedAt, double startSeconds) {
      this.load = load;
      this.killedAt = killedAt;
      this.startSeconds = startSeconds;
    }
  }

  /** A session that came back with fewer visits than were acknowledged. */
  private record Lost(Tracked session, int storedVisits) {
    /** How long before the kill the first lost visit was acknowledged (0 when its answer came after it). */
    Duration oldestAge(long killedAt) {
      long age = killedAt - session.acknowledgedAt(storedVisits + 1);
      return Duration.ofNanos(Math.max(0, age));
    }
  }
}
