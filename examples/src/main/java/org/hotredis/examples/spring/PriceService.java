package org.hotredis.examples.spring;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;

/**
 * A service with an expensive computation cached in the {@value #CACHE} cache: plain Spring
 * annotations, no cache API in sight.
 */
public class PriceService {
  /** The name of the cache, declared in {@code hot-redis-jcache.properties}. */
  public static final String CACHE = "prices";

  private final String instance;
  private final AtomicInteger computations = new AtomicInteger();

  /**
   * Creates the service of one application instance.
   *
   * @param instance the instance's name, recorded in the prices it computes
   */
  public PriceService(String instance) {
    this.instance = requireNonNull(instance, "instance");
  }

  /**
   * Returns the price of a product: from the cache if any instance computed it, else computed here.
   *
   * @param product the product
   * @return its price
   */
  @Cacheable(CACHE)
  public Price price(String product) {
    computations.incrementAndGet();
    BigDecimal amount = new BigDecimal("1.10").multiply(BigDecimal.valueOf(product.length()));
    return new Price(product, amount, instance);
  }

  /**
   * Forgets the cached price of a product, in every instance, as when the price list changes.
   *
   * @param product the product
   */
  @CacheEvict(CACHE)
  public void evict(String product) {}

  /** Forgets every cached price. */
  @CacheEvict(cacheNames = CACHE, allEntries = true)
  public void evictAll() {}

  /**
   * Returns how many times this instance computed a price.
   *
   * @return the number of computations
   */
  public int computations() {
    return computations.get();
  }
}
