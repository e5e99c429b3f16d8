package org.hotredis.jcache;

import static java.util.Objects.requireNonNull;

import java.lang.ref.WeakReference;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.Configuration;
import javax.cache.spi.CachingProvider;
import org.hotredis.HotClient;
import org.hotredis.HotRedis;
import org.hotredis.jcache.configuration.HotCacheConfiguration;
import org.hotredis.jcache.configuration.ProviderSettings;
import org.hotredis.jcache.management.Jmx;
import org.jspecify.annotations.Nullable;

/**
 * A {@link CacheManager} over one Redis deployment: the caches this JVM has open there under one
 * URI and class loader.
 *
 * <p><b>A cache shared by many JVMs.</b> A cache lives in Redis; each JVM that opens it holds a
 * handle, registered in Redis with a lease its sweeper renews.
 *
 * <ul>
 *   <li>{@link #createCache} attaches to the cache whose configuration is stored in Redis, keeping
 *       its entries, provided the configurations store entries alike (types, codecs, counter mode,
 *       shards), and throws {@link CacheException} naming the differences otherwise; with nothing
 *       stored, it stores the configuration. It never deletes entries, so every JVM of a deployment
 *       may call {@code createCache} at start-up, and a restart keeps the cache's data.
 *   <li>{@link #getCache} returns the handle this manager has open, or attaches to the cache whose
 *       configuration is stored in Redis (with its types, codecs, expiry policy, loader, writer and
 *       default factory, as far as this JVM's settings accept them, see {@link
 *       org.hotredis.jcache.configuration.AllowList}; not its listeners), or returns null if there
 *       is none. A cache declared in the settings ({@link ProviderSettings}) is opened from them,
 *       keeping its entries.
 *   <li>{@link #close()} closes this manager's handles; the caches stay in Redis.
 *   <li>{@link #destroyCache} deletes the cache from Redis, the only call that deletes its data;
 *       handles on it in other JVMs close themselves.
 * </ul>
 *
 * <p>{@link #getCacheNames()} lists the caches this manager has open and those its settings
 * declare, not every cache in Redis.
 *
 * <p><b>Its Redis client</b> is, in order: a {@link HotClient} given in its properties under
 * {@value ProviderSettings#CLIENT}; the deployment its settings name ({@link
 * ProviderSettings#isRedisUriExplicit()}); the client {@link HotRedis#configure} set; HOT Redis's
 * own default URI; and last {@code redis://localhost:6379}, which the log then names once. A client
 * given in the properties or set with {@code HotRedis.configure} stays its owner's: the manager
 * never closes it. Clients created from a URI are shared by the provider's managers of that URI.
 */
public final class HotCacheManager implements CacheManager {
  private final CachingProvider provider;
  private final Consumer<? super HotCacheManager> onClose;
  private final URI uri;
  private final WeakReference<ClassLoader> classLoader;
  private final Properties properties;
  private final ProviderSettings settings;
  private final SharedClients clients;
  private final HotClient client;
  private final boolean ownsClient;
  private final ConcurrentMap<String, HotCache<?, ?>> caches = new ConcurrentHashMap<>();
  private final Object lock = new Object();
  private volatile boolean closed;

  /**
   * Creates a manager; {@link org.hotredis.jcache.spi.HotCachingProvider} does this, applications
   * ask {@link javax.cache.Caching} for managers.
   *
   * @param provider the provider, which {@link #getCachingProvider} returns
   * @param uri the manager's URI
   * @param classLoader the class loader of the manager's caches
   * @param properties the properties given for it
   * @param clients the provider's shared clients
   * @param onClose told once when the manager closes, before its caches close, so that the provider
   *     forgets it and its next request creates a new manager
   * @throws CacheException if its settings are malformed or cannot work together, or {@value
   *     ProviderSettings#CLIENT} in its properties is not a {@link HotClient}
   * @throws org.hotredis.HotConnectionException if Redis cannot be reached
   */
  public HotCacheManager(
      CachingProvider provider,
      URI uri,
      ClassLoader classLoader,
      Properties properties,
      SharedClients clients,
      Consumer<? super HotCacheManager> onClose) {
    this.provider = requireNonNull(provider, "provider");
    this.onClose = requireNonNull(onClose, "onClose");
    this.uri = requireNonNull(uri, "uri");
    this.classLoader = new WeakReference<>(requireNonNull(classLoader, "classLoader"));
    this.properties = requireNonNull(properties, "properties");
    this.settings = ProviderSettings.resolve(uri, classLoader, properties);
    this.clients = requireNonNull(clients, "clients");
    HotClient given = givenClient(properties, settings);
    this.ownsClient = given == null;
    if (given != null) {
      this.client = given;
    } else if (settings.isRedisUriFallback()) {
      this.client = clients.acquireFallback(settings.redisUri());
    } else {
      this.client = clients.acquire(settings.redisUri());
    }
  }

