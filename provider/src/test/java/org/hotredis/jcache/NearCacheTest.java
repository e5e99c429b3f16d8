package org.hotredis.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.processor.MutableEntry;
import org.hotredis.jcache.configuration.HotCacheConfiguration;
import org.hotredis.jcache.configuration.ProviderSettings;
import org.hotredis.jcache.processor.HotProcessors;
import org.hotredis.testing.Await;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The near cache, in one JVM: what it serves without a round trip, and every way an entry it keeps
 * is dropped. Writes that bypass the cache's scripts (a raw {@code HSET}) are how the tests see
 * whether a read was served from the near cache: such a write changes Redis and tells nobody. A
 * second manager under another class loader holds a handle of its own, as another JVM would.
 */
@RedisTest
final class NearCacheTest {
  private static final Duration ARRIVAL = Duration.ofSeconds(10);

  private RedisDeployment redis;
  private CacheManager manager;
  private CacheManager other;

  @BeforeEach
  void open(RedisDeployment deployment) {
    redis = deployment;
    manager = Managers.on(redis);
    other = Managers.other(redis);
  }

  @AfterEach
  void close() {
    other.close();
    manager.close();
  }

  private static HotCacheConfiguration<String, String> near() {
    return new HotCacheConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setNearCacheMaxEntries(1000);
  }

  private Cache<String, String> created(String name) {
    Cache<String, String> cache = manager.createCache(name, near());
    Await.until(ARRIVAL, () -> nearOf(cache).serving(), "the near cache to serve");
    return cache;
  }

  private static NearCache nearOf(Cache<?, ?> cache) {
    return cache.unwrap(HotCache.class).nearCache();
  }

  /** Changes an entry behind the cache's back: no script, no message. */
  private void writeBehind(String cache, String key, String value) {
    redis.execute("HSET", "jcache:" + cache, key, value);
  }

  @Test
  void get_entryReadBefore_isServedFromTheJvmWithoutReadingRedis() {
    Cache<String, String> cache = created("served");
    cache.put("k", "v1");
    assertThat(cache.get("k")).isEqualTo("v1");

    writeBehind("served", "k", "behind");

    assertThat(cache.get("k")).isEqualTo("v1");
    assertThat(cache.containsKey("k")).isTrue();
    assertThat(other.getCache("served", String.class, String.class).get("k")).isEqualTo("behind");
  }

  @Test
  void unreadableMessageOnTheChannel_dropsEverythingKept() {
    Cache<String, String> cache = created("garbled");
    cache.put("k", "v1");
    assertThat(cache.get("k")).isEqualTo("v1");
    writeBehind("garbled", "k", "behind");

    redis.execute("PUBLISH", "{jcache:garbled}:events", "not a message the scripts write");

    Await.until(ARRIVAL, () -> "behind".equals(cache.get("k")), "the near cache to drop k");
  }

  @Test
  void writesOfThisHandle_everyKind_areReadBackAtOnce() {
    Cache<String, String> cache = created("own");
    cache.put("k", "v1");
    assertThat(cache.get("k")).isEqualTo("v1");
    cache.put("k", "v2");
    assertThat(cache.get("k")).isEqualTo("v2");
    assertThat(cache.getAndPut("k", "v3")).isEqualTo("v2");
    assertThat(cache.get("k")).isEqualTo("v3");
    assertThat(cache.replace("k", "v4")).isTrue();
    assertThat(cache.get("k")).isEqualTo("v4");
    assertThat(cache.replace("k", "v4", "v5")).isTrue();
    assertThat(cache.get("k")).isEqualTo("v5");
    cache.invoke(
        "k",
        (MutableEntry<String, String> entry, Object... arguments) -> {
          entry.setValue(entry.getValue() + "!");
          return null;
        });
    assertThat(cache.get("k")).isEqualTo("v5!");
    cache.putAll(Map.of("k", "v6", "j", "w"));
    assertThat(cache.get("k")).isEqualTo("v6");
    assertThat(cache.remove("k", "v6")).isTrue();
    assertThat(cache.get("k")).isNull();
    assertThat(cache.putIfAbsent("k", "v7")).isTrue();
    assertThat(cache.get("k")).isEqualTo("v7");
    assertThat(cache.getAndRemove("k")).isEqualTo("v7");
    assertThat(cache.get("k")).isNull();
    cache.put("k", "v8");
    assertThat(cache.get("k")).isEqualTo("v8");
    cache.removeAll(Set.of("k"));
    assertThat(cache.get("k")).isNull();
    cache.put("k", "v9");
    assertThat(cache.get("k")).isEqualTo("v9");
    cache.clear();
    assertThat(cache.get("k")).isNull();
    assertThat(cache.get("j")).isNull();
  }

