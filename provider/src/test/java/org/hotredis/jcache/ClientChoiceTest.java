package org.hotredis.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;
import org.hotredis.HotClient;
import org.hotredis.HotRedis;
import org.hotredis.jcache.configuration.ProviderSettings;
import org.hotredis.jcache.spi.HotCachingProvider;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which Redis client a cache manager uses: the one in its properties, the one its settings name,
 * the one {@code HotRedis.configure} set, or the localhost fallback, which the log names once.
 */
@RedisTest
final class ClientChoiceTest {
  private static final URI DEFAULT = URI.create(HotCachingProvider.DEFAULT_URI);

  @BeforeEach
  @AfterEach
  void forgetTheDefaultClient() {
    HotRedis.reset();
  }

  /** A class loader of its own, so that the provider gives this test a manager of its own. */
  private static ClassLoader ownLoader() {
    return new ClassLoader(ClientChoiceTest.class.getClassLoader()) {};
  }

  private static void assumeNothingNamesARedisUri() {
    assumeTrue(System.getenv(ProviderSettings.URI_VARIABLE) == null, "HOT_REDIS_JCACHE_URI set");
    assumeTrue(System.getenv(HotRedis.URI_VARIABLE) == null, "HOT_REDIS_URI set");
    assumeTrue(System.getProperty(ProviderSettings.URI) == null, "hotredis.jcache.uri set");
    assumeTrue(System.getProperty(HotRedis.URI_PROPERTY) == null, "hotredis.uri set");
  }

  @Test
  void getCacheManager_clientInProperties_usesItAndNeverClosesIt(RedisDeployment redis) {
    try (HotClient mine = HotClient.create(redis.uri())) {
      Properties properties = new Properties();
      properties.put(ProviderSettings.CLIENT, mine);
      properties.setProperty(ProviderSettings.URI, "redis://127.0.0.1:1"); // the client wins
      CacheManager manager = Managers.provider().getCacheManager(DEFAULT, ownLoader(), properties);

      assertThat(manager.unwrap(HotClient.class)).isSameAs(mine);
      manager.createCache("given", strings()).put("k", "v");
      assertThat(redis.execute("HGET", "jcache:given", "k")).isEqualTo("v");

      manager.close();
      assertThat(mine.isClosed()).isFalse();
      assertThat(mine.ping()).isPositive();
    }
  }

  @Test
  void getCacheManager_noUriNamed_usesTheConfiguredClientAndNeverClosesIt(RedisDeployment redis) {
    assumeTrue(System.getProperty(ProviderSettings.URI) == null, "hotredis.jcache.uri set");
    assumeTrue(System.getenv(ProviderSettings.URI_VARIABLE) == null, "HOT_REDIS_JCACHE_URI set");
    try (HotClient mine = HotClient.create(redis.uri())) {
      HotRedis.configure(mine);
      CacheManager manager =
          Managers.provider().getCacheManager(DEFAULT, ownLoader(), new Properties());

      assertThat(manager.unwrap(HotClient.class)).isSameAs(mine);
      manager.close();
      assertThat(mine.isClosed()).isFalse();
    }
  }

  @Test
  void getCacheManager_uriNamedInProperties_winsOverTheConfiguredClient(RedisDeployment redis) {
    try (HotClient configured = HotClient.create(redis.uri())) {
      HotRedis.configure(configured);
      Properties properties = new Properties();
      properties.setProperty(ProviderSettings.URI, redis.uri());
      CacheManager manager = Managers.provider().getCacheManager(DEFAULT, ownLoader(), properties);
      HotClient used = manager.unwrap(HotClient.class);

      assertThat(used).isNotSameAs(configured);
      manager.close();
      assertThat(used.isClosed()).as("a client the manager created is its own").isTrue();
      assertThat(configured.isClosed()).isFalse();
    }
  }

