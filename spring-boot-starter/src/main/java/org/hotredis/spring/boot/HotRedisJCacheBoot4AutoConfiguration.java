package org.hotredis.spring.boot;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.cache.autoconfigure.JCachePropertiesCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Hands the application's client and the {@code hotredis.jcache.*} settings to the JCache provider
 * under Spring Boot 4, whose {@code JCachePropertiesCustomizer} moved to {@code
 * org.springframework.boot.cache.autoconfigure}. See {@link JCacheSettings}.
 */
@AutoConfiguration(
    after = HotRedisAutoConfiguration.class,
    beforeName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration")
@ConditionalOnClass(
    name = {
      "org.springframework.boot.cache.autoconfigure.JCachePropertiesCustomizer",
      "javax.cache.Caching"
    })
@ConditionalOnBean(JCacheSettings.class)
public class HotRedisJCacheBoot4AutoConfiguration {
  /** Creates the configuration; Spring Boot does this. */
  public HotRedisJCacheBoot4AutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean(name = "hotRedisJCachePropertiesCustomizer")
  JCachePropertiesCustomizer hotRedisJCachePropertiesCustomizer(JCacheSettings settings) {
    return settings::customize;
  }
}