  @Test
  void writesOfAnotherHandle_everyKind_reachTheNearCache() {
    Cache<String, String> cache = created("theirs");
    Cache<String, String> theirs = other.getCache("theirs", String.class, String.class);
    cache.put("k", "v1");
    cache.put("j", "w1");
    assertThat(cache.get("k")).isEqualTo("v1");
    assertThat(cache.get("j")).isEqualTo("w1");

    theirs.put("k", "v2");
    Await.until(ARRIVAL, () -> "v2".equals(cache.get("k")), "the update to arrive");
    theirs.remove("k");
    Await.until(ARRIVAL, () -> cache.get("k") == null, "the removal to arrive");
    theirs.invoke("j", (entry, arguments) -> entry.exists() ? entry.getValue() : null);
    theirs.replace("j", "w2");
    Await.until(ARRIVAL, () -> "w2".equals(cache.get("j")), "the replacement to arrive");
    theirs.clear();
    Await.until(ARRIVAL, () -> cache.get("j") == null, "the clear to arrive");
  }

  @Test
  void shardedCache_writesOfAnotherHandleReachTheNearCacheFromEveryShard() {
    Cache<String, String> cache = manager.createCache("spread", near().setShards(4));
    Await.until(ARRIVAL, () -> nearOf(cache).serving(), "the near cache to serve");
    Cache<String, String> theirs = other.getCache("spread", String.class, String.class);
    for (int i = 0; i < 20; i++) {
      cache.put("k" + i, "v1");
      assertThat(cache.get("k" + i)).isEqualTo("v1");
    }

    for (int i = 0; i < 20; i++) {
      theirs.put("k" + i, "v2");
    }

    for (int i = 0; i < 20; i++) {
      String key = "k" + i;
      Await.until(ARRIVAL, () -> "v2".equals(cache.get(key)), "the update of " + key);
    }
  }

  @Test
  @Timeout(120)
  void readsDuringAnotherHandlesWrites_neverGoBackAndEndOnTheLastValue() throws Exception {
    Cache<String, String> cache = created("monotonic");
    Cache<String, String> theirs = other.getCache("monotonic", String.class, String.class);
    theirs.put("k", "0");
    int last = 2000;
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread writer =
        new Thread(
            () -> {
              try {
                for (int i = 1; i <= last; i++) {
                  theirs.put("k", Integer.toString(i));
                }
              } catch (Throwable e) {
                failure.set(e);
              }
            });
    writer.start();
    int seen = -1;
    List<String> backwards = new ArrayList<>();
    while (writer.isAlive() || seen != last) {
      String value = cache.get("k");
      int now = value == null ? -1 : Integer.parseInt(value);
      if (now < seen) {
        backwards.add(seen + " -> " + now);
      }
      seen = Math.max(seen, now);
      if (!writer.isAlive() && failure.get() != null) {
        break;
      }
    }
    writer.join();
    assertThat(failure.get()).isNull();
    assertThat(backwards).isEmpty();
    assertThat(cache.get("k")).isEqualTo(Integer.toString(last));
  }

  @Test
  void entryWithADeadline_isNotServedPastIt() throws InterruptedException {
    Cache<String, String> cache =
        manager.createCache(
            "deadline",
            near()
                .setExpiryPolicyFactory(
                    CreatedExpiryPolicy.factoryOf(
                        new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, 700))));
    Await.until(ARRIVAL, () -> nearOf(cache).serving(), "the near cache to serve");
    cache.put("k", "v");
    assertThat(cache.get("k")).isEqualTo("v");

    Thread.sleep(800);