  /** The client given in the properties, else HotRedis's configured one unless a URI is named. */
  private static @Nullable HotClient givenClient(Properties properties, ProviderSettings settings) {
    Object given = properties.get(ProviderSettings.CLIENT);
    if (given != null) {
      if (!(given instanceof HotClient client)) {
        throw new CacheException(
            ProviderSettings.CLIENT
                + " in the cache manager's properties must be a "
                + HotClient.class.getName()
                + ", was a "
                + given.getClass().getName());
      }
      if (client.isClosed()) {
        throw new CacheException(
            ProviderSettings.CLIENT + " in the cache manager's properties is closed: " + client);
      }
      return client;
    }
    return settings.isRedisUriExplicit() ? null : HotRedis.configured();
  }

  // ---- caches ----

  /**
   * Creates a cache, or attaches to it if its configuration is stored in Redis, keeping its entries
   * (see the class description). One round trip, plus one to subscribe to its events.
   *
   * @throws CacheException if this manager has a cache of that name, or Redis holds it with a
   *     configuration that stores entries differently (the message names the differences)
   * @throws UnsupportedOperationException if the configuration asks for store-by-reference
   */
  @Override
  public <K, V, C extends Configuration<K, V>> Cache<K, V> createCache(
      String cacheName, C configuration) {
    checkOpen();
    requireNonNull(cacheName, "cacheName");
    requireNonNull(configuration, "configuration");
    synchronized (lock) {
      checkOpen();
      if (caches.containsKey(cacheName)) {
        throw new CacheException("cache " + cacheName + " already exists in " + this);
      }
      HotCacheConfiguration<K, V> copy = HotCacheConfiguration.copyOf(configuration);
      settings.apply(cacheName, copy, classLoader());
      HotCache<K, V> cache =
          requireNonNull(CacheFactory.open(this, cacheName, copy, CacheFactory.Mode.CREATE));
      caches.put(cacheName, cache);
      return cache;
    }
  }

  /**
   * Returns the cache, opening it from Redis or the settings if this manager does not have it open.
   * No round trip for an open cache.
   *
   * @throws ClassCastException if the cache's configured types differ from those given
   * @throws CacheException if the configuration stored in Redis names a class this JVM's settings
   *     do not accept (the message names the class and the setting)
   */
  @Override
  public <K, V> @Nullable Cache<K, V> getCache(
      String cacheName, Class<K> keyType, Class<V> valueType) {
    checkOpen();
    requireNonNull(cacheName, "cacheName");
    requireNonNull(keyType, "keyType");
    requireNonNull(valueType, "valueType");
    HotCache<?, ?> cache = lookup(cacheName);
    if (cache == null) {
      return null;
    }
    if (!cache.keyType().equals(keyType)) {
      throw new ClassCastException(
          "cache "
              + cacheName
              + " has keys of "
              + cache.keyType().getName()
              + ", not "
              + keyType.getName());
    }
    if (!cache.valueType().equals(valueType)) {
      throw new ClassCastException(
          "cache "
              + cacheName
              + " has values of "
              + cache.valueType().getName()
              + ", not "
              + valueType.getName());
    }
    @SuppressWarnings("unchecked")
    Cache<K, V> typed = (Cache<K, V>) cache;
    return typed;
  }

  /**
   * Returns the cache, whatever its types, opening it from Redis or the settings if this manager
   * does not have it open. No round trip for an open cache.
   *
   * @throws CacheException if the configuration stored in Redis names a class this JVM's settings
   *     do not accept (the message names the class and the setting)
   */
  @Override
  @SuppressWarnings("unchecked")
  public <K, V> @Nullable Cache<K, V> getCache(String cacheName) {
    checkOpen();
    requireNonNull(cacheName, "cacheName");
    return (Cache<K, V>) lookup(cacheName);
  }

