package org.hotredis.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.management.CacheStatisticsMXBean;
import javax.management.JMX;
import org.hotredis.Keys;
import org.hotredis.collections.HotDict;
import org.hotredis.jcache.configuration.HotCacheConfiguration;
import org.hotredis.jcache.management.Jmx;
import org.hotredis.jcache.processor.HotProcessors;
import org.hotredis.testing.Await;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisServer;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A cache spread over hash-tagged shards: every entry on exactly one shard, and every operation,
 * iteration, {@code clear}, {@code size}, statistics and expiry as correct as on one hash. Runs on
 * a single server and on a cluster, where the shards spread over the masters.
 */
@RedisTest
final class ShardedCacheTest {
  private static final int SHARDS = 8;
  private final List<CacheManager> managers = new ArrayList<>();
  private CacheManager manager;

  @BeforeEach
  void open(RedisDeployment redis) {
    manager = manager(redis, new Properties());
  }

  @AfterEach
  void close() {
    managers.forEach(CacheManager::close);
  }

  /** A manager with a handle of its own, as another JVM would have. */
  private CacheManager manager(RedisDeployment redis, Properties properties) {
    ClassLoader loader = new ClassLoader(ShardedCacheTest.class.getClassLoader()) {};
    CacheManager opened =
        Managers.provider().getCacheManager(URI.create(redis.uri()), loader, properties);
    managers.add(opened);
    return opened;
  }

  private static HotCacheConfiguration<String, String> sharded() {
    return new HotCacheConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setShards(SHARDS);
  }

  private static Map<String, String> entries(int count) {
    Map<String, String> entries = new HashMap<>();
    for (int i = 0; i < count; i++) {
      entries.put("k" + i, "v" + i);
    }
    return entries;
  }

  private static long length(RedisDeployment redis, String key) {
    return (Long) redis.execute("HLEN", key);
  }

  /**
   * Returns the ports of the masters that serve the slots of some keys, or of every master for no
   * keys, from {@code CLUSTER SLOTS}.
   */
  private static Set<Long> mastersServing(RedisDeployment redis, List<String> keys) {
    Set<Long> ports = new HashSet<>();
    for (Object range : (List<?>) redis.execute("CLUSTER", "SLOTS")) {
      List<?> fields = (List<?>) range;
      long from = (Long) fields.get(0);
      long to = (Long) fields.get(1);
      long port = (Long) ((List<?>) fields.get(2)).get(1);
      if (keys.isEmpty()
          || keys.stream().mapToInt(Keys::slot).anyMatch(slot -> slot >= from && slot <= to)) {
        ports.add(port);
      }
    }
    return ports;
  }

  @Test
  void shardKeys_fallInEvenlySpacedSlotRanges() {
    List<String> keys = CacheEntries.shardKeys("jcache:big", SHARDS);

    assertThat(keys).hasSize(SHARDS).doesNotHaveDuplicates();
    for (int i = 0; i < SHARDS; i++) {
      int slot = Keys.slot(keys.get(i));
      assertThat(slot).isBetween(i * 16384 / SHARDS, (i + 1) * 16384 / SHARDS - 1);
      assertThat(keys.get(i)).startsWith("{jcache:big#" + i);
    }
    assertThat(CacheEntries.shardKeys("jcache:big", SHARDS)).isEqualTo(keys); // every JVM agrees
  }

  @Test
  void putAll_spreadsEntriesOverEveryShard_andReadsThemBack(RedisDeployment redis) {
    Cache<String, String> cache = manager.createCache("big", sharded());
    Map<String, String> all = entries(2000);

    cache.putAll(all);

    long total = 0;
    for (String shard : CacheEntries.shardKeys("jcache:big", SHARDS)) {
      long length = length(redis, shard);
      assertThat(length).as("entries in %s", shard).isBetween(150L, 350L);
      total += length;
    }
    assertThat(total).isEqualTo(2000);
    if (redis.isCluster()) {
      assertThat(mastersServing(redis, CacheEntries.shardKeys("jcache:big", SHARDS)))
          .as("masters holding shards")
          .isEqualTo(mastersServing(redis, List.of()));
    }
    assertThat(redis.execute("EXISTS", "jcache:big")).isEqualTo(0L); // not in the home hash
    assertThat(cache.unwrap(HotCache.class).size()).isEqualTo(2000);
    Set<String> asked = new HashSet<>(all.keySet());
    asked.add("absent");
    assertThat(cache.getAll(asked)).isEqualTo(all);
    assertThat(cache.get("k7")).isEqualTo("v7");
    assertThat(cache.containsKey("k1999")).isTrue();
    assertThat(cache.getAndReplace("k3", "w3")).isEqualTo("v3");
    assertThat(cache.replace("k3", "w3", "x3")).isTrue();
    assertThat(cache.remove("k4", "v4")).isTrue();
    assertThat(cache.get("k3")).isEqualTo("x3");
    assertThat(cache.containsKey("k4")).isFalse();
  }

