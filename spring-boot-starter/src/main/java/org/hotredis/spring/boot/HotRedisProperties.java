package org.hotredis.spring.boot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The {@code hotredis.*} properties of a Spring Boot application: the one {@link
 * org.hotredis.HotClient} the application, its JCache caches and its concurrency provider share,
 * the JCache provider's {@code hotredis.jcache.*} settings, and the concurrency provider.
 *
 * <pre>
 * hotredis.uri=rediss://cache.internal:6380/0
 * hotredis.username=app
 * hotredis.password=${REDIS_PASSWORD}
 * hotredis.ssl.bundle=redis
 * hotredis.socket-timeout=500ms
 * hotredis.jcache.serialization.allow=com.acme.model.**
 * hotredis.jcache.cache.quotes.expiry=created:PT10M
 * hotredis.concurrency.provider=redis
 * </pre>
 *
 * <p>Settings left out keep the URI's options (<code>?timeout=...&amp;poolSize=...</code>) and then
 * HOT Redis's defaults (see {@link org.hotredis.HotClientBuilder}).
 */
@ConfigurationProperties(prefix = "hotredis")
public class HotRedisProperties {
  /**
   * Redis URI: redis://[user:password@]host[:port][/database][?options], rediss://... for TLS with
   * the JVM's trust store, redis-cluster://host:port,host:port or
   * redis-sentinel://host:port,host:port/master.
   */
  private String uri = "redis://localhost:6379";

  /** ACL user name (Redis 6+); overrides the URI's. */
  private @Nullable String username;

  /** Password (requirepass, or the ACL user's); overrides the URI's. Never logged. */
  private @Nullable String password;

  /** Database index (not on Redis Cluster); overrides the URI's. Default 0. */
  private @Nullable Integer database;

  /** Name the connections report in CLIENT LIST; overrides the URI's. Default hot-redis. */
  private @Nullable String clientName;

  /** How long establishing a connection may take. Default 2s, or the URI's connectTimeout. */
  private @Nullable Duration connectTimeout;

  /** How long a command may wait for its reply. Default 2s, or the URI's timeout. */
  private @Nullable Duration socketTimeout;

  /** How long a call waits for a free pooled connection when all are busy. Default 2s. */
  private @Nullable Duration borrowTimeout;

  /** Most connections opened to each Redis node. Default 64, or the URI's poolSize. */
  private @Nullable Integer poolSize;

  /** Largest encoded value sent to Redis; raise it together with proto-max-bulk-len. 512MB. */
  private @Nullable DataSize maxValueSize;

  /**
   * Whether to check the connection with a PING when the client is created, so that a wrong address
   * or password fails at start-up. Turn it off to start before Redis is up.
   */
  private boolean verifyOnStart = true;

  /** TLS through a Spring Boot SSL bundle. */
  private final Ssl ssl = new Ssl();

  /** Writes wait until replicas acknowledge them (WAIT). */
  private final ReplicaAcknowledgement replicaAcknowledgement = new ReplicaAcknowledgement();

  /** The JCache provider's settings. */
  private final JCache jcache = new JCache();

  /** The concurrency provider (locks, semaphores, queues by name). */
  private final Concurrency concurrency = new Concurrency();

  /** Creates the properties with their defaults; Spring Boot binds them. */
  public HotRedisProperties() {}

  /**
   * Returns the Redis URI.
   *
   * @return the URI, {@code redis://localhost:6379} by default
   */
  public String getUri() {
    return uri;
  }

  /**
   * Sets the Redis URI.
   *
   * @param uri the URI
   */
  public void setUri(String uri) {
    this.uri = uri;
  }

  /**
   * Returns the ACL user name.
   *
   * @return the user, or null for the URI's
   */
  public @Nullable String getUsername() {
    return username;
  }

  /**
   * Sets the ACL user name.
   *
   * @param username the user
   */
  public void setUsername(@Nullable String username) {
    this.username = username;
  }

  /**
   * Returns the password.
   *
   * @return the password, or null for the URI's
   */
  public @Nullable String getPassword() {
    return password;
  }

