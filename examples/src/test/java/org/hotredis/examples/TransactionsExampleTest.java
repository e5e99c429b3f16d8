package org.hotredis.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.Test;

@RedisTest
final class TransactionsExampleTest {
  @Test
  void run_optimisticConflict_retriesAndRefusesToOversell(RedisDeployment redis) throws Exception {
    assertThat(Printed.lines(out -> TransactionsExample.run(redis.uri(), out)))
        .containsExactly(
            "order-1 placed, stock left: 4",
            "order-2 refused, only 2 in stock (attempts: 2)",
            "orders: [order-1], stock: 2");
  }
}
