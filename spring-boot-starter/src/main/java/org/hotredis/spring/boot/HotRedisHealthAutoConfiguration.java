package org.hotredis.spring.boot;

import org.hotredis.HotClient;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code hotRedis} health indicator under Spring Boot 3's Actuator, whose health API is in
 * {@code org.springframework.boot.actuate.health}. See {@link HotRedisHealth}; turned off with
 * {@code management.health.hotredis.enabled=false}.
 */
@AutoConfiguration(
    after = HotRedisAutoConfiguration.class,
    beforeName =
        "org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration")
@ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
@ConditionalOnBean(HotClient.class)
@ConditionalOnEnabledHealthIndicator("hotredis")
public class HotRedisHealthAutoConfiguration {
  /** Creates the configuration; Spring Boot does this. */
  public HotRedisHealthAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean
  HotRedisHealth hotRedisHealth(HotClient client) {
    return new HotRedisHealth(client);
  }

  @Bean
  @ConditionalOnMissingBean(name = "hotRedisHealthIndicator")
  HealthIndicator hotRedisHealthIndicator(HotRedisHealth health) {
    return () -> {
      HotRedisHealth.Report report = health.check();
      Health.Builder builder = report.up() ? Health.up() : Health.down();
      if (report.error() != null) {
        builder.withException(report.error());
      }
      return builder.withDetails(report.details()).build();
    };
  }
}