  /**
   * Sets the password.
   *
   * @param password the password
   */
  public void setPassword(@Nullable String password) {
    this.password = password;
  }

  /**
   * Returns the database index.
   *
   * @return the index, or null for the URI's
   */
  public @Nullable Integer getDatabase() {
    return database;
  }

  /**
   * Sets the database index.
   *
   * @param database the index
   */
  public void setDatabase(@Nullable Integer database) {
    this.database = database;
  }

  /**
   * Returns the client name.
   *
   * @return the name, or null for the URI's
   */
  public @Nullable String getClientName() {
    return clientName;
  }

  /**
   * Sets the client name.
   *
   * @param clientName a name without spaces
   */
  public void setClientName(@Nullable String clientName) {
    this.clientName = clientName;
  }

  /**
   * Returns the connect timeout.
   *
   * @return the timeout, or null for the URI's or the default
   */
  public @Nullable Duration getConnectTimeout() {
    return connectTimeout;
  }

  /**
   * Sets the connect timeout.
   *
   * @param connectTimeout a positive duration
   */
  public void setConnectTimeout(@Nullable Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  /**
   * Returns the socket timeout.
   *
   * @return the timeout, or null for the URI's or the default
   */
  public @Nullable Duration getSocketTimeout() {
    return socketTimeout;
  }

  /**
   * Sets the socket timeout.
   *
   * @param socketTimeout a positive duration
   */
  public void setSocketTimeout(@Nullable Duration socketTimeout) {
    this.socketTimeout = socketTimeout;
  }

  /**
   * Returns the borrow timeout.
   *
   * @return the timeout, or null for the default
   */
  public @Nullable Duration getBorrowTimeout() {
    return borrowTimeout;
  }

  /**
   * Sets the borrow timeout.
   *
   * @param borrowTimeout a positive duration
   */
  public void setBorrowTimeout(@Nullable Duration borrowTimeout) {
    this.borrowTimeout = borrowTimeout;
  }

  /**
   * Returns the pool size.
   *
   * @return the size, or null for the URI's or the default
   */
  public @Nullable Integer getPoolSize() {
    return poolSize;
  }

  /**
   * Sets the pool size.
   *
   * @param poolSize at least 1
   */
  public void setPoolSize(@Nullable Integer poolSize) {
    this.poolSize = poolSize;
  }

  /**
   * Returns the largest value sent.
   *
   * @return the size, or null for the default
   */
  public @Nullable DataSize getMaxValueSize() {
    return maxValueSize;
  }

  /**
   * Sets the largest value sent.
   *
   * @param maxValueSize a positive size
   */
  public void setMaxValueSize(@Nullable DataSize maxValueSize) {
    this.maxValueSize = maxValueSize;
  }

  /**
   * Returns whether the client pings Redis when it is created.
   *
   * @return true by default
   */
  public boolean isVerifyOnStart() {
    return verifyOnStart;
  }

  /**
   * Sets whether the client pings Redis when it is created.
   *
   * @param verifyOnStart whether to ping
   */
  public void setVerifyOnStart(boolean verifyOnStart) {
    this.verifyOnStart = verifyOnStart;
  }

  /**
   * Returns the TLS settings.
   *
   * @return the TLS settings
   */
  public Ssl getSsl() {
    return ssl;
  }

  /**
   * Returns the replica acknowledgement settings.
   *
   * @return the replica acknowledgement settings
   */
  public ReplicaAcknowledgement getReplicaAcknowledgement() {
    return replicaAcknowledgement;
  }

  /**
   * Returns the JCache provider's settings.
   *
   * @return the JCache settings
   */
  public JCache getJcache() {
    return jcache;
  }

  /**
   * Returns the concurrency provider's settings.
   *
   * @return the concurrency settings
   */
  public Concurrency getConcurrency() {
    return concurrency;
  }

  /** TLS through a Spring Boot SSL bundle ({@code spring.ssl.bundle.*}). */
  public static class Ssl {
    /**
     * Name of the SSL bundle (spring.ssl.bundle.jks.NAME or spring.ssl.bundle.pem.NAME) whose trust
     * material, key material, protocols and ciphers the connections use. Turns TLS on.
     */
    private @Nullable String bundle;

    /** Whether the server's certificate must name the host connected to. */
    private boolean verifyHostname = true;

    /** Creates the settings; Spring Boot binds them. */
    public Ssl() {}

    /**
     * Returns the bundle name.
     *
     * @return the name, or null for no bundle
     */
    public @Nullable String getBundle() {
      return bundle;
    }

    /**
     * Sets the bundle name.
     *
     * @param bundle the name
     */
    public void setBundle(@Nullable String bundle) {
      this.bundle = bundle;
    }

    /**
     * Returns whether the host name is verified.
     *
     * @return true by default
     */
    public boolean isVerifyHostname() {
      return verifyHostname;
    }

    /**
     * Sets whether the host name is verified.
     *
     * @param verifyHostname whether to verify
     */
    public void setVerifyHostname(boolean verifyHostname) {
      this.verifyHostname = verifyHostname;
    }
  }

  /** Writes that wait until replicas have them (see {@code HotClientBuilder}). */
  public static class ReplicaAcknowledgement {
    /** How many replicas must acknowledge each write; 0 turns it off. */
    private int replicas;

    /** How long a write waits for the replicas before it fails. */
    private Duration timeout = Duration.ofSeconds(1);

    /** Creates the settings; Spring Boot binds them. */
    public ReplicaAcknowledgement() {}

    /**
     * Returns how many replicas acknowledge each write.
     *
     * @return the number, 0 for none
     */
    public int getReplicas() {
      return replicas;
    }

    /**
     * Sets how many replicas acknowledge each write.
     *
     * @param replicas the number, 0 for none
     */
    public void setReplicas(int replicas) {
      this.replicas = replicas;
    }

    /**
     * Returns how long a write waits for the replicas.
     *
     * @return the timeout
     */
    public Duration getTimeout() {
      return timeout;
    }

    /**
     * Sets how long a write waits for the replicas.
     *
     * @param timeout a positive duration
     */
    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }
  }