    assertThat(cache.get("k")).isNull();
    assertThat(cache.containsKey("k")).isFalse();
  }

  @Test
  void accessExpiry_everyReadGoesToRedisToMoveTheDeadline() {
    Cache<String, String> cache =
        manager.createCache(
            "accessed",
            near()
                .setExpiryPolicyFactory(
                    AccessedExpiryPolicy.factoryOf(
                        new javax.cache.expiry.Duration(TimeUnit.MINUTES, 5))));
    Await.until(ARRIVAL, () -> nearOf(cache).serving(), "the near cache to serve");
    cache.put("k", "v1");
    assertThat(cache.get("k")).isEqualTo("v1");

    writeBehind("accessed", "k", "behind");

    assertThat(cache.get("k")).isEqualTo("behind");
  }

  @Test
  void mutableValues_eachReadGetsItsOwnCopy() {
    Cache<String, ArrayList<String>> cache =
        manager.createCache(
            "copies",
            new HotCacheConfiguration<String, ArrayList<String>>().setNearCacheMaxEntries(100));
    Await.until(ARRIVAL, () -> nearOf(cache).serving(), "the near cache to serve");
    cache.put("k", new ArrayList<>(List.of("a")));
    ArrayList<String> first = cache.get("k");
    first.add("changed by the caller");

    assertThat(cache.get("k")).containsExactly("a");
    assertThat(cache.get("k")).isNotSameAs(cache.get("k"));
  }

  @Test
  void listenersAndStatistics_keepTheirMeaningWithANearCache() {
    Cache<String, String> cache = created("listened");
    List<String> updates = new java.util.concurrent.CopyOnWriteArrayList<>();
    cache.registerCacheEntryListener(
        new MutableCacheEntryListenerConfiguration<>(
            FactoryBuilder.factoryOf(new Recorder(updates)), null, true, true));
    cache.unwrap(HotCache.class).setStatisticsEnabled(true);
    cache.put("k", "v1");
    cache.get("k");
    cache.get("k");
    cache.get("absent");
    other.getCache("listened", String.class, String.class).put("k", "v2");

    Await.until(ARRIVAL, () -> updates.contains("k=v2"), "the other handle's update event");
    assertThat(updates).containsExactly("k=v2");
    Await.until(ARRIVAL, () -> "v2".equals(cache.get("k")), "the update to arrive");
    assertThat(cache.unwrap(HotCache.class).statistics().getCacheMisses()).isEqualTo(1);
  }

  @Test
  void counterIncrements_areReadBackAtOnce() {
    Cache<String, Long> counts =
        manager.createCache(
            "counts",
            new HotCacheConfiguration<String, Long>()
                .setTypes(String.class, Long.class)
                .setCounter(true)
                .setNearCacheMaxEntries(100));
    Await.until(ARRIVAL, () -> nearOf(counts).serving(), "the near cache to serve");
    counts.invoke("k", HotProcessors.increment(1));
    assertThat(counts.get("k")).isEqualTo(1L);
    counts.invoke("k", HotProcessors.increment(2));
    assertThat(counts.get("k")).isEqualTo(3L);
  }

  @Test
  void bound_keepsAtMostMaxEntries() {
    Cache<String, String> cache =
        manager.createCache(
            "bounded",
            new HotCacheConfiguration<String, String>()
                .setTypes(String.class, String.class)
                .setNearCacheMaxEntries(50));
    Await.until(ARRIVAL, () -> nearOf(cache).serving(), "the near cache to serve");
    for (int i = 0; i < 500; i++) {
      cache.put("k" + i, "v" + i);
      assertThat(cache.get("k" + i)).isEqualTo("v" + i);
    }

    assertThat(nearOf(cache).size()).isLessThanOrEqualTo(50);
  }

  @Test
  void settings_perCacheZeroSwitchesOffTheManagersDefault() {
    Properties properties = new Properties();
    properties.setProperty(ProviderSettings.NEAR_CACHE_MAX_ENTRIES, "100");
    properties.setProperty(ProviderSettings.CACHE + "plain.near-cache.max-entries", "0");
    CacheManager configured = withSettings(properties);
    try {
      Cache<String, String> defaulted =
          configured.createCache("defaulted", near().setNearCacheMaxEntries(0));
      Cache<String, String> plain = configured.getCache("plain");
      Cache<String, String> any =
          configured.createCache(
              "any",
              new HotCacheConfiguration<String, String>().setTypes(String.class, String.class));
      assertThat(defaulted.unwrap(HotCache.class).nearCache()).isNull();
      assertThat(plain.unwrap(HotCache.class).nearCache()).isNull();
      assertThat(any.unwrap(HotCache.class).nearCache()).isNotNull();
    } finally {
      configured.close();
    }
  }

  /** A manager of its own (another class loader), so that its settings apply. */
  private CacheManager withSettings(Properties properties) {
    ClassLoader loader = new ClassLoader(NearCacheTest.class.getClassLoader()) {};
    return Managers.provider()
        .getCacheManager(java.net.URI.create(redis.uri()), loader, properties);
  }

  @Test
  void settings_malformed_areRefusedNamingTheSetting() {
    Properties properties = new Properties();
    properties.setProperty(ProviderSettings.CACHE + "c.near-cache.max-entries", "-1");
    assertThatThrownBy(() -> withSettings(properties))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("hotredis.jcache.cache.c.near-cache.max-entries");
    Properties life = new Properties();
    life.setProperty(ProviderSettings.NEAR_CACHE_TIME_TO_LIVE, "PT0S");
    assertThatThrownBy(() -> withSettings(life))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining(ProviderSettings.NEAR_CACHE_TIME_TO_LIVE);
  }

  @Test
  void timeToLive_boundsWhatAWriteBehindTheCachesBackLeaves() throws InterruptedException {
    Cache<String, String> cache =
        manager.createCache("lived", near().setNearCacheTimeToLive(Duration.ofMillis(300)));
    Await.until(ARRIVAL, () -> nearOf(cache).serving(), "the near cache to serve");
    cache.put("k", "v1");
    assertThat(cache.get("k")).isEqualTo("v1");
    writeBehind("lived", "k", "behind");

    Thread.sleep(400);

    assertThat(cache.get("k")).isEqualTo("behind");
  }

  /** Records updates as {@code key=value}. */
  static final class Recorder
      implements CacheEntryUpdatedListener<String, String>, java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final transient List<String> updates;

    Recorder(List<String> updates) {
      this.updates = updates;
    }

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      for (CacheEntryEvent<? extends String, ? extends String> event : events) {
        updates.add(event.getKey() + "=" + event.getValue());
      }
    }
  }
}
