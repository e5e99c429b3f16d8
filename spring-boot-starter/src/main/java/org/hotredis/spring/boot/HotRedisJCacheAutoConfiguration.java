package org.hotredis.spring.boot;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.cache.JCachePropertiesCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Hands the application's client and the {@code hotredis.jcache.*} settings to the JCache provider
 * under Spring Boot 3, whose {@code JCachePropertiesCustomizer} is in {@code
 * org.springframework.boot.autoconfigure.cache}. See {@link JCacheSettings}.
 */
@AutoConfiguration(
    after = HotRedisAutoConfiguration.class,
    beforeName = "org.springframework.boot.autoconfigure.cache.CacheAutoConfiguration")
@ConditionalOnClass(
    name = {
      "org.springframework.boot.autoconfigure.cache.JCachePropertiesCustomizer",
      "javax.cache.Caching"
    })
@ConditionalOnBean(JCacheSettings.class)
public class HotRedisJCacheAutoConfiguration {
  /** Creates the configuration; Spring Boot does this. */
  public HotRedisJCacheAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean(name = "hotRedisJCachePropertiesCustomizer")
  JCachePropertiesCustomizer hotRedisJCachePropertiesCustomizer(JCacheSettings settings) {
    return settings::customize;
  }
}
