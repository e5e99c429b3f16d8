package org.hotredis.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hotredis.HotRedis;
import org.hotredis.concurrent.spi.Concurrency;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.Test;

@RedisTest
final class ConcurrencySpiExampleTest {
  private static final List<String> LINES =
      List.of(
          "ledger: [sales, staff, stock, taxes]",
          "never more than 2 at once: true",
          "queue empty: true, permits back: 2");

  @Test
  void process_systemPropertySaysLocal_runsInThisJvmOnly(RedisDeployment redis) throws Exception {
    String previous = System.getProperty(Concurrency.PROVIDER_PROPERTY);
    System.setProperty(Concurrency.PROVIDER_PROPERTY, "local");
    try {
      assertThat(Printed.lines(out -> ConcurrencySpiExample.process(Concurrency.provider(), out)))
          .containsExactly("provider: local", LINES.get(0), LINES.get(1), LINES.get(2));
    } finally {
      restore(previous);
    }
    assertThat(redis.execute("DBSIZE")).isEqualTo(0L);
  }

  @Test
  void process_classPathFileSaysRedis_keepsItsStateInRedis(RedisDeployment redis) throws Exception {
    String previous = System.getProperty(Concurrency.PROVIDER_PROPERTY);
    System.clearProperty(Concurrency.PROVIDER_PROPERTY);
    HotRedis.configure(redis.uri()); // the Redis provider's client: HOT Redis's default one
    try {
      assertThat(Concurrency.configuredName()).isEqualTo("redis");
      assertThat(Printed.lines(out -> ConcurrencySpiExample.process(Concurrency.provider(), out)))
          .containsExactly("provider: redis", LINES.get(0), LINES.get(1), LINES.get(2));
    } finally {
      restore(previous);
    }
    assertThat(redis.execute("HGET", "example:report-slots", "capacity")).isEqualTo("2");
    assertThat(redis.execute("GET", "{example:ledger}:fence")).isNotNull();
  }

  private static void restore(String previous) {
    if (previous == null) {
      System.clearProperty(Concurrency.PROVIDER_PROPERTY);
    } else {
      System.setProperty(Concurrency.PROVIDER_PROPERTY, previous);
    }
  }
}
