package org.hotredis.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.configuration.OptionalFeature;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.expiry.CreatedExpiryPolicy;
import org.hotredis.HotClient;
import org.hotredis.HotTransaction;
import org.hotredis.collections.HotDict;
import org.hotredis.testing.Await;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A cache's storage in Redis, its views, and expiry without reads. */
@RedisTest
final class HotCacheTest {
  private CacheManager manager;

  @BeforeEach
  void open(RedisDeployment redis) {
    manager = Managers.on(redis);
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void put_typedCache_storesReadableTextInTheHash(RedisDeployment redis) {
    Cache<String, Long> cache =
        manager.createCache(
            "visits", new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));

    cache.put("home", 42L);

    assertThat(redis.execute("HGET", "jcache:visits", "home")).isEqualTo("42");
    assertThat(redis.execute("TYPE", "jcache:visits")).isEqualTo("hash");
  }

  @Test
  void put_untypedCache_storesTaggedValuesAndFindsEqualKeys(RedisDeployment redis) {
    Cache<Object, Object> cache = manager.createCache("any", new MutableConfiguration<>());

    cache.put(new String("key"), 7L);
    cache.put(1, "one");

    assertThat(redis.execute("HGET", "jcache:any", "s:key")).isEqualTo("l:7");
    assertThat(redis.execute("HGET", "jcache:any", "i:1")).isEqualTo("s:one");
    assertThat(cache.get("key")).isEqualTo(7L);
    assertThat(cache.get(1L)).isNull();
  }

  /** A value class no allow-list names. */
  record Unlisted(String name) implements java.io.Serializable {}

  @Test
  void put_valueOfAClassOutsideTheAllowList_isRefusedNamingTheSettingAndNothingIsStored(
      RedisDeployment redis) {
    Cache<Object, Object> cache = manager.createCache("unlisted", new MutableConfiguration<>());

    assertThatThrownBy(() -> cache.put("k", new Unlisted("x")))
        .isInstanceOf(javax.cache.CacheException.class)
        .hasMessageContaining(Unlisted.class.getName())
        .hasMessageContaining("hotredis.jcache.serialization.allow")
        .hasMessageContaining("hotredis.jcache.cache.unlisted.serialization.allow");
    assertThat(redis.execute("HLEN", "jcache:unlisted")).isEqualTo(0L);
    assertThat(cache.get("k")).isNull();
  }

  @Test
  void unwrap_hotDict_seesAndChangesTheSameData() {
    Cache<String, String> cache =
        manager.createCache(
            "users",
            new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    cache.put("ann", "admin");

    @SuppressWarnings("unchecked")
    HotDict<String, String> dict = cache.unwrap(HotDict.class);
    dict.put("bob", "guest");

    assertThat(dict).containsExactlyInAnyOrderEntriesOf(Map.of("ann", "admin", "bob", "guest"));
    assertThat(cache.get("bob")).isEqualTo("guest");
    assertThat(dict.key()).isEqualTo("jcache:users");
  }

  @Test
  void unwrap_unknownType_throwsIllegalArgumentException() {
    Cache<String, String> cache = manager.createCache("c", new MutableConfiguration<>());

    assertThatThrownBy(() -> cache.unwrap(Runnable.class))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void put_insideATransaction_isRefusedWithoutWriting() {
    Cache<String, String> cache = manager.createCache("c", new MutableConfiguration<>());
    HotClient client = cache.unwrap(HotClient.class);

    try (HotTransaction transaction = client.transaction()) {
      assertThatThrownBy(() -> cache.put("a", "b")).isInstanceOf(IllegalStateException.class);
    }

    assertThat(cache.containsKey("a")).isFalse();
  }

  @Test
  void isSupported_storeByReference_isFalseAndRefused() {
    assertThat(manager.getCachingProvider().isSupported(OptionalFeature.STORE_BY_REFERENCE))
        .isFalse();
    assertThatThrownBy(
            () -> manager.createCache("c", new MutableConfiguration<>().setStoreByValue(false)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void expiry_pastDeadline_invisibleToReadsIterationAndConditionals() {
    Cache<String, String> cache = manager.createCache("short", expiring(200));
    cache.putAll(Map.of("a", "1", "b", "2")); // one script: one deadline for both
    assertThat(cache.get("a")).isEqualTo("1");

    Await.until(Duration.ofSeconds(5), () -> !cache.containsKey("a"), "entry a to expire");

    assertThat(cache.get("b")).isNull();
    assertThat(cache.iterator().hasNext()).isFalse();
    assertThat(cache.replace("a", "x")).isFalse();
    assertThat(cache.putIfAbsent("a", "new")).isTrue();
    assertThat(cache.get("a")).isEqualTo("new");
  }

  @Test
  void expiry_withoutReads_sweeperReclaimsMemoryAndReportsExpiry(RedisDeployment redis) {
    List<String> expired = new CopyOnWriteArrayList<>();
    MutableConfiguration<String, String> configuration = expiring(200);
    configuration.addCacheEntryListenerConfiguration(
        new MutableCacheEntryListenerConfiguration<>(
            FactoryBuilder.factoryOf(new ExpiredKeys(expired)), null, true, false));
    Cache<String, String> cache = manager.createCache("swept", configuration);
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      keys.add("k" + i);
      cache.put("k" + i, "v" + i);
    }
    assertThat(redis.execute("HLEN", "jcache:swept")).isEqualTo(50L);

    Await.until(
        Duration.ofSeconds(10),
        () -> Long.valueOf(0).equals(redis.execute("HLEN", "jcache:swept")),
        "the sweeper to empty the hash");

    assertThat(redis.execute("EXISTS", "{jcache:swept}:expiry")).isEqualTo(0L);
    Await.until(Duration.ofSeconds(5), () -> expired.size() == 50, "50 expiry events");
    assertThat(expired).containsExactlyInAnyOrderElementsOf(keys);
  }

  @Test
  void iterator_cacheShrinksDuringIteration_returnsEachEntryOnce(RedisDeployment redis) {
    List<String> duplicates = new ArrayList<>();
    try (CacheManager other = Managers.other(redis)) {
      for (int round = 0; round < 24; round++) {
        String name = "shrink-" + round;
        Cache<String, String> cache =
            manager.createCache(
                name,
                new MutableConfiguration<String, String>().setTypes(String.class, String.class));
        Map<String, String> entries = ShrinkingIteration.entries(round);
        cache.putAll(entries);
        Set<String> removed = ShrinkingIteration.removed(entries);
        Cache<String, String> remover = other.getCache(name, String.class, String.class);

        List<String> returned =
            ShrinkingIteration.iterate(
                cache, 1 + round * 397 % 3_000, () -> ShrinkingIteration.shrink(remover, entries));

        duplicates.addAll(ShrinkingIteration.duplicates(returned));
        Set<String> kept = new HashSet<>(entries.keySet());
        kept.removeAll(removed);
        assertThat(returned).as("round %s", round).containsAll(kept);
      }
    }
    assertThat(duplicates).as("entries returned twice").isEmpty();
  }

  private static MutableConfiguration<String, String> expiring(long millis) {
    return new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setExpiryPolicyFactory(
            CreatedExpiryPolicy.factoryOf(
                new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, millis)));
  }

  /** Records the keys of expired entries. */
  static final class ExpiredKeys
      implements CacheEntryExpiredListener<String, String>, java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final transient List<String> keys;

    ExpiredKeys(List<String> keys) {
      this.keys = keys;
    }

    @Override
    public void onExpired(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      for (CacheEntryEvent<? extends String, ? extends String> event : events) {
        keys.add(event.getKey());
      }
    }
  }
}
