package dev.satchel.bench;

import dev.satchel.session.AttributeCodec;
import dev.satchel.session.SaveMode;
import dev.satchel.session.SessionData;
import dev.satchel.session.SessionStore;
import dev.satchel.store.jdbc.JdbcOptions;
import dev.satchel.store.jdbc.JdbcSessionStore;
import dev.satchel.store.memory.MemorySessionStore;
import dev.satchel.store.redis.RedisOptions;
import dev.satchel.store.redis.RedisSessionStore;
import dev.satchel.testing.SessionRows;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scale: does a store stay as fast with a million sessions as with a thousand, what does {@code clearsessions}
 * cost on a million expired rows, and how many bytes does one session take in memory and in Redis.
 *
 * <p>For each JDBC store (H2 file on its defaults, PostgreSQL in a private schema) and each session count: seed
 * the table with typical sessions (batched INSERTs, behind the store's back), then time single-threaded
 * random loads and load-then-save-one-changed-attribute operations through the store, then expire every row
 * and time the store's {@code deleteExpired} (what {@code clearsessions} runs) while sampling the heap. Then
 * the memory store's heap per session and a Redis session's {@code MEMORY USAGE}.
 *
 * <p>Run with {@code bench/scale.sh}; options are {@code key=value} arguments (see {@link Options#parse}).
 * Writes {@code scale.csv} and {@code summary.md} to the output directory and prints the Markdown.
 */
public final class ScaleBench {
  private static final Logger log = LoggerFactory.getLogger(ScaleBench.class);
  private static final long DAY = 86_400_000L;
  /** Two weeks, the default idle limit. */
  private static final int MAX_INACTIVE = 1_209_600;

  /** What to measure. */
  public record Options(
      List<Integer> counts, Set<String> stores, int ops, int memorySessions, int redisSessions, Path out,
      String pgUrl, String pgUser, String redisUrl) {

    /**
     * {@code counts=1000,1000000 stores=h2,postgres,memory,redis ops=20000 memory-sessions=100000
     * redis-sessions=1000 out=DIR pg-url=jdbc:postgresql://127.0.0.1:5432/test pg-user=postgres
     * redis-url=redis://127.0.0.1:6379}; each falls back to the environment variable SCALE_COUNTS,
     * SCALE_STORES, SCALE_OPS, ..., BENCH_OUT, BENCH_PG_URL, BENCH_PG_USER, BENCH_REDIS_URL, then the default.
     */
    public static Options parse(String... args) {
      Map<String, String> given = new LinkedHashMap<>();
      for (String arg : args) {
        int eq = arg.indexOf('=');
        if (eq < 0) {
          throw new IllegalArgumentException("expected key=value, got " + arg);
        }
        given.put(arg.substring(0, eq), arg.substring(eq + 1));
      }
      Function<String, String> env = key -> System.getenv(
          (key.startsWith("pg-") || key.startsWith("redis-url") || key.equals("out") ? "BENCH_" : "SCALE_")
              + key.toUpperCase(Locale.ROOT).replace('-', '_'));
      Function<String[], String> get = kv -> {
        String v = given.remove(kv[0]);
        if (v == null) {
          v = env.apply(kv[0]);
        }
        return v == null || v.isBlank() ? kv[1] : v;
      };
      Options options = new Options(
          Arrays.stream(get.apply(new String[] {"counts", "1000,1000000"}).split(","))
              .map(String::trim).map(Integer::parseInt).toList(),
          Set.copyOf(Arrays.asList(get.apply(new String[] {"stores", "h2,postgres,memory,redis"}).split(","))),
          Integer.parseInt(get.apply(new String[] {"ops", "20000"})),
          Integer.parseInt(get.apply(new String[] {"memory-sessions", "100000"})),
          Integer.parseInt(get.apply(new String[] {"redis-sessions", "1000"})),
          Path.of(get.apply(new String[] {"out", "target/bench/scale"})),
          get.apply(new String[] {"pg-url", "jdbc:postgresql://127.0.0.1:5432/test"}),
          get.apply(new String[] {"pg-user", "postgres"}),
          get.apply(new String[] {"redis-url", "redis://127.0.0.1:6379"}));
      if (!given.isEmpty()) {
        throw new IllegalArgumentException("unknown options " + given.keySet());
      }
      return options;
    }
  }

  /**
   * One measured figure. Latency rows fill p50/p99/mean; clearsessions rows fill seconds, rows/s and peak
   * heap; bytes-per-session rows fill bytesPerSession. Unused fields are NaN.
   */
  public record Result(
      String store, long sessions, String operation, long ops, double p50Us, double p99Us, double meanUs,
      double seconds, double rowsPerSecond, double peakHeapMb, double bytesPerSession) {

    static Result latency(String store, long sessions, String operation, long[] nanos) {
      long[] sorted = nanos.clone();
      Arrays.sort(sorted);
      double mean = Arrays.stream(sorted).average().orElse(Double.NaN) / 1000.0;
      return new Result(store, sessions, operation, nanos.length, percentile(sorted, 0.50), percentile(sorted, 0.99),
          mean, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    private static double percentile(long[] sorted, double p) {
      int i = (int) Math.ceil(p * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1000.0;
    }

    String csv() {
      return String.join(",", store, Long.toString(sessions), operation, Long.toString(ops), num(p50Us, 1),
          num(p99Us, 1), num(meanUs, 1), num(seconds, 2), num(rowsPerSecond, 0), num(peakHeapMb, 1),
          num(bytesPerSession, 0));
    }
  }

  static final String CSV_HEADER =
      "store,sessions,operation,ops,p50_us,p99_us,mean_us,seconds,rows_per_s,peak_heap_mb,bytes_per_session";

  private final Options options;
  private final Clock clock = Clock.systemUTC();
  private final List<Result> results = new ArrayList<>();

  public ScaleBench(Options options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    ScaleBench bench = new ScaleBench(options);
    bench.run();
    System.out.println(bench.markdown());
    System.err.println("==> " + options.out().resolve("scale.csv") + ", " + options.out().resolve("summary.md"));
  }

  /** Runs every measurement the options ask for, writes the CSV and Markdown, and returns the figures. */
  public List<Result> run() throws IOException, SQLException {
    Files.createDirectories(options.out());
    for (String store : List.of("h2", "postgres")) {
      if (options.stores().contains(store)) {
        for (int count : options.counts()) {
          jdbc(store, count);
        }
      }
    }
    if (options.stores().contains("memory")) {
      memoryBytesPerSession();
    }
    if (options.stores().contains("redis")) {
      redisBytesPerSession();
    }
    List<String> lines = new ArrayList<>();
    lines.add(CSV_HEADER);
    results.forEach(r -> lines.add(r.csv()));
    Files.write(options.out().resolve("scale.csv"), lines);
    Files.writeString(options.out().resolve("summary.md"), markdown());
    return List.copyOf(results);
  }

  // --- JDBC: latency with N live sessions, then clearsessions on the same N rows, all expired -------------

  private void jdbc(String store, int count) throws IOException, SQLException {
    log.info("{}: {} sessions", store, count);
    try (Database database = store.equals("h2") ? Database.h2() : Database.postgres(options)) {
      long now = clock.millis();
      SessionData[] template = new SessionData[1];
      try (JdbcSessionStore sessions = JdbcSessionStore.open(database.options(), clock)) {
        long seedStart = System.nanoTime();
        SessionRows.of(database.options()).insertSessions(
            count, n -> new SessionRows.Row(id(n), json(n), user(n)), now, MAX_INACTIVE);
        log.info("{}: seeded {} rows in {} s", store, count, secondsSince(seedStart));
        database.analyze();
        double bytesPerRow = database.bytesPerRow(count);
        if (!Double.isNaN(bytesPerRow)) {
          results.add(new Result(store, count, "table+indexes", count, Double.NaN, Double.NaN, Double.NaN,
              Double.NaN, Double.NaN, Double.NaN, bytesPerRow));
        }

        SplittableRandom random = new SplittableRandom(count);
        int warmup = Math.min(options.ops(), 5_000);
        timeLoads(sessions, count, random, warmup);
        timeLoadSaves(sessions, count, random, warmup);
        results.add(Result.latency(store, count, "load", timeLoads(sessions, count, random, options.ops())));
        results.add(Result.latency(store, count, "load+save", timeLoadSaves(sessions, count, random, options.ops())));
        template[0] = sessions.load(id(0)).orElseThrow();

        // Every row expires at "now + two weeks" at the latest; cleaning up as of a month later removes all.
        long later = now + 30 * DAY;
        HeapPeak peak = HeapPeak.start();
        long start = System.nanoTime();
        long deleted = sessions.deleteExpired(later);
        double seconds = (System.nanoTime() - start) / 1e9;
        double peakMb = peak.stop() / 1048576.0;
        if (deleted != count) {
          throw new IllegalStateException(store + ": deleteExpired removed " + deleted + " of " + count + " rows");
        }
        results.add(new Result(store, count, "clearsessions", deleted, Double.NaN, Double.NaN, Double.NaN, seconds,
            deleted / seconds, peakMb, Double.NaN));
        log.info("{}: deleted {} expired rows in {} s", store, deleted, String.format("%.2f", seconds));
      }
    }
  }

  private long[] timeLoads(SessionStore sessions, int count, SplittableRandom random, int ops) {
    long[] nanos = new long[ops];
    for (int i = 0; i < ops; i++) {
      String id = id(random.nextInt(count));
      long start = System.nanoTime();
      boolean found = sessions.load(id).isPresent();
      nanos[i] = System.nanoTime() - start;
      if (!found) {
        throw new IllegalStateException("session " + id + " not found");
      }
    }
    return nanos;
  }

  /** As a request that changes one attribute: load, change "visits", save only that name (UPDATE). */
  private long[] timeLoadSaves(SessionStore sessions, int count, SplittableRandom random, int ops) {
    long[] nanos = new long[ops];
    for (int i = 0; i < ops; i++) {
      String id = id(random.nextInt(count));
      int visits = random.nextInt(1_000_000);
      long start = System.nanoTime();
      SessionData data = sessions.load(id).orElseThrow();
      Map<String, Object> attributes = new LinkedHashMap<>(data.attributes());
      attributes.put("visits", visits);
      sessions.save(data.withAttributes(attributes).withLastAccessedAt(clock.millis()), SaveMode.UPDATE,
          Set.of("visits"));
      nanos[i] = System.nanoTime() - start;
    }
    return nanos;
  }

  // --- memory store: heap per session -----------------------------------------------------------------

  private void memoryBytesPerSession() {
    int count = options.memorySessions();
    long now = clock.millis();
    MemorySessionStore store = new MemorySessionStore(clock, count + 1);
    long before = usedHeapAfterGc();
    for (int n = 0; n < count; n++) {
      Map<String, Object> attributes = attributes(n);
      store.save(new SessionData(id(n), attributes, now, now, MAX_INACTIVE, 0), SaveMode.CREATE, attributes.keySet());
    }
    long after = usedHeapAfterGc();
    if (store.load(id(count - 1)).isEmpty()) { // also keeps the store reachable until after the measurement
      throw new IllegalStateException("memory store lost a session");
    }
    results.add(new Result("memory", count, "heap", count, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
        Double.NaN, (after - before) / 1048576.0, (after - before) / (double) count));
    store.close();
  }

  /** Heap in use once repeated full collections stop freeing anything worth counting. */
  static long usedHeapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long previous = Long.MAX_VALUE;
    for (int i = 0; i < 20; i++) {
      System.gc();
      long used = memory.getHeapMemoryUsage().getUsed();
      if (Math.abs(previous - used) < 64 * 1024) {
        return used;
      }
      previous = used;
    }
    return previous;
  }

  // --- Redis: MEMORY USAGE of a session's keys -----------------------------------------------------------

  /**
   * Saves typical sessions (one user each) through the Redis store under a private prefix, sums Redis's own
   * {@code MEMORY USAGE} of every key they made (session hashes and per-user index sets), divides by the
   * count, and removes the keys. Key-level only: Redis's per-key dictionary entry and expiry entry are in
   * MEMORY USAGE, allocator slack across the server is not.
   */
  private void redisBytesPerSession() {
    int count = options.redisSessions();
    String prefix = "satchel-scale-" + HexFormat.of().formatHex(randomBytes(6)) + ":";
    long now = clock.millis();
    RedisClient client = RedisClient.create(options.redisUrl());
    try (RedisSessionStore store = RedisSessionStore.open(RedisOptions.defaults(options.redisUrl())
            .withKeyPrefix(prefix), clock);
        StatefulRedisConnection<String, String> connection = client.connect()) {
      for (int n = 0; n < count; n++) {
        Map<String, Object> attributes = attributes(n);
        store.save(new SessionData(id(n), attributes, now, now, MAX_INACTIVE, 0), SaveMode.CREATE,
            attributes.keySet());
      }
      RedisCommands<String, String> redis = connection.sync();
      long sessionBytes = 0;
      long indexBytes = 0;
      List<String> keys = new ArrayList<>();
      ScanIterator.scan(redis, ScanArgs.Builder.matches(prefix + "*").limit(1000)).forEachRemaining(keys::add);
      for (String key : keys) {
        long bytes = redis.memoryUsage(key);
        if (key.endsWith(":session")) {
          sessionBytes += bytes;
        } else {
          indexBytes += bytes;
        }
      }
      log.info("redis: {} keys, session hash encoding {}", keys.size(),
          redis.objectEncoding(prefix + "{" + id(0) + "}:session"));
      for (int i = 0; i < keys.size(); i += 500) {
        redis.unlink(keys.subList(i, Math.min(keys.size(), i + 500)).toArray(String[]::new));
      }
      results.add(new Result("redis", count, "session hash", count, Double.NaN, Double.NaN, Double.NaN,
          Double.NaN, Double.NaN, Double.NaN, sessionBytes / (double) count));
      results.add(new Result("redis", count, "hash + user index", count, Double.NaN, Double.NaN, Double.NaN,
          Double.NaN, Double.NaN, Double.NaN, (sessionBytes + indexBytes) / (double) count));
    } finally {
      client.shutdown();
    }
  }

  // --- the sessions ----------------------------------------------------------------------------------

  /** Session n's id: 43 base64url characters, random-looking but reproducible, so none is kept in memory. */
  static String id(int n) {
    byte[] bytes = new byte[32];
    SplittableRandom random = new SplittableRandom(0x5eed_0000_0000L + n);
    for (int i = 0; i < bytes.length; i += 8) {
      long v = random.nextLong();
      for (int j = 0; j < 8; j++) {
        bytes[i + j] = (byte) (v >>> (8 * j));
      }
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String user(int n) {
    return "user" + n + "@example.com";
  }

  /** The typical session of the codec benchmark (about 200 bytes of JSON), logged in as its own user. */
  static Map<String, Object> attributes(int n) {
    Map<String, Object> attributes = CodecBenchmark.typical();
    attributes.put("satchel.user", user(n));
    return attributes;
  }

  private static String json(int n) {
    return AttributeCodec.encode(attributes(n));
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }

  private static String secondsSince(long startNanos) {
    return String.format("%.1f", (System.nanoTime() - startNanos) / 1e9);
  }

  // --- the report ------------------------------------------------------------------------------------

  /** The figures as Markdown: latency with the ratio of the largest count to the smallest, cleanup, bytes. */
  public String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("| store | sessions | operation | ops | p50 µs | p99 µs | mean µs |\n");
    md.append("|---|---:|---|---:|---:|---:|---:|\n");
    for (Result r : results) {
      if (!Double.isNaN(r.p50Us())) {
        md.append(String.format(Locale.ROOT, "| %s | %,d | %s | %,d | %.1f | %.1f | %.1f |%n", r.store(),
            r.sessions(), r.operation(), r.ops(), r.p50Us(), r.p99Us(), r.meanUs()));
      }
    }
    if (options.counts().size() > 1) {
      int small = options.counts().stream().min(Integer::compare).orElseThrow();
      int large = options.counts().stream().max(Integer::compare).orElseThrow();
      md.append(String.format(Locale.ROOT, "%n| store | operation | ratio %,d / %,d: p50 | p99 | mean |%n", large,
          small));
      md.append("|---|---|---:|---:|---:|\n");
      for (Result big : results) {
        if (big.sessions() != large || Double.isNaN(big.p50Us())) {
          continue;
        }
        for (Result little : results) {
          if (little.sessions() == small && little.store().equals(big.store())
              && little.operation().equals(big.operation())) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.2f |%n", big.store(),
                big.operation(), big.p50Us() / little.p50Us(), big.p99Us() / little.p99Us(),
                big.meanUs() / little.meanUs()));
          }
        }
      }
    }
    md.append("\n| store | expired rows | clearsessions s | rows/s | peak heap MB |\n|---|---:|---:|---:|---:|\n");
    for (Result r : results) {
      if (r.operation().equals("clearsessions")) {
        md.append(String.format(Locale.ROOT, "| %s | %,d | %.2f | %,.0f | %.0f |%n", r.store(), r.ops(),
            r.seconds(), r.rowsPerSecond(), r.peakHeapMb()));
      }
    }
    md.append("\n| store | sessions | measured | bytes per session |\n|---|---:|---|---:|\n");
    for (Result r : results) {
      if (!Double.isNaN(r.bytesPerSession())) {
        md.append(String.format(Locale.ROOT, "| %s | %,d | %s | %,.0f |%n", r.store(), r.sessions(),
            r.operation().equals("heap") ? "heap after GC"
                : r.operation().equals("table+indexes") ? "pg_total_relation_size / rows, after seeding"
                : "MEMORY USAGE, " + r.operation(), r.bytesPerSession()));
      }
    }
    return md.toString();
  }

  private static String num(double v, int decimals) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  // --- helpers ---------------------------------------------------------------------------------------

  /** The highest heap use seen while it runs, sampled every 5 ms after a full collection. */
  private static final class HeapPeak {
    private final AtomicLong max = new AtomicLong();
    private final Thread sampler;
    private volatile boolean running = true;

    private HeapPeak() {
      MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
      sampler = new Thread(() -> {
        while (running) {
          max.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
          try {
            Thread.sleep(5);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "heap-peak");
      sampler.setDaemon(true);
    }

    static HeapPeak start() {
      usedHeapAfterGc();
      HeapPeak peak = new HeapPeak();
      peak.sampler.start();
      return peak;
    }

    long stop() {
      running = false;
      try {
        sampler.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return max.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
    }
  }

  /** An empty database for one measurement: a new H2 directory, or a new PostgreSQL schema; gone on close. */
  private interface Database extends AutoCloseable {
    JdbcOptions options();

    /** Fresh planner statistics after the bulk load, as autovacuum would gather soon after. */
    default void analyze() throws SQLException {}

    /** The table's size with its indexes per row, right after seeding; NaN where the database cannot say. */
    default double bytesPerRow(int rows) throws SQLException {
      return Double.NaN;
    }

    @Override
    void close() throws IOException, SQLException;

    static Database h2() throws IOException {
      Path dir = Files.createTempDirectory("satchel-scale");
      JdbcOptions options = JdbcOptions.h2File(dir, false);
      return new Database() {
        @Override
        public JdbcOptions options() {
          return options;
        }

        @Override
        public void close() throws IOException {
          try (var files = Files.walk(dir)) {
            files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
          } catch (UncheckedIOException e) {
            throw e.getCause();
          }
        }
      };
    }

    static Database postgres(Options bench) throws SQLException {
      String schema = "satchel_scale_" + HexFormat.of().formatHex(randomBytes(6));
      execute(bench.pgUrl(), bench.pgUser(), "CREATE SCHEMA " + schema);
      String base = bench.pgUrl();
      JdbcOptions options = new JdbcOptions(
          base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema, bench.pgUser(), "", false);
      return new Database() {
        @Override
        public JdbcOptions options() {
          return options;
        }

        @Override
        public void analyze() throws SQLException {
          execute(options.url(), options.user(), "VACUUM ANALYZE satchel_session");
        }

        @Override
        public double bytesPerRow(int rows) throws SQLException {
          try (Connection c = DriverManager.getConnection(options.url(), options.user(), "");
              Statement s = c.createStatement();
              var r = s.executeQuery("SELECT pg_total_relation_size('satchel_session')")) {
            r.next();
            return r.getLong(1) / (double) rows;
          }
        }

        @Override
        public void close() throws SQLException {
          execute(bench.pgUrl(), bench.pgUser(), "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
      };
    }

    private static void execute(String url, String user, String sql) throws SQLException {
      try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement()) {
        s.execute(sql);
      }
    }
  }
}
