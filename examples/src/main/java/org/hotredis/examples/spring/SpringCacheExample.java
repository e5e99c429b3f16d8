package org.hotredis.examples.spring;

import java.io.PrintStream;
import java.util.Map;
import org.hotredis.examples.Examples;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Two instances of a Spring application share a {@code @Cacheable} cache in Redis: a price one
 * instance computed is a cache hit in the other, and an eviction by either is seen by both.
 *
 * <p>Nothing in the application refers to HOT Redis. {@link CatalogConfiguration} sets up Spring's
 * {@code JCacheCacheManager} as for any JCache provider; HOT Redis is chosen by the class path (its
 * provider is the one {@code Caching.getCachingProvider()} finds), the Redis deployment by the
 * manager URI {@code catalog.cache.manager-uri} in {@code catalog.properties}, and the cache by
 * {@code hot-redis-jcache.properties} (key and value types, JSON values, expiry). Each instance
 * overrides two properties, as each machine would: its name, and the manager URI with its own
 * {@code clientName}, which labels its Redis connections (and, with both instances in this one JVM,
 * gives each its own JCache manager: JCache keeps one manager per URI and class loader).
 *
 * <p>Run: {@code mvn -q -pl examples compile exec:java
 * -Dexec.mainClass=org.hotredis.examples.spring.SpringCacheExample
 * -Dexec.args=redis://localhost:6379}
 */
public final class SpringCacheExample {
  private SpringCacheExample() {}

  /**
   * Runs two instances of the application against one Redis.
   *
   * @param args an optional Redis URI
   */
  public static void main(String[] args) {
    run(Examples.redisUri(args), System.out);
  }

  /**
   * Starts one instance of the application.
   *
   * @param instance the instance's name
   * @param redisUri the Redis deployment of its cache
   * @return the running application context; close it to stop the instance
   */
  public static AnnotationConfigApplicationContext start(String instance, String redisUri) {
    AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
    context
        .getEnvironment()
        .getPropertySources()
        .addFirst(
            new MapPropertySource(
                instance,
                Map.of(
                    "catalog.instance",
                    instance,
                    "catalog.cache.manager-uri",
                    Examples.withClientName(redisUri, instance))));
    context.register(CatalogConfiguration.class);
    context.refresh();
    return context;
  }

  static void run(String redisUri, PrintStream out) {
    try (AnnotationConfigApplicationContext one = start("catalog-1", redisUri);
        AnnotationConfigApplicationContext two = start("catalog-2", redisUri)) {
      PriceService first = one.getBean(PriceService.class);
      PriceService second = two.getBean(PriceService.class);
      first.evictAll(); // start from an empty cache, whatever an earlier run left

      print(out, "catalog-1", first.price("tea"));
      print(out, "catalog-2", second.price("tea")); // a hit: computed by catalog-1
      second.evict("tea");
      out.println("catalog-2 evicted tea");
      print(out, "catalog-1", first.price("tea")); // a miss: computed again
      print(out, "catalog-2", second.price("tea")); // a hit again
      out.println(
          "computations: catalog-1 "
              + first.computations()
              + ", catalog-2 "
              + second.computations());
    }
  }

  private static void print(PrintStream out, String instance, Price price) {
    out.println(
        instance
            + " asks the price of "
            + price.product()
            + ": "
            + price.amount()
            + " (computed by "
            + price.computedBy()
            + ")");
  }
}
