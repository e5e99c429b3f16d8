package org.hotredis.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.hotredis.HotClient;
import org.hotredis.HotRedis;
import org.hotredis.testing.Await;
import org.hotredis.testing.RedisServer;
import org.hotredis.testing.SingleServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The health indicator: Redis reachable, and the lease troubles of the last minute. */
@SingleServerTest
final class HotRedisHealthTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @AfterEach
  void forgetTheDefault() {
    HotRedis.reset();
  }

  @Test
  void health_serverStopsAndReturns_goesDownAndUp() {
    try (RedisServer redis = RedisServer.start()) {
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  HotRedisAutoConfiguration.class, HotRedisHealthAutoConfiguration.class))
          .withPropertyValues("hotredis.uri=" + redis.uri(), "hotredis.socket-timeout=500ms")
          .run(
              context -> {
                HealthIndicator indicator =
                    context.getBean("hotRedisHealthIndicator", HealthIndicator.class);
                assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
                assertThat(indicator.health().getDetails())
                    .containsKey("pingMillis")
                    .containsEntry("client", context.getBean(HotClient.class).toString());

                redis.stop();
                Await.until(
                    WAIT,
                    () -> indicator.health().getStatus().equals(Status.DOWN),
                    "DOWN once the server stopped");
                assertThat(indicator.health().getDetails()).containsKey("error");

                redis.restart();
                Await.until(
                    WAIT,
                    () -> indicator.health().getStatus().equals(Status.UP),
                    "UP once the server is back");
              });
    }
  }

  @Test
  void health_disabledByProperty_hasNoIndicator() {
    try (RedisServer redis = RedisServer.start()) {
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  HotRedisAutoConfiguration.class, HotRedisHealthAutoConfiguration.class))
          .withPropertyValues(
              "hotredis.uri=" + redis.uri(), "management.health.hotredis.enabled=false")
          .run(context -> assertThat(context).doesNotHaveBean("hotRedisHealthIndicator"));
    }
  }

  @Test
  void check_recentRenewalFailure_isReportedUntilItIsAMinuteOld() {
    try (RedisServer redis = RedisServer.start();
        HotClient client = HotClient.create(redis.uri())) {
      MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
      HotRedisHealth health = new HotRedisHealth(client, clock);

      health.leaseRenewalFailed("orders", new IllegalStateException("no reply"));
      health.leaseLost("orders");
      HotRedisHealth.Report report = health.check();

      assertThat(report.up()).isTrue();
      @SuppressWarnings("unchecked")
      Map<String, Object> leases = (Map<String, Object>) report.details().get("leases");
      assertThat(leases)
          .containsEntry("renewalFailures", 1)
          .containsEntry("leasesLost", 1)
          .containsEntry(
              "lastRenewalFailure",
              Map.of(
                  "key", "orders",
                  "error", "java.lang.IllegalStateException: no reply",
                  "at", "2026-01-01T00:00:00Z"));

      clock.now = clock.now.plus(HotRedisHealth.RECENT).plusSeconds(1);
      @SuppressWarnings("unchecked")
      Map<String, Object> later = (Map<String, Object>) health.check().details().get("leases");
      assertThat(later)
          .containsEntry("renewalFailures", 0)
          .containsEntry("leasesLost", 0)
          .doesNotContainKey("lastRenewalFailure");
    }
  }

  private static final class MutableClock extends Clock {
    volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
