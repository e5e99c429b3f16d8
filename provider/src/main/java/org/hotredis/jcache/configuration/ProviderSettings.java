package org.hotredis.jcache.configuration;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.cache.CacheException;
import javax.cache.configuration.Factory;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;
import org.hotredis.toolkit.IterationMemory;
import org.jspecify.annotations.Nullable;

/**
 * The settings of a cache manager, resolved without code: from the properties given to {@code
 * getCacheManager}, system properties, the environment and a properties file.
 *
 * <p>Each setting is taken from the first of: the manager's properties; the system property; the
 * file the manager URI names ({@code classpath:app/cache.properties}, {@code
 * file:/etc/app/cache.properties}, {@code jar:file:/app.jar!/cache.properties} or any URL this JVM
 * can open), else {@value #FILE} on the class path. The Redis URI comes from a {@code redis://},
 * {@code rediss://}, {@code redis-cluster://} or {@code redis-sentinel://} manager URI, else
 * {@value #URI} from those sources or the environment variable {@value #URI_VARIABLE}, else HOT
 * Redis's own default ({@code hotredis.uri}, {@code HOT_REDIS_URI}, {@code
 * redis://localhost:6379}). A manager whose settings name no Redis URI uses the client {@link
 * org.hotredis.HotRedis#configure} set, if any, and a {@link org.hotredis.HotClient} given in its
 * properties under {@value #CLIENT} wins over every URI.
 *
 * <pre>
 * hotredis.jcache.uri=redis://cache.internal:6379/0
 * hotredis.jcache.key-prefix=app1:jcache:
 * hotredis.jcache.iterator-memory=16777216
 * hotredis.jcache.serialization.allow=com.acme.model.**,java.util.*
 * hotredis.jcache.factory.allow=com.acme.cache.**
 * hotredis.jcache.cache.users.key-type=java.lang.String
 * hotredis.jcache.cache.users.value-type=com.acme.model.User
 * hotredis.jcache.cache.users.value-codec=json
 * hotredis.jcache.cache.users.expiry=created:PT10M
 * hotredis.jcache.cache.visits.value-type=java.lang.Long
 * hotredis.jcache.cache.visits.counter=true
 * hotredis.jcache.cache.sessions.shards=16
 * </pre>
 *
 * <p>Per-cache settings ({@value #CACHE}{@code <name>.<setting>}): {@code key-type}, {@code
 * value-type}, {@code key-codec}, {@code value-codec} (see {@link CacheCodecs#named}), {@code
 * expiry} ({@code eternal}, or {@code created}, {@code accessed}, {@code modified} or {@code
 * touched}, a colon and an ISO-8601 duration or milliseconds), {@code counter}, {@code shards} (see
 * {@link HotCacheConfiguration#setShards}), {@code default-factory} (a {@link Factory} class with a
 * public no-argument constructor: its {@code create()} gives the default value), {@code loader} and
 * {@code writer} (class names), {@code read-through}, {@code write-through}, {@code statistics},
 * {@code management}, {@code key-prefix}, {@code serialization.allow}, {@code
 * near-cache.max-entries} and {@code near-cache.time-to-live} (see {@link
 * HotCacheConfiguration#setNearCacheMaxEntries}; the defaults of every cache are {@value
 * #NEAR_CACHE_MAX_ENTRIES} and {@value #NEAR_CACHE_TIME_TO_LIVE}). A cache named there is declared:
 * {@code getCache} opens it (attaching to the stored cache, or storing its configuration), {@code
 * getCacheNames} lists it, and {@code createCache} applies these settings over the configuration it
 * is given.
 *
 * <p>Settings are checked when the manager starts, not when a cache first opens: a lease shorter
 * than {@link #MIN_LEASE}, a sweep interval that is not positive, an unknown or malformed per-cache
 * setting, and per-cache settings that contradict each other (a counter with values other than
 * {@code Long} or a codec other than the default; shards with a key prefix or name holding a brace)
 * are refused with a message naming them. The renewal of leases is derived from the lease alone
 * (every third of it), whatever the sweep interval.
 */