  /**
   * The JCache provider's settings, handed to it as the {@code hotredis.jcache.*} properties of the
   * cache manager (see {@code org.hotredis.jcache.configuration.ProviderSettings}).
   */
  public static class JCache {
    /**
     * Redis URI of the caches when they live on another deployment than hotredis.uri; by default
     * the caches use the application's client.
     */
    private @Nullable String uri;

    /** Prefix of every cache's Redis key. Default jcache:. */
    private @Nullable String keyPrefix;

    /** What Java serialization may read. */
    private final Serialization serialization = new Serialization();

    /** How often each JVM removes expired entries. Default 1s. */
    private @Nullable Duration sweepInterval;

    /** How long a JVM's handle on a cache counts as open without renewal. Default 30s. */
    private @Nullable Duration lease;

    /** The near cache of every cache that sets none of its own. Default: none. */
    private final NearCache nearCache = new NearCache();

    /**
     * Caches declared by name, hotredis.jcache.cache.NAME.SETTING, with the settings key-type,
     * value-type, key-codec, value-codec (default, json, java or a Codec class), expiry (eternal,
     * or created, accessed, modified or touched, a colon and a duration), counter, shards,
     * default-factory, loader, writer, read-through, write-through, statistics (default true),
     * management, key-prefix, serialization.allow and near-cache (max-entries, time-to-live).
     */
    private final Map<String, CacheSettings> cache = new LinkedHashMap<>();

    /** Creates the settings; Spring Boot binds them. */
    public JCache() {}

    /**
     * Returns the caches' own Redis URI.
     *
     * @return the URI, or null to use the application's client
     */
    public @Nullable String getUri() {
      return uri;
    }

    /**
     * Sets the caches' own Redis URI.
     *
     * @param uri the URI
     */
    public void setUri(@Nullable String uri) {
      this.uri = uri;
    }

    /**
     * Returns the key prefix.
     *
     * @return the prefix, or null for the default
     */
    public @Nullable String getKeyPrefix() {
      return keyPrefix;
    }

