package dev.satchel.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A few client threads that keep writing sessions through {@code GET /session}: each thread starts a session
 * (no cookie), counts {@value #VISITS_PER_SESSION} visits in it, then starts the next. Every visit count the
 * server acknowledged is remembered with the moment its answer was read, so a test can compare what a
 * restarted server still has with what clients were told. A thread stops at its first exchange that is not a
 * complete 200 — after a kill or a stop that is the end of the run; before it, a failure the test reports.
 */
final class SessionWriteLoad implements AutoCloseable {
  static final int VISITS_PER_SESSION = 10;

  private final int port;
  private final List<Thread> threads = new ArrayList<>();
  private final List<Tracked> sessions = new CopyOnWriteArrayList<>();
  private final List<RawExchange> failures = new CopyOnWriteArrayList<>();
  private final AtomicLong acknowledged = new AtomicLong();
  private volatile boolean stopping;

  private SessionWriteLoad(int port) {
    this.port = port;
  }

  /** Starts {@code clients} threads writing to the server on {@code localhost:port}. */
  static SessionWriteLoad start(int port, int clients) {
    SessionWriteLoad load = new SessionWriteLoad(port);
    for (int i = 0; i < clients; i++) {
      Thread thread = new Thread(load::run, "session-write-load-" + i);
      thread.setDaemon(true);
      load.threads.add(thread);
      thread.start();
    }
    return load;
  }

  private void run() {
    Tracked current = null;
    while (!stopping) {
      RawExchange answer = RawExchange.get(port, "/session", current == null ? null : current.cookie);
      // Counts go 1, 2, 3... in a session only this thread uses; anything else is a failure too.
      int expected = current == null ? 1 : current.lastAcknowledged + 1;
      if (!answer.ok() || answer.visits() != expected) {
        failures.add(answer);
        return;
      }
      if (current == null) {
        Optional<String> cookie = answer.sessionCookie();
        if (cookie.isEmpty()) {
          failures.add(answer);
          return;
        }
        current = new Tracked(cookie.get());
        sessions.add(current);
      }
      current.acknowledge(answer.visits(), answer.doneNanos());
      acknowledged.incrementAndGet();
      if (answer.visits() >= VISITS_PER_SESSION) {
        current = null;
      }
    }
  }

  /** Stops the threads after their current exchange and waits for them (a read is bounded by its timeout). */
  @Override
  public void close() throws InterruptedException {
    stopping = true;
    for (Thread thread : threads) {
      thread.join(30_000);
    }
  }

  /** Every session with at least one acknowledged visit. */
  List<Tracked> sessions() {
    return List.copyOf(sessions);
  }

  /** Exchanges that ended a thread: anything but a complete 200 with the next visit count. */
  List<RawExchange> failures() {
    return List.copyOf(failures);
  }

  /** How many writes (visits) the server acknowledged in all. */
  long acknowledged() {
    return acknowledged.get();
  }

  /** How many writes were acknowledged after {@code nanos} (a {@link System#nanoTime()} reading). */
  long acknowledgedAfter(long nanos) {
    return sessions.stream().mapToLong(s -> s.acknowledgedAfter(nanos)).sum();
  }

  /** Reads {@code session} back from a restarted server: a GET of /session, which counts one more visit. */
  static RawExchange readBack(int port, Tracked session) {
    return RawExchange.get(port, "/session", session.cookie);
  }

  /**
   * What a restarted server held for the session {@code answer} read back: its visit count before that read,
   * 0 when the session was gone (the server started a fresh one at 1). Empty when the read did not get a
   * complete 200 answer with a count.
   */
  static Optional<Integer> storedVisits(RawExchange answer) {
    if (!answer.ok() || answer.visits() < 1) {
      return Optional.empty();
    }
    return Optional.of(answer.visits() - 1);
  }

  /** Why {@link #storedVisits} found nothing in {@code answer}, for a failure message. */
  static String unreadable(RawExchange answer) {
    return answer.describe() + (answer.ok() ? ", visits " + answer.visits() : "");
  }

  /** One session the load wrote: its signed cookie and when each visit count was acknowledged. */
  static final class Tracked {
    private final String cookie;
    // Index = visit count, filled 1..lastAcknowledged without gaps (a thread stops at its first failure);
    // written by the one thread that owns the session, read after it stopped.
    private final long[] acknowledgedAt = new long[VISITS_PER_SESSION + 1];
    private volatile int lastAcknowledged;

    private Tracked(String cookie) {
      this.cookie = cookie;
    }

    private void acknowledge(int visits, long nanos) {
      acknowledgedAt[visits] = nanos;
      lastAcknowledged = visits;
    }

    /** The highest visit count the server acknowledged. */
    int lastAcknowledged() {
      return lastAcknowledged;
    }

    /** When the answer acknowledging visit {@code visits} (1 to {@link #lastAcknowledged()}) was read. */
    long acknowledgedAt(int visits) {
      return acknowledgedAt[visits];
    }

    private long acknowledgedAfter(long nanos) {
      long count = 0;
      for (int visits = 1; visits <= lastAcknowledged; visits++) {
        if (acknowledgedAt[visits] - nanos > 0) {
          count++;
        }
      }
      return count;
    }
  }
}
