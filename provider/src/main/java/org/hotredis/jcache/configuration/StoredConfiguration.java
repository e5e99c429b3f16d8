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
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javax.cache.CacheException;
import javax.cache.configuration.Factory;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import org.hotredis.codec.Codecs;
import org.jspecify.annotations.Nullable;

/**
 * The configuration of a cache as Redis stores it, so that a JVM calling {@code getCache} attaches
 * with the configuration the cache was created with.
 *
 * <p>It holds the key and value types by name, the JCache flags, the codec names, the key prefix,
 * the serialization allow-list, and the expiry policy, loader, writer and default factories in Java
 * serialization (JCache factories are {@code Serializable}); a factory that cannot be serialized is
 * left out. Listener configurations are not stored. Reading it ({@link #read}) loads and runs only
 * what the reading JVM's own settings accept ({@link AllowList}): JDK value classes, JCache's
 * expiry policies and factories, types of the reader's serialization allow-list, and code its
 * factory allow-list names. The stored allow-list is read and dropped: a stored configuration
 * cannot widen the filter that reads it.
 *
 * <p>The {@linkplain #format format} of a configuration names what decides how entries are stored
 * (types, codecs, counter, shards); two JVMs share a cache only if their formats are equal.
 */
public final class StoredConfiguration {
  private static final int VERSION = 2;

  /** The classes of the configuration's own frame, around the factories' bytes. */
  private static final Set<String> FRAME_CLASSES = Set.of("java.util.ArrayList", "[B");

  /** The field of {@code FactoryBuilder.ClassFactory} that names its class, or null. */
  private static final @Nullable Field CLASS_FACTORY_NAME = classFactoryName();

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
   * Reads a stored configuration, accepting only the classes an allow-list permits: every class
   * name is checked before its class is loaded (see {@link AllowList}), and a {@code
   * FactoryBuilder.ClassFactory} only if the class it names is permitted, so that nothing read from
   * Redis makes this JVM load or run a class its own settings do not name.
   *
   * @param stored the stored bytes
   * @param loader the class loader of the cache manager
   * @param allowed what the reading JVM accepts from Redis
   * @return the configuration, untyped for the compiler, with no serialization allow-list
   * @throws CacheException if the bytes name a class outside the allow-list (naming it and the
   *     setting that would accept it), or a class this JVM cannot load
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static HotCacheConfiguration<Object, Object> read(
      byte[] stored, ClassLoader loader, AllowList allowed) {
    requireNonNull(stored, "stored");
    requireNonNull(loader, "loader");
    requireNonNull(allowed, "allowed");
    try (ObjectInputStream in =
        new CheckedInputStream(stored, loader, name -> checkFrame(name, allowed))) {
      int version = in.readInt();
      if (version != 1 && version != VERSION) {
        throw new CacheException("the stored configuration has an unknown version " + version);
      }
      String keyType = in.readUTF();
      String valueType = in.readUTF();
      allowed.checkType("key type", keyType);
      allowed.checkType("value type", valueType);
      HotCacheConfiguration raw = new HotCacheConfiguration<>();
      raw.setTypes(Class.forName(keyType, false, loader), Class.forName(valueType, false, loader));
      raw.setReadThrough(in.readBoolean());
      raw.setWriteThrough(in.readBoolean());
      raw.setStatisticsEnabled(in.readBoolean());
      raw.setManagementEnabled(in.readBoolean());
      raw.setCounter(in.readBoolean());
      String keyCodec = (String) in.readObject();
      allowed.checkCodec(keyCodec);
      if (keyCodec != null) {
        raw.setKeyCodecName(keyCodec);
      }
      String valueCodec = (String) in.readObject();
      allowed.checkCodec(valueCodec);
      if (valueCodec != null) {
        raw.setValueCodecName(valueCodec);
      }
      String prefix = (String) in.readObject();
      if (prefix != null) {
        raw.setKeyPrefix(prefix);
      }
      // Read, then dropped: what Redis holds never widens what this JVM deserializes.
      in.readObject();
      Factory<ExpiryPolicy> expiry = factory(in, loader, allowed, "expiry policy factory");
      if (expiry != null) {
        raw.setExpiryPolicyFactory(expiry);
      }
      Factory<CacheLoader<Object, Object>> cacheLoader =
          factory(in, loader, allowed, "loader factory");
      if (cacheLoader != null) {
        raw.setCacheLoaderFactory(cacheLoader);
      }
      Factory<CacheWriter<Object, Object>> cacheWriter =
          factory(in, loader, allowed, "writer factory");
      if (cacheWriter != null) {
        raw.setCacheWriterFactory(cacheWriter);
      }
      Factory<Object> defaultFactory = factory(in, loader, allowed, "default factory");
      if (defaultFactory != null) {
        raw.setDefaultFactory(defaultFactory);
      }
      raw.setShards(version == 1 ? 1 : in.readInt());
      return raw;
    } catch (IOException | ClassNotFoundException | ClassCastException e) {
      throw new CacheException("cannot read the stored cache configuration: " + e, e);
    }
  }

