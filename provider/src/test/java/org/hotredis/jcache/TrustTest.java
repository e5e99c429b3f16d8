package org.hotredis.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Serializable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import org.hotredis.HotClient;
import org.hotredis.codec.Codecs;
import org.hotredis.collections.HotDict;
import org.hotredis.jcache.configuration.HotCacheConfiguration;
import org.hotredis.jcache.configuration.ProviderSettings;
import org.hotredis.jcache.configuration.StoredConfiguration;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a JVM trusts: a cache configuration stored in Redis never widens what the JVM deserializes,
 * never makes it load or run a class its own settings do not name, and a settings file is read
 * wherever the manager URI points, a jar included.
 */
@RedisTest
final class TrustTest {
  /** The setting that names the classes a configuration read from Redis may have instantiated. */
  private static final String FACTORY_ALLOW = "hotredis.jcache.factory.allow";

  private final List<CacheManager> managers = new ArrayList<>();

  @AfterEach
  void close() {
    managers.forEach(CacheManager::close);
  }

  /** A manager with a handle of its own, as another JVM would have. */
  private CacheManager manager(URI uri, Properties properties) {
    ClassLoader loader = new ClassLoader(TrustTest.class.getClassLoader()) {};
    CacheManager manager = Managers.provider().getCacheManager(uri, loader, properties);
    managers.add(manager);
    return manager;
  }

  @Test
  void getCache_storedAllowList_doesNotWidenTheAttachingJvms(RedisDeployment redis) {
    URI uri = URI.create(redis.uri());
    CacheManager writer = manager(uri, new Properties());
    @SuppressWarnings({"unchecked", "rawtypes"})
    Class<ArrayDeque<BitSet>> listType = (Class) ArrayDeque.class;
    Cache<String, ArrayDeque<BitSet>> written =
        writer.createCache(
            "victim",
            new HotCacheConfiguration<String, ArrayDeque<BitSet>>()
                .setTypes(String.class, listType)
                .setSerializationAllowList(List.of("java.util.**")));
    written.put("k", new ArrayDeque<>(List.of(BitSet.valueOf(new long[] {5}))));

    CacheManager reader = manager(uri, new Properties());
    assertThatThrownBy(() -> reader.getCache("victim"))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("value type java.util.ArrayDeque")
        .hasMessageContaining(ProviderSettings.SERIALIZATION_ALLOW);

    Properties trusting = new Properties();
    trusting.setProperty(ProviderSettings.SERIALIZATION_ALLOW, "java.util.ArrayDeque");
    CacheManager narrow = manager(uri, trusting);
    Cache<Object, Object> attached = narrow.getCache("victim");
    @SuppressWarnings("unchecked")
    HotCacheConfiguration<Object, Object> configuration =
        attached.getConfiguration(HotCacheConfiguration.class);
    assertThat(configuration.getSerializationAllowList()).isEmpty();
    // ArrayDeque is accepted, the BitSet inside it is not: the stored java.util.** did not count.
    assertThatThrownBy(() -> attached.get("k")).hasMessageContaining("java.util.BitSet");
  }

  @Test
  void getCache_storedCodecClass_mustBeAllowedBeforeItIsLoaded(RedisDeployment redis) {
    URI uri = URI.create(redis.uri());
    CacheManager writer = manager(uri, new Properties());
    writer.createCache(
        "coded",
        new HotCacheConfiguration<String, String>()
            .setTypes(String.class, String.class)
            .setValueCodecName(UpperCaseCodec.class.getName()));

    CacheManager reader = manager(uri, new Properties());

    assertThatThrownBy(() -> reader.getCache("coded"))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("codec class " + UpperCaseCodec.class.getName());
  }

