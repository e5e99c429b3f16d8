package org.hotredis.jcache;

import static java.util.Objects.requireNonNull;

import javax.cache.CacheException;
import org.hotredis.RedisBinding;
import org.hotredis.codec.Codec;
import org.hotredis.codec.CodecException;
import org.hotredis.codec.Codecs;
import org.hotredis.jcache.configuration.ProviderSettings;

/**
 * How one cache's keys and values travel: their configured types, checked as JCache requires
 * ({@link ClassCastException} for another type, {@link NullPointerException} for null), and their
 * codecs, whose failures name the cache and its Redis key.
 */
final class EntryCodec<K, V> {
  private final String cacheName;
  private final RedisBinding redis;
  private final Class<K> keyType;
  private final Class<V> valueType;
  private final Codec<K> keyCodec;
  private final Codec<V> valueCodec;

  EntryCodec(
      String cacheName,
      RedisBinding redis,
      Class<K> keyType,
      Class<V> valueType,
      Codec<K> keyCodec,
      Codec<V> valueCodec) {
    this.cacheName = requireNonNull(cacheName, "cacheName");
    this.redis = requireNonNull(redis, "redis");
    this.keyType = requireNonNull(keyType, "keyType");
    this.valueType = requireNonNull(valueType, "valueType");
    this.keyCodec = requireNonNull(keyCodec, "keyCodec");
    this.valueCodec = requireNonNull(valueCodec, "valueCodec");
  }

  Codec<K> keyCodec() {
    return keyCodec;
  }

  Codec<V> valueCodec() {
    return valueCodec;
  }

  /** Whether values are {@code Long}s stored as decimal text, which {@code HINCRBY} changes. */
  boolean storesDecimalLongs() {
    return (Object) valueCodec == Codecs.longs();
  }

  K checkKey(K key) {
    requireNonNull(key, "a cache key cannot be null");
    if (keyType != Object.class && !keyType.isInstance(key)) {
      throw new ClassCastException(
          "key " + key + " is a " + key.getClass().getName() + ", not a " + keyType.getName());
    }
    return key;
  }

  V checkValue(V value) {
    requireNonNull(value, "a cache value cannot be null");
    if (valueType != Object.class && !valueType.isInstance(value)) {
      throw new ClassCastException(
          "value "
              + value
              + " is a "
              + value.getClass().getName()
              + ", not a "
              + valueType.getName());
    }
    return value;
  }

  /**
   * Checks and encodes a key.
   *
   * @throws CacheException if the codec refuses it, for example a class outside the allow-list that
   *     reading it back applies: it is never stored
   */
  byte[] key(K key) {
    K checked = checkKey(key);
    try {
      return redis.encode(keyCodec, checked);
    } catch (CodecException e) {
      throw refused("key", e);
    }
  }

  /**
   * Checks and encodes a value.
   *
   * @throws CacheException if the codec refuses it, for example a class outside the allow-list that
   *     reading it back applies: it is never stored
   */
  byte[] value(V value) {
    V checked = checkValue(value);
    try {
      return redis.encode(valueCodec, checked);
    } catch (CodecException e) {
      throw refused("value", e);
    }
  }

  private CacheException refused(String what, CodecException e) {
    return new CacheException(
        "cache "
            + cacheName
            + " cannot store the "
            + what
            + ": "
            + e.getMessage()
            + ". The allow-list is "
            + ProviderSettings.SERIALIZATION_ALLOW
            + " (every cache) or "
            + ProviderSettings.CACHE
            + cacheName
            + ".serialization.allow (this cache)",
        e);
  }

  /** Decodes a stored key; every failure is a {@link CacheException} as {@link #value} says. */
  K key(byte[] raw) {
    try {
      return Codecs.decode(keyCodec, raw);
    } catch (CodecException e) {
      throw failure(e);
    }
  }

  /**
   * Decodes a stored value. Whatever the bytes hold, a failure is a {@link CacheException} (as
   * JCache requires of a cache's operations) whose cause is the {@link CodecException} naming the
   * cache's Redis key.
   */
  V value(byte[] raw) {
    try {
      return Codecs.decode(valueCodec, raw);
    } catch (CodecException e) {
      throw failure(e);
    }
  }

  private CacheException failure(CodecException e) {
    CodecException located = e.atKey(redis.key());
    return new CacheException("cache " + cacheName + ": " + located.getMessage(), located);
  }
}
