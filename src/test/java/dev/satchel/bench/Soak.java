package dev.satchel.bench;

import dev.satchel.bench.ServerProbe.Snapshot;
import dev.satchel.bench.SoakClient.Counts;
import dev.satchel.bench.SoakClient.Kind;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The soak and the flood against a Satchel already running (started by {@code bench/soak.sh} or by
 * {@code SoakIT}): drives it with {@link SoakClient}, looks at it with {@link ServerProbe}, and decides
 * whether it held up. Each run returns its figures and the list of what went wrong (empty when all is well).
 *
 * <p>Usage: {@code Soak mixed url=URL pid=PID user=NAME seconds=N [workers=N] [warmup=N]} (the password
 * in the environment variable {@code SOAK_PASSWORD}), or {@code Soak flood url=URL pid=PID requests=N
 * max-sessions=N [workers=N] [checkpoints=N]}. Exits 1 when something went wrong.
 */
public final class Soak {
  private static final long MIB = 1024 * 1024;

  /**
   * H2's page cache ({@code CACHE_SIZE}, 16 MiB for a file database): it starts empty and fills as the
   * session table grows, so the heap of a run with the default store may grow by this much and stay there.
   */
  static final long H2_PAGE_CACHE = 16 * MIB;

  /**
   * What a full collection leaves besides live sessions and caches: Jetty's retained buffers, compiled
   * regexes and other lazily made objects, the requests in flight when the probe runs. The 30 s runs grew
   * 1 to 3 MiB in all, H2's cache included; 8 MiB leaves room without hiding a leak of any size that matters
   * (at 1 000 requests/s, a leak of 100 bytes a request passes it within 90 s).
   */
  static final long HEAP_NOISE = 8 * MIB;

  /**
   * Descriptors: the client keeps its connections open, so the server's sockets stay the same; a log file
   * or a database file being rolled over may come and go.
   */
  static final long FD_NOISE = 8;

  /**
   * Threads: Jetty's pool grows with the requests in flight and lets idle threads go after a minute, the
   * JIT and GC add helpers on demand.
   */
  static final long THREAD_NOISE = 12;

  private Soak() {}

  /** The figures of a mixed run, and what went wrong. */
  public record MixedResult(Snapshot idle, Snapshot start, Snapshot end, List<Snapshot> during, Counts warmup,
      Counts counts, Duration elapsed, List<String> failures) {}

  /** Heap and stored sessions after some number of flood requests. */
  public record Checkpoint(long requests, long heapUsedBytes, long liveSessions, Duration floodTime) {}

  /** The figures of a flood, and what went wrong. */
  public record FloodResult(List<Checkpoint> checkpoints, Counts counts, Duration floodTime, List<String> failures) {}

  /**
   * Warms up for {@code warmup}, then runs mixed traffic for {@code duration} and compares heap after a
   * full GC, descriptors and threads at the end with the start (both taken with the traffic paused).
   */
  public static MixedResult mixed(URI base, long pid, String user, String password, int workers,
      Duration warmup, Duration duration, PrintStream log) throws InterruptedException {
    ServerProbe probe = new ServerProbe(pid);
    Snapshot idle = probe.snapshot();
    log.printf("soak: before any request: %s%n", idle);

    SoakClient warming = new SoakClient(base, user, password);
    warming.mixed(workers, warmup);
    Snapshot start = probe.snapshot();
    log.printf("soak: after %d s of warm-up (%d requests): %s%n", warmup.toSeconds(),
        warming.counts().totalRequests(), start);

    SoakClient client = new SoakClient(base, user, password);
    List<Snapshot> during = new CopyOnWriteArrayList<>();
    Duration every = duration.compareTo(Duration.ofMinutes(5)) > 0 ? Duration.ofMinutes(1) : duration.dividedBy(4);
    Thread sampler = new Thread(() -> sample(probe, client, every, during, log), "soak-sampler");
    sampler.setDaemon(true);
    long began = System.nanoTime();
    sampler.start();
    client.mixed(workers, duration);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - began);
    sampler.interrupt();
    sampler.join();
    Snapshot end = probe.snapshot();
    log.printf("soak: at the end: %s%n", end);

