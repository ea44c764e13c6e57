package dev.satchel.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench/report.py} divides every contender by the bare servlet of the same round, and by the mean of
 * bare's runs there when the round measured it at both ends ({@code bare} and {@code bare-end}): one slow
 * moment of the host must not move a whole round's ratios.
 */
class ReportScriptTest {
  @TempDir Path run;

  @Test
  void ratiosDivideByTheMeanOfTheRoundsBareRuns() throws Exception {
    Files.writeString(run.resolve("raw.csv"), """
        round,contender,workload,requests,seconds,rps,p50_ms,p99_ms,errors,lost,cpu_us
        1,bare,inc16,1000,10,1000,0.30,1.00,0,,20
        1,satchel-memory,inc16,900,10,900,0.33,1.80,0,,25
        1,bare-end,inc16,800,10,800,0.30,1.40,0,,30
        2,bare,inc16,1000,10,1000,0.30,1.00,0,,20
        2,satchel-memory,inc16,700,10,700,0.40,2.00,0,,28
        """);

    Map<String, Map<String, String>> table = BenchScripts.tableRows(runScript());

    // Round 1: 900 / mean(1000, 800); round 2 measured bare once: 700 / 1000.
    assertEquals("0.85 (0.70–1.00)", table.get("satchel-memory").get("× bare"));
    // CPU: 25 / mean(20, 30) and 28 / 20.
    assertEquals("1.20 (1.00–1.40)", table.get("satchel-memory").get("CPU × bare"));
    // p99: 1.8 / 1.2 and 2.0 / 1.0.
    assertEquals("1.8 (1.5–2.0)", table.get("satchel-memory").get("p99 × bare"));
    // The bare runs against their own mean show the drift within the round.
    assertEquals("1.06 (1.00–1.11)", table.get("bare").get("× bare"));
    assertEquals("0.89", table.get("bare-end").get("× bare"));
  }

  private String runScript() throws IOException, InterruptedException {
    BenchScripts.run("report.py", run);
    return Files.readString(run.resolve("summary.md"));
  }
}
