package dev.satchel.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.servlet.SetCookieBenchmark;
import dev.satchel.store.cookie.CookieStoreBenchmark;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The JMH benchmarks still start and measure: one short iteration of each, in this JVM. It checks that
 * they run, never how fast (speed is what bench/jmh.sh is for).
 */
class JmhBenchmarksRunTest {

  @Test
  void everyBenchmarkRunsOneShortIteration() throws RunnerException {
    Options options =
        new OptionsBuilder()
            .include(SigningBenchmark.class.getName())
            .include(CodecBenchmark.class.getName())
            .include(StoreBenchmark.class.getName())
            .include(FilterBenchmark.class.getName())
            .include(CookieStoreBenchmark.class.getName())
            .include(SetCookieBenchmark.class.getName())
            .param("sessionCount", "10")
            .forks(0)
            .warmupIterations(0)
            .measurementIterations(1)
            .measurementTime(TimeValue.milliseconds(20))
            .shouldFailOnError(true)
            .verbosity(VerboseMode.SILENT)
            .build();

    Collection<RunResult> results = new Runner(options).run();

    Set<String> ran = new TreeSet<>();
    for (RunResult result : results) {
      String label = result.getParams().getBenchmark().replaceAll(".*\\.(\\w+\\.\\w+)$", "$1");
      String param = String.join(",", result.getParams().getParamsKeys().stream()
          .map(k -> result.getParams().getParam(k)).toList());
      ran.add(param.isEmpty() ? label : label + "[" + param + "]");
      assertTrue(result.getPrimaryResult().getScore() > 0, label + " measured nothing");
    }
    assertEquals(
        Set.of(
            "SigningBenchmark.sign", "SigningBenchmark.verify",
            "CodecBenchmark.encode[typical]", "CodecBenchmark.encode[large]",
            "CodecBenchmark.decode[typical]", "CodecBenchmark.decode[large]",
            "StoreBenchmark.load[10,memory]", "StoreBenchmark.load[10,h2]",
            "StoreBenchmark.saveOneChangedAttribute[10,memory]",
            "StoreBenchmark.saveOneChangedAttribute[10,h2]",
            "StoreBenchmark.loadThenSaveOneChangedAttribute[10,memory]",
            "StoreBenchmark.loadThenSaveOneChangedAttribute[10,h2]",
            "FilterBenchmark.incrementRequest[bare]", "FilterBenchmark.readRequest[bare]",
            "FilterBenchmark.incrementRequest[jetty-memory]", "FilterBenchmark.readRequest[jetty-memory]",
            "FilterBenchmark.incrementRequest[plain-jdbc]", "FilterBenchmark.readRequest[plain-jdbc]",
            "FilterBenchmark.incrementRequest[satchel-memory]", "FilterBenchmark.readRequest[satchel-memory]",
            "FilterBenchmark.incrementRequest[satchel-jdbc]", "FilterBenchmark.readRequest[satchel-jdbc]",
            "CookieStoreBenchmark.accept[counter]", "CookieStoreBenchmark.accept[typical]",
            "CookieStoreBenchmark.accept[cart]",
            "CookieStoreBenchmark.write[counter]", "CookieStoreBenchmark.writeDeflated[counter]",
            "CookieStoreBenchmark.read[counter]", "CookieStoreBenchmark.readDeflated[counter]",
            "CookieStoreBenchmark.writeObjectHeader[counter]", "CookieStoreBenchmark.readObjectHeader[counter]",
            "CookieStoreBenchmark.write[typical]", "CookieStoreBenchmark.writeDeflated[typical]",
            "CookieStoreBenchmark.read[typical]", "CookieStoreBenchmark.readDeflated[typical]",
            "CookieStoreBenchmark.writeObjectHeader[typical]", "CookieStoreBenchmark.readObjectHeader[typical]",
            "CookieStoreBenchmark.write[cart]", "CookieStoreBenchmark.writeDeflated[cart]",
            "CookieStoreBenchmark.read[cart]", "CookieStoreBenchmark.readDeflated[cart]",
            "CookieStoreBenchmark.writeObjectHeader[cart]", "CookieStoreBenchmark.readObjectHeader[cart]",
            "SetCookieBenchmark.setCookie[signed-id]", "SetCookieBenchmark.setCookieFormattedEachTime[signed-id]",
            "SetCookieBenchmark.setCookie[cookie-store]",
            "SetCookieBenchmark.setCookieFormattedEachTime[cookie-store]"),
        ran);
  }
}