    /**
     * Sets the key prefix.
     *
     * @param keyPrefix the prefix
     */
    public void setKeyPrefix(@Nullable String keyPrefix) {
      this.keyPrefix = keyPrefix;
    }

    /**
     * Returns the serialization settings.
     *
     * @return the serialization settings
     */
    public Serialization getSerialization() {
      return serialization;
    }

    /**
     * Returns the sweep interval.
     *
     * @return the interval, or null for the default
     */
    public @Nullable Duration getSweepInterval() {
      return sweepInterval;
    }

    /**
     * Sets the sweep interval.
     *
     * @param sweepInterval a positive duration
     */
    public void setSweepInterval(@Nullable Duration sweepInterval) {
      this.sweepInterval = sweepInterval;
    }

    /**
     * Returns the handles' lease.
     *
     * @return the lease, or null for the default
     */
    public @Nullable Duration getLease() {
      return lease;
    }

    /**
     * Sets the handles' lease.
     *
     * @param lease a positive duration
     */
    public void setLease(@Nullable Duration lease) {
      this.lease = lease;
    }

    /**
     * Returns the declared caches by name.
     *
     * @return the declared caches, modifiable
     */
    public Map<String, CacheSettings> getCache() {
      return cache;
    }

    /**
     * Returns the near cache of every cache that sets none of its own.
     *
     * @return the near-cache settings
     */
    public NearCache getNearCache() {
      return nearCache;
    }
  }

  /** A near cache: entries read kept in the JVM, dropped when any JVM writes them. */
  public static class NearCache {
    /** The most entries kept; 0 for no near cache. */
    private @Nullable Long maxEntries;

    /** How long an entry is served after it was read, at most. Default: until dropped. */
    private @Nullable Duration timeToLive;

    /** Creates the settings; Spring Boot binds them. */
    public NearCache() {}

    /**
     * Returns the most entries kept.
     *
     * @return the bound, or null for the default
     */
    public @Nullable Long getMaxEntries() {
      return maxEntries;
    }

    /**
     * Sets the most entries kept.
     *
     * @param maxEntries the bound; 0 for no near cache
     */
    public void setMaxEntries(@Nullable Long maxEntries) {
      this.maxEntries = maxEntries;
    }

    /**
     * Returns how long an entry is served after it was read, at most.
     *
     * @return the time to live, or null for none
     */
    public @Nullable Duration getTimeToLive() {
      return timeToLive;
    }

    /**
     * Sets how long an entry is served after it was read, at most.
     *
     * @param timeToLive the time to live
     */
    public void setTimeToLive(@Nullable Duration timeToLive) {
      this.timeToLive = timeToLive;
    }
  }

  /** What Java serialization may read: classes, packages (a.b.*) and package trees (a.b.**). */
  public static class Serialization {
    /** Classes (com.acme.Order), packages (com.acme.*) and package trees (com.acme.**). */
    private List<String> allow = new ArrayList<>();

    /** Creates the settings; Spring Boot binds them. */
    public Serialization() {}

    /**
     * Returns the allow-list.
     *
     * @return the patterns
     */
    public List<String> getAllow() {
      return allow;
    }

    /**
     * Sets the allow-list.
     *
     * @param allow the patterns
     */
    public void setAllow(List<String> allow) {
      this.allow = allow;
    }
  }

  /** The settings of one declared cache (hotredis.jcache.cache.NAME.*). */
  public static class CacheSettings {
    /** Class of the keys. Default java.lang.Object. */
    private @Nullable String keyType;

    /** Class of the values. Default java.lang.Object. */
    private @Nullable String valueType;

    /** Codec of the keys: default, json, java or a Codec class. */
    private @Nullable String keyCodec;

    /** Codec of the values: default, json, java or a Codec class. */
    private @Nullable String valueCodec;

    /** Expiry: eternal, or created, accessed, modified or touched, a colon and a duration. */
    private @Nullable String expiry;

    /** Whether the cache counts (values are Long counts, incremented with HINCRBY). */
    private @Nullable Boolean counter;

