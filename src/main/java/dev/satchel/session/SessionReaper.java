package dev.satchel.session;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes expired sessions from a store in the background, on one daemon thread, every {@code interval}
 * give or take a tenth; stopped by {@link #close()}.
 *
 * <p>The first run comes after a random part of the interval and every later one is jittered, so that
 * nodes started together against one store drift apart instead of cleaning in step. The store deletes in
 * bounded batches (see {@link SessionStore#deleteExpired(long, Consumer)}). A failed run logs one WARN line
 * and the next run tries again: the thread never dies of it.
 */
public final class SessionReaper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SessionReaper.class);
  /** The most a delay strays from the interval, as a fraction of it. */
  static final double JITTER = 0.1;

  private final SessionStore store;
  private final Clock clock;
  private final Duration interval;
  private final Consumer<SessionData> onDeleted;
  private final ScheduledExecutorService executor;

  private SessionReaper(SessionStore store, Clock clock, Duration interval, Consumer<SessionData> onDeleted) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.interval = Objects.requireNonNull(interval, "interval");
    this.onDeleted = Objects.requireNonNull(onDeleted, "onDeleted");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive: " + interval);
    }
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "satchel-reaper");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Starts cleaning {@code store} every {@code interval} (jittered), handing each session it removes to
   * {@code onDeleted} (for session listeners).
   */
  public static SessionReaper start(
      SessionStore store, Clock clock, Duration interval, Consumer<SessionData> onDeleted) {
    SessionReaper reaper = new SessionReaper(store, clock, interval, onDeleted);
    long first = (long) (ThreadLocalRandom.current().nextDouble() * interval.toMillis());
    reaper.schedule(first);
    return reaper;
  }

  /** Runs one cleanup now, as the schedule does; returns how many sessions it removed (0 after a failure). */
  public long runOnce() {
    long started = System.nanoTime();
    try {
      long deleted = store.deleteExpired(clock.millis(), onDeleted);
      if (deleted > 0) {
        log.info(
            "Deleted {} expired sessions from the {} store in {} ms",
            deleted, store.name(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      }
      return deleted;
    } catch (RuntimeException e) {
      // StoreUnavailableException names the store and operation; nothing here carries an id.
      log.warn("Deleting expired sessions failed, trying again in about {} s: {}", interval.toSeconds(), e.toString());
      return 0;
    }
  }

  /** The delay before the run after this one: the interval, give or take up to {@link #JITTER} of it. */
  static long nextDelayMillis(Duration interval, RandomGenerator random) {
    long millis = interval.toMillis();
    long spread = (long) (millis * JITTER);
    return spread == 0 ? millis : millis - spread + random.nextLong(2 * spread + 1);
  }

  private void schedule(long delayMillis) {
    if (executor.isShutdown()) {
      return;
    }
    try {
      executor.schedule(this::runAndReschedule, delayMillis, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // Closed between the check and the call: nothing left to do.
    }
  }

  private void runAndReschedule() {
    try {
      runOnce();
    } finally {
      schedule(nextDelayMillis(interval, ThreadLocalRandom.current()));
    }
  }

  /** Stops the schedule; a run in progress finishes its current batch's statement and is not repeated. */
  @Override
  public void close() {
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("The session reaper did not stop within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
