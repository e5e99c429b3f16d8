package org.hotredis.jcache;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import javax.cache.CacheException;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.expiry.ExpiryPolicy;
import org.hotredis.codec.Codec;
import org.hotredis.codec.Codecs;
import org.hotredis.jcache.configuration.AllowList;
import org.hotredis.jcache.configuration.CacheCodecs;
import org.hotredis.jcache.configuration.HotCacheConfiguration;
import org.hotredis.jcache.configuration.ProviderSettings;
import org.hotredis.jcache.configuration.StoredConfiguration;
import org.hotredis.jcache.event.EventDispatcher;
import org.hotredis.jcache.expiry.Expiry;
import org.hotredis.jcache.integration.Loading;
import org.hotredis.jcache.integration.Writing;
import org.jspecify.annotations.Nullable;

/**
 * Wires a cache handle: checks the configuration, chooses the codecs, opens the handle in Redis
 * (creating or attaching to the cache), creates the customizations from the configuration's
 * factories, and starts the handle. If any step fails, what the earlier ones opened is closed.
 */
final class CacheFactory {
  private CacheFactory() {}

  /** How a handle opens: see {@code cache-open.lua}. */
  enum Mode {
    /**
     * The stored cache, whose stored configuration must store entries alike, or a cache with this
     * configuration; entries are kept either way ({@code createCache}).
     */
    CREATE("declare"),
    /** Only a cache whose configuration is stored ({@code getCache}). */
    ATTACH("attach"),
    /** As {@link #CREATE}, for a cache declared in the settings. */
    DECLARE("declare");

    final String script;

    Mode(String script) {
      this.script = script;
    }
  }

  static String newId() {
    return UUID.randomUUID().toString();
  }

