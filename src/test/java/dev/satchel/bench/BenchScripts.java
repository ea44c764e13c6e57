package dev.satchel.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.testing.ExternalServices;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the benchmark's Python scripts (bench/*.py) and reads the Markdown tables they print, for their tests. */
final class BenchScripts {
  private BenchScripts() {}

  /** Runs {@code bench/<script>} on {@code runDir} and returns what it printed; fails the test if it failed. */
  static String run(String script, Path runDir) throws IOException, InterruptedException {
    Path python = ExternalServices.requirePython();
    Process process = new ProcessBuilder(python.toString(), "bench/" + script, runDir.toString())
        .redirectErrorStream(true)
        .start();
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), script + " did not finish");
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), out);
    return out;
  }

  /** Every table's rows as first cell → column header → cell; of two rows named alike, the earlier. */
  static Map<String, Map<String, String>> tableRows(String markdown) {
    Map<String, Map<String, String>> rows = new HashMap<>();
    List<String> header = null;
    boolean separator = false;
    for (String line : markdown.lines().toList()) {
      if (!line.startsWith("|")) {
        header = null;
        continue;
      }
      List<String> cells = cells(line);
      if (header == null) {
        header = cells;
        separator = true;
      } else if (separator) {
        separator = false;
      } else {
        Map<String, String> row = new HashMap<>();
        for (int i = 1; i < header.size(); i++) {
          row.put(header.get(i), cells.get(i));
        }
        rows.putIfAbsent(cells.get(0), row);
      }
    }
    return rows;
  }

  private static List<String> cells(String line) {
    String inner = line.substring(1, line.length() - 1);
    return Arrays.stream(inner.split("\\|")).map(String::trim).toList();
  }
}