    /** Number of hashes the entries are spread over (on a Redis Cluster, over the masters). */
    private @Nullable Integer shards;

    /** A javax.cache.configuration.Factory class whose create() gives the default value. */
    private @Nullable String defaultFactory;

    /** A javax.cache.integration.CacheLoader class. */
    private @Nullable String loader;

    /** A javax.cache.integration.CacheWriter class. */
    private @Nullable String writer;

    /** Whether a miss loads through the loader. */
    private @Nullable Boolean readThrough;

    /** Whether writes go through the writer. */
    private @Nullable Boolean writeThrough;

    /** Whether the cache keeps statistics (read by Spring Boot's cache metrics). */
    private boolean statistics = true;

    /** Whether the cache registers its configuration MBean. */
    private @Nullable Boolean management;

    /** Prefix of this cache's Redis key, instead of hotredis.jcache.key-prefix. */
    private @Nullable String keyPrefix;

    /** What Java serialization may read for this cache, besides hotredis.jcache.serialization. */
    private final Serialization serialization = new Serialization();

    /** This cache's near cache, instead of hotredis.jcache.near-cache. */
    private final NearCache nearCache = new NearCache();

    /** Creates the settings; Spring Boot binds them. */
    public CacheSettings() {}

    /**
     * Returns this cache's near cache.
     *
     * @return the near-cache settings
     */
    public NearCache getNearCache() {
      return nearCache;
    }

    /**
     * Returns the key type.
     *
     * @return a class name, or null for the default
     */
    public @Nullable String getKeyType() {
      return keyType;
    }

    /**
     * Sets the key type.
     *
     * @param keyType a class name
     */
    public void setKeyType(@Nullable String keyType) {
      this.keyType = keyType;
    }

    /**
     * Returns the value type.
     *
     * @return a class name, or null for the default
     */
    public @Nullable String getValueType() {
      return valueType;
    }

    /**
     * Sets the value type.
     *
     * @param valueType a class name
     */
    public void setValueType(@Nullable String valueType) {
      this.valueType = valueType;
    }

    /**
     * Returns the key codec.
     *
     * @return the codec, or null for the default
     */
    public @Nullable String getKeyCodec() {
      return keyCodec;
    }

    /**
     * Sets the key codec.
     *
     * @param keyCodec the codec
     */
    public void setKeyCodec(@Nullable String keyCodec) {
      this.keyCodec = keyCodec;
    }

    /**
     * Returns the value codec.
     *
     * @return the codec, or null for the default
     */
    public @Nullable String getValueCodec() {
      return valueCodec;
    }

    /**
     * Sets the value codec.
     *
     * @param valueCodec the codec
     */
    public void setValueCodec(@Nullable String valueCodec) {
      this.valueCodec = valueCodec;
    }

    /**
     * Returns the expiry.
     *
     * @return the expiry, or null for eternal
     */
    public @Nullable String getExpiry() {
      return expiry;
    }

    /**
     * Sets the expiry.
     *
     * @param expiry for example {@code created:PT10M}
     */
    public void setExpiry(@Nullable String expiry) {
      this.expiry = expiry;
    }

    /**
     * Returns whether the cache counts.
     *
     * @return the flag, or null for false
     */
    public @Nullable Boolean getCounter() {
      return counter;
    }

    /**
     * Sets whether the cache counts.
     *
     * @param counter the flag
     */
    public void setCounter(@Nullable Boolean counter) {
      this.counter = counter;
    }

    /**
     * Returns the number of shards.
     *
     * @return the number, or null for one
     */
    public @Nullable Integer getShards() {
      return shards;
    }

    /**
     * Sets the number of shards.
     *
     * @param shards the number
     */
    public void setShards(@Nullable Integer shards) {
      this.shards = shards;
    }

    /**
     * Returns the default factory class.
     *
     * @return a class name, or null for none
     */
    public @Nullable String getDefaultFactory() {
      return defaultFactory;
    }

    /**
     * Sets the default factory class.
     *
     * @param defaultFactory a class name
     */
    public void setDefaultFactory(@Nullable String defaultFactory) {
      this.defaultFactory = defaultFactory;
    }

