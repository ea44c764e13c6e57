package dev.satchel.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench/machine_ticks.awk} and {@code bench/run_row.awk} turn {@code /proc/stat} before and after a
 * wrk run into the row {@code bench/http.sh} records: a run the hypervisor took a third of the machine from
 * must say so, and a machine without {@code /proc/stat} must record no host figures rather than zeros.
 */
class RunRowScriptTest {
  private static final String HEADER =
      "round,contender,workload,requests,seconds,rps,p50_ms,p99_ms,errors,lost,cpu_us,steal_pct,idle_pct,others_us";

  @TempDir Path dir;

  @Test
  void machineTicksReadTheCpuLineAsBusyStealAllIdle() throws Exception {
    // user nice system idle iowait irq softirq steal guest guest_nice
    Path stat = dir.resolve("stat");
    Files.writeString(stat, """
        cpu  1000 10 500 7000 20 30 40 400 50 0
        cpu0 500 5 250 3500 10 15 20 200 25 0
        intr 12345
        """);

    // busy = 1000 + 10 + 500 + 30 + 40 (guest is inside user); all = every field up to steal; idle + iowait.
    assertEquals("1580 400 9000 7020", awk(List.of("-f", "bench/machine_ticks.awk", stat.toString())).strip());
  }

  @Test
  void aStolenRunCarriesItsStealIdleAndTheCpuOutsideTheServer() throws Exception {
    // 1 000 ticks of machine time during the run: 300 stolen, 100 idle, 600 busy, 400 of them the server's.
    String row = runRow("1580 400 9000 7020", "2180 700 10000 7120", 400);

    assertEquals(HEADER.split(",").length, row.split(",", -1).length, row);
    // 50 000 requests in 10 s; the server's 400 ticks at 100 a second are 80 µs a request; 200 ticks outside it 40.
    assertEquals("1,satchel-jdbc,inc16,50000,10.00,5000,0.300,1.200,0,,80.0,30.0,10.0,40.0", row);
  }

  @Test
  void withoutProcStatTheHostColumnsStayEmpty() throws Exception {
    String none = awk(List.of("-f", "bench/machine_ticks.awk", dir.resolve("missing").toString()));
    assertEquals("", none.strip(), "no cpu line, no figures");

    String row = runRow("", "", 400);

    assertEquals("1,satchel-jdbc,inc16,50000,10.00,5000,0.300,1.200,0,,80.0,,,", row);
  }

  private String runRow(String before, String after, int serverTicks) throws Exception {
    return awk(List.of("-v", "round=1", "-v", "name=satchel-jdbc", "-v", "w=inc16", "-v", "n=50000",
        "-v", "us=10000000", "-v", "p50=300", "-v", "p99=1200", "-v", "e=0", "-v", "lost=",
        "-v", "ticks=" + serverTicks, "-v", "hz=100", "-v", "before=" + before, "-v", "after=" + after,
        "-f", "bench/run_row.awk")).strip();
  }

  private static String awk(List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("awk");
    command.addAll(args);
    // Standard output only: awk's complaint about a missing file is not a figure.
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "awk did not finish");
    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