  private static @Nullable Field classFactoryName() {
    try {
      Field field = FactoryBuilder.ClassFactory.class.getDeclaredField("className");
      field.setAccessible(true);
      return field;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /** The class a {@code FactoryBuilder.ClassFactory} would instantiate. */
  private static String className(FactoryBuilder.ClassFactory<?> factory) {
    Field field = CLASS_FACTORY_NAME;
    Object name = null;
    if (field != null) {
      try {
        name = field.get(factory);
      } catch (IllegalAccessException e) {
        name = null;
      }
    }
    if (!(name instanceof String className)) {
      throw new CacheException(
          "a stored cache configuration holds a FactoryBuilder.ClassFactory, and this JVM cannot"
              + " tell which class it names: declare the cache ("
              + ProviderSettings.CACHE
              + "<name>.*) so that this JVM uses its own configuration");
    }
    return className;
  }

  /** The classes the configuration's own frame holds: strings, the allow-list, factory bytes. */
  private static void checkFrame(String className, AllowList allowed) {
    if (!FRAME_CLASSES.contains(className)) {
      // Not a configuration HOT Redis writes: it is refused unless a factory could hold it.
      allowed.checkFactoryClass("an unexpected", className);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> @Nullable Factory<T> factory(
      ObjectInputStream in, ClassLoader loader, AllowList allowed, String what)
      throws IOException, ClassNotFoundException {
    byte[] bytes = (byte[]) in.readObject();
    if (bytes == null) {
      return null;
    }
    try (CheckedInputStream factoryIn =
        new CheckedInputStream(bytes, loader, name -> allowed.checkFactoryClass(what, name))) {
      factoryIn.namedClasses(className -> allowed.checkNamedClass(what, className));
      Object factory = factoryIn.readObject();
      if (!(factory instanceof Factory<?>)) {
        throw new CacheException(
            "the stored " + what + " is a " + (factory == null ? "null" : factory.getClass()));
      }
      return (Factory<T>) factory;
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

  /**
   * Names what differs between a stored summary ({@link #format}) and a configuration, such as
   * {@code value-type is java.lang.String in Redis, java.lang.Long here}.
   *
   * @param stored the stored summary
   * @param configuration the configuration given
   * @return the differences, comma-separated
   */
  public static String difference(String stored, HotCacheConfiguration<?, ?> configuration) {
    Map<String, String> before = fields(stored);
    Map<String, String> now = fields(format(configuration));
    List<String> differences = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>(now.keySet());
    names.addAll(before.keySet());
    for (String field : names) {
      String inRedis = before.getOrDefault(field, field.equals("shards") ? "1" : "none");
      String here = now.getOrDefault(field, field.equals("shards") ? "1" : "none");
      if (!inRedis.equals(here)) {
        differences.add(field + " is " + inRedis + " in Redis, " + here + " here");
      }
    }
    return differences.isEmpty() ? "stored as " + stored : String.join(", ", differences);
  }

  private static Map<String, String> fields(String summary) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String part : summary.trim().split(" +", -1)) {
      int equals = part.indexOf('=');
      if (equals > 0) {
        fields.put(part.substring(0, equals), part.substring(equals + 1));
      }
    }
    return fields;
  }

  /**
   * Reads a stream whose every class name passes a check before the class is loaded (the check
   * throws a {@link CacheException} otherwise), resolving classes with the manager's class loader,
   * with no proxies, within limits of depth and references, and with no array the stream's size
   * cannot justify ({@link Codecs#arrayBounds}), so that a small hostile configuration cannot make
   * a reader allocate much. It also shows each {@code FactoryBuilder.ClassFactory} read to a check
   * of the class it names, before anything can call it.
   */
  private static final class CheckedInputStream extends ObjectInputStream {
    private static final ObjectInputFilter LIMITS =
        ObjectInputFilter.Config.createFilter("maxdepth=32;maxrefs=100000;maxarray=10000000");

    private final ClassLoader loader;
    private final Consumer<String> check;
    private @Nullable Consumer<String> namedCheck;

    CheckedInputStream(byte[] bytes, ClassLoader loader, Consumer<String> check)
        throws IOException {
      super(new ByteArrayInputStream(bytes));
      this.loader = loader;
      this.check = check;
      ObjectInputFilter arrays = Codecs.arrayBounds(bytes.length);
      setObjectInputFilter(
          info ->
              LIMITS.checkInput(info) == ObjectInputFilter.Status.REJECTED
                  ? ObjectInputFilter.Status.REJECTED
                  : arrays.checkInput(info) == ObjectInputFilter.Status.REJECTED
                      ? ObjectInputFilter.Status.REJECTED
                      : ObjectInputFilter.Status.ALLOWED);
    }

    /** Checks the class each {@code ClassFactory} read names. */
    void namedClasses(Consumer<String> namedCheck) {
      this.namedCheck = namedCheck;
      enableResolveObject(true);
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc)
        throws IOException, ClassNotFoundException {
      check.accept(desc.getName());
      try {
        return Class.forName(desc.getName(), false, loader);
      } catch (ClassNotFoundException e) {
        return super.resolveClass(desc);
      }
    }

    @Override
    protected Class<?> resolveProxyClass(String[] interfaces) throws InvalidClassException {
      throw new InvalidClassException(
          "a stored cache configuration holds a proxy of " + String.join(", ", interfaces));
    }

    @Override
    protected Object resolveObject(Object object) throws IOException {
      Consumer<String> named = namedCheck;
      if (named != null && object instanceof FactoryBuilder.ClassFactory<?> factory) {
        named.accept(className(factory));
      }
      return object;
    }
  }
}