    /**
     * Returns the loader class.
     *
     * @return a class name, or null for none
     */
    public @Nullable String getLoader() {
      return loader;
    }

    /**
     * Sets the loader class.
     *
     * @param loader a class name
     */
    public void setLoader(@Nullable String loader) {
      this.loader = loader;
    }

    /**
     * Returns the writer class.
     *
     * @return a class name, or null for none
     */
    public @Nullable String getWriter() {
      return writer;
    }

    /**
     * Sets the writer class.
     *
     * @param writer a class name
     */
    public void setWriter(@Nullable String writer) {
      this.writer = writer;
    }

    /**
     * Returns whether misses load through the loader.
     *
     * @return the flag, or null for false
     */
    public @Nullable Boolean getReadThrough() {
      return readThrough;
    }

    /**
     * Sets whether misses load through the loader.
     *
     * @param readThrough the flag
     */
    public void setReadThrough(@Nullable Boolean readThrough) {
      this.readThrough = readThrough;
    }

    /**
     * Returns whether writes go through the writer.
     *
     * @return the flag, or null for false
     */
    public @Nullable Boolean getWriteThrough() {
      return writeThrough;
    }

    /**
     * Sets whether writes go through the writer.
     *
     * @param writeThrough the flag
     */
    public void setWriteThrough(@Nullable Boolean writeThrough) {
      this.writeThrough = writeThrough;
    }

    /**
     * Returns whether the cache keeps statistics.
     *
     * @return true by default
     */
    public boolean isStatistics() {
      return statistics;
    }

    /**
     * Sets whether the cache keeps statistics.
     *
     * @param statistics the flag
     */
    public void setStatistics(boolean statistics) {
      this.statistics = statistics;
    }

    /**
     * Returns whether the cache registers its configuration MBean.
     *
     * @return the flag, or null for false
     */
    public @Nullable Boolean getManagement() {
      return management;
    }

    /**
     * Sets whether the cache registers its configuration MBean.
     *
     * @param management the flag
     */
    public void setManagement(@Nullable Boolean management) {
      this.management = management;
    }

    /**
     * Returns the cache's own key prefix.
     *
     * @return the prefix, or null for the manager's
     */
    public @Nullable String getKeyPrefix() {
      return keyPrefix;
    }

    /**
     * Sets the cache's own key prefix.
     *
     * @param keyPrefix the prefix
     */
    public void setKeyPrefix(@Nullable String keyPrefix) {
      this.keyPrefix = keyPrefix;
    }

    /**
     * Returns the cache's serialization settings.
     *
     * @return the serialization settings
     */
    public Serialization getSerialization() {
      return serialization;
    }
  }

  /** The concurrency provider. */
  public static class Concurrency {
    /** Which primitives the ConcurrencyProvider bean gives: redis (shared) or local (JDK). */
    private Provider provider = Provider.REDIS;

    /** Lease of the Redis provider's locks and semaphore holders, renewed every third of it. */
    private Duration lease = Duration.ofSeconds(30);

    /** Creates the settings; Spring Boot binds them. */
    public Concurrency() {}

    /**
     * Returns the provider.
     *
     * @return {@link Provider#REDIS} by default
     */
    public Provider getProvider() {
      return provider;
    }

    /**
     * Sets the provider.
     *
     * @param provider the provider
     */
    public void setProvider(Provider provider) {
      this.provider = provider;
    }

    /**
     * Returns the lease.
     *
     * @return 30 s by default
     */
    public Duration getLease() {
      return lease;
    }

    /**
     * Sets the lease.
     *
     * @param lease at least 30 ms
     */
    public void setLease(Duration lease) {
      this.lease = lease;
    }
  }

  /** The implementations of the {@code ConcurrencyProvider} bean. */
  public enum Provider {
    /** HOT Redis's locks, semaphores and queues, shared by every process using the same Redis. */
    REDIS,
    /** The JDK's own in-process classes, for tests and single-process deployments. */
    LOCAL
  }
}
