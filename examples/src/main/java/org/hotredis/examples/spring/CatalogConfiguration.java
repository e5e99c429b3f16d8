package org.hotredis.examples.spring;

import java.io.IOException;
import java.net.URI;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.cache.jcache.JCacheManagerFactoryBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

/**
 * The Spring configuration of the catalog application: caching through Spring's JCache support.
 *
 * <p>{@link JCacheManagerFactoryBean} asks {@code Caching.getCachingProvider()} for the JCache
 * {@code CacheManager} of the URI {@code catalog.cache.manager-uri}, with the properties of the
 * file {@code catalog.cache.settings}; both come from {@code catalog.properties} or any property
 * source that overrides it (a system property, an environment variable). Which provider answers is
 * decided by the class path alone: HOT Redis's, registered with {@link java.util.ServiceLoader}.
 */
@Configuration(proxyBeanMethods = false)
@EnableCaching
@PropertySource("classpath:org/hotredis/examples/spring/catalog.properties")
public class CatalogConfiguration {
  /** Creates the configuration; Spring does this. */
  public CatalogConfiguration() {}

  /**
   * The JCache cache manager.
   *
   * @param environment Spring's properties
   * @return its factory bean
   * @throws IOException if the settings file cannot be read
   */
  @Bean
  public JCacheManagerFactoryBean jcacheManager(Environment environment) throws IOException {
    JCacheManagerFactoryBean factory = new JCacheManagerFactoryBean();
    factory.setCacheManagerUri(
        URI.create(environment.getRequiredProperty("catalog.cache.manager-uri")));
    factory.setCacheManagerProperties(
        PropertiesLoaderUtils.loadProperties(
            new ClassPathResource(environment.getRequiredProperty("catalog.cache.settings"))));
    return factory;
  }

  /**
   * Spring's cache manager over the JCache one: its caches are the JCache manager's.
   *
   * @param jcacheManager the JCache cache manager
   * @return the cache manager {@code @Cacheable} uses
   */
  @Bean
  public CacheManager cacheManager(javax.cache.CacheManager jcacheManager) {
    return new JCacheCacheManager(jcacheManager);
  }

  /**
   * The application's service.
   *
   * @param environment Spring's properties
   * @return the service
   */
  @Bean
  public PriceService priceService(Environment environment) {
    return new PriceService(environment.getRequiredProperty("catalog.instance"));
  }
}
