package org.hotredis.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import org.hotredis.HotClient;
import org.hotredis.HotConnectionException;
import org.hotredis.HotRedis;
import org.hotredis.concurrent.spi.ConcurrencyProvider;
import org.hotredis.concurrent.spi.LocalConcurrencyProvider;
import org.hotredis.concurrent.spi.RedisConcurrencyProvider;
import org.hotredis.jcache.configuration.ProviderSettings;
import org.hotredis.jcache.spi.HotCachingProvider;
import org.hotredis.testing.Await;
import org.hotredis.testing.RedisServer;
import org.hotredis.testing.RedisTest;
import org.hotredis.testing.SingleServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.cache.CacheAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** The starter's beans in a Spring Boot 3 application context, against a private redis-server. */
@RedisTest
@SingleServerTest
final class HotRedisAutoConfigurationTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @AfterEach
  void forgetTheDefault() {
    HotRedis.reset();
  }

  private static ApplicationContextRunner runner(RedisServer redis) {
    return new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                HotRedisAutoConfiguration.class,
                HotRedisJCacheAutoConfiguration.class,
                HotRedisMetricsAutoConfiguration.class,
                CacheAutoConfiguration.class))
        .withPropertyValues("hotredis.uri=" + redis.uri());
  }

  @Test
  void hotClient_properties_configureTheClientAndTheProcessDefault(RedisServer redis) {
    HotClient[] seen = new HotClient[1];
    runner(redis)
        .withPropertyValues(
            "hotredis.client-name=catalog-1",
            "hotredis.database=3",
            "hotredis.socket-timeout=750ms",
            "hotredis.pool-size=4")
        .run(
            context -> {
              HotClient client = context.getBean(HotClient.class);
              seen[0] = client;
              assertThat(HotRedis.configured()).isSameAs(client);
              client.ping();

              assertThat(String.valueOf(redis.execute("CLIENT", "LIST")))
                  .containsPattern("db=3 .*name=catalog-1|name=catalog-1 .*db=3");
            });
    assertThat(seen[0].isClosed()).as("the client closes with the context").isTrue();
    assertThat(HotRedis.configured()).isNull();
  }

  @Test
  void hotClient_passwordProperty_authenticates() {
    try (RedisServer secured = RedisServer.builder().password("s3cret").start()) {
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(HotRedisAutoConfiguration.class))
          .withPropertyValues(
              "hotredis.uri=redis://127.0.0.1:" + secured.port(), "hotredis.password=s3cret")
          .run(context -> assertThat(context.getBean(HotClient.class).ping()).isPositive());
    }
  }

  @Test
  void hotClient_wrongPassword_failsAtStartNamingTheEndpoint() {
    try (RedisServer secured = RedisServer.builder().password("s3cret").start()) {
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(HotRedisAutoConfiguration.class))
          .withPropertyValues(
              "hotredis.uri=redis://127.0.0.1:" + secured.port(), "hotredis.password=wrong")
          .run(
              context -> {
                Throwable failure = context.getStartupFailure();
                while (failure != null && !(failure instanceof HotConnectionException)) {
                  failure = failure.getCause();
                }
                assertThat(failure)
                    .as("a HotConnectionException among the causes")
                    .isInstanceOf(HotConnectionException.class)
                    .hasMessageContaining("127.0.0.1:" + secured.port());
              });
    }
  }

  @Test
  void hotClient_applicationsOwnClient_isUsedInstead(RedisServer redis) {
    try (HotClient mine = HotClient.create(redis.uri())) {
      runner(redis)
          .withBean(HotClient.class, () -> mine)
          .run(
              context -> {
                assertThat(context).hasSingleBean(HotClient.class);
                assertThat(context.getBean(HotClient.class)).isSameAs(mine);
                assertThat(HotRedis.configured()).isSameAs(mine);
                assertThat(context.getBean(ConcurrencyProvider.class).lock("mine").tryLock())
                    .isTrue();
                assertThat(redis.execute("EXISTS", "mine")).isEqualTo(1L);
              });
    }
  }

  @Test
  void concurrencyProvider_redis_locksThroughTheClient(RedisServer redis) {
    runner(redis)
        .run(
            context -> {
              ConcurrencyProvider provider = context.getBean(ConcurrencyProvider.class);
              assertThat(provider).isInstanceOf(RedisConcurrencyProvider.class);
              Lock lock = provider.reentrantLock("orders-lock");
              lock.lock();
              try {
                assertThat(redis.execute("EXISTS", "orders-lock")).isEqualTo(1L);
              } finally {
                lock.unlock();
              }
            });
  }

  @Test
  void concurrencyProvider_local_isTheJdks(RedisServer redis) {
    runner(redis)
        .withPropertyValues("hotredis.concurrency.provider=local")
        .run(
            context ->
                assertThat(context.getBean(ConcurrencyProvider.class))
                    .isInstanceOf(LocalConcurrencyProvider.class));
  }

  @Test
  void close_lockStillHeld_isReleasedAtOnce(RedisServer redis) {
    runner(redis)
        .withPropertyValues("hotredis.concurrency.lease=PT60S")
        .run(
            context -> {
              Lock lock = context.getBean(ConcurrencyProvider.class).lock("held-at-shutdown");
              lock.lock();
              assertThat(redis.execute("EXISTS", "held-at-shutdown")).isEqualTo(1L);
            });
    assertThat(redis.execute("EXISTS", "held-at-shutdown"))
        .as("released at shutdown, not 60 s later when the lease runs out")
        .isEqualTo(0L);
  }

  @Test
  void jcache_springCache_usesTheApplicationsClientAndSettings(RedisServer redis) {
    runner(redis)
        .withUserConfiguration(CachingConfiguration.class)
        .withPropertyValues(
            "spring.cache.type=jcache",
            "hotredis.jcache.key-prefix=shop:",
            "hotredis.jcache.cache.prices.expiry=created:PT10M")
        .run(
            context -> {
              javax.cache.CacheManager jcache = context.getBean(javax.cache.CacheManager.class);
              assertThat(jcache.unwrap(HotClient.class)).isSameAs(context.getBean(HotClient.class));
              assertThat(jcache.getProperties().get(ProviderSettings.CLIENT))
                  .isSameAs(context.getBean(HotClient.class));
              assertThat(jcache.getCacheNames()).contains("prices");

              org.springframework.cache.CacheManager spring =
                  context.getBean(org.springframework.cache.CacheManager.class);
              spring.getCache("prices").put("tea", "4.20");

              assertThat(redis.execute("HGET", "shop:prices", "s:tea")).isEqualTo("s:4.20");
              @SuppressWarnings("unchecked")
              javax.cache.configuration.CompleteConfiguration<Object, Object> configuration =
                  jcache
                      .getCache("prices")
                      .getConfiguration(javax.cache.configuration.CompleteConfiguration.class);
              assertThat(configuration.isStatisticsEnabled()).isTrue();
            });
  }

  @Test
  void jcache_nearCacheProperties_reachTheProviderAndGiveCachesANearCache(RedisServer redis) {
    runner(redis)
        .withUserConfiguration(CachingConfiguration.class)
        .withPropertyValues(
            "spring.cache.type=jcache",
            "hotredis.jcache.near-cache.max-entries=100",
            "hotredis.jcache.near-cache.time-to-live=PT5M",
            "hotredis.jcache.cache.prices.near-cache.max-entries=0")
        .run(
            context -> {
              javax.cache.CacheManager jcache = context.getBean(javax.cache.CacheManager.class);
              assertThat(jcache.getProperties())
                  .containsEntry(ProviderSettings.NEAR_CACHE_MAX_ENTRIES, "100")
                  .containsEntry(ProviderSettings.NEAR_CACHE_TIME_TO_LIVE, "PT5M")
                  .containsEntry(ProviderSettings.CACHE + "prices.near-cache.max-entries", "0");
              org.springframework.cache.CacheManager spring =
                  context.getBean(org.springframework.cache.CacheManager.class);
              spring.getCache("prices").put("tea", "4.20");
              assertThat(spring.getCache("prices").get("tea").get()).isEqualTo("4.20");
            });
  }

  @Test
  void jcache_cacheManagerBeans_dependOnTheClient(RedisServer redis) {
    runner(redis)
        .withUserConfiguration(CachingConfiguration.class)
        .withPropertyValues("spring.cache.type=jcache")
        .run(
            context -> {
              for (String name :
                  List.of(
                      context.getBeanNamesForType(javax.cache.CacheManager.class)[0],
                      context
                          .getBeanNamesForType(org.springframework.cache.CacheManager.class)[0])) {
                assertThat(context.getBeanFactory().getBeanDefinition(name).getDependsOn())
                    .as(name)
                    .contains("hotRedisLifecycle");
              }
              assertThat(
                      context
                          .getBeanFactory()
                          .getBeanDefinition(context.getBeanNamesForType(HotClient.class)[0])
                          .getDependsOn())
                  .contains(CacheManagerDependencies.METERS);
            });
  }

  @Test
  void jcache_otherProviderChosen_getsNoHotRedisSettings(RedisServer redis) {
    JCacheSettings settings =
        new JCacheSettings(
            new HotRedisProperties(),
            new org.springframework.beans.factory.support.StaticListableBeanFactory()
                .getBeanProvider(HotClient.class),
            environment(
                JCacheSettings.PROVIDER_PROPERTY,
                "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider"));
    java.util.Properties properties = new java.util.Properties();

    settings.customize(properties);

    assertThat(properties).isEmpty();
  }

  @Test
  void jcache_cacheNamesProperty_turnsTheirStatisticsOn(RedisServer redis) {
    runner(redis)
        .withUserConfiguration(CachingConfiguration.class)
        .withPropertyValues("spring.cache.type=jcache", "spring.cache.cache-names=quotes,books")
        .run(
            context -> {
              javax.cache.CacheManager jcache = context.getBean(javax.cache.CacheManager.class);
              assertThat(
                      jcache.getProperties().getProperty("hotredis.jcache.cache.quotes.statistics"))
                  .isEqualTo("true");
              @SuppressWarnings("unchecked")
              javax.cache.configuration.CompleteConfiguration<Object, Object> configuration =
                  jcache
                      .getCache("books")
                      .getConfiguration(javax.cache.configuration.CompleteConfiguration.class);
              assertThat(configuration.isStatisticsEnabled()).isTrue();
            });
  }

  @Test
  void meters_withoutMicrometer_clientAndCachesStillWork(RedisServer redis) {
    runner(redis)
        .withClassLoader(new FilteredClassLoader("io.micrometer"))
        .withUserConfiguration(CachingConfiguration.class)
        .withPropertyValues("spring.cache.type=jcache")
        .run(
            context -> {
              assertThat(context).hasNotFailed().hasSingleBean(HotClient.class);
              assertThat(context).doesNotHaveBean(CacheManagerDependencies.METERS);
              assertThat(context.getBean(javax.cache.CacheManager.class).unwrap(HotClient.class))
                  .isSameAs(context.getBean(HotClient.class));
            });
  }

  @Test
  void environment_noProviderChosen_defaultsToHotRedisProvider() {
    StandardEnvironment environment = new StandardEnvironment();
    new HotRedisEnvironmentPostProcessor()
        .postProcessEnvironment(environment, new SpringApplication());

    assertThat(environment.getProperty(JCacheSettings.PROVIDER_PROPERTY))
        .isEqualTo(HotCachingProvider.class.getName());
  }

  @Test
  void environment_providerChosen_keepsTheChoice() {
    String caffeine = "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider";
    StandardEnvironment environment = environment(JCacheSettings.PROVIDER_PROPERTY, caffeine);
    new HotRedisEnvironmentPostProcessor()
        .postProcessEnvironment(environment, new SpringApplication());

    assertThat(environment.getProperty(JCacheSettings.PROVIDER_PROPERTY)).isEqualTo(caffeine);
  }

  @Test
  void meters_queueOpenedBeforeBinding_getItsGaugesWhenBound(RedisServer redis) {
    runner(redis)
        .run(
            context -> {
              ConcurrencyProvider provider = context.getBean(ConcurrencyProvider.class);
              java.util.concurrent.BlockingQueue<String> jobs =
                  provider.queue("jobs", String.class);
              jobs.add("a");
              jobs.add("b");
              io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
                  new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
              context.getBean(HotRedisMeters.class).bindTo(registry);

              assertThat(registry.get("hotredis.queue.size").tag("key", "jobs").gauge().value())
                  .isEqualTo(2.0);
              Lock lock = provider.reentrantLock("metered");
              lock.lock();
              try {
                assertThat(redis.execute("EXISTS", "metered")).isEqualTo(1L);
              } finally {
                lock.unlock();
              }
              assertThat(registry.get("hotredis.lock.wait").tag("key", "metered").timer().count())
                  .isEqualTo(1);
              assertThat(registry.get("hotredis.lock.held").tag("key", "metered").timer().count())
                  .isEqualTo(1);

              Thread consumer =
                  new Thread(
                      () -> {
                        try {
                          jobs.take();
                          jobs.take();
                          jobs.take();
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                      });
              consumer.start();
              Await.until(
                  WAIT,
                  () ->
                      registry.get("hotredis.queue.waiters").tag("key", "jobs").gauge().value()
                          == 1.0,
                  "the consumer to wait on the empty queue");
              jobs.add("c");
              consumer.join(WAIT.toMillis());
              assertThat(registry.get("hotredis.queue.waiters").tag("key", "jobs").gauge().value())
                  .isZero();
            });
  }

  private static StandardEnvironment environment(String name, String value) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new MapPropertySource("test", Map.of(name, value)));
    return environment;
  }

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class CachingConfiguration {}
}
