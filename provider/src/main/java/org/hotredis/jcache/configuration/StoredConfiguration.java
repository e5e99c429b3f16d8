package org.hotredis.jcache.configuration;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.util.ArrayList;
import java.util.List;
import javax.cache.CacheException;
import javax.cache.configuration.Factory;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import org.jspecify.annotations.Nullable;

/**
 * The configuration of a cache as Redis stores it, so that a JVM calling {@code getCache} attaches
 * with the configuration the cache was created with.
 *
 * <p>It holds the key and value types by name, the JCache flags, the codec names, the key prefix,
 * the serialization allow-list, and the expiry policy, loader, writer and default factories in Java
 * serialization (JCache factories are {@code Serializable}); a factory that cannot be serialized is
 * left out. Listener configurations are not stored. Reading it accepts only the JDK's {@code
 * java.lang} and {@code java.util} classes, JCache's and HOT Redis's classes, and the classes the
 * reading JVM's own allow-list names: a stored configuration cannot widen the filter that reads it.
 *
 * <p>The {@linkplain #format format} of a configuration names what decides how entries are stored
 * (types, codecs, counter, shards); two JVMs share a cache only if their formats are equal.
 */
public final class StoredConfiguration {
  private static final int VERSION = 2;
  private static final List<String> ALWAYS_ALLOWED =
      List.of(
          "java.lang.*",
          "java.lang.invoke.SerializedLambda",
          "java.util.*",
          "java.util.concurrent.TimeUnit",
          "java.math.*",
          "java.time.*",
          "javax.cache.**",
          "org.hotredis.**");

  private StoredConfiguration() {}