public final class ProviderSettings {
  /** The class-path resource read by default. */
  public static final String FILE = "hot-redis-jcache.properties";

  /** The Redis URI of managers whose URI is not a Redis URI. */
  public static final String URI = "hotredis.jcache.uri";

  /** The environment variable that gives the Redis URI. */
  public static final String URI_VARIABLE = "HOT_REDIS_JCACHE_URI";

  /**
   * The key of a {@link org.hotredis.HotClient} object (not a string) in the properties given to
   * {@code getCacheManager}: the manager uses that client, whatever the URIs say, and never closes
   * it. How a framework hands the application's client to the provider.
   */
  public static final String CLIENT = "org.hotredis.HotClient";

  /** The prefix of every cache's Redis key (default {@code jcache:}). */
  public static final String KEY_PREFIX = "hotredis.jcache.key-prefix";

  /**
   * Comma-separated classes, packages and package trees Java serialization may read: the values of
   * caches, and the key and value types a cache configuration read from Redis names.
   */
  public static final String SERIALIZATION_ALLOW = "hotredis.jcache.serialization.allow";

  /**
   * Comma-separated classes, packages and package trees that a cache configuration read from Redis
   * ({@code getCache} of a cache this JVM has not declared) may have this JVM load and instantiate:
   * the factories of its expiry policy, loader, writer and default values, what they create, and
   * codec classes. Empty by default: only JCache's own expiry policies are accepted.
   */
  public static final String FACTORY_ALLOW = "hotredis.jcache.factory.allow";

  /**
   * How often each JVM removes expired entries (ISO-8601 or milliseconds; default 1 s; must be
   * positive).
   */
  public static final String SWEEP_INTERVAL = "hotredis.jcache.sweep-interval";

  /**
   * How long a JVM's handle on a cache, and a write-through operation's write lease on a key, count
   * without renewal (default 30 s, at least {@link #MIN_LEASE}). Each JVM renews them every third
   * of the lease, whatever the sweep interval.
   */
  public static final String LEASE = "hotredis.jcache.lease";

  /** The shortest lease accepted: shorter ones lapse on an ordinary pause of a JVM or of Redis. */
  public static final Duration MIN_LEASE = Duration.ofSeconds(1);

  /**
   * How many bytes of this JVM each cache iteration may use to remember the keys it returned, so
   * that it returns each entry once (default 16 MiB; beyond it, the memory moves to Redis): see
   * {@link org.hotredis.toolkit.IterationMemory}.
   */
  public static final String ITERATOR_MEMORY = "hotredis.jcache.iterator-memory";

  /**
   * The most entries each cache's near cache keeps in this JVM, for every cache that does not set
   * its own ({@code hotredis.jcache.cache.<name>.near-cache.max-entries}, {@link
   * HotCacheConfiguration#setNearCacheMaxEntries}); default 0, no near cache.
   */
  public static final String NEAR_CACHE_MAX_ENTRIES = "hotredis.jcache.near-cache.max-entries";

  /**
   * How long a near cache serves an entry after reading it, for every cache that does not set its
   * own (ISO-8601 or milliseconds); default none: until something drops it.
   */
  public static final String NEAR_CACHE_TIME_TO_LIVE = "hotredis.jcache.near-cache.time-to-live";

  /** The prefix of per-cache settings. */
  public static final String CACHE = "hotredis.jcache.cache.";

  /** Per-cache settings whose names hold a dot. */
  private static final List<String> DOTTED_SETTINGS =
      List.of("serialization.allow", "near-cache.max-entries", "near-cache.time-to-live");

  private static final String DEFAULT_KEY_PREFIX = "jcache:";
  private static final String FALLBACK_URI = "redis://localhost:6379";
  private static final Set<String> REDIS_SCHEMES =
      Set.of("redis", "rediss", "redis-cluster", "redis-sentinel");