  @Test
  void iteration_visitsEveryEntryOnce_andRemovesThroughTheIterator() {
    Cache<String, String> cache = manager.createCache("big", sharded());
    cache.putAll(entries(2500));

    Map<String, String> seen = new HashMap<>();
    Iterator<Cache.Entry<String, String>> iterator = cache.iterator();
    while (iterator.hasNext()) {
      Cache.Entry<String, String> entry = iterator.next();
      assertThat(seen.put(entry.getKey(), entry.getValue())).as(entry.getKey()).isNull();
      if (entry.getKey().endsWith("0")) {
        iterator.remove();
      }
    }

    assertThat(seen).isEqualTo(entries(2500));
    assertThat(cache.unwrap(HotCache.class).size()).isEqualTo(2250);
    assertThat(cache.containsKey("k10")).isFalse();
    assertThat(cache.containsKey("k11")).isTrue();
  }

  @Test
  void iteration_shardsShrinkDuringIteration_returnsEachEntryOnce(RedisDeployment redis) {
    List<String> duplicates = new ArrayList<>();
    CacheManager other = manager(redis, new Properties());
    for (int round = 0; round < 24; round++) {
      String name = "shrink-" + round;
      Cache<String, String> cache = manager.createCache(name, sharded());
      Map<String, String> entries = ShrinkingIteration.entries(round);
      cache.putAll(entries);
      Set<String> removed = ShrinkingIteration.removed(entries);
      Cache<String, String> remover = other.getCache(name, String.class, String.class);

      List<String> returned =
          ShrinkingIteration.iterate(
              cache, 1 + round * 1_597 % 15_000, () -> ShrinkingIteration.shrink(remover, entries));

      duplicates.addAll(ShrinkingIteration.duplicates(returned));
      Set<String> kept = new HashSet<>(entries.keySet());
      kept.removeAll(removed);
      assertThat(returned).as("round %s", round).containsAll(kept);
    }
    assertThat(duplicates).as("entries returned twice").isEmpty();
  }

  @Test
  void iteration_beyondItsMemoryBudget_returnsEachEntryOnceAndCleansUp(RedisDeployment redis) {
    Properties properties = new Properties();
    properties.setProperty("hotredis.jcache.iterator-memory", "4096");
    CacheManager small = manager(redis, properties);
    CacheManager other = manager(redis, new Properties());
    List<String> duplicates = new ArrayList<>();
    for (int round = 0; round < 4; round++) {
      String name = "budget-" + round;
      Cache<String, String> cache = small.createCache(name, sharded());
      Map<String, String> entries = ShrinkingIteration.entries(round);
      cache.putAll(entries);
      Set<String> removed = ShrinkingIteration.removed(entries);
      Cache<String, String> remover = other.getCache(name, String.class, String.class);
      List<String> memory = new ArrayList<>();

      List<String> returned =
          ShrinkingIteration.iterate(
              cache,
              1_500 + round * 2_500,
              () -> {
                memory.addAll(iterationKeys(redis));
                ShrinkingIteration.shrink(remover, entries);
              });

      duplicates.addAll(ShrinkingIteration.duplicates(returned));
      Set<String> kept = new HashSet<>(entries.keySet());
      kept.removeAll(removed);
      assertThat(returned).as("round %s", round).containsAll(kept);
      assertThat(memory).as("the iteration's memory of the shard it is in").hasSize(1);
      assertThat(
              CacheEntries.shardKeys("jcache:" + name, SHARDS).stream()
                  .anyMatch(shard -> Keys.slot(shard) == Keys.slot(memory.get(0))))
          .isTrue();
      assertThat(iterationKeys(redis)).as("memory left after the iteration").isEmpty();
    }
    assertThat(duplicates).as("entries returned twice").isEmpty();
  }