  /**
   * The classes a hostile configuration names, how it names them, and the setting that would make a
   * JVM accept them.
   */
  static Stream<Arguments> hostileConfigurations() {
    return Stream.of(
        hostile(
            "writer factory",
            Tripwires.Writer.class,
            c ->
                c.setCacheWriterFactory(
                        new FactoryBuilder.ClassFactory<>(Tripwires.Writer.class.getName()))
                    .setWriteThrough(true),
            FACTORY_ALLOW),
        hostile(
            "loader factory",
            Tripwires.Loader.class,
            c ->
                c.setCacheLoaderFactory(
                        new FactoryBuilder.ClassFactory<>(Tripwires.Loader.class.getName()))
                    .setReadThrough(true),
            FACTORY_ALLOW),
        hostile(
            "expiry policy factory",
            Tripwires.Expiry.class,
            c ->
                c.setExpiryPolicyFactory(
                    new FactoryBuilder.ClassFactory<>(Tripwires.Expiry.class.getName())),
            FACTORY_ALLOW),
        hostile(
            "default factory",
            Tripwires.DefaultFactory.class,
            c -> c.setDefaultFactory(new Tripwires.DefaultFactory()),
            FACTORY_ALLOW),
        hostile(
            "default factory lambda",
            Tripwires.Lambdas.class,
            c -> c.setDefaultFactory(Tripwires.Lambdas.zero()),
            FACTORY_ALLOW),
        hostile(
            "value codec",
            Tripwires.ValueCodec.class,
            c -> c.setValueCodecName(Tripwires.ValueCodec.class.getName()),
            FACTORY_ALLOW),
        hostile(
            "value type",
            Tripwires.Value.class,
            c -> c.setTypes(Object.class, valueType()),
            ProviderSettings.SERIALIZATION_ALLOW));
  }

