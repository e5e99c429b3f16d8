package org.hotredis.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.hotredis.bench.Benchmarks.Row;
import org.junit.jupiter.api.Test;

final class InterleavedTest {

  @Test
  void run_givesEachParameterItsStatesAndTheLifecycleJmhWould() throws Exception {
    CountingBenchmark.EVENTS.clear();
    Interleaved.Settings settings = new Interleaved.Settings(1, 5, 3, 5);

    List<Row> rows =
        Interleaved.run(
            List.of(CountingBenchmark.class), Pattern.compile("Counting.*\\.add_"), settings);

    assertThat(rows)
        .extracting(Row::operation)
        .containsExactly("Counting.add (step=1)", "Counting.add (step=2)");
    assertThat(rows)
        .allSatisfy(
            row -> {
              assertThat(row.samples()).containsOnlyKeys("hot", "jedis");
              assertThat(row.hotRatios()).containsOnlyKeys("jedis");
              assertThat(row.hotOver("jedis")).isPositive();
              assertThat(row.hotOver("redisson")).isNaN();
              assertThat(row.samples().values())
                  .allSatisfy(
                      s -> {
                        assertThat(s.opsPerSecond()).isPositive();
                        assertThat(s.p99Micros()).isGreaterThanOrEqualTo(s.p50Micros());
                      });
            });
    // one trial setup and teardown per parameter value, with a fresh shared state; an iteration
    // setup before each of the 1 + 3 rounds
    assertThat(CountingBenchmark.EVENTS)
        .containsExactly(
            "trial step=1 shared=" + (CountingBenchmark.Shared.created - 1),
            "iteration step=1",
            "iteration step=1",
            "iteration step=1",
            "iteration step=1",
            "teardown step=1",
            "trial step=2 shared=" + CountingBenchmark.Shared.created,
            "iteration step=2",
            "iteration step=2",
            "iteration step=2",
            "iteration step=2",
            "teardown step=2");
  }
}
