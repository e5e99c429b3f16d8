package org.hotredis.jcache.configuration;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import org.hotredis.codec.Codec;
import org.jspecify.annotations.Nullable;

/**
 * The configuration of a HOT Redis cache: JCache's {@link MutableConfiguration} plus the settings
 * that decide how the cache is stored and what it means.
 *
 * <pre>{@code
 * Cache<String, Long> visits = manager.createCache("visits",
 *     new HotCacheConfiguration<String, Long>()
 *         .setTypes(String.class, Long.class)
 *         .setCounter(true));                          // invoke(k, HotProcessors.increment(1))
 * Cache<String, Long> scores = manager.createCache("scores",
 *     new HotCacheConfiguration<String, Long>()
 *         .setTypes(String.class, Long.class)
 *         .setDefaultFactory(() -> 0L));                // get(k) on a miss stores and returns 0
 * }</pre>
 *
 * <ul>
 *   <li><b>Codecs</b> ({@link #setKeyCodec}, {@link #setValueCodec}): how keys and values are
 *       stored; by default as {@link CacheCodecs#forType} chooses (readable text for strings and
 *       numbers, a type tag for untyped caches, Java serialization behind an allow-list for other
 *       types). Equal keys must encode to equal bytes.
 *   <li><b>Serialization allow-list</b> ({@link #setSerializationAllowList}): further classes Java
 *       serialization may read for this cache, added to the provider's {@code
 *       hotredis.jcache.serialization.allow}.
 *   <li><b>Key prefix</b> ({@link #setKeyPrefix}): the cache's Redis hash is the prefix plus the
 *       cache name; by default the provider's {@code hotredis.jcache.key-prefix}, {@code jcache:}.
 *   <li><b>Default factory</b> ({@link #setDefaultFactory}): Python's {@code defaultdict}: a read
 *       that misses ({@code get}, {@code getAll}, an entry processor's {@code getValue}) stores the
 *       factory's value if the key is still absent, and returns what the cache then holds.
 *   <li><b>Counter</b> ({@link #setCounter}): Python's {@code Counter}, values are {@code Long}
 *       counts stored as decimal text; {@link org.hotredis.jcache.processor.HotProcessors} run as
 *       one {@code HINCRBY}, and the cache unwraps to a {@link
 *       org.hotredis.collections.HotMultiSet}.
 * </ul>
 *
 * <p>The configuration a cache was created with is stored in Redis, so a JVM that calls {@code
 * getCache} attaches to it with the same types, codecs, expiry policy, loader, writer and default
 * factory, as far as that JVM's own settings accept them ({@link AllowList}: classes of its code
 * need {@code hotredis.jcache.factory.allow}); codecs given as objects are stored by class name and
 * recreated only if their class has a public no-argument constructor. Listener configurations are
 * not stored: each JVM registers its own.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public class HotCacheConfiguration<K, V> extends MutableConfiguration<K, V> {
  private static final long serialVersionUID = 1L;

  /** The most shards a cache may have. */
  public static final int MAX_SHARDS = 1024;

  private transient @Nullable Codec<K> keyCodec;
  private transient @Nullable Codec<V> valueCodec;

  /** The key codec's name, or null for the default. */
  private @Nullable String keyCodecName;

  /** The value codec's name, or null for the default. */
  private @Nullable String valueCodecName;

  /** The classes Java serialization may read, as patterns. */
  private ArrayList<String> serializationAllowList = new ArrayList<>();

  /** The prefix of the cache's key, or null for the provider's. */
  private @Nullable String keyPrefix;

  /** The default factory, or null. */
  private @Nullable Factory<? extends V> defaultFactory;

  /** Whether the cache is a counter. */
  private boolean counter;

  /** The number of shards. */
  private int shards = 1;

  /** The near cache's bound in entries (0: none), or null for the provider's; this JVM's only. */
  private transient @Nullable Long nearCacheMaxEntries;

  /** How long the near cache serves an entry after reading it, or null for no limit. */
  private transient java.time.@Nullable Duration nearCacheTimeToLive;

  /** Creates a configuration with JCache's defaults: untyped, eternal, no statistics. */
  public HotCacheConfiguration() {}

  /**
   * Copies a configuration, with the HOT Redis settings if it is a {@code HotCacheConfiguration}.
   *
   * @param configuration the configuration to copy
   */
  public HotCacheConfiguration(CompleteConfiguration<K, V> configuration) {
    super(configuration);
    if (configuration instanceof HotCacheConfiguration<K, V> hot) {
      this.keyCodec = hot.keyCodec;
      this.valueCodec = hot.valueCodec;
      this.keyCodecName = hot.keyCodecName;
      this.valueCodecName = hot.valueCodecName;
      this.serializationAllowList = new ArrayList<>(hot.serializationAllowList);
      this.keyPrefix = hot.keyPrefix;
      this.defaultFactory = hot.defaultFactory;
      this.counter = hot.counter;
      this.shards = hot.shards;
      this.nearCacheMaxEntries = hot.nearCacheMaxEntries;
      this.nearCacheTimeToLive = hot.nearCacheTimeToLive;
    }
  }

  /**
   * Returns a HOT Redis configuration equal to any JCache configuration: a copy of a complete one,
   * the types and store-by-value setting of a basic one.
   *
   * @param configuration the configuration
   * @param <K> the key type
   * @param <V> the value type
   * @return a new configuration
   */
  public static <K, V> HotCacheConfiguration<K, V> copyOf(Configuration<K, V> configuration) {
    requireNonNull(configuration, "configuration");
    if (configuration instanceof CompleteConfiguration<K, V> complete) {
      return new HotCacheConfiguration<>(complete);
    }
    HotCacheConfiguration<K, V> copy = new HotCacheConfiguration<>();
    copy.setTypes(configuration.getKeyType(), configuration.getValueType());
    copy.setStoreByValue(configuration.isStoreByValue());
    return copy;
  }

  // ---- HOT Redis settings ----

  /**
   * Returns the codec given for the keys, or null to use the default one.
   *
   * @return the key codec or null
   */
  public @Nullable Codec<K> getKeyCodec() {
    return keyCodec;
  }

  /**
   * Sets the codec of the keys. Equal keys must encode to equal bytes.
   *
   * @param codec the codec
   * @return this configuration
   */
  public HotCacheConfiguration<K, V> setKeyCodec(Codec<K> codec) {
    this.keyCodec = requireNonNull(codec, "codec");
    this.keyCodecName = codec.getClass().getName();
    return this;
  }

  /**
   * Returns the codec given for the values, or null to use the default one.
   *
   * @return the value codec or null
   */
  public @Nullable Codec<V> getValueCodec() {
    return valueCodec;
  }

  /**
   * Sets the codec of the values.
   *
   * @param codec the codec
   * @return this configuration
   */
  public HotCacheConfiguration<K, V> setValueCodec(Codec<V> codec) {
    this.valueCodec = requireNonNull(codec, "codec");
    this.valueCodecName = codec.getClass().getName();
    return this;
  }

  /**
   * Returns the name of the key codec: {@code default}, {@code json}, {@code java} or a class name,
   * or null for the default.
   *
   * @return the name or null
   */
  public @Nullable String getKeyCodecName() {
    return keyCodecName;
  }

  /**
   * Names the codec of the keys as {@link CacheCodecs#named} resolves it: {@code default}, {@code
   * json}, {@code java} or the name of a {@link Codec} class with a public no-argument constructor.
   *
   * @param name the codec's name
   * @return this configuration
   */
  public HotCacheConfiguration<K, V> setKeyCodecName(String name) {
    this.keyCodecName = requireNonNull(name, "name");
    this.keyCodec = null;
    return this;
  }

  /**
   * Returns the name of the value codec, or null for the default.
   *
   * @return the name or null
   */
  public @Nullable String getValueCodecName() {
    return valueCodecName;
  }

  /**
   * Names the codec of the values, as {@link #setKeyCodecName} does for keys.
   *
   * @param name the codec's name
   * @return this configuration
   */
  public HotCacheConfiguration<K, V> setValueCodecName(String name) {
    this.valueCodecName = requireNonNull(name, "name");
    this.valueCodec = null;
    return this;
  }

  /**
   * Returns the classes Java serialization may read for this cache, besides the provider's.
   *
   * @return the allow-list patterns
   */
  public List<String> getSerializationAllowList() {
    return List.copyOf(serializationAllowList);
  }

  /**
   * Sets the classes Java serialization may read for this cache, besides the provider's: classes
   * ({@code com.acme.Order}), packages ({@code com.acme.*}) or package trees ({@code com.acme.**}).
   *
   * @param patterns the patterns
   * @return this configuration
   */
  public HotCacheConfiguration<K, V> setSerializationAllowList(List<String> patterns) {
    List<String> copy = List.copyOf(requireNonNull(patterns, "patterns"));
    this.serializationAllowList = new ArrayList<>(copy);
    return this;
  }

  /**
   * Returns the prefix of the cache's Redis key, or null for the provider's.
   *
   * @return the prefix or null
   */
  public @Nullable String getKeyPrefix() {
    return keyPrefix;
  }

  /**
   * Sets the prefix of the cache's Redis key: the hash is the prefix plus the cache name.
   *
   * @param prefix the prefix, such as {@code app1:cache:}
   * @return this configuration
   */
  public HotCacheConfiguration<K, V> setKeyPrefix(String prefix) {
    this.keyPrefix = requireNonNull(prefix, "prefix");
    return this;
  }

  /**
   * Returns the default factory, or null if the cache has none.
   *
   * @return the factory or null
   */
  public @Nullable Factory<? extends V> getDefaultFactory() {
    return defaultFactory;
  }

  /**
   * Gives the cache a default factory, as Python's {@code defaultdict}: a read that misses stores
   * the factory's value if the key is still absent, and returns what the cache then holds.
   *
   * @param factory makes the value of an absent key; it must not return null
   * @return this configuration
   */
  public HotCacheConfiguration<K, V> setDefaultFactory(Factory<? extends V> factory) {
    this.defaultFactory = requireNonNull(factory, "factory");
    return this;
  }

  /**
   * Returns whether the cache is a counter.
   *
   * @return true for a counter cache
   */
  public boolean isCounter() {
    return counter;
  }

  /**
   * Makes the cache a counter, as Python's {@code Counter}: its values are {@code Long} counts
   * stored as decimal text, increments run in Redis, and it unwraps to a {@code HotMultiSet}.
   *
   * @param counter true for a counter cache
   * @return this configuration
   */
  public HotCacheConfiguration<K, V> setCounter(boolean counter) {
    this.counter = counter;
    return this;
  }

  /**
   * Returns over how many hash-tagged shards the cache spreads its entries.
   *
   * @return 1 (the default: one Redis hash) or more
   */
  public int getShards() {
    return shards;
  }

  /**
   * Spreads the cache's entries over {@code shards} hashes whose hash tags fall in evenly spaced
   * ranges of Redis Cluster's slots, so that one cache can hold more than one node does and its
   * load spreads over the masters. Every single-entry operation stays one script on the shard that
   * holds the key; {@code getAll}, {@code putAll}, {@code removeAll}, {@code clear}, iteration and
   * {@link org.hotredis.jcache.HotCache#size()} visit each shard in turn, so they are atomic per
   * shard, not across shards. A sharded cache does not unwrap to a {@code HotDict}. Every JVM must
   * open the cache with the same number of shards.
   *
   * @param shards 1 to 1024
   * @return this configuration
   * @throws IllegalArgumentException if {@code shards} is out of range
   */
  public HotCacheConfiguration<K, V> setShards(int shards) {
    if (shards < 1 || shards > MAX_SHARDS) {
      throw new IllegalArgumentException(
          "shards must be between 1 and " + MAX_SHARDS + ", not " + shards);
    }
    this.shards = shards;
    return this;
  }

  /**
   * Returns the most entries this JVM's near cache keeps for the cache: 0 for no near cache, null
   * when the configuration leaves it to the provider's setting {@code
   * hotredis.jcache.near-cache.max-entries} (none by default).
   *
   * @return the bound, or null
   */
  public @Nullable Long getNearCacheMaxEntries() {
    return nearCacheMaxEntries;
  }

  /**
   * Gives the cache a near cache in this JVM: up to {@code maxEntries} entries it read, kept in the
   * JVM and served without a round trip until a write of any JVM, an expiry or a removal drops them
   * (see the provider's documentation for the consistency model). 0 switches it off. The near cache
   * is this JVM's own: it is not stored with the cache's configuration in Redis, and other JVMs
   * choose theirs.
   *
   * @param maxEntries the most entries kept, 0 for none
   * @return this configuration
   * @throws IllegalArgumentException if {@code maxEntries} is negative
   */
  public HotCacheConfiguration<K, V> setNearCacheMaxEntries(long maxEntries) {
    if (maxEntries < 0) {
      throw new IllegalArgumentException(
          "the near cache's max entries must be 0 (none) or more, not " + maxEntries);
    }
    this.nearCacheMaxEntries = maxEntries;
    return this;
  }

  /**
   * Returns how long the near cache serves an entry after reading it from Redis, or null for as
   * long as nothing drops it.
   *
   * @return the time to live, or null
   */
  public java.time.@Nullable Duration getNearCacheTimeToLive() {
    return nearCacheTimeToLive;
  }

  /**
   * Bounds how long the near cache serves an entry after reading it from Redis, whatever the
   * invalidations say: a bound on staleness for writes that bypass the cache's scripts (a {@code
   * HotDict} view, {@code redis-cli}).
   *
   * @param timeToLive a positive duration, or null for no bound (the default)
   * @return this configuration
   * @throws IllegalArgumentException if {@code timeToLive} is zero or negative
   */
  public HotCacheConfiguration<K, V> setNearCacheTimeToLive(
      java.time.@Nullable Duration timeToLive) {
    if (timeToLive != null && (timeToLive.isZero() || timeToLive.isNegative())) {
      throw new IllegalArgumentException(
          "the near cache's time to live must be positive, not " + timeToLive);
    }
    this.nearCacheTimeToLive = timeToLive;
    return this;
  }

  // ---- JCache settings, returning this type ----

  @Override
  public HotCacheConfiguration<K, V> setTypes(Class<K> keyType, Class<V> valueType) {
    super.setTypes(keyType, valueType);
    return this;
  }

  @Override
  public HotCacheConfiguration<K, V> addCacheEntryListenerConfiguration(
      CacheEntryListenerConfiguration<K, V> cacheEntryListenerConfiguration) {
    super.addCacheEntryListenerConfiguration(cacheEntryListenerConfiguration);
    return this;
  }

  @Override
  public HotCacheConfiguration<K, V> removeCacheEntryListenerConfiguration(
      CacheEntryListenerConfiguration<K, V> cacheEntryListenerConfiguration) {
    super.removeCacheEntryListenerConfiguration(cacheEntryListenerConfiguration);
    return this;
  }

  @Override
  public HotCacheConfiguration<K, V> setCacheLoaderFactory(
      Factory<? extends CacheLoader<K, V>> factory) {
    super.setCacheLoaderFactory(factory);
    return this;
  }

  @Override
  public HotCacheConfiguration<K, V> setCacheWriterFactory(
      Factory<? extends CacheWriter<? super K, ? super V>> factory) {
    super.setCacheWriterFactory(factory);
    return this;
  }

  @Override
  public HotCacheConfiguration<K, V> setExpiryPolicyFactory(
      @Nullable Factory<? extends ExpiryPolicy> factory) {
    super.setExpiryPolicyFactory(factory);
    return this;
  }

  @Override
  public HotCacheConfiguration<K, V> setReadThrough(boolean isReadThrough) {
    super.setReadThrough(isReadThrough);
    return this;
  }

  @Override
  public HotCacheConfiguration<K, V> setWriteThrough(boolean isWriteThrough) {
    super.setWriteThrough(isWriteThrough);
    return this;
  }

  @Override
  public HotCacheConfiguration<K, V> setStoreByValue(boolean isStoreByValue) {
    super.setStoreByValue(isStoreByValue);
    return this;
  }

  @Override
  public HotCacheConfiguration<K, V> setStatisticsEnabled(boolean enabled) {
    super.setStatisticsEnabled(enabled);
    return this;
  }

  @Override
  public HotCacheConfiguration<K, V> setManagementEnabled(boolean enabled) {
    super.setManagementEnabled(enabled);
    return this;
  }

  // ---- object methods ----

  @Override
  public boolean equals(@Nullable Object object) {
    if (this == object) {
      return true;
    }
    if (!(object instanceof HotCacheConfiguration<?, ?> other) || !super.equals(object)) {
      return false;
    }
    return counter == other.counter
        && shards == other.shards
        && Objects.equals(keyCodecName, other.keyCodecName)
        && Objects.equals(valueCodecName, other.valueCodecName)
        && serializationAllowList.equals(other.serializationAllowList)
        && Objects.equals(keyPrefix, other.keyPrefix)
        && Objects.equals(defaultFactory, other.defaultFactory);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        super.hashCode(),
        counter,
        shards,
        keyCodecName,
        valueCodecName,
        serializationAllowList,
        keyPrefix,
        defaultFactory);
  }
}
