package org.hotredis.jcache.configuration;

import static java.util.Objects.requireNonNull;

import java.io.ObjectInputFilter;
import java.util.List;
import javax.cache.CacheException;
import org.hotredis.codec.Codecs;
import org.jspecify.annotations.Nullable;

/**
 * Decides which classes a cache configuration read from Redis may name in this JVM. A JVM that
 * attaches to a cache it has not declared takes the stored key and value types and codecs; those
 * came from Redis, so they are accepted only if this JVM would accept them anyway: types HOT Redis
 * has a default codec for (text, numbers, UUIDs, enums, ...), {@code Object}, the types this JVM
 * declares for the cache, and classes its own allow-list names (in {@link ObjectInputFilter}
 * syntax). The allow-list stored in Redis never widens the reader's.
 */
public final class AllowList {
  private static final List<String> BUILT_IN_CODECS = List.of("default", "json", "java");

  private AllowList() {}

  /**
   * Checks the classes a stored configuration names, before any of them is initialized.
   *
   * @param cache the cache name, for messages
   * @param stored the configuration read from Redis, with the declared settings applied
   * @param declared this JVM's declared configuration of the cache
   * @param allowed this JVM's allow-list
   * @param loader the class loader of the cache manager
   * @throws CacheException naming the class and the setting that would accept it
   */
  public static void checkStored(
      String cache,
      HotCacheConfiguration<?, ?> stored,
      HotCacheConfiguration<?, ?> declared,
      List<String> allowed,
      ClassLoader loader) {
    requireNonNull(stored, "stored");
    ObjectInputFilter filter =
        ObjectInputFilter.Config.createFilter(
            allowed.isEmpty() ? "!*" : String.join(";", allowed) + ";!*");
    checkType(cache, "key type", stored.getKeyType(), declared.getKeyType(), filter);
    checkType(cache, "value type", stored.getValueType(), declared.getValueType(), filter);
    checkCodec(cache, stored.getKeyCodecName(), declared.getKeyCodecName(), filter, loader);
    checkCodec(cache, stored.getValueCodecName(), declared.getValueCodecName(), filter, loader);
  }

  private static void checkType(
      String cache, String what, Class<?> type, Class<?> declared, ObjectInputFilter filter) {
    if (type == Object.class || type == declared || permits(filter, type)) {
      return;
    }
    try {
      Codecs.forType(type);
    } catch (IllegalArgumentException noDefaultCodec) {
      throw refused(cache, what + " " + type.getName());
    }
  }

  private static void checkCodec(
      String cache,
      @Nullable String name,
      @Nullable String declared,
      ObjectInputFilter filter,
      ClassLoader loader) {
    if (name == null || BUILT_IN_CODECS.contains(name.trim()) || name.equals(declared)) {
      return;
    }
    Class<?> codec;
    try {
      codec = Class.forName(name.trim(), false, loader);
    } catch (ClassNotFoundException e) {
      throw new CacheException("cache " + cache + " names codec class " + name + ", not found", e);
    }
    if (!permits(filter, codec)) {
      throw refused(cache, "codec class " + name);
    }
  }

  private static boolean permits(ObjectInputFilter filter, Class<?> type) {
    ObjectInputFilter.FilterInfo info =
        new ObjectInputFilter.FilterInfo() {
          @Override
          public Class<?> serialClass() {
            return type;
          }

          @Override
          public long arrayLength() {
            return -1;
          }

          @Override
          public long depth() {
            return 1;
          }

          @Override
          public long references() {
            return 0;
          }

          @Override
          public long streamBytes() {
            return 0;
          }
        };
    return filter.checkInput(info) == ObjectInputFilter.Status.ALLOWED;
  }

  private static CacheException refused(String cache, String what) {
    return new CacheException(
        "cache "
            + cache
            + " is stored in Redis with "
            + what
            + ", which this JVM does not accept from Redis: declare the cache"
            + " (hotredis.jcache.cache."
            + cache
            + ".*) or add the class to "
            + ProviderSettings.SERIALIZATION_ALLOW);
  }
}
