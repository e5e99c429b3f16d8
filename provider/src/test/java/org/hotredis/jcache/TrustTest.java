package org.hotredis.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import org.hotredis.jcache.configuration.HotCacheConfiguration;
import org.hotredis.jcache.configuration.ProviderSettings;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a JVM trusts: a cache configuration stored in Redis never widens what the JVM deserializes,
 * and a settings file is read wherever the manager URI points, a jar included.
 */
@RedisTest
final class TrustTest {
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
    Class<ArrayList<UUID>> listType = (Class) ArrayList.class;
    Cache<String, ArrayList<UUID>> written =
        writer.createCache(
            "victim",
            new HotCacheConfiguration<String, ArrayList<UUID>>()
                .setTypes(String.class, listType)
                .setSerializationAllowList(List.of("java.util.**")));
    written.put("k", new ArrayList<>(List.of(new UUID(1, 2))));

    CacheManager reader = manager(uri, new Properties());
    assertThatThrownBy(() -> reader.getCache("victim"))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("value type java.util.ArrayList")
        .hasMessageContaining(ProviderSettings.SERIALIZATION_ALLOW);

    Properties trusting = new Properties();
    trusting.setProperty(ProviderSettings.SERIALIZATION_ALLOW, "java.util.ArrayList");
    CacheManager narrow = manager(uri, trusting);
    Cache<Object, Object> attached = narrow.getCache("victim");
    @SuppressWarnings("unchecked")
    HotCacheConfiguration<Object, Object> configuration =
        attached.getConfiguration(HotCacheConfiguration.class);
    assertThat(configuration.getSerializationAllowList()).isEmpty();
    // ArrayList is accepted, the UUID inside it is not: the stored java.util.** did not count.
    assertThatThrownBy(() -> attached.get("k")).hasMessageContaining("java.util.UUID");
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
