package org.hotredis.bench;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.hotredis.jcache.configuration.HotCacheConfiguration;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.redisson.api.RLocalCachedMap;
import org.redisson.api.options.LocalCachedMapOptions;

/**
 * A JCache {@code get} that the near cache answers: HOT Redis's provider with a near cache, the
 * raw-Jedis {@code HGET} every Redis-backed cache pays without one, and Redisson's open-source near
 * cache, {@code RLocalCachedMap} (its JCache has none outside the paid edition).
 */
public class NearCacheBenchmark {

  /** A near-cached cache per library, holding the entry read. */
  @State(Scope.Benchmark)
  public static class Caches {
    CachingProvider hotProvider;
    Cache<String, String> hot;
    RLocalCachedMap<String, String> redisson;

    @Setup
    public void create(Servers s) throws java.net.URISyntaxException {
      hotProvider = Caching.getCachingProvider("org.hotredis.jcache.spi.HotCachingProvider");
      CacheManager manager =
          hotProvider.getCacheManager(
              new java.net.URI(s.server.uri() + "?clientName=near"), getClass().getClassLoader());
      hot =
          manager.createCache(
              "bench-near",
              new HotCacheConfiguration<String, String>()
                  .setTypes(String.class, String.class)
                  .setNearCacheMaxEntries(10_000));
      hot.put("k", "v");
      redisson = s.redisson.getLocalCachedMap(LocalCachedMapOptions.name("bench-near-redisson"));
      redisson.fastPut("k", "v");
      s.jedis.hset("bench:near:jedis", "k", "v");
      hot.get("k"); // the first read keeps the entry; the next ones are served from the JVM
    }

    @TearDown
    public void close() {
      hotProvider.close();
    }
  }

  @Benchmark
  public @Nullable String get_hot(Caches c) {
    return c.hot.get("k");
  }

  @Benchmark
  public @Nullable String get_jedis(Servers s, Caches c) {
    return s.jedis.hget("bench:near:jedis", "k");
  }

  @Benchmark
  public @Nullable String get_redisson(Caches c) {
    return c.redisson.get("k");
  }
}
