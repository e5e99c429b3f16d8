package org.hotredis.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.Test;

@RedisTest
final class QueueExampleTest {
  @Test
  void run_producerFasterThanCapacity_consumerGetsEveryJobInOrder(RedisDeployment redis)
      throws Exception {
    assertThat(Printed.lines(out -> QueueExample.run(redis.uri(), out)))
        .containsExactly(
            "produced: 5 jobs into a queue of capacity 2",
            "consumed in order: [job-1, job-2, job-3, job-4, job-5]",
            "left in the queue: 0");
    assertThat(redis.execute("EXISTS", "example:jobs", "{example:jobs}:capacity")).isEqualTo(0L);
  }
}