  /** Returns the keys of iterations' memories, on every master. */
  @SuppressWarnings("unchecked")
  private static List<String> iterationKeys(RedisDeployment redis) {
    List<String> keys = new ArrayList<>();
    for (RedisServer master : redis.masters()) {
      keys.addAll((List<String>) master.execute("KEYS", "*iteration*"));
    }
    return keys;
  }

  @Test
  void clearAndRemoveAll_emptyEveryShard(RedisDeployment redis) {
    Cache<String, String> cache = manager.createCache("big", sharded());
    cache.putAll(entries(500));
    HotCache<?, ?> hot = cache.unwrap(HotCache.class);

    cache.removeAll(Set.of("k1", "k2", "k3"));
    assertThat(hot.size()).isEqualTo(497);
    cache.clear();

    assertThat(hot.size()).isZero();
    assertThat(cache.iterator().hasNext()).isFalse();
    for (String shard : CacheEntries.shardKeys("jcache:big", SHARDS)) {
      assertThat(redis.execute("EXISTS", shard)).isEqualTo(0L);
    }
    cache.putAll(entries(300));
    cache.removeAll();
    assertThat(hot.size()).isZero();
  }

  @Test
  void expiry_onEveryShard_hidesEntriesAndTheSweeperReclaimsThem(RedisDeployment redis) {
    HotCacheConfiguration<String, String> configuration = sharded();
    configuration.setExpiryPolicyFactory(
        CreatedExpiryPolicy.factoryOf(new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, 300)));
    Cache<String, String> cache = manager.createCache("short", configuration);
    cache.putAll(entries(400));
    HotCache<?, ?> hot = cache.unwrap(HotCache.class);
    assertThat(hot.size()).isEqualTo(400);

    Await.until(Duration.ofSeconds(10), () -> hot.size() == 0, "every entry to expire");

