package org.hotredis.jcache;

import java.net.URI;
import java.util.Objects;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.hotredis.jcache.configuration.ProviderSettings;

/**
 * A child JVM for {@link NearCacheFaultsTest}: attaches to a cache with a near cache on every cache
 * of its manager, prints {@code serving} once the near cache serves, then reads key {@code k} in a
 * loop and prints {@code saw <value>} whenever what it reads changes, and {@code backwards <a> <b>}
 * if a number it reads is smaller than one it read before. Runs until it is killed (at most 2
 * minutes).
 *
 * <p>Arguments: the Redis URI, the cache name and the lease (ISO-8601).
 */
final class NearReaderJvm {
  private NearReaderJvm() {}

  public static void main(String[] args) throws InterruptedException {
    Properties properties = new Properties();
    properties.setProperty(ProviderSettings.NEAR_CACHE_MAX_ENTRIES, "1000");
    properties.setProperty(ProviderSettings.LEASE, args[2]);
    CacheManager manager =
        Managers.provider()
            .getCacheManager(URI.create(args[0]), NearReaderJvm.class.getClassLoader(), properties);
    Cache<String, String> cache = manager.getCache(args[1], String.class, String.class);
    if (cache == null) {
      System.out.println("cache " + args[1] + " not found");
      System.exit(1);
    }
    NearCache near = Objects.requireNonNull(cache.unwrap(HotCache.class).nearCache());
    long end = System.nanoTime() + 120_000_000_000L;
    boolean serving = false;
    String last = "";
    long highest = Long.MIN_VALUE;
    while (System.nanoTime() < end) {
      if (!serving && near.serving()) {
        serving = true;
        System.out.println("serving");
      }
      String value;
      try {
        value = String.valueOf(cache.get("k"));
      } catch (RuntimeException e) {
        value = "error " + e.getClass().getSimpleName();
        Thread.sleep(10);
      }
      if (!value.equals(last)) {
        System.out.println("saw " + value);
        last = value;
        if (value.chars().allMatch(Character::isDigit) && !value.isEmpty()) {
          long number = Long.parseLong(value);
          if (number < highest) {
            System.out.println("backwards " + highest + " " + number);
          }
          highest = Math.max(highest, number);
        }
      }
    }
    manager.close();
  }
}
