package org.hotredis.spring.boot;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters of HOT Redis's locks, semaphores and queues ({@link HotRedisMeters}), when
 * Micrometer is on the class path. Spring Boot binds the {@code MeterBinder} to the application's
 * registry, under Spring Boot 3 and 4 alike. Cache meters come from Spring Boot's own cache
 * metrics, which read the JCache statistics the starter turns on.
 */
@AutoConfiguration(after = HotRedisAutoConfiguration.class)
@ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
public class HotRedisMetricsAutoConfiguration {
  /** Creates the configuration; Spring Boot does this. */
  public HotRedisMetricsAutoConfiguration() {}

  @Bean(name = CacheManagerDependencies.METERS)
  @ConditionalOnMissingBean
  HotRedisMeters hotRedisMeters() {
    return new HotRedisMeters();
  }
}
