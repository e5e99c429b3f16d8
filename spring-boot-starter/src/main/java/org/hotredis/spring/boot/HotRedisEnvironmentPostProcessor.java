package org.hotredis.spring.boot;

import java.util.Map;
import org.hotredis.jcache.spi.HotCachingProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Makes HOT Redis's provider Spring Boot's default JCache provider: {@code
 * spring.cache.jcache.provider} defaults to {@link HotCachingProvider}, in a property source of the
 * lowest precedence, so that an application with another JCache provider on its class path too
 * (Caffeine's, Ehcache's) still starts with the starter alone, and chooses another provider by
 * setting that property anywhere. Registered in {@code META-INF/spring.factories}, read by Spring
 * Boot 3 and 4 alike.
 */
final class HotRedisEnvironmentPostProcessor implements EnvironmentPostProcessor {
  /** The name of the property source holding the default. */
  static final String SOURCE = "hotRedisDefaults";

  HotRedisEnvironmentPostProcessor() {}

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    if (!environment.getPropertySources().contains(SOURCE)) {
      environment
          .getPropertySources()
          .addLast(
              new MapPropertySource(
                  SOURCE,
                  Map.of(JCacheSettings.PROVIDER_PROPERTY, HotCachingProvider.class.getName())));
    }
  }
}
