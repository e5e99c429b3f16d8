package org.hotredis.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.processor.EntryProcessorException;
import org.hotredis.collections.HotDefaultDict;
import org.hotredis.collections.HotDict;
import org.hotredis.collections.HotMultiSet;
import org.hotredis.jcache.configuration.HotCacheConfiguration;
import org.hotredis.jcache.processor.HotProcessors;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DefaultDict and MultiSet semantics through {@code javax.cache.Cache}. */
@RedisTest
final class DictSemanticsTest {
  private CacheManager manager;

  @BeforeEach
  void open(RedisDeployment redis) {
    manager = Managers.on(redis);
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private Cache<String, Long> scores() {
    return manager.createCache(
        "scores",
        new HotCacheConfiguration<String, Long>()
            .setTypes(String.class, Long.class)
            .setDefaultFactory(new Hundred()));
  }

  private Cache<String, Long> counter() {
    return manager.createCache(
        "words",
        new HotCacheConfiguration<String, Long>()
            .setTypes(String.class, Long.class)
            .setCounter(true));
  }

  @Test
  void get_defaultFactoryMiss_storesAndReturnsTheDefault(RedisDeployment redis) {
    Cache<String, Long> scores = scores();

    assertThat(scores.get("ann")).isEqualTo(100L);

    assertThat(redis.execute("HGET", "jcache:scores", "ann")).isEqualTo("100");
  }

  @Test
  void get_defaultFactoryHit_returnsTheStoredValue() {
    Cache<String, Long> scores = scores();
    scores.put("ann", 5L);

    assertThat(scores.get("ann")).isEqualTo(5L);
  }

  @Test
  void containsKey_defaultFactory_createsNothing() {
    Cache<String, Long> scores = scores();

    assertThat(scores.containsKey("ann")).isFalse();
    assertThat(scores.iterator().hasNext()).isFalse();
  }

  @Test
  void getAll_defaultFactory_fillsEveryMiss() {
    Cache<String, Long> scores = scores();
    scores.put("ann", 5L);

    assertThat(scores.getAll(Set.of("ann", "bob", "cid")))
        .containsExactlyInAnyOrderEntriesOf(Map.of("ann", 5L, "bob", 100L, "cid", 100L));
  }

  @Test
  void invoke_defaultFactoryUpdateOfMiss_startsFromTheDefault() {
    Cache<String, Long> scores = scores();

    Long result =
        scores.invoke(
            "ann",
            (entry, args) -> {
              entry.setValue(entry.getValue() + 1);
              return entry.getValue();
            });

    assertThat(result).isEqualTo(101L);
    assertThat(scores.get("ann")).isEqualTo(101L);
  }

  @Test
  void unwrap_defaultFactoryCache_isAHotDefaultDictOfTheSameHash() {
    Cache<String, Long> scores = scores();

    @SuppressWarnings("unchecked")
    HotDefaultDict<String, Long> dict = scores.unwrap(HotDefaultDict.class);

    assertThat(dict.getOrCreate("bob")).isEqualTo(100L);
    assertThat(scores.get("bob")).isEqualTo(100L);
  }

  @Test
  void invoke_increment_countsFromZeroAndGoesNegative() {
    Cache<String, Long> words = counter();

    assertThat(words.invoke("a", HotProcessors.increment(3))).isEqualTo(3L);
    assertThat(words.invoke("a", HotProcessors.increment(2))).isEqualTo(5L);
    assertThat(words.invoke("b", HotProcessors.decrement(2))).isEqualTo(-2L);

    assertThat(words.get("a")).isEqualTo(5L);
    assertThat(words.get("b")).isEqualTo(-2L);
  }

  @Test
  void invoke_increment_isOneHincrbyNeverARead(RedisDeployment redis) {
    Cache<String, Long> words = counter();
    words.put("a", 1L);
    redis.resetStats();

    words.invoke("a", HotProcessors.increment(1));
    words.invoke("a", HotProcessors.increment(1));

    assertThat(redis.commandCalls("hincrby")).isEqualTo(2);
    assertThat(redis.commandCalls("evalsha")).isEqualTo(2);
    assertThat(words.get("a")).isEqualTo(3L);
  }

  @Test
  void invoke_incrementPastLongMax_throwsWithArithmeticCause() {
    Cache<String, Long> words = counter();
    words.put("a", Long.MAX_VALUE);

    assertThatThrownBy(() -> words.invoke("a", HotProcessors.increment(1)))
        .isInstanceOf(EntryProcessorException.class)
        .hasCauseInstanceOf(ArithmeticException.class);
    assertThat(words.get("a")).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void unwrap_counterCache_isAHotMultiSetOfTheSameHash() {
    Cache<String, Long> words = counter();
    words.invoke("a", HotProcessors.increment(3));
    words.invoke("b", HotProcessors.increment(1));

    @SuppressWarnings("unchecked")
    HotMultiSet<String> multiset = words.unwrap(HotMultiSet.class);
    multiset.add("b", 4);

    assertThat(multiset.mostCommon()).containsExactly(Map.entry("b", 5L), Map.entry("a", 3L));
    assertThat(words.get("b")).isEqualTo(5L);
    Object view = words.unwrap(HotDict.class);
    assertThat(view).isInstanceOf(HotMultiSet.class);
  }

  @Test
  void createCache_counterOfStrings_isRefused() {
    assertThatThrownBy(
            () ->
                manager.createCache(
                    "bad",
                    new HotCacheConfiguration<String, String>()
                        .setTypes(String.class, String.class)
                        .setCounter(true)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unwrap_plainCache_isNeitherMultiSetNorDefaultDict() {
    Cache<String, Long> plain =
        manager.createCache(
            "plain", new HotCacheConfiguration<String, Long>().setTypes(String.class, Long.class));

    Object view = plain.unwrap(HotDict.class);
    assertThat(view).isNotInstanceOfAny(HotMultiSet.class, HotDefaultDict.class);
    assertThatThrownBy(() -> plain.unwrap(HotMultiSet.class))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(List.of(plain.unwrap(Cache.class))).containsExactly(plain);
  }
}