    List<String> failures = new ArrayList<>();
    Counts counts = client.counts();
    checkNoUnexpected(warming.counts(), "warm-up", failures);
    checkNoUnexpected(counts, "soak", failures);
    long heapBound = H2_PAGE_CACHE + HEAP_NOISE;
    if (end.heapUsedBytes() - start.heapUsedBytes() > heapBound) {
      failures.add(String.format(Locale.ROOT, "heap after full GC grew from %.1f to %.1f MiB, more than the "
          + "%d MiB allowed (H2 page cache + noise)", start.heapMiB(), end.heapMiB(), heapBound / MIB));
    }
    if (end.fds() - start.fds() > FD_NOISE) {
      failures.add("open file descriptors grew from " + start.fds() + " to " + end.fds()
          + ", more than the " + FD_NOISE + " allowed");
    }
    if (end.threads() - start.threads() > THREAD_NOISE) {
      failures.add("threads grew from " + start.threads() + " to " + end.threads()
          + ", more than the " + THREAD_NOISE + " allowed");
    }
    return new MixedResult(idle, start, end, List.copyOf(during), warming.counts(), counts, elapsed, failures);
  }

  private static void sample(ServerProbe probe, SoakClient client, Duration every, List<Snapshot> during,
      PrintStream log) {
    long began = System.nanoTime();
    try {
      while (true) {
        Thread.sleep(every.toMillis());
        Snapshot now = probe.snapshot();
        during.add(now);
        log.printf("soak: after %d s, %d requests: %s%n", (System.nanoTime() - began) / 1_000_000_000L,
            client.sentSoFar().getAsLong(), now);
      }
    } catch (InterruptedException e) {
      // the run is over
    } catch (RuntimeException e) {
      log.println("soak: a sample failed (the end check still runs): " + e.getMessage());
    }
  }

  /**
   * {@code requests} requests without a cookie in {@code checkpoints} equal parts, pausing after each to
   * measure heap after a full GC and the live {@code SessionData} objects (the memory store's sessions).
   * The store must never hold more than {@code maxSessions}, and once it is full the heap must stay where it
   * was when it first filled.
   */
  public static FloodResult flood(URI base, long pid, long requests, long maxSessions, int workers,
      int checkpoints, PrintStream log) throws InterruptedException {
    ServerProbe probe = new ServerProbe(pid);
    SoakClient client = new SoakClient(base, "nobody", "unused");
    List<Checkpoint> seen = new ArrayList<>();
    long floodNanos = 0;
    seen.add(checkpoint(probe, 0, Duration.ZERO, log));
    for (int part = 1; part <= checkpoints; part++) {
      long target = requests * part / checkpoints;
      long before = client.sentSoFar().getAsLong();
      long began = System.nanoTime();
      client.flood(workers, target - before);
      floodNanos += System.nanoTime() - began;
      seen.add(checkpoint(probe, client.sentSoFar().getAsLong(), Duration.ofNanos(floodNanos), log));
    }

    List<String> failures = new ArrayList<>();
    Counts counts = client.counts();
    checkNoUnexpected(counts, "flood", failures);
    for (Checkpoint each : seen) {
      if (each.liveSessions() > maxSessions) {
        failures.add("after " + each.requests() + " requests the store held " + each.liveSessions()
            + " sessions, over its bound of " + maxSessions);
      }
    }
    // The level at the bound: the first checkpoint by which the store had filled.
    Checkpoint full = seen.stream().filter(c -> c.requests() >= maxSessions).findFirst().orElse(null);
    if (full == null || full == seen.get(seen.size() - 1)) {
      failures.add("the flood never went on past filling the store: send more than " + maxSessions
          + " requests in more than one part");
    } else {
      long allowed = full.heapUsedBytes() + Math.max(HEAP_NOISE, full.heapUsedBytes() / 10);
      for (Checkpoint each : seen.subList(seen.indexOf(full) + 1, seen.size())) {
        if (each.heapUsedBytes() > allowed) {
          failures.add(String.format(Locale.ROOT, "heap after full GC was %.1f MiB after %d requests, above "
              + "the %.1f MiB allowed (%.1f MiB when the store filled, after %d requests, plus noise)",
              each.heapUsedBytes() / (double) MIB, each.requests(), allowed / (double) MIB,
              full.heapUsedBytes() / (double) MIB, full.requests()));
        }
      }
    }
    return new FloodResult(seen, counts, Duration.ofNanos(floodNanos), failures);
  }

  private static Checkpoint checkpoint(ServerProbe probe, long requests, Duration floodTime, PrintStream log) {
    ServerProbe.Histogram histogram = probe.histogram("dev.satchel.session.SessionData");
    long heap = histogram.totalBytes();
    long sessions = histogram.instances();
    Checkpoint checkpoint = new Checkpoint(requests, heap, sessions, floodTime);
    log.printf(Locale.ROOT, "flood: %,d requests: heap after full GC %.1f MiB, %,d sessions held%s%n", requests,
        heap / (double) MIB, sessions, requests == 0 ? "" : String.format(Locale.ROOT, ", %.0f requests/s so far",
            requests / Math.max(1e-9, floodTime.toNanos() / 1e9)));
    return checkpoint;
  }

  private static void checkNoUnexpected(Counts counts, String phase, List<String> failures) {
    if (counts.totalUnexpected() > 0) {
      failures.add(phase + ": " + counts.totalUnexpected() + " unexpected answers " + counts.unexpected()
          + ", e.g. " + counts.samples());
    }
  }

  /** The report's table of requests and unexpected answers by kind (kinds not sent left out). */
  public static String table(Counts counts, Duration elapsed) {
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-20s %12s %10s%n", "kind", "requests",
        "unexpected"));
    for (Kind kind : Kind.values()) {
      if (counts.requests().get(kind) == 0 && counts.unexpected().get(kind) == 0) {
        continue; // a flood sends one kind only
      }
      out.append(String.format(Locale.ROOT, "%-20s %,12d %,10d%n", kind.name().toLowerCase(Locale.ROOT),
          counts.requests().get(kind), counts.unexpected().get(kind)));
    }
    out.append(String.format(Locale.ROOT, "%-20s %,12d %,10d   (%.0f requests/s over %d s)%n", "total",
        counts.totalRequests(), counts.totalUnexpected(),
        counts.totalRequests() / Math.max(1e-9, elapsed.toNanos() / 1e9), elapsed.toSeconds()));
    return out.toString();
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 0 || !(args[0].equals("mixed") || args[0].equals("flood"))) {
      System.err.println("usage: Soak mixed url=URL pid=PID user=NAME seconds=N [workers=N] [warmup=N]\n"
          + "       Soak flood url=URL pid=PID requests=N max-sessions=N [workers=N] [checkpoints=N]");
      System.exit(2);
    }
    Map<String, String> options = new HashMap<>();
    for (int i = 1; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      options.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    URI base = URI.create(options.get("url"));
    long pid = Long.parseLong(options.get("pid"));
    int workers = Integer.parseInt(options.getOrDefault("workers", "4"));
    PrintStream out = System.out;
    List<String> failures;
    if (args[0].equals("mixed")) {
      Duration duration = Duration.ofSeconds(Long.parseLong(options.get("seconds")));
      // A tenth of the run, 10 s to 60 s: JIT, pools and buffers settle before the start is measured.
      long warm = Long.parseLong(options.getOrDefault("warmup",
          Long.toString(Math.min(60, Math.max(10, duration.toSeconds() / 10)))));
      MixedResult result = mixed(base, pid, options.get("user"), System.getenv("SOAK_PASSWORD"), workers,
          Duration.ofSeconds(warm), duration, out);
      out.println();
      out.print(table(result.counts(), result.elapsed()));
      out.printf(Locale.ROOT, "%n%-28s %12s %12s %12s%n", "", "idle", "start", "end");
      out.printf(Locale.ROOT, "%-28s %12.1f %12.1f %12.1f%n", "heap after full GC (MiB)",
          result.idle().heapMiB(), result.start().heapMiB(), result.end().heapMiB());
      out.printf(Locale.ROOT, "%-28s %12d %12d %12d%n", "open file descriptors",
          result.idle().fds(), result.start().fds(), result.end().fds());
      out.printf(Locale.ROOT, "%-28s %12d %12d %12d%n", "threads",
          result.idle().threads(), result.start().threads(), result.end().threads());
      out.printf(Locale.ROOT, "heap after full GC during the run (MiB): %s%n", result.during().stream()
          .map(s -> String.format(Locale.ROOT, "%.1f", s.heapMiB())).toList());
      out.printf(Locale.ROOT, "allowed growth: heap %d MiB (H2 page cache %d + noise %d), fds %d, threads %d%n",
          (H2_PAGE_CACHE + HEAP_NOISE) / MIB, H2_PAGE_CACHE / MIB, HEAP_NOISE / MIB, FD_NOISE, THREAD_NOISE);
      failures = result.failures();
    } else {
      long requests = Long.parseLong(options.get("requests"));
      long maxSessions = Long.parseLong(options.get("max-sessions"));
      int checkpoints = Integer.parseInt(options.getOrDefault("checkpoints", "4"));
      FloodResult result = flood(base, pid, requests, maxSessions, workers, checkpoints, out);
      out.println();
      out.print(table(result.counts(), result.floodTime()));
      failures = result.failures();
    }
    out.println();
    if (failures.isEmpty()) {
      out.println("PASS");
    } else {
      failures.forEach(f -> out.println("FAIL: " + f));
    }
    System.exit(failures.isEmpty() ? 0 : 1);
  }
}
