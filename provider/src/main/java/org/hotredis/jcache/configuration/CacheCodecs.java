package org.hotredis.jcache.configuration;

import static java.util.Objects.requireNonNull;

import java.lang.reflect.InvocationTargetException;
import java.util.List;
import javax.cache.CacheException;
import org.hotredis.codec.Codec;
import org.hotredis.codec.Codecs;

/**
 * The codecs of a cache's keys and values when its configuration names none.
 *
 * <ul>
 *   <li>{@code Object} (an untyped cache): a type tag and colon, then the default codec of the
 *       value's type ({@code s:hello}, {@code l:42}), or Java serialization behind the allow-list;
 *   <li>a type HOT Redis has a default codec for ({@code String}, {@code Long}, {@code Integer},
 *       {@code Double}, {@code BigDecimal}, {@code Boolean}, {@code UUID}, enums, {@code
 *       byte[]}...): that codec, so {@code redis-cli}, {@code HINCRBY} and {@code HotDict} read the
 *       same data;
 *   <li>any other type: Java serialization, accepting only that type, the JDK value classes and the
 *       classes the allow-list names ({@code hotredis.jcache.serialization.allow}).
 * </ul>
 */
public final class CacheCodecs {
  private CacheCodecs() {}

  /**
   * Returns the codec of keys or values of a type, as listed in the class description.
   *
   * @param type the configured key or value type
   * @param allowed the allow-list of classes that Java serialization may read
   * @param <T> the type
   * @return the codec
   */
  @SuppressWarnings("unchecked")
  public static <T> Codec<T> forType(Class<T> type, List<String> allowed) {
    requireNonNull(type, "type");
    requireNonNull(allowed, "allowed");
    if (type == Object.class) {
      return (Codec<T>) new TaggedCodec(allowed);
    }
    try {
      return Codecs.forType(type);
    } catch (IllegalArgumentException noDefault) {
      return Codecs.javaSerialization(type, allowed.toArray(new String[0]));
    }
  }

  /**
   * Returns the codec a setting names: {@code default} (as {@link #forType}), {@code json}
   * (Jackson, which must be on the class path), {@code java} (Java serialization behind the
   * allow-list), or the name of a {@link Codec} class with a public no-argument constructor.
   *
   * @param name the setting
   * @param type the configured key or value type
   * @param allowed the allow-list of classes that Java serialization may read
   * @param loader the class loader of the cache manager
   * @param <T> the type
   * @return the codec
   * @throws CacheException if the setting names no usable codec
   */
  @SuppressWarnings("unchecked")
  public static <T> Codec<T> named(
      String name, Class<T> type, List<String> allowed, ClassLoader loader) {
    requireNonNull(name, "name");
    switch (name.trim()) {
      case "default" -> {
        return forType(type, allowed);
      }
      case "json" -> {
        try {
          return Codecs.json(type);
        } catch (LinkageError e) {
          throw new CacheException(
              "codec 'json' needs com.fasterxml.jackson.core:jackson-databind on the class path",
              e);
        }
      }
      case "java" -> {
        return Codecs.javaSerialization(type, allowed.toArray(new String[0]));
      }
      default -> {
        try {
          Class<?> codecClass = Class.forName(name.trim(), true, loader);
          if (!Codec.class.isAssignableFrom(codecClass)) {
            throw new CacheException("codec class " + name + " does not implement " + Codec.class);
          }
          Codec<?> codec = (Codec<?>) codecClass.getConstructor().newInstance();
          if (!codec.type().isAssignableFrom(type)) {
            throw new CacheException(
                "codec " + name + " handles " + codec.type().getName() + ", not " + type.getName());
          }
          return (Codec<T>) codec;
        } catch (ClassNotFoundException
            | NoSuchMethodException
            | InstantiationException
            | IllegalAccessException
            | InvocationTargetException e) {
          throw new CacheException(
              "codec '"
                  + name
                  + "' is neither default, json, java nor a Codec class with a public no-argument"
                  + " constructor",
              e);
        }
      }
    }
  }
}
