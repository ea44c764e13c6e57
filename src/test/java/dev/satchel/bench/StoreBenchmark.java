package dev.satchel.bench;

import dev.satchel.session.SaveMode;
import dev.satchel.session.SessionData;
import dev.satchel.session.SessionIds;
import dev.satchel.session.SessionStore;
import dev.satchel.store.jdbc.JdbcOptions;
import dev.satchel.store.jdbc.JdbcSessionStore;
import dev.satchel.store.memory.MemorySessionStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A store's share of a request: loading a session by id, and saving one changed attribute (UPDATE), on
 * the memory store and on the default JDBC store (an H2 file, as the jar uses it), holding 1 000 sessions
 * (another count: {@code -p sessionCount=N}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StoreBenchmark {
  @Param({"memory", "h2"})
  public String store;

  /** How many sessions the store holds while measured. */
  @Param("1000")
  public int sessionCount;

  private SessionStore sessions;
  private Path dir;
  private String[] ids;
  private SessionData[] stored;

  @Setup
  public void setUp() throws IOException {
    Clock clock = Clock.systemUTC();
    if (store.equals("h2")) {
      dir = Files.createTempDirectory("satchel-jmh");
      sessions = JdbcSessionStore.open(JdbcOptions.h2File(dir, false), clock);
    } else {
      sessions = new MemorySessionStore(clock);
    }
    long now = clock.millis();
    ids = new String[sessionCount];
    stored = new SessionData[sessionCount];
    for (int i = 0; i < sessionCount; i++) {
      Map<String, Object> attributes = new LinkedHashMap<>(CodecBenchmark.typical());
      ids[i] = SessionIds.next();
      stored[i] = new SessionData(ids[i], attributes, now, now, 1_209_600, now + 2_592_000_000L);
      sessions.save(stored[i], SaveMode.CREATE, attributes.keySet());
    }
  }

  @TearDown
  public void tearDown() throws IOException {
    sessions.close();
    if (dir != null) {
      try (var files = Files.walk(dir)) {
        files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Benchmark
  public Optional<SessionData> load() {
    return sessions.load(ids[ThreadLocalRandom.current().nextInt(sessionCount)]);
  }

  /** A request's whole store work on workload (a): load the session, write it back with one attribute changed. */
  @Benchmark
  public void loadThenSaveOneChangedAttribute() {
    SessionData loaded = sessions.load(ids[ThreadLocalRandom.current().nextInt(sessionCount)]).orElseThrow();
    Map<String, Object> attributes = new LinkedHashMap<>(loaded.attributes());
    attributes.put("visits", ThreadLocalRandom.current().nextInt(1_000_000));
    sessions.save(loaded.withAttributes(attributes).withLastAccessedAt(System.currentTimeMillis()), SaveMode.UPDATE,
        Set.of("visits"));
  }

  /** A save from a copy the store cannot vouch for (no revision): the careful merge under a row lock. */
  @Benchmark
  public void saveOneChangedAttribute() {
    int i = ThreadLocalRandom.current().nextInt(sessionCount);
    Map<String, Object> attributes = new LinkedHashMap<>(stored[i].attributes());
    attributes.put("visits", ThreadLocalRandom.current().nextInt(1_000_000));
    SessionData changed = stored[i].withAttributes(attributes).withLastAccessedAt(System.currentTimeMillis());
    sessions.save(changed, SaveMode.UPDATE, Set.of("visits"));
  }
}
