package dev.satchel.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  @Test
  void hostColumnsShowWhatTheMachineGaveEachContenderAndStayEmptyForOlderRawFiles() throws Exception {
    Files.writeString(run.resolve("raw.csv"), """
        round,contender,workload,requests,seconds,rps,p50_ms,p99_ms,errors,lost,cpu_us,steal_pct,idle_pct,others_us
        1,bare,inc16,1000,10,1000,0.30,1.00,0,,20,2.0,1.0,9
        1,satchel-jdbc,inc16,600,10,600,0.50,2.00,0,,40,31.5,4.0,12
        2,bare,inc16,1000,10,1000,0.30,1.00,0,,20,4.0,3.0,11
        2,satchel-jdbc,inc16,700,10,700,0.45,1.90,0,,38,0.5,2.0,10
        2,jetty-h2,inc16,500,10,500,0.60,3.00,0,,50,,,
        """);

    String summary = runScript();
    Map<String, Map<String, String>> table = BenchScripts.tableRows(summary);

    // A run the hypervisor took a third of the machine from stands out beside its neighbours.
    assertEquals("16.0 (0.5–31.5)", table.get("satchel-jdbc").get("host: steal %"));
    assertEquals("3.0 (2.0–4.0)", table.get("satchel-jdbc").get("host: idle %"));
    assertEquals("11 (10–12)", table.get("satchel-jdbc").get("host: CPU µs/request outside the server"));
    assertEquals("3.0 (2.0–4.0)", table.get("bare").get("host: steal %"));
    // A run recorded before the columns existed says it has no figure rather than a made-up zero.
    assertEquals("n/a", table.get("jetty-h2").get("host: steal %"));
    assertEquals("0.50", table.get("jetty-h2").get("× bare"));
    assertTrue(summary.contains("more than 10 % of the machine's CPU (the least stolen of its attempts): "
        + "satchel-jdbc round 1 (31.5 %)."), summary);
  }

  private String runScript() throws IOException, InterruptedException {
    BenchScripts.run("report.py", run);
    return Files.readString(run.resolve("summary.md"));
  }
}
