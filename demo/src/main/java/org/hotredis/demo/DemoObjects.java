package org.hotredis.demo;

import java.net.URI;
import java.util.List;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.hotredis.HotClient;
import org.hotredis.HotObject;
import org.hotredis.Keys;
import org.hotredis.collections.HotDict;
import org.hotredis.collections.HotList;
import org.hotredis.collections.HotMultiSet;
import org.hotredis.concurrent.HotConcurrency;
import org.hotredis.concurrent.locks.HotReentrantLock;
import org.hotredis.concurrent.queues.HotQueue;
import org.hotredis.numbers.HotInt;

/** The objects of one demo run, named under its key prefix, as both processes open them. */
final class DemoObjects implements AutoCloseable {
  static final String CACHE = "greetings";

  final HotClient client;
  final HotList<String> list;
  final HotQueue<String> jobs;
  final HotInt processed;
  final HotReentrantLock lock;
  final HotDict<String, Long> counter;
  final HotMultiSet<String> words;
  private final String prefix;
  private final URI uri;
  private final CacheManager cacheManager;

  DemoObjects(String uri, String prefix) {
    this.prefix = prefix;
    this.uri = URI.create(uri);
    this.client = HotClient.create(uri);
    this.list = client.list(prefix + "foo", String.class);
    this.jobs = HotConcurrency.on(client).queue(prefix + "jobs", String.class);
    this.processed = client.integer(prefix + "processed");
    this.lock = HotConcurrency.on(client).reentrantLock(prefix + "lock");
    this.counter = client.dict(prefix + "counter", String.class, Long.class);
    this.words = client.multiSet(prefix + "words", String.class);
    Properties properties = new Properties();
    properties.setProperty("hotredis.jcache.key-prefix", prefix + "jcache:");
    this.cacheManager =
        Caching.getCachingProvider()
            .getCacheManager(this.uri, DemoObjects.class.getClassLoader(), properties);
  }

  /** Returns the shared JCache cache, creating it if no process has yet. */
  Cache<String, String> cache() {
    Cache<String, String> cache = cacheManager.getCache(CACHE, String.class, String.class);
    if (cache == null) {
      cache =
          cacheManager.createCache(
              CACHE,
              new MutableConfiguration<String, String>()
                  .setTypes(String.class, String.class)
                  .setStatisticsEnabled(true));
    }
    return cache;
  }

  /** Returns a barrier counter for a step. */
  HotInt arrivals(int step) {
    return client.integer(prefix + "step:" + step);
  }

  /** Deletes every key of a demo run. */
  static void deleteAll(String uri, String prefix) {
    try (DemoObjects objects = new DemoObjects(uri, prefix)) {
      objects.cacheManager.destroyCache(CACHE);
      // destroyCache leaves a short-lived tombstone for handles that missed the destruction; the
      // demo's processes are all gone, so it goes at once.
      objects
          .client
          .dict(Keys.companion(prefix + "jcache:" + CACHE, "config"), String.class, String.class)
          .delete();
      List<HotObject> all =
          List.of(
              objects.list,
              objects.jobs,
              objects.processed,
              objects.lock,
              objects.counter,
              objects.words);
      all.forEach(HotObject::delete);
      // A lock keeps its fencing counter when deleted, so tokens never repeat; the demo's lock is
      // gone for good, so its counter goes too.
      objects.client.integer(Keys.companion(objects.lock.key(), "fence")).delete();
      for (int step = 0; step < DemoProcess.STEPS; step++) {
        objects.arrivals(step).delete();
      }
    }
  }

  @Override
  public void close() {
    cacheManager.close();
    client.close();
  }
}
