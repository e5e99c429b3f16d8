package org.hotredis.jcache;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.cache.Cache;
import javax.cache.configuration.Factory;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import org.hotredis.codec.Codec;

/**
 * Classes a hostile cache configuration in Redis might name, each recording when it runs in this
 * JVM: its static initializer, or its deserialization. A JVM must run none of them because Redis
 * named them.
 */
final class Tripwires {
  private static final Set<String> RAN = ConcurrentHashMap.newKeySet();

  private Tripwires() {}

  /** Returns whether the class ran code in this JVM (was initialized or deserialized). */
  static boolean ran(Class<?> type) {
    return RAN.contains(type.getName());
  }

  private static void record(String name) {
    RAN.add(name);
  }

  /** A writer a {@code FactoryBuilder.ClassFactory} in Redis names. */
  public static final class Writer implements CacheWriter<Object, Object> {
    static {
      record(Writer.class.getName());
    }

    @Override
    public void write(Cache.Entry<?, ?> entry) {}

    @Override
    public void writeAll(java.util.Collection<Cache.Entry<?, ?>> entries) {}

    @Override
    public void delete(Object key) {}

    @Override
    public void deleteAll(java.util.Collection<?> keys) {}
  }

  /** A loader a {@code FactoryBuilder.ClassFactory} in Redis names. */
  public static final class Loader implements CacheLoader<Object, Object> {
    static {
      record(Loader.class.getName());
    }

    @Override
    public Object load(Object key) {
      return key;
    }

    @Override
    public Map<Object, Object> loadAll(Iterable<?> keys) {
      return Map.of();
    }
  }

  /** An expiry policy a {@code FactoryBuilder.ClassFactory} in Redis names. */
  public static final class Expiry implements ExpiryPolicy {
    static {
      record(Expiry.class.getName());
    }

    @Override
    public Duration getExpiryForCreation() {
      return Duration.ETERNAL;
    }

    @Override
    public Duration getExpiryForAccess() {
      return null;
    }

    @Override
    public Duration getExpiryForUpdate() {
      return null;
    }
  }

  /** A default factory stored as a serialized instance: its deserialization records itself. */
  public static final class DefaultFactory implements Factory<Object> {
    private static final long serialVersionUID = 1L;

    @Override
    public Object create() {
      return "default";
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      record(DefaultFactory.class.getName());
    }
  }

  /** A value type Redis names. */
  public static final class Value implements Serializable {
    private static final long serialVersionUID = 1L;

    static {
      record(Value.class.getName());
    }
  }

  /** A codec class Redis names. */
  public static final class ValueCodec implements Codec<Object> {
    static {
      record(ValueCodec.class.getName());
    }

    @Override
    public Class<Object> type() {
      return Object.class;
    }

    @Override
    public byte[] encode(Object value) {
      return value.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Object decode(byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /** The class that captures a serializable lambda given as a default factory. */
  public static final class Lambdas {
    private Lambdas() {}

    /** A default factory written as a lambda: deserializing it calls back into this class. */
    public static Factory<Object> zero() {
      return () -> 0L;
    }
  }

  /** A writer that counts its writes, for a JVM that accepts it. */
  public static final class CountingWriter implements CacheWriter<Object, Object> {
    static final Set<Object> WRITTEN = ConcurrentHashMap.newKeySet();

    @Override
    public void write(Cache.Entry<?, ?> entry) {
      WRITTEN.add(entry.getKey());
    }

    @Override
    public void writeAll(java.util.Collection<Cache.Entry<?, ?>> entries) {
      entries.forEach(entry -> WRITTEN.add(entry.getKey()));
      entries.clear();
    }

    @Override
    public void delete(Object key) {}

    @Override
    public void deleteAll(java.util.Collection<?> keys) {
      keys.clear();
    }
  }
}
