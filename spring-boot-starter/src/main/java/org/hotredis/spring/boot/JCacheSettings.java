package org.hotredis.spring.boot;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.hotredis.HotClient;
import org.hotredis.jcache.configuration.ProviderSettings;
import org.hotredis.jcache.spi.HotCachingProvider;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * What the starter adds to the {@code Properties} Spring Boot gives the JCache provider's {@code
 * getCacheManager}: the application's {@link HotClient} under {@value ProviderSettings#CLIENT}
 * (unless {@code hotredis.jcache.uri} names another deployment), and the {@code hotredis.jcache.*}
 * settings, with statistics on for the declared caches and for {@code spring.cache.cache-names}, so
 * that Spring Boot's cache metrics have numbers.
 *
 * <p>Nothing is added when {@code spring.cache.jcache.provider} names another provider: its caches
 * are not HOT Redis's business. Spring Boot 3 and 4 each have their own {@code
 * JCachePropertiesCustomizer} interface; each line's auto-configuration adapts this one class.
 */
final class JCacheSettings {
  /** Spring Boot's property that chooses the JCache provider. */
  static final String PROVIDER_PROPERTY = "spring.cache.jcache.provider";

  private final HotRedisProperties properties;
  private final ObjectProvider<HotClient> client;
  private final Environment environment;

  JCacheSettings(
      HotRedisProperties properties, ObjectProvider<HotClient> client, Environment environment) {
    this.properties = requireNonNull(properties, "properties");
    this.client = requireNonNull(client, "client");
    this.environment = requireNonNull(environment, "environment");
  }

  /** Adds the settings to the cache manager's properties, if the provider is HOT Redis's. */
  void customize(Properties target) {
    String provider = environment.getProperty(PROVIDER_PROPERTY);
    if (provider != null
        && !provider.isBlank()
        && !provider.trim().equals(HotCachingProvider.class.getName())) {
      return;
    }
    HotRedisProperties.JCache jcache = properties.getJcache();
    if (jcache.getUri() != null) {
      target.setProperty(ProviderSettings.URI, jcache.getUri());
    } else {
      HotClient shared = client.getIfUnique();
      if (shared != null) {
        target.put(ProviderSettings.CLIENT, shared);
      }
    }
    set(target, ProviderSettings.KEY_PREFIX, jcache.getKeyPrefix());
    set(target, ProviderSettings.SERIALIZATION_ALLOW, list(jcache.getSerialization().getAllow()));
    set(target, ProviderSettings.SWEEP_INTERVAL, duration(jcache.getSweepInterval()));
    set(target, ProviderSettings.LEASE, duration(jcache.getLease()));
    set(target, ProviderSettings.NEAR_CACHE_MAX_ENTRIES, jcache.getNearCache().getMaxEntries());
    set(
        target,
        ProviderSettings.NEAR_CACHE_TIME_TO_LIVE,
        duration(jcache.getNearCache().getTimeToLive()));
    List<String> cacheNames =
        Binder.get(environment)
            .bind("spring.cache.cache-names", Bindable.listOf(String.class))
            .orElse(List.of());
    for (String name : cacheNames) {
      if (!jcache.getCache().containsKey(name)) {
        target.setProperty(ProviderSettings.CACHE + name + ".statistics", "true");
      }
    }
    for (Map.Entry<String, HotRedisProperties.CacheSettings> entry : jcache.getCache().entrySet()) {
      cache(target, ProviderSettings.CACHE + entry.getKey() + ".", entry.getValue());
    }
  }

  private static void cache(Properties target, String prefix, HotRedisProperties.CacheSettings c) {
    set(target, prefix + "key-type", c.getKeyType());
    set(target, prefix + "value-type", c.getValueType());
    set(target, prefix + "key-codec", c.getKeyCodec());
    set(target, prefix + "value-codec", c.getValueCodec());
    set(target, prefix + "expiry", c.getExpiry());
    set(target, prefix + "counter", c.getCounter());
    set(target, prefix + "shards", c.getShards());
    set(target, prefix + "default-factory", c.getDefaultFactory());
    set(target, prefix + "loader", c.getLoader());
    set(target, prefix + "writer", c.getWriter());
    set(target, prefix + "read-through", c.getReadThrough());
    set(target, prefix + "write-through", c.getWriteThrough());
    set(target, prefix + "statistics", c.isStatistics());
    set(target, prefix + "management", c.getManagement());
    set(target, prefix + "key-prefix", c.getKeyPrefix());
    set(target, prefix + "serialization.allow", list(c.getSerialization().getAllow()));
    set(target, prefix + "near-cache.max-entries", c.getNearCache().getMaxEntries());
    set(target, prefix + "near-cache.time-to-live", duration(c.getNearCache().getTimeToLive()));
  }

  private static void set(Properties target, String key, @Nullable Object value) {
    if (value != null) {
      target.setProperty(key, value.toString());
    }
  }

  private static @Nullable String list(List<String> patterns) {
    return patterns.isEmpty() ? null : String.join(",", patterns);
  }

  private static @Nullable String duration(@Nullable Duration duration) {
    return duration == null ? null : duration.toString();
  }
}
