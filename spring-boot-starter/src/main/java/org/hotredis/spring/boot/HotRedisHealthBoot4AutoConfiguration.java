package org.hotredis.spring.boot;

import org.hotredis.HotClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code hotRedis} health indicator under Spring Boot 4, whose health API moved to {@code
 * org.springframework.boot.health.contributor}. See {@link HotRedisHealth}; turned off with {@code
 * management.health.hotredis.enabled=false}.
 */
@AutoConfiguration(
    after = HotRedisAutoConfiguration.class,
    beforeName =
        "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean(HotClient.class)
@ConditionalOnEnabledHealthIndicator("hotredis")
public class HotRedisHealthBoot4AutoConfiguration {
  /** Creates the configuration; Spring Boot does this. */
  public HotRedisHealthBoot4AutoConfiguration() {}

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