  private static Arguments hostile(
      String what,
      Class<?> named,
      Consumer<HotCacheConfiguration<Object, Object>> hostile,
      String setting) {
    HotCacheConfiguration<Object, Object> configuration = new HotCacheConfiguration<>();
    hostile.accept(configuration);
    return Arguments.of(what, named, configuration, setting);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Class<Object> valueType() {
    return (Class) Tripwires.Value.class;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileConfigurations")
  void getCache_storedConfigurationNamingAClassThisJvmDidNot_refusesWithoutLoadingIt(
      String what,
      Class<?> named,
      HotCacheConfiguration<Object, Object> hostile,
      String setting,
      RedisDeployment redis) {
    // What anyone who can write the cache's config key can store: HSET, no HOT Redis code needed
    // (the bytes are made here with StoredConfiguration for brevity).
    plant(redis, "planted", hostile);
    RecordingLoader loader = new RecordingLoader();
    CacheManager reader =
        Managers.provider().getCacheManager(URI.create(redis.uri()), loader, new Properties());
    managers.add(reader);

    assertThatThrownBy(() -> reader.getCache("planted"))
        .as(what)
        .isInstanceOf(CacheException.class)
        .hasMessageContaining(named.getName())
        .hasMessageContaining(setting);
    assertThat(loader.requested)
        .as("classes loaded for the %s", what)
        .doesNotContain(named.getName());
    if (named != Tripwires.Lambdas.class) { // made in this JVM to write the hostile bytes
      assertThat(Tripwires.ran(named)).as("%s ran", named.getName()).isFalse();
    }
  }

  @Test
  void getCache_storedWriterFactory_acceptedOnlyWhenTheFactoryAllowListNamesIt(
      RedisDeployment redis) {
    URI uri = URI.create(redis.uri());
    CacheManager creator = manager(uri, new Properties());
    creator.createCache(
        "ledger",
        new HotCacheConfiguration<String, String>()
            .setTypes(String.class, String.class)
            .setWriteThrough(true)
            .setCacheWriterFactory(FactoryBuilder.factoryOf(Tripwires.CountingWriter.class)));

    CacheManager refusing = manager(uri, new Properties());
    assertThatThrownBy(() -> refusing.getCache("ledger"))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("writer")
        .hasMessageContaining(Tripwires.CountingWriter.class.getName())
        .hasMessageContaining(FACTORY_ALLOW);

    Properties trusting = new Properties();
    trusting.setProperty(FACTORY_ALLOW, "org.hotredis.jcache.Tripwires$CountingWriter");
    Cache<String, String> attached = manager(uri, trusting).getCache("ledger");
    attached.put("through", "yes");
    assertThat(Tripwires.CountingWriter.WRITTEN).contains("through");
  }

  /** An expiry policy an application trusts, which carries an array. */
  public static final class SizedExpiry implements javax.cache.expiry.ExpiryPolicy, Serializable {
    private static final long serialVersionUID = 1L;
    static final long MARK = 0x1122334455667788L;
    private final long[] marks = {MARK, MARK, MARK, MARK};

    @Override
    public javax.cache.expiry.Duration getExpiryForCreation() {
      return marks.length > 0
          ? javax.cache.expiry.Duration.ETERNAL
          : javax.cache.expiry.Duration.ZERO;
    }

    @Override
    public javax.cache.expiry.Duration getExpiryForAccess() {
      return null;
    }

    @Override
    public javax.cache.expiry.Duration getExpiryForUpdate() {
      return null;
    }
  }

  @Test
  void getCache_storedConfigurationDeclaringAHugeArray_isRefusedWithoutAllocatingIt(
      RedisDeployment redis) {
    HotCacheConfiguration<String, String> configuration =
        new HotCacheConfiguration<String, String>()
            .setTypes(String.class, String.class)
            .setExpiryPolicyFactory(new FactoryBuilder.SingletonFactory<>(new SizedExpiry()));
    byte[] stored = StoredConfiguration.write(configuration);
    byte[] mark = java.nio.ByteBuffer.allocate(8).putLong(SizedExpiry.MARK).array();
    int at = indexOf(stored, mark);
    assertThat(at).as("the array's elements in the stored bytes").isPositive();
    java.nio.ByteBuffer.wrap(stored, at - 4, 4).putInt(9_999_999); // long[9999999]: 80 MB
    plant(redis, "inflated", configuration);
    try (HotClient client = HotClient.create(redis.uri())) {
      HotDict.builder(Codecs.strings(), Codecs.bytes())
          .client(client)
          .key("{jcache:inflated}:config")
          .build()
          .put("configuration", stored);
    }
    Properties trusting = new Properties();
    trusting.setProperty(FACTORY_ALLOW, SizedExpiry.class.getName());
    CacheManager reader = manager(URI.create(redis.uri()), trusting);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();

    assertThatThrownBy(() -> reader.getCache("inflated")).isInstanceOf(CacheException.class);

    assertThat(threads.getCurrentThreadAllocatedBytes() - before)
        .as("bytes allocated by the refused read")
        .isLessThan(16L << 20);
  }

  private static int indexOf(byte[] bytes, byte[] part) {
    outer:
    for (int i = 0; i + part.length <= bytes.length; i++) {
      for (int j = 0; j < part.length; j++) {
        if (bytes[i + j] != part[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** Stores a cache configuration in Redis as an attacker with write access to the key could. */
  private static void plant(
      RedisDeployment redis, String name, HotCacheConfiguration<?, ?> configuration) {
    try (HotClient client = HotClient.create(redis.uri())) {
      HotDict<String, byte[]> config =
          HotDict.builder(Codecs.strings(), Codecs.bytes())
              .client(client)
              .key("{jcache:" + name + "}:config")
              .build();
      config.put("configuration", StoredConfiguration.write(configuration));
      config.put("summary", utf8(StoredConfiguration.format(configuration)));
      config.put("incarnation", utf8("1000000-planted"));
      config.put("shards", utf8("1"));
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A manager's class loader that records every class name it is asked for. */
  private static final class RecordingLoader extends ClassLoader {
    final Set<String> requested = ConcurrentHashMap.newKeySet();

    RecordingLoader() {
      super(TrustTest.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      requested.add(name);
      return super.loadClass(name, resolve);
    }
  }

  @Test
  void managerUri_inAJar_readsTheSettingsFileThere(RedisDeployment redis, @TempDir Path dir)
      throws Exception {
    Path jar = dir.resolve("app.jar");
    String settings =
        "hotredis.jcache.uri="
            + redis.uri()
            + "\nhotredis.jcache.cache.inJar.key-type=java.lang.String"
            + "\nhotredis.jcache.cache.inJar.value-type=java.lang.String\n";
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new ZipEntry("app/cache.properties"));
      out.write(settings.getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }

    CacheManager manager =
        manager(URI.create("jar:" + jar.toUri() + "!/app/cache.properties"), new Properties());

    assertThat(manager.getCacheNames()).containsExactly("inJar");
    manager.getCache("inJar", String.class, String.class).put("a", "b");
    assertThat(redis.execute("HGET", "jcache:inJar", "a")).isEqualTo("b");
  }

  @Test
  void managerUri_thatNothingCanOpen_failsClearly() {
    assertThatThrownBy(() -> manager(URI.create("nowhere:settings"), new Properties()))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("nowhere:settings");
  }

  /** A codec class a JVM might not want to load because Redis names it. */
  public static final class UpperCaseCodec implements org.hotredis.codec.Codec<String> {
    @Override
    public Class<String> type() {
      return String.class;
    }

    @Override
    public byte[] encode(String value) {
      return value.toUpperCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String decode(byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }
}
