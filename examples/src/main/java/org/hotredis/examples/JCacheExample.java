package org.hotredis.examples;

import java.io.PrintStream;
import java.net.URI;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import org.jspecify.annotations.Nullable;

/**
 * JCache (JSR-107) on HOT Redis, through the standard API only: {@link Caching} finds the provider
 * on the class path, the manager URI names the Redis deployment, and a cache reads through a {@link
 * CacheLoader}, writes through a {@link CacheWriter} and tells a listener what changed.
 *
 * <p>{@link Database} stands for the system of record the loader reads and the writer updates. The
 * loader and writer are given as classes ({@link FactoryBuilder#factoryOf(Class)}) because the
 * cache's configuration, stored in Redis for the other JVMs that open the cache, names them; the
 * listener belongs to this JVM only.
 *
 * <p>Run: {@code mvn -q -pl examples compile exec:java
 * -Dexec.mainClass=org.hotredis.examples.JCacheExample -Dexec.args=redis://localhost:6379}
 */
public final class JCacheExample {
  private JCacheExample() {}

  /**
   * Runs the example.
   *
   * @param args an optional Redis URI
   */
  public static void main(String[] args) {
    run(Examples.redisUri(args), System.out);
  }

  static void run(String redisUri, PrintStream out) {
    Database.reset(Map.of("dune", "Dune", "emma", "Emma"));
    ClassLoader loader = JCacheExample.class.getClassLoader();
    try (CacheManager manager =
        Caching.getCachingProvider().getCacheManager(URI.create(redisUri), loader)) {
      MutableConfiguration<String, String> configuration =
          new MutableConfiguration<String, String>()
              .setTypes(String.class, String.class)
              .setReadThrough(true)
              .setCacheLoaderFactory(FactoryBuilder.factoryOf(DatabaseLoader.class))
              .setWriteThrough(true)
              .setCacheWriterFactory(FactoryBuilder.factoryOf(DatabaseWriter.class))
              .addCacheEntryListenerConfiguration(
                  new MutableCacheEntryListenerConfiguration<>(
                      new FactoryBuilder.SingletonFactory<>(new PrintingListener(out)),
                      null, // no filter
                      true, // old values in update and remove events
                      true)); // synchronous: printed before the call returns
      Cache<String, String> titles = manager.createCache("example-titles", configuration);

      out.println("get dune: " + titles.get("dune")); // a miss: loaded from the database
      out.println("get dune: " + titles.get("dune")); // a hit
      out.println("database reads: " + Database.reads());
      titles.put("kim", "Kim"); // written through to the database
      titles.put("dune", "Dune Messiah");
      titles.remove("kim"); // removed from the database too
      out.println("database: " + Database.snapshot());
      out.println("cache provider: " + manager.getCachingProvider().getClass().getSimpleName());
      manager.destroyCache("example-titles");
    }
  }

  /** The system of record: titles by key, and how many times the loader read it. */
  static final class Database {
    private static final ConcurrentMap<String, String> TITLES = new ConcurrentHashMap<>();
    private static final AtomicInteger READS = new AtomicInteger();

    private Database() {}

    static void reset(Map<String, String> titles) {
      TITLES.clear();
      TITLES.putAll(titles);
      READS.set(0);
    }

    static Map<String, String> snapshot() {
      return new TreeMap<>(TITLES);
    }

    static int reads() {
      return READS.get();
    }
  }

  /** Reads missing entries from the {@link Database}. */
  public static final class DatabaseLoader implements CacheLoader<String, String> {
    /** Creates the loader; the cache does this through its factory. */
    public DatabaseLoader() {}

    @Override
    public @Nullable String load(String key) {
      Database.READS.incrementAndGet();
      return Database.TITLES.get(key);
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      Map<String, String> loaded = new HashMap<>();
      for (String key : keys) {
        String title = load(key);
        if (title != null) {
          loaded.put(key, title);
        }
      }
      return loaded;
    }
  }

  /** Writes the cache's changes to the {@link Database}. */
  public static final class DatabaseWriter implements CacheWriter<String, String> {
    /** Creates the writer; the cache does this through its factory. */
    public DatabaseWriter() {}

    @Override
    public void write(Cache.Entry<? extends String, ? extends String> entry) {
      Database.TITLES.put(entry.getKey(), entry.getValue());
    }

    @Override
    public void writeAll(Collection<Cache.Entry<? extends String, ? extends String>> entries) {
      entries.forEach(this::write);
      entries.clear(); // JCache: what is left in the collection was not written
    }

    @Override
    public void delete(Object key) {
      Database.TITLES.remove(key);
    }

    @Override
    public void deleteAll(Collection<?> keys) {
      keys.forEach(this::delete);
      keys.clear();
    }
  }

  /** Prints every change of the cache. */
  static final class PrintingListener
      implements CacheEntryCreatedListener<String, String>,
          CacheEntryUpdatedListener<String, String>,
          CacheEntryRemovedListener<String, String> {
    private final PrintStream out;

    PrintingListener(PrintStream out) {
      this.out = out;
    }

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events)
        throws CacheEntryListenerException {
      events.forEach(e -> out.println("  event: created " + e.getKey() + " = " + e.getValue()));
    }

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events)
        throws CacheEntryListenerException {
      events.forEach(
          e ->
              out.println(
                  "  event: updated "
                      + e.getKey()
                      + " "
                      + e.getOldValue()
                      + " -> "
                      + e.getValue()));
    }

    @Override
    public void onRemoved(Iterable<CacheEntryEvent<? extends String, ? extends String>> events)
        throws CacheEntryListenerException {
      events.forEach(e -> out.println("  event: removed " + e.getKey() + " = " + e.getOldValue()));
    }
  }
}
