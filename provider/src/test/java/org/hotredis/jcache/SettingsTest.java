package org.hotredis.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Serializable;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import org.hotredis.jcache.configuration.HotCacheConfiguration;
import org.hotredis.jcache.configuration.ProviderSettings;
import org.hotredis.jcache.processor.HotProcessors;
import org.hotredis.testing.Await;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.hotredis.toolkit.IterationMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Caches configured without code: manager properties, system properties and properties files. */
@RedisTest
final class SettingsTest {

  @Test
  void getCache_declaredInProperties_opensTheConfiguredCache(RedisDeployment redis) {
    Properties properties = new Properties();
    properties.setProperty("hotredis.jcache.cache.visits.key-type", "java.lang.String");
    properties.setProperty("hotredis.jcache.cache.visits.value-type", "java.lang.Long");
    properties.setProperty("hotredis.jcache.cache.visits.counter", "true");
    properties.setProperty("hotredis.jcache.cache.visits.expiry", "created:PT10M");
    CacheManager manager = Managers.on(redis, properties);
    try {
      assertThat(manager.getCacheNames()).containsExactly("visits");

      Cache<String, Long> visits = manager.getCache("visits", String.class, Long.class);

      assertThat(visits.invoke("home", HotProcessors.increment(2))).isEqualTo(2L);
      @SuppressWarnings("unchecked")
      HotCacheConfiguration<String, Long> configuration =
          visits.getConfiguration(HotCacheConfiguration.class);
      assertThat(configuration.isCounter()).isTrue();
      ExpiryPolicy policy = configuration.getExpiryPolicyFactory().create();
      assertThat(policy).isInstanceOf(CreatedExpiryPolicy.class);
      assertThat(policy.getExpiryForCreation())
          .isEqualTo(new Duration(TimeUnit.MILLISECONDS, 600_000));
    } finally {
      manager.close();
    }
  }

  @Test
  void createCache_declaredSettings_applyOverTheGivenConfiguration(RedisDeployment redis) {
    Properties properties = new Properties();
    properties.setProperty("hotredis.jcache.cache.sessions.expiry", "accessed:1500");
    properties.setProperty("hotredis.jcache.cache.sessions.statistics", "true");
    CacheManager manager = Managers.on(redis, properties);
    try {
      Cache<Object, Object> sessions =
          manager.createCache("sessions", new MutableConfiguration<>());

      @SuppressWarnings("unchecked")
      CompleteConfiguration<Object, Object> configuration =
          sessions.getConfiguration(CompleteConfiguration.class);
      assertThat(configuration.isStatisticsEnabled()).isTrue();
      assertThat(configuration.getExpiryPolicyFactory().create().getExpiryForAccess())
          .isEqualTo(new Duration(TimeUnit.MILLISECONDS, 1500));
    } finally {
      manager.close();
    }
  }

  @Test
  void getCacheManager_classpathUri_readsThatFile(RedisDeployment redis) {
    Properties properties = new Properties();
    properties.setProperty(ProviderSettings.URI, redis.uri());
    CacheManager manager =
        Managers.provider()
            .getCacheManager(
                URI.create("classpath:jcache-settings-test.properties"),
                SettingsTest.class.getClassLoader(),
                properties);
    try {
      Cache<String, String> greetings = manager.getCache("greetings", String.class, String.class);
      greetings.put("en", "hello");

      assertThat(redis.execute("HGET", "app1:greetings", "en")).isEqualTo("hello");
      @SuppressWarnings("unchecked")
      CompleteConfiguration<String, String> configuration =
          greetings.getConfiguration(CompleteConfiguration.class);
      assertThat(configuration.isStatisticsEnabled()).isTrue();
    } finally {
      manager.close();
    }
  }

  @Test
  void getCacheManager_defaultUri_reachesTheSystemPropertysDeployment(RedisDeployment redis) {
    String previous = System.getProperty(ProviderSettings.URI);
    System.setProperty(ProviderSettings.URI, redis.uri());
    ClassLoader loader = new ClassLoader(SettingsTest.class.getClassLoader()) {};
    CacheManager manager = Managers.provider().getCacheManager(null, loader, null);
    try {
      assertThat(manager.getURI()).isEqualTo(Managers.provider().getDefaultURI());
      manager.createCache("c", new MutableConfiguration<String, String>()).put("k", "v");

      assertThat(redis.execute("HGET", "jcache:c", "s:k")).isEqualTo("s:v");
    } finally {
      manager.close();
      if (previous == null) {
        System.clearProperty(ProviderSettings.URI);
      } else {
        System.setProperty(ProviderSettings.URI, previous);
      }
    }
  }

