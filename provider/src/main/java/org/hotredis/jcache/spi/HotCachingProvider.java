package org.hotredis.jcache.spi;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import javax.cache.CacheManager;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;
import org.hotredis.jcache.HotCacheManager;
import org.hotredis.jcache.SharedClients;
import org.jspecify.annotations.Nullable;

/**
 * HOT Redis's JCache provider, found by {@link java.util.ServiceLoader} through {@code
 * META-INF/services/javax.cache.spi.CachingProvider}.
 *
 * <pre>{@code
 * CachingProvider provider = Caching.getCachingProvider();          // this class
 * CacheManager local = provider.getCacheManager();                 // the default deployment
 * CacheManager other = provider.getCacheManager(
 *     URI.create("redis://cache.internal:6379/0"), null);          // another deployment
 * }</pre>
 *
 * <p>Managers are kept per class loader and URI: asking again gives the same open manager. The
 * default URI, {@value #DEFAULT_URI}, names the deployment the settings give ({@link
 * org.hotredis.jcache.configuration.ProviderSettings}: {@code hotredis.jcache.uri} as a system
 * property, the environment variable {@code HOT_REDIS_JCACHE_URI}, or {@code
 * hot-redis-jcache.properties} on the class path). A {@code redis://}, {@code rediss://}, {@code
 * redis-cluster://} or {@code redis-sentinel://} URI names a deployment directly; a {@code
 * classpath:} or {@code file:} URI names a properties file to read the settings from. Managers of
 * one provider that reach the same Redis URI share one {@link org.hotredis.HotClient}.
 *
 * <p>Only store-by-value caches exist: {@link #isSupported} is false for {@link
 * OptionalFeature#STORE_BY_REFERENCE}.
 */
public final class HotCachingProvider implements CachingProvider {
  /** The default URI of this provider's managers. */
  public static final String DEFAULT_URI = "hotredis:default";

  private final SharedClients clients = new SharedClients();
  private final Map<ClassLoader, Map<URI, HotCacheManager>> managers =
      new WeakHashMap<>(); // guarded by this

  /** Creates the provider; {@link javax.cache.Caching} does this. */
  public HotCachingProvider() {}

  @Override
  public synchronized CacheManager getCacheManager(
      @Nullable URI uri, @Nullable ClassLoader classLoader, @Nullable Properties properties) {
    URI managerUri = uri == null ? getDefaultURI() : uri;
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    Map<URI, HotCacheManager> byUri = managers.computeIfAbsent(loader, l -> new HashMap<>());
    HotCacheManager manager = byUri.get(managerUri);
    if (manager == null || manager.isClosed()) {
      Properties copy = new Properties();
      if (properties != null) {
        copy.putAll(properties);
      }
      manager = new HotCacheManager(this, managerUri, loader, copy, clients, this::forget);
      byUri.put(managerUri, manager);
    }
    return manager;
  }

  @Override
  public CacheManager getCacheManager(@Nullable URI uri, @Nullable ClassLoader classLoader) {
    return getCacheManager(uri, classLoader, getDefaultProperties());
  }

  @Override
  public CacheManager getCacheManager() {
    return getCacheManager(getDefaultURI(), getDefaultClassLoader(), getDefaultProperties());
  }

  @Override
  public ClassLoader getDefaultClassLoader() {
    ClassLoader loader = HotCachingProvider.class.getClassLoader();
    return loader != null ? loader : ClassLoader.getSystemClassLoader();
  }

  @Override
  public URI getDefaultURI() {
    return URI.create(DEFAULT_URI);
  }

  @Override
  public Properties getDefaultProperties() {
    return new Properties();
  }

  @Override
  public void close() {
    List<HotCacheManager> open = new ArrayList<>();
    synchronized (this) {
      for (Map<URI, HotCacheManager> byUri : managers.values()) {
        open.addAll(byUri.values());
      }
      managers.clear();
    }
    open.forEach(HotCacheManager::close);
  }

  @Override
  public void close(@Nullable ClassLoader classLoader) {
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    List<HotCacheManager> open;
    synchronized (this) {
      Map<URI, HotCacheManager> byUri = managers.remove(loader);
      open = byUri == null ? List.of() : new ArrayList<>(byUri.values());
    }
    open.forEach(HotCacheManager::close);
  }

  @Override
  public void close(@Nullable URI uri, @Nullable ClassLoader classLoader) {
    URI managerUri = uri == null ? getDefaultURI() : uri;
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    HotCacheManager manager = null;
    synchronized (this) {
      Map<URI, HotCacheManager> byUri = managers.get(loader);
      if (byUri != null) {
        manager = byUri.remove(managerUri);
        if (byUri.isEmpty()) {
          managers.remove(loader);
        }
      }
    }
    if (manager != null) {
      manager.close();
    }
  }

  /** Forgets a manager that closed itself, so the next request creates a new one. */
  private synchronized void forget(HotCacheManager manager) {
    ClassLoader loader = manager.getClassLoader();
    Map<URI, HotCacheManager> byUri = managers.get(loader);
    if (byUri != null && byUri.get(manager.getURI()) == manager) {
      byUri.remove(manager.getURI());
      if (byUri.isEmpty()) {
        managers.remove(loader);
      }
    }
  }

  @Override
  public boolean isSupported(OptionalFeature optionalFeature) {
    return false;
  }

  @Override
  public String toString() {
    return "HotCachingProvider[" + clients + "]";
  }
}