  private @Nullable HotCache<?, ?> lookup(String cacheName) {
    HotCache<?, ?> open = caches.get(cacheName);
    if (open != null) {
      return open;
    }
    synchronized (lock) {
      checkOpen();
      open = caches.get(cacheName);
      if (open != null) {
        return open;
      }
      HotCache<?, ?> opened;
      if (settings.isDeclared(cacheName)) {
        opened =
            CacheFactory.open(
                this,
                cacheName,
                settings.declaredConfiguration(cacheName, classLoader()),
                CacheFactory.Mode.DECLARE);
      } else {
        opened =
            CacheFactory.open(
                this, cacheName, new HotCacheConfiguration<>(), CacheFactory.Mode.ATTACH);
      }
      if (opened != null) {
        caches.put(cacheName, opened);
      }
      return opened;
    }
  }

  /** Returns a snapshot of the names of the caches open here and declared in the settings. */
  @Override
  public Iterable<String> getCacheNames() {
    checkOpen();
    Set<String> names = new LinkedHashSet<>(caches.keySet());
    names.addAll(settings.declaredCaches());
    return Set.copyOf(names);
  }

  /**
   * Closes this manager's handle on the cache and deletes the cache from Redis: its entries,
   * deadlines and stored configuration. Handles on it in other JVMs close themselves. One round
   * trip, plus one per shard of a sharded cache.
   */
  @Override
  public void destroyCache(String cacheName) {
    checkOpen();
    requireNonNull(cacheName, "cacheName");
    HotCache<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      cache.destroy();
      return;
    }
    HotCacheConfiguration<Object, Object> declared =
        settings.declaredConfiguration(cacheName, classLoader());
    String prefix = declared.getKeyPrefix();
    String key = (prefix == null ? settings.keyPrefix() : prefix) + cacheName;
    int shards =
        new HandleLifecycle(client, key, CacheFactory.newId())
            .destroy(HotCache.tombstone(settings.lease()));
    CacheEntries.deleteShards(client, key, shards);
  }

  void release(HotCache<?, ?> cache) {
    caches.remove(cache.getName(), cache);
  }

  @Override
  public void enableManagement(String cacheName, boolean enabled) {
    checkOpen();
    requireNonNull(cacheName, "cacheName");
    HotCache<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      cache.setManagementEnabled(enabled);
    }
  }

  @Override
  public void enableStatistics(String cacheName, boolean enabled) {
    checkOpen();
    requireNonNull(cacheName, "cacheName");
    HotCache<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      cache.setStatisticsEnabled(enabled);
    }
  }

  // ---- the manager ----

  @Override
  public CachingProvider getCachingProvider() {
    return provider;
  }

  @Override
  public URI getURI() {
    return uri;
  }

  @Override
  public ClassLoader getClassLoader() {
    return classLoader();
  }

  private ClassLoader classLoader() {
    ClassLoader loader = classLoader.get();
    return loader != null ? loader : provider.getDefaultClassLoader();
  }

  @Override
  public Properties getProperties() {
    return properties;
  }

  /**
   * Returns the manager's settings, resolved from its properties, system properties, the
   * environment and its properties file.
   *
   * @return the settings
   */
  public ProviderSettings settings() {
    return settings;
  }

  HotClient client() {
    return client;
  }

  /**
   * Closes every cache handle of this manager and gives back its Redis client (a client given in
   * its properties or set with {@code HotRedis.configure} stays open). The caches stay in Redis.
   * Idempotent.
   */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    onClose.accept(this);
    List<HotCache<?, ?>> open = new ArrayList<>(caches.values());
    for (HotCache<?, ?> cache : open) {
      cache.close();
    }
    caches.clear();
    if (ownsClient) {
      clients.release(settings.redisUri(), client);
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  /**
   * Returns this manager as a type: {@link HotCacheManager} or {@link CacheManager}, or its {@link
   * HotClient}.
   *
   * @throws IllegalArgumentException for any other type
   */
  @Override
  public <T> T unwrap(Class<T> clazz) {
    requireNonNull(clazz, "clazz");
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    if (clazz == HotClient.class) {
      return clazz.cast(client);
    }
    throw new IllegalArgumentException("a HotCacheManager does not unwrap to " + clazz);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(this + " is closed");
    }
  }

  @Override
  public String toString() {
    return "HotCacheManager[" + Jmx.withoutUserInfo(uri) + "]";
  }
}
