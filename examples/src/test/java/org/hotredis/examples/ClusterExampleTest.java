package org.hotredis.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.hotredis.testing.RedisCluster;
import org.junit.jupiter.api.Test;

final class ClusterExampleTest {
  @Test
  void run_onACluster_keepsTransactionsInOneSlot() throws Exception {
    try (RedisCluster cluster = RedisCluster.start()) {
      assertThat(Printed.lines(out -> ClusterExample.run(cluster.uri(), out)))
          .containsExactly(
              "checked out: cart [], orders 1",
              "a transaction over two slots is refused: IllegalStateException",
              "nothing was sent: cart []",
              "common likes across slots: [tea]");
      assertThat(cluster.execute("EXISTS", "{user:42}:cart")).isEqualTo(0L);
    }
  }
}