    assertThat(cache.get("k1")).isNull();
    assertThat(cache.iterator().hasNext()).isFalse();
    Await.until(
        Duration.ofSeconds(10),
        () ->
            CacheEntries.shardKeys("jcache:short", SHARDS).stream()
                .allMatch(shard -> length(redis, shard) == 0),
        "the sweeper to empty every shard");
  }

  @Test
  void statistics_countHitsMissesPutsAndRemovalsOverShards() throws Exception {
    HotCacheConfiguration<String, String> configuration = sharded();
    configuration.setStatisticsEnabled(true);
    Cache<String, String> cache = manager.createCache("counted", configuration);

    cache.putAll(entries(100));
    Set<String> asked = new HashSet<>(entries(150).keySet());
    cache.getAll(asked);
    cache.remove("k1");

    CacheStatisticsMXBean statistics =
        JMX.newMXBeanProxy(
            ManagementFactory.getPlatformMBeanServer(),
            Jmx.name(Jmx.Kind.CacheStatistics, manager.getURI(), "counted"),
            CacheStatisticsMXBean.class);
    assertThat(statistics.getCachePuts()).isEqualTo(100);
    assertThat(statistics.getCacheHits()).isEqualTo(100);
    assertThat(statistics.getCacheMisses()).isEqualTo(50);
    assertThat(statistics.getCacheRemovals()).isEqualTo(1);
  }

  @Test
  void counter_incrementsOnTheKeysShard() {
    HotCacheConfiguration<String, Long> configuration =
        new HotCacheConfiguration<String, Long>()
            .setTypes(String.class, Long.class)
            .setCounter(true)
            .setShards(4);
    Cache<String, Long> counts = manager.createCache("counts", configuration);

    for (int i = 0; i < 50; i++) {
      counts.invoke("word" + (i % 10), HotProcessors.increment(1));
    }

    for (int i = 0; i < 10; i++) {
      assertThat(counts.get("word" + i)).isEqualTo(5L);
    }
  }

  @Test
  void anotherHandle_seesTheEntriesAndItsListenersHearWritesOnEveryShard(RedisDeployment redis) {
    Cache<String, String> mine = manager.createCache("shared", sharded());
    CacheManager otherManager = manager(redis, new Properties());
    Cache<String, String> theirs = otherManager.getCache("shared", String.class, String.class);
    List<String> created = new CopyOnWriteArrayList<>();
    theirs.registerCacheEntryListener(
        new MutableCacheEntryListenerConfiguration<>(
            FactoryBuilder.factoryOf(new Recorder(created)), null, false, false));

    mine.putAll(entries(200));

    assertThat(theirs.getAll(entries(200).keySet())).isEqualTo(entries(200));
    Await.until(Duration.ofSeconds(10), () -> created.size() == 200, "200 created events");
    assertThat(new HashSet<>(created)).isEqualTo(entries(200).keySet());
  }

  @Test
  void destroy_deletesEveryShard_andAnotherHandlesWritesAreRefused(RedisDeployment redis) {
    Cache<String, String> mine = manager.createCache("doomed", sharded());
    CacheManager otherManager = manager(redis, new Properties());
    Cache<String, String> theirs = otherManager.getCache("doomed", String.class, String.class);
    mine.putAll(entries(100));

    manager.destroyCache("doomed");

    for (String shard : CacheEntries.shardKeys("jcache:doomed", SHARDS)) {
      assertThat(redis.execute("EXISTS", shard, "{" + shard.substring(1))).as(shard).isEqualTo(0L);
      assertThat(redis.execute("EXISTS", Keys.companion(shard, "shard"))).isEqualTo(0L);
    }
    // Whether the other handle has heard of the destruction yet or not, its write stores nothing.
    assertThatThrownBy(() -> theirs.put("late", "write")).isInstanceOf(IllegalStateException.class);
    for (String shard : CacheEntries.shardKeys("jcache:doomed", SHARDS)) {
      assertThat(redis.execute("EXISTS", shard)).isEqualTo(0L);
    }
    Await.until(Duration.ofSeconds(10), theirs::isClosed, "the other handle to close");
  }

  @Test
  void createAnew_afterAnInterruptedDestroy_startsWithEmptyShards(RedisDeployment redis) {
    Cache<String, String> first = manager.createCache("reborn", sharded());
    first.putAll(entries(100));
    first.close();
    // A destroy that deleted the cache's own keys but died before the shards' keys.
    for (String suffix : List.of("config", "handles", "listeners", "expiry")) {
      redis.execute("DEL", Keys.companion("jcache:reborn", suffix));
    }

    Cache<String, String> second = manager.createCache("reborn", sharded());

    assertThat(second.get("k1")).isNull();
    assertThat(second.unwrap(HotCache.class).size()).isZero();
  }

  @Test
  void shardCount_mustAgreeBetweenHandles(RedisDeployment redis) {
    manager.createCache("agreed", sharded());
    CacheManager otherManager = manager(redis, new Properties());

    assertThatThrownBy(
            () ->
                otherManager.createCache(
                    "agreed",
                    new HotCacheConfiguration<String, String>()
                        .setTypes(String.class, String.class)
                        .setShards(4)))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("shards is 8 in Redis, 4 here");
  }

  @Test
  void shardsSetting_declaresAShardedCache(RedisDeployment redis) {
    Properties properties = new Properties();
    properties.setProperty("hotredis.jcache.cache.declared.key-type", "java.lang.String");
    properties.setProperty("hotredis.jcache.cache.declared.value-type", "java.lang.String");
    properties.setProperty("hotredis.jcache.cache.declared.shards", "4");
    CacheManager declaring = manager(redis, properties);

    Cache<String, String> cache = declaring.getCache("declared", String.class, String.class);
    cache.put("a", "b");

    long inShards =
        CacheEntries.shardKeys("jcache:declared", 4).stream()
            .mapToLong(shard -> length(redis, shard))
            .sum();
    assertThat(inShards).isEqualTo(1);
    Properties bad = new Properties();
    bad.setProperty("hotredis.jcache.cache.other.shards", "many");
    // Refused when the manager starts, before any cache opens.
    assertThatThrownBy(() -> manager(redis, bad))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("hotredis.jcache.cache.other.shards = 'many'");
  }

  @Test
  void badUses_failClearly() {
    assertThatThrownBy(() -> sharded().setShards(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("between 1 and 1024");
    HotCacheConfiguration<String, String> braced = sharded().setKeyPrefix("{app}:");
    assertThatThrownBy(() -> manager.createCache("c", braced))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("contains a brace");
    Cache<String, String> cache = manager.createCache("big", sharded());
    assertThatThrownBy(() -> cache.unwrap(HotDict.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spread over 8 hashes");
  }

  /** Records the keys of created events. */
  private record Recorder(List<String> keys)
      implements CacheEntryCreatedListener<String, String>, java.io.Serializable {
    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      events.forEach(event -> keys.add(event.getKey()));
    }
  }
}