  private final String redisUri;
  private final String keyPrefix;
  private final List<String> serializationAllowList;
  private final List<String> factoryAllowList;
  private final Duration sweepInterval;
  private final Duration lease;
  private final long iteratorMemory;
  private final long nearCacheMaxEntries;
  private final @Nullable Duration nearCacheTimeToLive;
  private final Map<String, Map<String, String>> caches;
  private final boolean redisUriExplicit;
  private final boolean redisUriFallback;

  private ProviderSettings(
      String redisUri,
      String keyPrefix,
      List<String> serializationAllowList,
      List<String> factoryAllowList,
      Duration sweepInterval,
      Duration lease,
      long iteratorMemory,
      long nearCacheMaxEntries,
      @Nullable Duration nearCacheTimeToLive,
      Map<String, Map<String, String>> caches,
      boolean redisUriExplicit,
      boolean redisUriFallback) {
    this.redisUri = redisUri;
    this.keyPrefix = keyPrefix;
    this.serializationAllowList = serializationAllowList;
    this.factoryAllowList = factoryAllowList;
    this.sweepInterval = sweepInterval;
    this.lease = lease;
    this.iteratorMemory = iteratorMemory;
    this.nearCacheMaxEntries = nearCacheMaxEntries;
    this.nearCacheTimeToLive = nearCacheTimeToLive;
    this.caches = caches;
    this.redisUriExplicit = redisUriExplicit;
    this.redisUriFallback = redisUriFallback;
  }

  /**
   * Resolves the settings of a cache manager.
   *
   * @param managerUri the manager's URI
   * @param loader the manager's class loader, which finds {@value #FILE}
   * @param properties the properties given to {@code getCacheManager}
   * @return the settings
   * @throws CacheException if a file the URI names cannot be read, a setting is malformed, or
   *     settings cannot work together (the message names them)
   */
  public static ProviderSettings resolve(
      URI managerUri, ClassLoader loader, Properties properties) {
    requireNonNull(managerUri, "managerUri");
    requireNonNull(loader, "loader");
    requireNonNull(properties, "properties");
    Properties file = file(managerUri, loader);
    List<Properties> layers = List.of(properties, System.getProperties(), file);
    String scheme = managerUri.getScheme();
    String redisUri;
    boolean explicit = true;
    boolean fallback = false;
    if (scheme != null && REDIS_SCHEMES.contains(scheme.toLowerCase(Locale.ROOT))) {
      redisUri = managerUri.toString();
    } else {
      redisUri = firstOf(List.of(properties, System.getProperties()), URI);
      if (redisUri == null) {
        redisUri = System.getenv(URI_VARIABLE);
      }
      if (redisUri == null || redisUri.isBlank()) {
        redisUri = firstOf(List.of(file), URI);
      }
      if (redisUri == null || redisUri.isBlank()) {
        explicit = false;
        redisUri = defaultRedisUri();
        fallback = redisUri == null;
        if (redisUri == null) {
          redisUri = FALLBACK_URI;
        }
      }
    }
    String prefix = firstOf(layers, KEY_PREFIX);
    String allow = firstOf(layers, SERIALIZATION_ALLOW);
    String factories = firstOf(layers, FACTORY_ALLOW);
    String sweep = firstOf(layers, SWEEP_INTERVAL);
    String lease = firstOf(layers, LEASE);
    String iteratorMemory = firstOf(layers, ITERATOR_MEMORY);
    String nearEntries = firstOf(layers, NEAR_CACHE_MAX_ENTRIES);
    String nearLife = firstOf(layers, NEAR_CACHE_TIME_TO_LIVE);
    ProviderSettings settings =
        new ProviderSettings(
            redisUri.trim(),
            prefix == null ? DEFAULT_KEY_PREFIX : prefix,
            withFrameworkClasses(patterns(allow)),
            AllowList.checkPatterns(FACTORY_ALLOW, patterns(factories)),
            sweep == null ? Duration.ofSeconds(1) : duration(SWEEP_INTERVAL, sweep),
            lease == null ? Duration.ofSeconds(30) : duration(LEASE, lease),
            iteratorMemory == null ? IterationMemory.DEFAULT_BUDGET : bytes(iteratorMemory),
            nearEntries == null ? 0 : count(NEAR_CACHE_MAX_ENTRIES, nearEntries),
            nearLife == null ? null : life(NEAR_CACHE_TIME_TO_LIVE, nearLife),
            caches(layers),
            explicit,
            fallback);
    settings.check();
    return settings;
  }

