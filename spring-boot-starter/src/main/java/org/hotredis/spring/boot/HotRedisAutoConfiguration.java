package org.hotredis.spring.boot;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.hotredis.HotClient;
import org.hotredis.HotClientBuilder;
import org.hotredis.HotRedis;
import org.hotredis.concurrent.spi.ConcurrencyProvider;
import org.hotredis.concurrent.spi.LocalConcurrencyProvider;
import org.hotredis.concurrent.spi.RedisConcurrencyProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of HOT Redis: one {@link HotClient} from the {@code hotredis.*} properties,
 * made the process-wide default ({@code HotRedis.configure}) and handed to the JCache provider and
 * the {@link ConcurrencyProvider} bean; held leases released when the application stops.
 *
 * <p>It runs before Spring Boot's cache auto-configuration (Spring Boot 3's and 4's), and a bean
 * factory post-processor makes every JCache and Spring {@code CacheManager} bean depend on the
 * client, so the client exists before a cache manager does. Every bean yields to one of the
 * application's own.
 */
@AutoConfiguration(
    afterName = "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration",
    beforeName = {
      "org.springframework.boot.autoconfigure.cache.CacheAutoConfiguration",
      "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration"
    })
@EnableConfigurationProperties(HotRedisProperties.class)
public class HotRedisAutoConfiguration {
  /** Creates the configuration; Spring Boot does this. */
  public HotRedisAutoConfiguration() {}

  /**
   * The application's Redis client, closed when the application context closes. Made the
   * process-wide default at once, so objects built without a client use it.
   *
   * @param properties the {@code hotredis.*} properties
   * @param sslBundles Spring Boot's SSL bundles, for {@code hotredis.ssl.bundle}
   * @return the client
   */
  @Bean
  @ConditionalOnMissingBean
  HotClient hotClient(HotRedisProperties properties, ObjectProvider<SslBundles> sslBundles) {
    HotClient client = builder(properties, sslBundles).build();
    HotRedis.configure(client);
    return client;
  }

  static HotClientBuilder builder(
      HotRedisProperties properties, ObjectProvider<SslBundles> sslBundles) {
    HotClientBuilder builder = HotClient.builder().uri(properties.getUri());
    if (properties.getUsername() != null) {
      builder.user(properties.getUsername());
    }
    if (properties.getPassword() != null) {
      builder.password(properties.getPassword());
    }
    if (properties.getDatabase() != null) {
      builder.database(properties.getDatabase());
    }
    if (properties.getClientName() != null) {
      builder.clientName(properties.getClientName());
    }
    if (properties.getConnectTimeout() != null) {
      builder.connectTimeout(properties.getConnectTimeout());
    }
    if (properties.getSocketTimeout() != null) {
      builder.socketTimeout(properties.getSocketTimeout());
    }
    if (properties.getBorrowTimeout() != null) {
      builder.borrowTimeout(properties.getBorrowTimeout());
    }
    if (properties.getPoolSize() != null) {
      builder.poolSize(properties.getPoolSize());
    }
    if (properties.getMaxValueSize() != null) {
      builder.maxValueSize(properties.getMaxValueSize().toBytes());
    }
    HotRedisProperties.Ssl ssl = properties.getSsl();
    if (ssl.getBundle() != null) {
      SslBundles bundles = sslBundles.getIfAvailable();
      if (bundles == null) {
        throw new IllegalStateException(
            "hotredis.ssl.bundle = "
                + ssl.getBundle()
                + ", but there are no SSL bundles (spring.ssl.bundle.*) in this application");
      }
      SslBundle bundle = bundles.getBundle(ssl.getBundle());
      SSLContext context = bundle.createSslContext();
      SSLParameters parameters = context.getDefaultSSLParameters();
      SslOptions options = bundle.getOptions();
      if (options.getCiphers() != null) {
        parameters.setCipherSuites(options.getCiphers());
      }
      if (options.getEnabledProtocols() != null) {
        parameters.setProtocols(options.getEnabledProtocols());
      }
      if (ssl.isVerifyHostname()) {
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
      }
      builder.tls(context.getSocketFactory(), parameters, null);
    }
    HotRedisProperties.ReplicaAcknowledgement acknowledgement =
        properties.getReplicaAcknowledgement();
    if (acknowledgement.getReplicas() > 0) {
      builder.replicaAcknowledgement(acknowledgement.getReplicas(), acknowledgement.getTimeout());
    }
    return builder.verifyOnBuild(properties.isVerifyOnStart());
  }

  /**
   * Makes the client the process-wide default, and releases the leases held through it when the
   * application stops.
   *
   * @param client the application's client
   * @return the lifecycle
   */
  @Bean
  @ConditionalOnMissingBean
  HotRedisLifecycle hotRedisLifecycle(HotClient client) {
    return new HotRedisLifecycle(client);
  }

  /**
   * The concurrency provider of {@code hotredis.concurrency.provider}: HOT Redis's locks,
   * semaphores and queues on the application's client, or the JDK's in-process classes.
   *
   * @param properties the {@code hotredis.*} properties
   * @param client the application's client
   * @param lifecycle made first, so the client is the default when the provider is used
   * @return the provider
   */
  @Bean
  @ConditionalOnMissingBean
  ConcurrencyProvider hotRedisConcurrencyProvider(
      HotRedisProperties properties, HotClient client, HotRedisLifecycle lifecycle) {
    HotRedisProperties.Concurrency concurrency = properties.getConcurrency();
    return switch (concurrency.getProvider()) {
      case REDIS -> RedisConcurrencyProvider.using(client, concurrency.getLease());
      case LOCAL -> new LocalConcurrencyProvider();
    };
  }

  @Bean
  @ConditionalOnMissingBean
  JCacheSettings hotRedisJCacheSettings(
      HotRedisProperties properties, ObjectProvider<HotClient> client, Environment environment) {
    return new JCacheSettings(properties, client, environment);
  }

  /**
   * Makes every cache manager bean depend on the client's lifecycle (see {@link
   * CacheManagerDependencies}).
   *
   * @return the post-processor
   */
  @Bean
  static BeanFactoryPostProcessor hotRedisCacheManagerDependencies() {
    return new CacheManagerDependencies();
  }
}