  @Test
  void listener_leaseShorterThanTheSweepInterval_staysLiveAndAnotherJvmKeepsTheCache(
      RedisDeployment redis) {
    Properties properties = new Properties();
    properties.setProperty(ProviderSettings.LEASE, "PT1S");
    properties.setProperty(ProviderSettings.SWEEP_INTERVAL, "PT8S");
    MutableConfiguration<String, String> configuration =
        new MutableConfiguration<String, String>().setTypes(String.class, String.class);
    CacheManager listening = separate(redis, properties);
    CacheManager writing = null;
    try {
      Cache<String, String> cache = listening.createCache("watched", configuration);
      cache.put("kept", "yes");
      List<String> heard = new CopyOnWriteArrayList<>();
      cache.registerCacheEntryListener(
          new MutableCacheEntryListenerConfiguration<>(
              FactoryBuilder.factoryOf(new CreatedKeys(heard)), null, false, false));
      long opened = redisMillis(redis);
      Await.until(
          java.time.Duration.ofSeconds(10),
          () -> redisMillis(redis) > opened + 2_500,
          "two and a half leases to pass on Redis's clock");

      writing = separate(redis, properties);
      Cache<String, String> other = writing.createCache("watched", configuration);
      for (int i = 0; i < 20; i++) {
        other.put("e" + i, "v");
      }

      Await.until(
          java.time.Duration.ofSeconds(10),
          () -> heard.size() >= 20,
          "the listener to hear the other JVM's 20 creations");
      assertThat(heard).hasSize(20);
      assertThat(other.get("kept")).isEqualTo("yes");
    } finally {
      listening.close();
      if (writing != null) {
        writing.close();
      }
    }
  }

  static Stream<Arguments> unworkableSettings() {
    return Stream.of(
        Arguments.of(Map.of(ProviderSettings.LEASE, "PT0.2S"), ProviderSettings.LEASE),
        Arguments.of(Map.of(ProviderSettings.SWEEP_INTERVAL, "0"), ProviderSettings.SWEEP_INTERVAL),
        Arguments.of(
            Map.of(ProviderSettings.SWEEP_INTERVAL, "PT-1S"), ProviderSettings.SWEEP_INTERVAL),
        Arguments.of(
            Map.of(
                "hotredis.jcache.cache.visits.counter", "true",
                "hotredis.jcache.cache.visits.value-type", "java.lang.String"),
            "hotredis.jcache.cache.visits.value-type"),
        Arguments.of(
            Map.of(
                "hotredis.jcache.cache.visits.counter", "true",
                "hotredis.jcache.cache.visits.value-codec", "json"),
            "hotredis.jcache.cache.visits.value-codec"),
        Arguments.of(
            Map.of(
                "hotredis.jcache.cache.sessions.shards", "4",
                "hotredis.jcache.cache.sessions.key-prefix", "{app}:"),
            "hotredis.jcache.cache.sessions.key-prefix"),
        Arguments.of(
            Map.of("hotredis.jcache.cache.users.expiri", "eternal"),
            "hotredis.jcache.cache.users.expiri"));
  }

  @ParameterizedTest
  @MethodSource("unworkableSettings")
  void getCacheManager_settingsThatCannotWorkTogether_areRefusedAtStartUp(
      Map<String, String> settings, String named, RedisDeployment redis) {
    Properties properties = new Properties();
    properties.putAll(settings);

    assertThatThrownBy(() -> separate(redis, properties).close())
        .isInstanceOf(CacheException.class)
        .hasMessageContaining(named);
  }

  /** A manager with a handle of its own, as another JVM would have. */
  private static CacheManager separate(RedisDeployment redis, Properties properties) {
    ClassLoader loader = new ClassLoader(SettingsTest.class.getClassLoader()) {};
    return Managers.provider().getCacheManager(URI.create(redis.uri()), loader, properties);
  }

  private static long redisMillis(RedisDeployment redis) {
    List<?> time = (List<?>) redis.execute("TIME");
    return Long.parseLong(String.valueOf(time.get(0))) * 1000
        + Long.parseLong(String.valueOf(time.get(1))) / 1000;
  }

  /** Records the keys of created entries. */
  static final class CreatedKeys
      implements CacheEntryCreatedListener<String, String>, Serializable {
    private static final long serialVersionUID = 1L;
    private final transient List<String> keys;

    CreatedKeys(List<String> keys) {
      this.keys = keys;
    }

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      for (CacheEntryEvent<? extends String, ? extends String> event : events) {
        keys.add(event.getKey());
      }
    }
  }

  @Test
  void iteratorMemory_setting_isReadDefaultedAndChecked(RedisDeployment redis) {
    URI uri = URI.create(redis.uri());
    ClassLoader loader = SettingsTest.class.getClassLoader();
    Properties properties = new Properties();
    assertThat(ProviderSettings.resolve(uri, loader, properties).iteratorMemory())
        .isEqualTo(IterationMemory.DEFAULT_BUDGET);

    properties.setProperty(ProviderSettings.ITERATOR_MEMORY, "4096");
    assertThat(ProviderSettings.resolve(uri, loader, properties).iteratorMemory()).isEqualTo(4096);

    for (String wrong : List.of("-1", "16MB")) {
      properties.setProperty(ProviderSettings.ITERATOR_MEMORY, wrong);
      assertThatThrownBy(() -> ProviderSettings.resolve(uri, loader, properties))
          .isInstanceOf(CacheException.class)
          .hasMessageContaining(ProviderSettings.ITERATOR_MEMORY)
          .hasMessageContaining(wrong);
    }
  }
}
