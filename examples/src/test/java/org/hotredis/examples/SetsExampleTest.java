package org.hotredis.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.Test;

@RedisTest
final class SetsExampleTest {
  @Test
  void run_setAlgebraAndCounts_printsPythonResults(RedisDeployment redis) throws Exception {
    assertThat(Printed.lines(out -> SetsExample.run(redis.uri(), out)))
        .containsExactly(
            "backend and on call: [bob]",
            "backend but not on call: [ann, cy]",
            "bob added again: false",
            "everyone: [ann, bob, cy, dee]",
            "count of to: 3, of java: 0",
            "most common: [redis=4, to=3, be=2]",
            "total: 11");
  }
}
