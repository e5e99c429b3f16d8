package org.hotredis.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hotredis.bench.Benchmarks.Floor;
import org.hotredis.bench.Benchmarks.Row;
import org.hotredis.bench.Benchmarks.Sample;
import org.junit.jupiter.api.Test;

final class TargetsTest {

  private static Row row(String operation, double hot, double jedis, double redisson) {
    Map<String, Sample> samples = new LinkedHashMap<>();
    samples.put("jedis", new Sample(1e6 / jedis, 0, 0));
    samples.put("hot", new Sample(1e6 / hot, 0, 0));
    samples.put("redisson", new Sample(1e6 / redisson, 0, 0));
    return new Row(operation, samples);
  }

  @Test
  void evaluate_flagsEachTargetAgainstItsOwnMeasure() {
    List<Row> rows =
        List.of(
            row("Set.add", 95, 100, 40), // 0.95× Jedis: met; 2.4× Redisson: met
            row("Map.get (x=1)", 80, 100, 50), // 0.8× Jedis: missed; 1.6× Redisson: missed
            row("Lock.lockUnlock", 19, 20, 4), // 0.95× its floor: met; 4.75× Redisson: met
            row("Semaphore.acquireRelease", 10, 20, 8), // 0.5× floor; 1.25× Redisson: missed
            row("NearCache.get", 2500, 100, 2000), // 25× HGET: met; no Redisson target
            row("Bulk.addAll", 30, 40, 10)); // 300,000 elements/s vs 500,000 pipelined: met
    Map<String, Floor> floor = Map.of("RPUSH", new Floor("RPUSH", 50_000, 500_000, 0, 0));

    List<Row> threadRows =
        List.of(
            row("Threads.Map.get (threads=1)", 50, 100, 100), // 1 thread: no target
            row("Threads.Map.get (threads=8)", 100, 100, 90), // 1.0× Jedis: met; 1.1×: met
            row("Threads.Map.get (threads=32)", 99, 100, 120)); // both missed

    List<Targets.Check> checks =
        Targets.evaluate(
            rows,
            threadRows,
            Map.of(
                "hot",
                new WakeUpLatency.Latency(100, 2500, 150),
                "jedis",
                new WakeUpLatency.Latency(90, 310, 100)),
            Map.of("hot", new LockHandOff.Latency(100, 1500, 150, 100)),
            Map.of(
                "hot",
                new WakeUpLatency.Latency(150, 500, 200),
                "jedis",
                new WakeUpLatency.Latency(100, 300, 120)),
            floor);

    assertThat(checks)
        .extracting(Targets.Check::key, Targets.Check::met)
        .containsExactly(
            tuple("Set.add.jedis", true),
            tuple("Set.add.redisson", true),
            tuple("Map.get.jedis", false),
            tuple("Map.get.redisson", false),
            tuple("Lock.lockUnlock.jedis", true),
            tuple("Lock.lockUnlock.redisson", true),
            tuple("Semaphore.acquireRelease.jedis", false),
            tuple("Semaphore.acquireRelease.redisson", false),
            tuple("NearCache.get.jedis", true),
            tuple("Bulk.addAll.floor", true),
            tuple("Threads.Map.get.jedis", true),
            tuple("Threads.Map.get.redisson", true),
            tuple("Threads.Map.get.jedis", false),
            tuple("Threads.Map.get.redisson", false),
            tuple("Queue.take.p99", false),
            tuple("Lock.handOff.p99", false), // no floor measured: not met
            tuple("NearCache.invalidation.p99", true));
    assertThat(checks)
        .filteredOn(c -> c.key().endsWith(".p99"))
        .extracting(Targets.Check::measured)
        .containsExactly(
            "p99 2500 µs (raw Jedis: p99 310 µs)",
            "p99 1500 µs",
            "p99 500 µs (raw Jedis: p99 300 µs)");
  }

  @Test
  void section_listsEveryMissOnceWithItsNoteOrSaysItHasNone() {
    List<Targets.Check> checks =
        List.of(
            new Targets.Check(
                "Map.get (x=1)", "Map.get.jedis", "≥ 0.90× raw Jedis", "0.80×", false),
            new Targets.Check(
                "Map.get (x=2)", "Map.get.jedis", "≥ 0.90× raw Jedis", "0.82×", false),
            new Targets.Check("Set.add", "Set.add.jedis", "≥ 0.90× raw Jedis", "0.95×", true),
            new Targets.Check(
                "Nothing.known", "Nothing.known.jedis", "≥ 0.90× raw Jedis", "0.5×", false));

    String section = Targets.section(checks);

    assertThat(section).contains("1 of 4 checks met");
    assertThat(section.split("\\*\\*Map.get\\*\\*", -1)).hasSize(2); // listed once
    assertThat(section)
        .contains("**Nothing.known** (≥ 0.90× raw Jedis, measured 0.5×): no note yet");
  }

  @Test
  void resolve_replacesSharedReasons_andLeavesUnknownReferences() {
    java.util.Properties notes = new java.util.Properties();
    notes.setProperty("shared", "one reason");
    assertThat(Targets.resolve(notes, "${shared}; and ${missing}"))
        .isEqualTo("one reason; and ${missing}");
    assertThat(Targets.resolve(notes, null)).isNull();
  }
}
