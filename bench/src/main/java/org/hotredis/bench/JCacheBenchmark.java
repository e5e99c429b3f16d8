package org.hotredis.bench;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.hotredis.jcache.configuration.HotCacheConfiguration;
import org.hotredis.jcache.processor.HotProcessors;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.redisson.jcache.configuration.RedissonConfiguration;

/**
 * JCache get, put and an atomic increment through {@code invoke}, with statistics on and off: HOT
 * Redis's provider, Redisson's, and raw Jedis's HGET / HSET / HINCRBY on a hash as the floor (its
 * rows repeat for both parameter values, which do not apply to it).
 */
public class JCacheBenchmark {

  /** A cache per provider. */
  @State(Scope.Benchmark)
  public static class Caches {
    @Param({"false", "true"})
    public boolean statistics;

    CachingProvider hotProvider;
    CachingProvider redissonProvider;
    Cache<String, String> hot;
    Cache<String, Long> hotCounter;
    Cache<String, String> redisson;
    Cache<String, Long> redissonCounter;

    @Setup
    public void create(Servers s) throws Exception {
      hotProvider = Caching.getCachingProvider("org.hotredis.jcache.spi.HotCachingProvider");
      CacheManager hotManager =
          hotProvider.getCacheManager(
              new java.net.URI(s.server.uri()), getClass().getClassLoader());
      hot =
          hotManager.createCache(
              "bench-" + statistics,
              new HotCacheConfiguration<String, String>()
                  .setTypes(String.class, String.class)
                  .setStatisticsEnabled(statistics));
      hotCounter =
          hotManager.createCache(
              "bench-counter-" + statistics,
              new HotCacheConfiguration<String, Long>()
                  .setTypes(String.class, Long.class)
                  .setCounter(true)
                  .setStatisticsEnabled(statistics));
      hot.put("k", "v");
      redissonProvider = Caching.getCachingProvider("org.redisson.jcache.JCachingProvider");
      CacheManager redissonManager = redissonProvider.getCacheManager();
      redisson =
          redissonManager.createCache(
              "bench-redisson-" + statistics,
              RedissonConfiguration.fromInstance(
                  s.redisson,
                  new MutableConfiguration<String, String>()
                      .setTypes(String.class, String.class)
                      .setStatisticsEnabled(statistics)));
      redissonCounter =
          redissonManager.createCache(
              "bench-redisson-counter-" + statistics,
              RedissonConfiguration.fromInstance(
                  s.redisson,
                  new MutableConfiguration<String, Long>()
                      .setTypes(String.class, Long.class)
                      .setStatisticsEnabled(statistics)));
      redisson.put("k", "v");
      s.jedis.hset("bench:jcache:jedis", "k", "v");
    }

    @TearDown
    public void close() {
      hotProvider.close();
      redissonProvider.close();
    }
  }

  @Benchmark
  public @Nullable String get_hot(Caches c) {
    return c.hot.get("k");
  }

  @Benchmark
  public @Nullable String get_jedis(Servers s, Caches c) {
    return s.jedis.hget("bench:jcache:jedis", "k");
  }

  @Benchmark
  public @Nullable String get_redisson(Caches c) {
    return c.redisson.get("k");
  }

  @Benchmark
  public void put_hot(Caches c) {
    c.hot.put("k", "v");
  }

  @Benchmark
  public long put_jedis(Servers s, Caches c) {
    return s.jedis.hset("bench:jcache:jedis", "k", "v");
  }

  @Benchmark
  public void put_redisson(Caches c) {
    c.redisson.put("k", "v");
  }

  @Benchmark
  public @Nullable Long increment_hot(Caches c) {
    return c.hotCounter.invoke("n", HotProcessors.increment(1));
  }

  @Benchmark
  public long increment_jedis(Servers s, Caches c) {
    return s.jedis.hincrBy("bench:jcache:jedis:counter", "n", 1);
  }

  @Benchmark
  public @Nullable Long increment_redisson(Caches c) {
    return c.redissonCounter.invoke(
        "n",
        (entry, arguments) -> {
          long next = (entry.exists() ? entry.getValue() : 0L) + 1;
          entry.setValue(next);
          return next;
        });
  }
}
