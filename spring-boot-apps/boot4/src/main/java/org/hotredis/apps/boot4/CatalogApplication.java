package org.hotredis.apps.boot4;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;

/**
 * A catalog service on Spring Boot 4 and HOT Redis, with no HOT Redis code of its own: {@code
 * application.properties} and the starter set everything up.
 *
 * <ul>
 *   <li>{@code @Cacheable} quotes ({@link QuoteService}) in a JCache cache of HOT Redis's provider,
 *       shared by every instance and kept across restarts;
 *   <li>a stock counter guarded by a HOT Redis lock, and a work queue, through the {@code
 *       ConcurrencyProvider} bean ({@link CatalogController});
 *   <li>Spring Data Redis's {@code StringRedisTemplate}, on Lettuce or (with {@code
 *       spring.data.redis.client-type=jedis}) on Spring Boot's own Jedis;
 *   <li>Actuator's health and metrics, with HOT Redis's indicator and meters.
 * </ul>
 */
@SpringBootApplication
@EnableCaching
public class CatalogApplication {
  /**
   * Starts the application.
   *
   * @param args Spring Boot's command-line arguments ({@code --hotredis.uri=...})
   */
  public static void main(String[] args) {
    SpringApplication.run(CatalogApplication.class, args);
  }
}
