package org.hotredis.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hotredis.bench.Benchmarks.Row;

/**
 * The ratios of the report a run replaces, so that each report says how far its ratios moved from
 * the run before: the figures are the ratios, and a rerun should agree within ±15%.
 */
final class PreviousRun {
  static final double TOLERANCE = 0.15;

  private PreviousRun() {}

  /** An operation's ratios: HOT Redis / raw Jedis and HOT Redis / Redisson, NaN when absent. */
  record Ratios(double jedis, double redisson) {}

  /**
   * Reads the ratios of the operations table of an earlier report.
   *
   * @param report the report file; absent or unreadable means no previous run
   * @return the ratios by operation, empty if there was none
   */
  static Map<String, Ratios> read(Path report) {
    Map<String, Ratios> ratios = new LinkedHashMap<>();
    List<String> lines;
    try {
      lines = Files.readAllLines(report, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return ratios;
    }
    for (String line : lines) {
      String[] cells = line.split("\\|", -1);
      // | operation | Jedis | HOT | Redisson | HOT / Jedis | HOT / Redisson | latencies ... |
      if (cells.length >= 10 && (cells[5].trim().endsWith("×") || cells[6].trim().endsWith("×"))) {
        ratios.put(cells[1].trim(), new Ratios(ratio(cells[5]), ratio(cells[6])));
      }
    }
    return ratios;
  }

  private static double ratio(String cell) {
    String text = cell.trim().replace("×", "");
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** Writes the section comparing this run's ratios with the previous run's. */
  static String section(Map<String, Ratios> previous, List<Row> rows) {
    if (previous.isEmpty()) {
      return "";
    }
    StringBuilder table = new StringBuilder();
    int compared = 0;
    int within = 0;
    for (Row row : rows) {
      Ratios before = previous.get(row.operation());
      if (before == null) {
        continue;
      }
      Ratios now = of(row);
      String[] cells = {"", ""};
      double[][] pairs = {{before.jedis(), now.jedis()}, {before.redisson(), now.redisson()}};
      for (int i = 0; i < 2; i++) {
        double then = pairs[i][0];
        double current = pairs[i][1];
        if (Double.isNaN(then) || Double.isNaN(current) || then == 0) {
          cells[i] = "—";
          continue;
        }
        double change = current / then - 1;
        compared++;
        boolean ok = Math.abs(change) <= TOLERANCE;
        within += ok ? 1 : 0;
        cells[i] =
            String.format(
                Locale.ROOT,
                "%.2f× → %.2f× (%+.0f%%)%s",
                then,
                current,
                change * 100,
                ok ? "" : " **outside ±15%**");
      }
      table.append("| ").append(row.operation());
      table.append(" | ").append(cells[0]).append(" | ").append(cells[1]).append(" |\n");
    }
    return String.format(
            Locale.ROOT,
            "%n## Against the previous run%n%n%d of %d ratios moved by at most ±15%% from the"
                + " report this run replaced.%n%n| operation | HOT / Jedis | HOT / Redisson |%n"
                + "|---|---|---|%n",
            within,
            compared)
        + table;
  }

  private static Ratios of(Row row) {
    return new Ratios(row.hotOver("jedis"), row.hotOver("redisson"));
  }
}
