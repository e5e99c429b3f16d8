package org.hotredis.jcache;

import java.io.Serializable;
import java.net.URI;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;

/**
 * A child JVM for {@link CrossJvmTest}: attaches to a cache another JVM created, registers a
 * listener that prints every event as {@code event TYPE key=value old=oldValue}, prints {@code
 * listening}, and runs until it is killed (at most 2 minutes).
 *
 * <p>Arguments: the Redis URI and the cache name.
 */
final class ListeningJvm {
  private ListeningJvm() {}

  public static void main(String[] args) throws InterruptedException {
    CacheManager manager =
        Managers.provider()
            .getCacheManager(
                URI.create(args[0]), ListeningJvm.class.getClassLoader(), new Properties());
    Cache<String, String> cache = manager.getCache(args[1], String.class, String.class);
    if (cache == null) {
      System.out.println("cache " + args[1] + " not found");
      System.exit(1);
    }
    cache.registerCacheEntryListener(
        new MutableCacheEntryListenerConfiguration<>(
            FactoryBuilder.factoryOf(new Printer()), null, true, true));
    System.out.println("listening");
    Thread.sleep(120_000);
    manager.close();
  }

  /** Prints events. */
  static final class Printer
      implements CacheEntryCreatedListener<String, String>,
          CacheEntryUpdatedListener<String, String>,
          CacheEntryRemovedListener<String, String>,
          CacheEntryExpiredListener<String, String>,
          Serializable {
    private static final long serialVersionUID = 1L;

    private static void print(
        Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      for (CacheEntryEvent<? extends String, ? extends String> event : events) {
        System.out.println(
            "event "
                + event.getEventType()
                + " "
                + event.getKey()
                + "="
                + event.getValue()
                + " old="
                + (event.isOldValueAvailable() ? event.getOldValue() : "none"));
      }
    }

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      print(events);
    }

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      print(events);
    }

    @Override
    public void onRemoved(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      print(events);
    }

    @Override
    public void onExpired(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      print(events);
    }
  }
}
