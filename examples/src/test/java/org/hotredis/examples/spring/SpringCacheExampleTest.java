package org.hotredis.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import javax.cache.CacheManager;
import org.hotredis.examples.Printed;
import org.hotredis.jcache.spi.HotCachingProvider;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

@RedisTest
final class SpringCacheExampleTest {
  @Test
  void run_twoInstances_shareCachedPricesAndEvictions(RedisDeployment redis) throws Exception {
    assertThat(Printed.lines(out -> SpringCacheExample.run(redis.uri(), out)))
        .containsExactly(
            "catalog-1 asks the price of tea: 3.30 (computed by catalog-1)",
            "catalog-2 asks the price of tea: 3.30 (computed by catalog-1)",
            "catalog-2 evicted tea",
            "catalog-1 asks the price of tea: 3.30 (computed by catalog-1)",
            "catalog-2 asks the price of tea: 3.30 (computed by catalog-1)",
            "computations: catalog-1 2, catalog-2 0");
  }

  @Test
  void nullValue_cachedBySpringInAnUntypedCache_isStoredAndReadBackByDefault(
      RedisDeployment redis) {
    CacheManager jcache =
        new HotCachingProvider()
            .getCacheManager(java.net.URI.create(redis.uri()), getClass().getClassLoader());
    try {
      jcache.createCache("answers", new javax.cache.configuration.MutableConfiguration<>());
      org.springframework.cache.jcache.JCacheCacheManager spring =
          new org.springframework.cache.jcache.JCacheCacheManager(jcache);
      spring.setAllowNullValues(true);
      spring.afterPropertiesSet();
      org.springframework.cache.Cache answers = spring.getCache("answers");

      answers.put("unknown", null);

      org.springframework.cache.Cache.ValueWrapper cached = answers.get("unknown");
      assertThat(cached).isNotNull();
      assertThat(cached.get()).isNull();
      assertThat((String) redis.execute("HGET", "jcache:answers", "s:unknown")).startsWith("j:");
    } finally {
      jcache.close();
    }
  }

  @Test
  void cacheable_computedInOneContext_isHitInTheOther(RedisDeployment redis) {
    try (AnnotationConfigApplicationContext one = SpringCacheExample.start("shop-1", redis.uri());
        AnnotationConfigApplicationContext two = SpringCacheExample.start("shop-2", redis.uri())) {
      CacheManager managerOfOne = one.getBean(CacheManager.class);
      CacheManager managerOfTwo = two.getBean(CacheManager.class);
      assertThat(managerOfOne).isNotSameAs(managerOfTwo);
      assertThat(managerOfOne.getCachingProvider()).isInstanceOf(HotCachingProvider.class);
      PriceService first = one.getBean(PriceService.class);
      PriceService second = two.getBean(PriceService.class);

      Price coffee = first.price("coffee");
      assertThat(second.price("coffee")).isEqualTo(coffee);
      assertThat(coffee.computedBy()).isEqualTo("shop-1");
      assertThat(first.computations()).isEqualTo(1);
      assertThat(second.computations()).isZero();
      assertThat((String) redis.execute("HGET", "catalog:prices", "coffee"))
          .isEqualTo("{\"amount\":6.60,\"computedBy\":\"shop-1\",\"product\":\"coffee\"}");

      first.evict("coffee");
      assertThat(redis.execute("HEXISTS", "catalog:prices", "coffee")).isEqualTo(0L);
      assertThat(second.price("coffee").computedBy()).isEqualTo("shop-2");
      assertThat(first.price("coffee").computedBy()).isEqualTo("shop-2");
      assertThat(first.computations()).isEqualTo(1);
      assertThat(second.computations()).isEqualTo(1);
    }
  }
}