  /**
   * Refuses, at start-up, settings that cannot work: a lease or sweep interval out of range, and
   * per-cache settings that are unknown, malformed or contradict each other. Renewals are derived
   * from the lease alone (every third of it), so the lease and the sweep interval need not agree.
   */
  private void check() {
    if (lease.compareTo(MIN_LEASE) < 0) {
      throw new CacheException(
          LEASE
              + " = "
              + lease
              + " is too short: every JVM renews its handles on caches and its write leases every"
              + " third of the lease, and a lease shorter than "
              + MIN_LEASE
              + " lapses on an ordinary pause (a garbage collection, a slow Redis reply); other"
              + " JVMs would then take live handles for gone, stop sending their listeners events"
              + " and recreate their caches empty. Use "
              + MIN_LEASE
              + " or more");
    }
    if (sweepInterval.isNegative() || sweepInterval.isZero()) {
      throw new CacheException(
          SWEEP_INTERVAL + " = " + sweepInterval + " must be positive (default PT1S)");
    }
    caches.forEach(this::checkCache);
  }

  private void checkCache(String name, Map<String, String> declared) {
    for (Map.Entry<String, String> setting : declared.entrySet()) {
      String value = setting.getValue();
      switch (setting.getKey()) {
        case "key-type",
            "value-type",
            "key-codec",
            "value-codec",
            "default-factory",
            "loader",
            "writer",
            "key-prefix",
            "serialization.allow" -> {}
        case "expiry" -> expiry(name, value);
        case "shards" -> shards(name, value);
        case "near-cache.max-entries" -> count(CACHE + name + ".near-cache.max-entries", value);
        case "near-cache.time-to-live" -> life(CACHE + name + ".near-cache.time-to-live", value);
        case "counter", "read-through", "write-through", "statistics", "management" ->
            flag(name, setting.getKey(), value);
        default -> throw unknown(name, setting.getKey(), value);
      }
    }
    if (flag(name, "counter", declared.getOrDefault("counter", "false"))) {
      String valueType = declared.get("value-type");
      if (valueType != null
          && !valueType.equals(Long.class.getName())
          && !valueType.equals(Object.class.getName())) {
        throw new CacheException(
            CACHE
                + name
                + ".value-type = "
                + valueType
                + " cannot work with "
                + CACHE
                + name
                + ".counter = true: a counter's values are Long counts");
      }
      String valueCodec = declared.get("value-codec");
      if (valueCodec != null && !valueCodec.equals("default")) {
        throw new CacheException(
            CACHE
                + name
                + ".value-codec = "
                + valueCodec
                + " cannot work with "
                + CACHE
                + name
                + ".counter = true: a counter stores its counts as decimal text, with the default"
                + " codec, so that HINCRBY counts them");
      }
    }
    String shards = declared.get("shards");
    if (shards != null && shards(name, shards) > 1) {
      String declaredPrefix = declared.get("key-prefix");
      String prefix = declaredPrefix == null ? keyPrefix : declaredPrefix;
      if (hasBrace(name) || hasBrace(prefix)) {
        throw new CacheException(
            CACHE
                + name
                + ".shards = "
                + shards
                + " cannot work with the key prefix "
                + (declaredPrefix == null ? KEY_PREFIX : CACHE + name + ".key-prefix")
                + " = '"
                + prefix
                + "' and the cache name '"
                + name
                + "': each shard needs a hash tag of its own, so neither may contain '{' or '}'");
      }
    }
  }

