package org.hotredis.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class ClusterScalingTest {

  @Test
  void measureAll_runsBothLibrariesOnOneNodeAndOnTheCluster() throws Exception {
    Map<String, ClusterScaling.Throughput> results =
        ClusterScaling.measureAll(Duration.ofMillis(300), Duration.ofMillis(700));

    assertThat(results).containsOnlyKeys("jedis", "hot");
    assertThat(results.values())
        .allSatisfy(
            t -> {
              assertThat(t.singleNode()).isPositive();
              assertThat(t.cluster()).isPositive();
            });
  }
}
