package org.hotredis.jcache;

import static java.util.Objects.requireNonNull;

import javax.cache.Cache;

/**
 * An entry a cache's iterator returns: the key and the value it held when read.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class HotCacheEntry<K, V> implements Cache.Entry<K, V> {
  private final K key;
  private final V value;

  HotCacheEntry(K key, V value) {
    this.key = requireNonNull(key, "key");
    this.value = requireNonNull(value, "value");
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public V getValue() {
    return value;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("a cache entry does not unwrap to " + clazz);
  }

  @Override
  public String toString() {
    return key + "=" + value;
  }
}