  private static boolean hasBrace(String text) {
    return text.indexOf('{') >= 0 || text.indexOf('}') >= 0;
  }

  private static boolean flag(String cache, String setting, String value) {
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    if (value.equalsIgnoreCase("false")) {
      return false;
    }
    throw new CacheException(
        CACHE + cache + "." + setting + " = '" + value + "': expected true or false");
  }

  private static CacheException unknown(String cache, String setting, String value) {
    return new CacheException(
        "unknown setting "
            + CACHE
            + cache
            + "."
            + setting
            + " = "
            + value
            + " (known: key-type, value-type, key-codec, value-codec, expiry, counter, shards,"
            + " default-factory, loader, writer, read-through, write-through, statistics,"
            + " management, key-prefix, serialization.allow, near-cache.max-entries,"
            + " near-cache.time-to-live)");
  }

  /** HOT Redis's process-wide URI ({@code hotredis.uri}, {@code HOT_REDIS_URI}), or null. */
  private static @Nullable String defaultRedisUri() {
    String uri = System.getProperty("hotredis.uri");
    if (uri == null || uri.isBlank()) {
      uri = System.getenv("HOT_REDIS_URI");
    }
    return uri == null || uri.isBlank() ? null : uri;
  }

  private static Properties file(URI managerUri, ClassLoader loader) {
    String scheme = managerUri.getScheme();
    Properties file = new Properties();
    try {
      if ("classpath".equals(scheme)) {
        String path = managerUri.getSchemeSpecificPart();
        path = path.startsWith("/") ? path.substring(1) : path;
        try (InputStream in = loader.getResourceAsStream(path)) {
          if (in == null) {
            throw new CacheException(
                "no resource " + path + " on the class path for " + managerUri);
          }
          file.load(in);
        }
      } else if (scheme == null
          || scheme.equalsIgnoreCase("hotredis")
          || REDIS_SCHEMES.contains(scheme.toLowerCase(Locale.ROOT))) {
        try (InputStream in = loader.getResourceAsStream(FILE)) {
          if (in != null) {
            file.load(in);
          }
        }
      } else {
        // file:, jar: (a settings file inside an application's jar, as Hibernate and Spring Boot
        // resolve class-path resources), or any other scheme this JVM can open.
        try (InputStream in = open(managerUri)) {
          file.load(in);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      throw new CacheException("cannot read the settings of cache manager " + managerUri, e);
    }
    return file;
  }

  private static InputStream open(URI managerUri) throws IOException {
    if ("file".equalsIgnoreCase(managerUri.getScheme())) {
      return Files.newInputStream(Path.of(managerUri));
    }
    try {
      return managerUri.toURL().openStream();
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new CacheException(
          "cache manager URI "
              + managerUri
              + " is neither a Redis URI (redis:, rediss:, redis-cluster:, redis-sentinel:), nor"
              + " a settings file (classpath:, file:, jar:, or another URL this JVM can open)",
          e);
    }
  }

  private static @Nullable String firstOf(List<Properties> layers, String name) {
    for (Properties layer : layers) {
      String value = layer.getProperty(name);
      if (value != null) {
        return value.trim();
      }
    }
    return null;
  }

  private static Map<String, Map<String, String>> caches(List<Properties> layers) {
    Map<String, Map<String, String>> caches = new LinkedHashMap<>();
    List<Properties> lowestFirst = new ArrayList<>(layers);
    Collections.reverse(lowestFirst);
    for (Properties layer : lowestFirst) {
      for (String name : layer.stringPropertyNames()) {
        if (!name.startsWith(CACHE)) {
          continue;
        }
        String rest = name.substring(CACHE.length());
        int dot = rest.lastIndexOf('.');
        for (String dotted : DOTTED_SETTINGS) {
          if (rest.endsWith("." + dotted)) {
            dot = rest.length() - dotted.length() - 1;
          }
        }
        if (dot <= 0) {
          continue;
        }
        caches
            .computeIfAbsent(rest.substring(0, dot), n -> new LinkedHashMap<>())
            .put(rest.substring(dot + 1), layer.getProperty(name).trim());
      }
    }
    Map<String, Map<String, String>> frozen = new LinkedHashMap<>();
    caches.forEach((name, settings) -> frozen.put(name, Map.copyOf(settings)));
    return Collections.unmodifiableMap(frozen);
  }

  private static List<String> patterns(@Nullable String list) {
    if (list == null || list.isBlank()) {
      return List.of();
    }
    return Arrays.stream(list.split(",")).map(String::trim).filter(p -> !p.isEmpty()).toList();
  }

  private static long bytes(String text) {
    return nonNegative(ITERATOR_MEMORY, text, "is not a number of bytes (0 or more)");
  }

  private static long count(String setting, String text) {
    return nonNegative(setting, text, "is not a number of entries (0 for no near cache, or more)");
  }

  private static long nonNegative(String setting, String text, String problem) {
    try {
      long number = Long.parseLong(text.trim());
      if (number >= 0) {
        return number;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new CacheException(setting + " = '" + text + "' " + problem);
  }

  private static Duration life(String setting, String text) {
    Duration life = duration(setting, text.trim());
    if (life.isZero() || life.isNegative()) {
      throw new CacheException(setting + " = '" + text + "' must be positive");
    }
    return life;
  }

  private static Duration duration(String setting, String text) {
    try {
      return text.chars().allMatch(Character::isDigit)
          ? Duration.ofMillis(Long.parseLong(text))
          : Duration.parse(text);
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new CacheException(
          setting + " = '" + text + "' is neither an ISO-8601 duration nor milliseconds", e);
    }
  }

  // ---- the settings ----

  /**
   * Returns the URI of the Redis deployment the manager uses.
   *
   * @return the Redis URI
   */
  public String redisUri() {
    return redisUri;
  }

  /**
   * Returns whether the settings name the Redis deployment: a Redis manager URI, or {@value #URI}
   * in the properties, a system property, the environment or the settings file. A manager whose
   * settings do not uses the client {@link org.hotredis.HotRedis#configure} set, if any.
   *
   * @return true if the settings name the Redis URI
   */
  public boolean isRedisUriExplicit() {
    return redisUriExplicit;
  }

  /**
   * Returns whether nothing names a Redis deployment, neither the settings nor HOT Redis's own
   * {@code hotredis.uri} and {@code HOT_REDIS_URI}, so that {@link #redisUri()} is the last resort,
   * {@code redis://localhost:6379}.
   *
   * @return true if the Redis URI is the localhost fallback
   */
  public boolean isRedisUriFallback() {
    return redisUriFallback;
  }

  /**
   * Returns the prefix of the caches' Redis keys.
   *
   * @return the prefix
   */
  public String keyPrefix() {
    return keyPrefix;
  }

  /**
   * The classes that frameworks put in caches on their own, which Java serialization may always
   * read: Spring's marker of a cached null ({@code @Cacheable} with {@code allowNullValues}), and
   * Hibernate's second-level cache entries, keys, read-write items and soft locks ({@code UUID}),
   * query keys and results ({@code ArrayList}), and the {@code Serializable[]} holding an entity's
   * state. All of them only carry data.
   */
  public static final List<String> FRAMEWORK_CLASSES =
      List.of(
          "org.springframework.cache.support.NullValue",
          "org.hibernate.cache.internal.*",
          "org.hibernate.cache.spi.entry.*",
          "org.hibernate.cache.spi.support.*",
          "org.hibernate.cache.spi.QueryKey",
          "org.hibernate.query.internal.QueryParameterBindingsImpl$ParameterBindingsMementoImpl",
          "java.io.Serializable",
          "java.util.ArrayList",
          "java.util.UUID");

  private static List<String> withFrameworkClasses(List<String> configured) {
    List<String> all = new ArrayList<>(configured);
    for (String pattern : FRAMEWORK_CLASSES) {
      if (!all.contains(pattern)) {
        all.add(pattern);
      }
    }
    return List.copyOf(all);
  }

  /**
   * Returns the classes Java serialization may read, for every cache of the manager: those of
   * {@value #SERIALIZATION_ALLOW}, then {@link #FRAMEWORK_CLASSES}.
   *
   * @return the allow-list patterns
   */
  public List<String> serializationAllowList() {
    return serializationAllowList;
  }

  /**
   * Returns the classes a cache configuration read from Redis may have this JVM instantiate.
   *
   * @return the allow-list patterns
   */
  public List<String> factoryAllowList() {
    return factoryAllowList;
  }

  /**
   * Returns how often each JVM removes expired entries.
   *
   * @return the sweep interval
   */
  public Duration sweepInterval() {
    return sweepInterval;
  }

  /**
   * Returns how long a handle on a cache counts as open without renewal.
   *
   * @return the lease
   */
  public Duration lease() {
    return lease;
  }

  /**
   * Returns how many bytes of this JVM each cache iteration may use to remember the keys it
   * returned.
   *
   * @return the budget in bytes
   */
  public long iteratorMemory() {
    return iteratorMemory;
  }

  /**
   * Returns the near-cache bound of caches that set none: {@value #NEAR_CACHE_MAX_ENTRIES}.
   *
   * @return the most entries, 0 for no near cache
   */
  public long nearCacheMaxEntries() {
    return nearCacheMaxEntries;
  }

  /**
   * Returns the near-cache time to live of caches that set none: {@value #NEAR_CACHE_TIME_TO_LIVE}.
   *
   * @return the time to live, or null for none
   */
  public @Nullable Duration nearCacheTimeToLive() {
    return nearCacheTimeToLive;
  }

  /**
   * Returns the names of the caches declared in the settings.
   *
   * @return the names, in the order they were found
   */
  public Set<String> declaredCaches() {
    return caches.keySet();
  }

  /**
   * Returns whether a cache is declared in the settings.
   *
   * @param name the cache name
   * @return true if settings name it
   */
  public boolean isDeclared(String name) {
    return caches.containsKey(name);
  }

  /**
   * Returns the configuration the settings declare for a cache: JCache's defaults with the declared
   * settings applied.
   *
   * @param name the cache name
   * @param loader the class loader that finds the classes the settings name
   * @return a new configuration
   */
  public HotCacheConfiguration<Object, Object> declaredConfiguration(
      String name, ClassLoader loader) {
    return apply(name, new HotCacheConfiguration<>(), loader);
  }

  /**
   * Applies the declared settings of a cache over a configuration (declared settings win).
   *
   * @param name the cache name
   * @param configuration the configuration, changed in place
   * @param loader the class loader that finds the classes the settings name
   * @param <K> the key type
   * @param <V> the value type
   * @return the configuration
   * @throws CacheException if a setting is malformed or names a class that cannot be loaded
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public <K, V> HotCacheConfiguration<K, V> apply(
      String name, HotCacheConfiguration<K, V> configuration, ClassLoader loader) {
    Map<String, String> declared = caches.get(name);
    if (declared == null) {
      return configuration;
    }
    HotCacheConfiguration raw = configuration;
    for (Map.Entry<String, String> setting : declared.entrySet()) {
      String value = setting.getValue();
      switch (setting.getKey()) {
        case "key-type" -> raw.setTypes(load(value, loader), raw.getValueType());
        case "value-type" -> raw.setTypes(raw.getKeyType(), load(value, loader));
        case "key-codec" -> raw.setKeyCodecName(value);
        case "value-codec" -> raw.setValueCodecName(value);
        case "expiry" -> raw.setExpiryPolicyFactory(expiry(name, value));
        case "counter" -> raw.setCounter(flag(name, "counter", value));
        case "shards" -> raw.setShards(shards(name, value));
        case "default-factory" -> raw.setDefaultFactory(factory(value, loader));
        case "loader" -> raw.setCacheLoaderFactory(FactoryBuilder.factoryOf(value));
        case "writer" -> raw.setCacheWriterFactory(FactoryBuilder.factoryOf(value));
        case "read-through" -> raw.setReadThrough(flag(name, "read-through", value));
        case "write-through" -> raw.setWriteThrough(flag(name, "write-through", value));
        case "statistics" -> raw.setStatisticsEnabled(flag(name, "statistics", value));
        case "management" -> raw.setManagementEnabled(flag(name, "management", value));
        case "key-prefix" -> raw.setKeyPrefix(value);
        case "serialization.allow" -> raw.setSerializationAllowList(patterns(value));
        case "near-cache.max-entries" ->
            raw.setNearCacheMaxEntries(count(CACHE + name + ".near-cache.max-entries", value));
        case "near-cache.time-to-live" ->
            raw.setNearCacheTimeToLive(life(CACHE + name + ".near-cache.time-to-live", value));
        default -> throw unknown(name, setting.getKey(), value);
      }
    }
    return configuration;
  }

  private static int shards(String cache, String value) {
    try {
      int shards = Integer.parseInt(value.trim());
      if (shards >= 1 && shards <= HotCacheConfiguration.MAX_SHARDS) {
        return shards;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new CacheException(
        CACHE
            + cache
            + ".shards = '"
            + value
            + "': expected a number of shards from 1 to "
            + HotCacheConfiguration.MAX_SHARDS);
  }

  private static Factory<?> factory(String className, ClassLoader loader) {
    Class<?> type = load(className, loader);
    if (!Factory.class.isAssignableFrom(type)) {
      throw new CacheException(
          "default factory " + className + " does not implement " + Factory.class.getName());
    }
    try {
      return (Factory<?>) type.getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new CacheException(
          "default factory " + className + " needs a public no-argument constructor", e);
    }
  }

  private static Class<?> load(String className, ClassLoader loader) {
    try {
      return Class.forName(className, false, loader);
    } catch (ClassNotFoundException e) {
      throw new CacheException("class " + className + " named in the cache settings not found", e);
    }
  }

  private static Factory<ExpiryPolicy> expiry(String cache, String value) {
    if (value.equals("eternal")) {
      return EternalExpiryPolicy.factoryOf();
    }
    int colon = value.indexOf(':');
    if (colon < 0) {
      throw new CacheException(
          CACHE + cache + ".expiry = '" + value + "': expected eternal or <kind>:<duration>");
    }
    Duration duration = duration(CACHE + cache + ".expiry", value.substring(colon + 1).trim());
    javax.cache.expiry.Duration jcache =
        new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, duration.toMillis());
    return switch (value.substring(0, colon).trim()) {
      case "created" -> CreatedExpiryPolicy.factoryOf(jcache);
      case "accessed" -> AccessedExpiryPolicy.factoryOf(jcache);
      case "modified" -> ModifiedExpiryPolicy.factoryOf(jcache);
      case "touched" -> TouchedExpiryPolicy.factoryOf(jcache);
      default ->
          throw new CacheException(
              CACHE
                  + cache
                  + ".expiry = '"
                  + value
                  + "': the kind must be created, accessed, modified or touched");
    };
  }

  @Override
  public String toString() {
    return "ProviderSettings[keyPrefix="
        + keyPrefix
        + ", serializationAllowList="
        + serializationAllowList
        + ", factoryAllowList="
        + factoryAllowList
        + ", declared caches="
        + caches.keySet()
        + "]";
  }
}
