package org.hotredis.jcache.integration;

import java.io.Closeable;
import java.lang.System.Logger.Level;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.cache.configuration.Factory;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import org.jspecify.annotations.Nullable;

/**
 * The loader of one cache handle, run in this JVM: read-through on a miss and {@code loadAll}.
 * Every failure reaches the caller as a {@link CacheLoaderException}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class Loading<K, V> implements Closeable {
  private static final System.Logger LOG = System.getLogger(Loading.class.getName());

  private final @Nullable CacheLoader<K, V> loader;
  private boolean closed;

  private Loading(@Nullable CacheLoader<K, V> loader) {
    this.loader = loader;
  }

  /**
   * Creates the loader with its factory.
   *
   * @param factory the configuration's factory, or null for none
   * @param <K> the key type
   * @param <V> the value type
   * @return the loading
   */
  public static <K, V> Loading<K, V> of(@Nullable Factory<CacheLoader<K, V>> factory) {
    return new Loading<>(factory == null ? null : factory.create());
  }

  /**
   * Returns whether the cache has a loader.
   *
   * @return true if it has one
   */
  public boolean isPresent() {
    return loader != null;
  }

  /**
   * Loads one value.
   *
   * @param key the key
   * @return the value, or null if the loader has none
   * @throws CacheLoaderException if the loader failed
   */
  public @Nullable V load(K key) {
    CacheLoader<K, V> present = loader;
    if (present == null) {
      return null;
    }
    try {
      return present.load(key);
    } catch (CacheLoaderException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheLoaderException("the loader failed to load " + key, e);
    }
  }

  /**
   * Loads values; keys the loader has no value for (or maps to null) are left out.
   *
   * @param keys the keys
   * @return the values loaded, by key
   * @throws CacheLoaderException if the loader failed
   */
  public Map<K, V> loadAll(Collection<? extends K> keys) {
    CacheLoader<K, V> present = loader;
    Map<K, V> loaded = new LinkedHashMap<>();
    if (present == null || keys.isEmpty()) {
      return loaded;
    }
    Map<K, V> values;
    try {
      values = present.loadAll(List.copyOf(keys));
    } catch (CacheLoaderException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheLoaderException("the loader failed to load " + keys, e);
    }
    if (values != null) {
      for (Map.Entry<K, V> entry : values.entrySet()) {
        if (entry.getKey() != null && entry.getValue() != null) {
          loaded.put(entry.getKey(), entry.getValue());
        }
      }
    }
    return loaded;
  }

  /** Closes the loader if it is {@link Closeable}, once. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (loader instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.log(Level.WARNING, "closing cache loader " + loader + " failed", e);
      }
    }
  }
}
