package dev.satchel.bench;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the Markdown tables the benchmark scripts print, for the tests of those scripts. */
final class MarkdownTable {
  private MarkdownTable() {}

  /** Every table's rows as first cell → column header → cell; of two rows named alike, the earlier. */
  static Map<String, Map<String, String>> rows(String markdown) {
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
