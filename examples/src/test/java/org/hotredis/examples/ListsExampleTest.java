package org.hotredis.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.Test;

@RedisTest
final class ListsExampleTest {
  @Test
  void run_twoClientsOnOneKey_shareOneList(RedisDeployment redis) throws Exception {
    assertThat(Printed.lines(out -> ListsExample.run(redis.uri(), out)))
        .containsExactly(
            "todo: [write, review, test, ship]",
            "the other process sees: [write, review, test, ship]",
            "first: write, size: 4",
            "last two, Python's todo[-2:]: [test, ship]",
            "reversed: [ship, test, review, write]",
            "removed: ship, left: [test, review, write]");
    assertThat(redis.execute("EXISTS", "example:todo")).isEqualTo(0L);
  }
}
