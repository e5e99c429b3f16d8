package org.hotredis.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hotredis.bench.Benchmarks.Row;
import org.hotredis.bench.Benchmarks.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class PreviousRunTest {

  @Test
  void read_takesTheRatiosOfTheOperationsTable(@TempDir Path dir) throws Exception {
    Path report = dir.resolve("benchmarks.md");
    Files.writeString(
        report,
        "| operation | Jedis ops/s | HOT Redis ops/s | Redisson ops/s | HOT / Jedis | HOT / Redisson"
            + " | p50 / p99 µs: Jedis | HOT Redis | Redisson |\n"
            + "|---|---:|---:|---:|---:|---:|---|---|---|\n"
            + "| Set.add | 50,281 | 61,005 | 29,669 | 1.21× | 2.06× | 20 / 34 | 17 / 28 | 34 / 66 |\n"
            + "| Map.compute | — | 27,106 | 5,129 | — | 5.28× | — | 38 / 73 | 167 / 461 |\n"
            + "| library | p50 µs | p99 µs | mean µs |\n",
        StandardCharsets.UTF_8);

    Map<String, PreviousRun.Ratios> ratios = PreviousRun.read(report);

    assertThat(ratios).containsOnlyKeys("Set.add", "Map.compute");
    assertThat(ratios.get("Set.add")).isEqualTo(new PreviousRun.Ratios(1.21, 2.06));
    assertThat(ratios.get("Map.compute").jedis()).isNaN();
    assertThat(PreviousRun.read(dir.resolve("absent.md"))).isEmpty();
  }

  @Test
  void section_flagsRatiosThatMovedMoreThanFifteenPercent() {
    Map<String, Sample> samples = new LinkedHashMap<>();
    samples.put("jedis", new Sample(10, 0, 0)); // 100,000 ops/s
    samples.put("hot", new Sample(10, 0, 0)); // 1.00× Jedis
    samples.put("redisson", new Sample(20, 0, 0)); // 2.00× Redisson
    Map<String, PreviousRun.Ratios> previous =
        Map.of("Set.add", new PreviousRun.Ratios(0.95, 1.50));

    String section = PreviousRun.section(previous, List.of(new Row("Set.add", samples)));

    assertThat(section)
        .contains("1 of 2 ratios moved by at most ±15%")
        .contains("| Set.add | 0.95× → 1.00× (+5%) | 1.50× → 2.00× (+33%) **outside ±15%** |");
    assertThat(PreviousRun.section(Map.of(), List.of())).isEmpty();
  }
}
