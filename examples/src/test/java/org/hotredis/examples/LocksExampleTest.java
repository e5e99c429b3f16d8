package org.hotredis.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.Test;

@RedisTest
final class LocksExampleTest {
  @Test
  void run_twoProcesses_excludeEachOther(RedisDeployment redis) throws Exception {
    assertThat(Printed.lines(out -> LocksExample.run(redis.uri(), out)))
        .containsExactly(
            "process one holds the lock 2 times",
            "process two tryLock: false",
            "after two unlocks, process two tryLock(1 s): true",
            "its fencing token is larger: true",
            "process one took 2 permits, available: 0",
            "process two tryAcquire: false",
            "after one release, process two tryAcquire: true",
            "all released, available: 2");
  }
}