  /**
   * Opens a handle.
   *
   * @return the started handle, or null if {@link Mode#ATTACH} found no cache
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static <K, V> @Nullable HotCache<K, V> open(
      HotCacheManager manager, String name, HotCacheConfiguration<K, V> configuration, Mode mode) {
    ProviderSettings settings = manager.settings();
    ClassLoader loader = manager.getClassLoader();
    check(name, configuration);
    String prefix = configuration.getKeyPrefix();
    String key = (prefix == null ? settings.keyPrefix() : prefix) + name;
    if (configuration.getShards() > 1) {
      CacheEntries.checkShardable(key);
    }
    HandleLifecycle handle = new HandleLifecycle(manager.client(), key, newId());
    HandleLifecycle.Opened opened =
        handle.open(
            mode.script,
            StoredConfiguration.write(configuration),
            StoredConfiguration.format(configuration),
            configuration.getShards(),
            settings.lease(),
            newId());
    if (opened == null) {
      return null;
    }
    HotCacheConfiguration<K, V> effective = configuration;
    try {
      byte[] stored = opened.configuration();
      if (!opened.created() && stored != null) {
        if (mode == Mode.ATTACH) {
          // Anyone who can write the config key could have written it: it is read behind this
          // JVM's own allow-lists, and names no class this JVM's settings do not (the cache is
          // not declared here, or it would open in DECLARE mode with this JVM's configuration).
          effective =
              (HotCacheConfiguration)
                  StoredConfiguration.read(
                      stored,
                      loader,
                      AllowList.forStored(
                          name, settings.serializationAllowList(), settings.factoryAllowList()));
          check(name, effective);
        } else if (!StoredConfiguration.format(configuration).equals(opened.summary())) {
          throw new CacheException(
              "cache "
                  + name
                  + " exists in Redis with entries stored otherwise: "
                  + StoredConfiguration.difference(String.valueOf(opened.summary()), configuration)
                  + "; open it with the stored configuration, or destroy it first"
                  + " (CacheManager.destroyCache deletes its entries) to create it anew");
        }
      }
      List<String> allowed = new ArrayList<>(settings.serializationAllowList());
      allowed.addAll(effective.getSerializationAllowList());
      Codec<K> keyCodec =
          codec(
              effective.getKeyCodec(),
              effective.getKeyCodecName(),
              effective.getKeyType(),
              allowed,
              loader);
      Codec<V> valueCodec =
          effective.isCounter()
                  && effective.getValueCodec() == null
                  && effective.getValueCodecName() == null
              ? (Codec<V>) Codecs.longs()
              : codec(
                  effective.getValueCodec(),
                  effective.getValueCodecName(),
                  effective.getValueType(),
                  allowed,
                  loader);
      if (effective.isCounter() && (Object) valueCodec != Codecs.longs()) {
        throw new IllegalArgumentException(
            "counter cache " + name + " must store its Long counts with the default codec");
      }
      handle.shards(effective.getShards());
      CacheEntries entries =
          CacheEntries.open(handle, name, effective.getShards(), opened.incarnation());
      EntryCodec<K, V> codec =
          new EntryCodec<>(
              name,
              handle.redis(),
              effective.getKeyType(),
              effective.getValueType(),
              keyCodec,
              valueCodec);
      HotCache<K, V> cache =
          new HotCache<>(
              manager,
              name,
              effective,
              codec,
              handle,
              entries,
              opened.incarnation(),
              customizations(name, effective, nearCache(configuration, effective, settings)));
      try {
        cache.start();
      } catch (RuntimeException e) {
        cache.close();
        throw e;
      }
      return cache;
    } catch (RuntimeException e) {
      try {
        handle.closeHandle(opened.incarnation());
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private static void check(String name, HotCacheConfiguration<?, ?> configuration) {
    if (!configuration.isStoreByValue()) {
      throw new UnsupportedOperationException(
          "cache " + name + ": HOT Redis stores caches by value only (Redis holds copies)");
    }
    if (configuration.isCounter()
        && configuration.getValueType() != Long.class
        && configuration.getValueType() != Object.class) {
      throw new IllegalArgumentException(
          "counter cache "
              + name
              + " must have Long values, not "
              + configuration.getValueType().getName());
    }
  }

  private static <T> Codec<T> codec(
      @Nullable Codec<T> given,
      @Nullable String named,
      Class<T> type,
      List<String> allowed,
      ClassLoader loader) {
    if (given != null) {
      return given;
    }
    if (named != null) {
      return CacheCodecs.named(named, type, allowed, loader);
    }
    return CacheCodecs.forType(type, allowed);
  }

  /**
   * This JVM's near cache for a cache: as the configuration given here sets it (the stored one
   * carries none: it is each JVM's choice), else as the manager's settings do; null for none.
   */
  private static @Nullable NearCache nearCache(
      HotCacheConfiguration<?, ?> given,
      HotCacheConfiguration<?, ?> effective,
      ProviderSettings settings) {
    Long declared = given.getNearCacheMaxEntries();
    if (declared == null) {
      declared = effective.getNearCacheMaxEntries();
    }
    long maxEntries = declared == null ? settings.nearCacheMaxEntries() : declared;
    if (maxEntries == 0) {
      return null;
    }
    java.time.Duration timeToLive = given.getNearCacheTimeToLive();
    if (timeToLive == null) {
      timeToLive = effective.getNearCacheTimeToLive();
    }
    return new NearCache(
        maxEntries, timeToLive == null ? settings.nearCacheTimeToLive() : timeToLive);
  }

  /** Creates the customizations; if one fails, closes those already created. */
  private static <K, V> HotCache.Customizations<K, V> customizations(
      String name, HotCacheConfiguration<K, V> configuration, @Nullable NearCache near) {
    List<AutoCloseable> created = new ArrayList<>();
    try {
      Factory<ExpiryPolicy> expiryFactory = configuration.getExpiryPolicyFactory();
      Expiry expiry = Expiry.of(requireNonNull(expiryFactory.create(), "expiry policy"));
      created.add(expiry);
      Loading<K, V> loading = Loading.of(configuration.getCacheLoaderFactory());
      created.add(loading);
      Writing<K, V> writing =
          Writing.of(configuration.getCacheWriterFactory(), configuration.isWriteThrough());
      created.add(writing);
      EventDispatcher<K, V> events = new EventDispatcher<>(name);
      created.add(events);
      for (CacheEntryListenerConfiguration<K, V> listener :
          configuration.getCacheEntryListenerConfigurations()) {
        events.register(listener);
      }
      Factory<? extends V> factory = configuration.getDefaultFactory();
      Supplier<V> defaultValue =
          factory == null
              ? null
              : () -> requireNonNull(factory.create(), "the default factory returned null");
      return new HotCache.Customizations<>(expiry, loading, writing, events, defaultValue, near);
    } catch (RuntimeException e) {
      for (AutoCloseable closeable : created) {
        try {
          closeable.close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }
}
