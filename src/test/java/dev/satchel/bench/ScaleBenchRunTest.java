package dev.satchel.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.testing.ExternalServices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale benchmark still runs end to end on tiny counts and produces every figure it promises. It checks
 * that figures exist and are sane, never how fast anything is (speed is what bench/scale.sh is for).
 */
class ScaleBenchRunTest {
  @TempDir Path out;

  @Test
  void h2AndMemoryProduceEveryFigure() throws IOException, SQLException {
    List<ScaleBench.Result> results = run("h2,memory");

    assertEquals(
        Set.of("h2/200/load", "h2/200/load+save", "h2/200/clearsessions", "h2/2000/load", "h2/2000/load+save",
            "h2/2000/clearsessions", "memory/500/heap"),
        names(results));
    checkFigures(results);
  }

  @Test
  void postgresProducesEveryFigure() throws IOException, SQLException {
    ExternalServices.requirePostgres();

    List<ScaleBench.Result> results = run("postgres");

    assertEquals(
        Set.of("postgres/200/load", "postgres/200/load+save", "postgres/200/clearsessions",
            "postgres/200/table+indexes", "postgres/2000/load", "postgres/2000/load+save",
            "postgres/2000/clearsessions", "postgres/2000/table+indexes"),
        names(results));
    checkFigures(results);
  }

  @Test
  void redisProducesBytesPerSession() throws IOException, SQLException {
    ExternalServices.requireRedis();

    List<ScaleBench.Result> results = run("redis");

    assertEquals(Set.of("redis/20/session hash", "redis/20/hash + user index"), names(results));
    checkFigures(results);
  }

  private List<ScaleBench.Result> run(String stores) throws IOException, SQLException {
    ScaleBench.Options options = ScaleBench.Options.parse(
        "counts=200,2000", "stores=" + stores, "ops=300", "memory-sessions=500", "redis-sessions=20",
        "out=" + out, "pg-url=" + ExternalServices.POSTGRES_URL, "pg-user=" + ExternalServices.POSTGRES_USER,
        "redis-url=" + ExternalServices.REDIS_URL);
    List<ScaleBench.Result> results = new ScaleBench(options).run();
    List<String> csv = Files.readAllLines(out.resolve("scale.csv"));
    assertEquals(results.size() + 1, csv.size(), "one CSV line per figure, after the header");
    assertTrue(Files.readString(out.resolve("summary.md")).contains("| store |"), "Markdown summary written");
    return results;
  }

  private static Set<String> names(List<ScaleBench.Result> results) {
    Set<String> names = new TreeSet<>();
    results.forEach(r -> names.add(r.store() + "/" + r.sessions() + "/" + r.operation()));
    return names;
  }

  private static void checkFigures(List<ScaleBench.Result> results) {
    for (ScaleBench.Result r : results) {
      String name = r.store() + "/" + r.sessions() + "/" + r.operation();
      switch (r.operation()) {
        case "load", "load+save" -> {
          assertEquals(300, r.ops(), name);
          assertTrue(r.p50Us() > 0 && r.p99Us() >= r.p50Us() && r.meanUs() > 0, name + ": " + r);
        }
        case "clearsessions" -> {
          assertEquals(r.sessions(), r.ops(), name + " removes every expired row");
          assertTrue(r.seconds() > 0 && r.rowsPerSecond() > 0 && r.peakHeapMb() > 0, name + ": " + r);
        }
        default -> assertTrue(r.bytesPerSession() > 0, name + ": " + r);
      }
    }
  }
}