  /**
   * Serializes a configuration for Redis.
   *
   * @param configuration the configuration
   * @return the bytes to store
   */
  public static byte[] write(HotCacheConfiguration<?, ?> configuration) {
    requireNonNull(configuration, "configuration");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeInt(VERSION);
      out.writeUTF(configuration.getKeyType().getName());
      out.writeUTF(configuration.getValueType().getName());
      out.writeBoolean(configuration.isReadThrough());
      out.writeBoolean(configuration.isWriteThrough());
      out.writeBoolean(configuration.isStatisticsEnabled());
      out.writeBoolean(configuration.isManagementEnabled());
      out.writeBoolean(configuration.isCounter());
      out.writeObject(configuration.getKeyCodecName());
      out.writeObject(configuration.getValueCodecName());
      out.writeObject(configuration.getKeyPrefix());
      out.writeObject(new ArrayList<>(configuration.getSerializationAllowList()));
      out.writeObject(serialized(configuration.getExpiryPolicyFactory()));
      out.writeObject(serialized(configuration.getCacheLoaderFactory()));
      out.writeObject(serialized(configuration.getCacheWriterFactory()));
      out.writeObject(serialized(configuration.getDefaultFactory()));
      out.writeInt(configuration.getShards());
    } catch (IOException e) {
      throw new CacheException("cannot serialize the configuration " + configuration, e);
    }
    return bytes.toByteArray();
  }

  private static byte @Nullable [] serialized(@Nullable Factory<?> factory) {
    if (factory == null) {
      return null;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(factory);
    } catch (NotSerializableException e) {
      return null;
    } catch (IOException e) {
      throw new CacheException("cannot serialize " + factory, e);
    }
    return bytes.toByteArray();
  }

  /**
   * Reads a stored configuration.
   *
   * @param stored the stored bytes
   * @param loader the class loader of the cache manager
   * @param allowed the reading JVM's allow-list, for the classes the factories hold
   * @return the configuration, untyped for the compiler
   * @throws CacheException if the bytes hold a class outside the allow-list, or a class this JVM
   *     cannot load
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static HotCacheConfiguration<Object, Object> read(
      byte[] stored, ClassLoader loader, List<String> allowed) {
    requireNonNull(stored, "stored");
    List<String> patterns = new ArrayList<>(ALWAYS_ALLOWED);
    patterns.addAll(allowed);
    ObjectInputFilter patternFilter =
        ObjectInputFilter.Config.createFilter(
            "maxdepth=32;maxrefs=100000;maxarray=10000000;" + String.join(";", patterns) + ";!*");
    String[] rejected = {"a class"};
    ObjectInputFilter filter =
        info -> {
          ObjectInputFilter.Status status = patternFilter.checkInput(info);
          if (status == ObjectInputFilter.Status.REJECTED && info.serialClass() != null) {
            rejected[0] = info.serialClass().getName();
          }
          return status;
        };
    try (ObjectInputStream in = new LoaderInputStream(stored, loader, filter)) {
      int version = in.readInt();
      if (version != 1 && version != VERSION) {
        throw new CacheException("the stored configuration has an unknown version " + version);
      }
      HotCacheConfiguration raw = new HotCacheConfiguration<>();
      raw.setTypes(
          Class.forName(in.readUTF(), false, loader), Class.forName(in.readUTF(), false, loader));
      raw.setReadThrough(in.readBoolean());
      raw.setWriteThrough(in.readBoolean());
      raw.setStatisticsEnabled(in.readBoolean());
      raw.setManagementEnabled(in.readBoolean());
      raw.setCounter(in.readBoolean());
      String keyCodec = (String) in.readObject();
      if (keyCodec != null) {
        raw.setKeyCodecName(keyCodec);
      }
      String valueCodec = (String) in.readObject();
      if (valueCodec != null) {
        raw.setValueCodecName(valueCodec);
      }
      String prefix = (String) in.readObject();
      if (prefix != null) {
        raw.setKeyPrefix(prefix);
      }
      raw.setSerializationAllowList((List<String>) in.readObject());
      Factory<ExpiryPolicy> expiry = factory(in, loader, filter);
      if (expiry != null) {
        raw.setExpiryPolicyFactory(expiry);
      }
      Factory<CacheLoader<Object, Object>> cacheLoader = factory(in, loader, filter);
      if (cacheLoader != null) {
        raw.setCacheLoaderFactory(cacheLoader);
      }
      Factory<CacheWriter<Object, Object>> cacheWriter = factory(in, loader, filter);
      if (cacheWriter != null) {
        raw.setCacheWriterFactory(cacheWriter);
      }
      Factory<Object> defaultFactory = factory(in, loader, filter);
      if (defaultFactory != null) {
        raw.setDefaultFactory(defaultFactory);
      }
      raw.setShards(version == 1 ? 1 : in.readInt());
      return raw;
    } catch (InvalidClassException e) {
      throw new CacheException(
          "the stored cache configuration holds "
              + rejected[0]
              + ", which this JVM does not accept; add it to "
              + ProviderSettings.SERIALIZATION_ALLOW,
          e);
    } catch (IOException | ClassNotFoundException | ClassCastException e) {
      throw new CacheException("cannot read the stored cache configuration: " + e, e);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> @Nullable Factory<T> factory(
      ObjectInputStream in, ClassLoader loader, ObjectInputFilter filter)
      throws IOException, ClassNotFoundException {
    byte[] bytes = (byte[]) in.readObject();
    if (bytes == null) {
      return null;
    }
    try (ObjectInputStream factoryIn = new LoaderInputStream(bytes, loader, filter)) {
      return (Factory<T>) factoryIn.readObject();
    }
  }

  /**
   * Returns what decides how a configuration stores entries: its types, codecs, counter mode and
   * shards.
   *
   * @param configuration the configuration
   * @return a readable line, equal for configurations that store entries alike
   */
  public static String format(HotCacheConfiguration<?, ?> configuration) {
    String keyCodec = configuration.getKeyCodecName();
    String valueCodec = configuration.getValueCodecName();
    return "key-type="
        + configuration.getKeyType().getName()
        + " value-type="
        + configuration.getValueType().getName()
        + " key-codec="
        + (keyCodec == null ? "default" : keyCodec)
        + " value-codec="
        + (valueCodec == null ? "default" : valueCodec)
        + " counter="
        + configuration.isCounter()
        + (configuration.getShards() == 1 ? "" : " shards=" + configuration.getShards());
  }

  /** Resolves classes with the manager's class loader, behind a filter. */
  private static final class LoaderInputStream extends ObjectInputStream {
    private final ClassLoader loader;

    LoaderInputStream(byte[] bytes, ClassLoader loader, ObjectInputFilter filter)
        throws IOException {
      super(new ByteArrayInputStream(bytes));
      this.loader = loader;
      setObjectInputFilter(filter);
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc)
        throws IOException, ClassNotFoundException {
      try {
        return Class.forName(desc.getName(), false, loader);
      } catch (ClassNotFoundException e) {
        return super.resolveClass(desc);
      }
    }
  }
}