  @Test
  void getCacheManager_stringSettingsBesideTheClient_countAsSettings(RedisDeployment redis) {
    try (HotClient mine = HotClient.create(redis.uri())) {
      Properties properties = new Properties();
      properties.put(ProviderSettings.CLIENT, mine);
      properties.setProperty(ProviderSettings.KEY_PREFIX, "app7:");
      properties.setProperty(ProviderSettings.CACHE + "visits.statistics", "true");
      CacheManager manager = Managers.provider().getCacheManager(DEFAULT, ownLoader(), properties);
      try {
        assertThat(manager.getCacheNames()).containsExactly("visits");
        Cache<Object, Object> visits = manager.getCache("visits");
        visits.put("home", 1L);

        assertThat(redis.execute("HGET", "app7:visits", "s:home")).isEqualTo("l:1");
        @SuppressWarnings("unchecked")
        CompleteConfiguration<Object, Object> configuration =
            visits.getConfiguration(CompleteConfiguration.class);
        assertThat(configuration.isStatisticsEnabled()).isTrue();
      } finally {
        manager.close();
      }
    }
  }

  @Test
  void getCacheManager_clientPropertyNotAClient_failsNamingTheKey() {
    Properties properties = new Properties();
    properties.put(ProviderSettings.CLIENT, "redis://localhost:6379");

    assertThatThrownBy(() -> Managers.provider().getCacheManager(DEFAULT, ownLoader(), properties))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining(ProviderSettings.CLIENT)
        .hasMessageContaining("must be a org.hotredis.HotClient, was a java.lang.String");
  }

  @Test
  void getCacheManager_nothingConfigured_fallsBackToLocalhostAndSaysSoOnce(RedisDeployment redis) {
    assumeNothingNamesARedisUri();
    List<String> connected = new CopyOnWriteArrayList<>();
    // The registry records the URI it is asked for and connects to the test's Redis instead, so
    // that the test never touches a Redis that may run on localhost.
    SharedClients clients =
        new SharedClients(
            uri -> {
              connected.add(uri);
              return HotClient.create(redis.uri());
            });
    HotCachingProvider provider = new HotCachingProvider();
    List<LogRecord> logged = new CopyOnWriteArrayList<>();
    Logger logger = Logger.getLogger(SharedClients.class.getName());
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            logged.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(handler);
    try {
      HotCacheManager first =
          new HotCacheManager(
              provider, DEFAULT, ownLoader(), new Properties(), clients, manager -> {});
      HotCacheManager second =
          new HotCacheManager(
              provider, DEFAULT, ownLoader(), new Properties(), clients, manager -> {});

      assertThat(first.settings().isRedisUriFallback()).isTrue();
      assertThat(connected).containsExactly("redis://localhost:6379");
      assertThat(second.unwrap(HotClient.class)).isSameAs(first.unwrap(HotClient.class));
      assertThat(logged).hasSize(1);
      assertThat(logged.get(0).getMessage())
          .contains("no Redis deployment configured")
          .endsWith("use redis://localhost:6379");
      first.close();
      second.close();
      assertThat(first.unwrap(HotClient.class).isClosed()).isTrue();
    } finally {
      logger.removeHandler(handler);
    }
  }

  @Test
  void resolve_hotRedisUriProperty_isNeitherExplicitNorFallback(RedisDeployment redis) {
    assumeTrue(System.getenv(ProviderSettings.URI_VARIABLE) == null, "HOT_REDIS_JCACHE_URI set");
    assumeTrue(System.getProperty(ProviderSettings.URI) == null, "hotredis.jcache.uri set");
    String before = System.getProperty(HotRedis.URI_PROPERTY);
    System.setProperty(HotRedis.URI_PROPERTY, redis.uri());
    try {
      ProviderSettings settings = ProviderSettings.resolve(DEFAULT, ownLoader(), new Properties());

      assertThat(settings.redisUri()).isEqualTo(redis.uri());
      assertThat(settings.isRedisUriExplicit()).isFalse();
      assertThat(settings.isRedisUriFallback()).isFalse();
    } finally {
      if (before == null) {
        System.clearProperty(HotRedis.URI_PROPERTY);
      } else {
        System.setProperty(HotRedis.URI_PROPERTY, before);
      }
    }
  }

  private static MutableConfiguration<String, String> strings() {
    return new MutableConfiguration<String, String>().setTypes(String.class, String.class);
  }
}
