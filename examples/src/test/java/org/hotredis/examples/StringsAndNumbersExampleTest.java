package org.hotredis.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.Test;

@RedisTest
final class StringsAndNumbersExampleTest {
  @Test
  void run_editsAndArithmetic_printsResults(RedisDeployment redis) throws Exception {
    assertThat(Printed.lines(out -> StringsAndNumbersExample.run(redis.uri(), out)))
        .containsExactly(
            "banner: >> Hello, world (15 chars)",
            "name: Zoë, shout: Zoë!, name unchanged: Zoë",
            "hits: 5, times 3: 15",
            "compareAndSet(15, 0): true, now 0",
            "temperature: 21.75",
            "halved: 10.875");
    assertThat(redis.execute("DBSIZE")).isEqualTo(0L);
  }
}
