package org.hotredis.collections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hotredis.Deferred;
import org.hotredis.HotClient;
import org.hotredis.HotTransaction;
import org.hotredis.HotWrongTypeException;
import org.hotredis.codec.CodecException;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisServer;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Behaviour of {@link HotMultiSet}: Python {@code Counter} semantics with signed counts (reference
 * §5.2 item 19), compared with a reference implementation of Python's {@code Counter} written
 * below; the upstream MultiSet defects shown absent (§8: {@code &=}/{@code |=} keeping non-positive
 * counts, an existing key incremented instead of replaced, {@code client=} ignored, one {@code
 * HINCRBY} per element); exact arithmetic; errors, transactions and interoperability.
 */
@RedisTest
final class HotMultiSetTest {
  private static final String KEY = "multiset";

  private HotClient client;
  private HotMultiSet<String> multiset;

  @BeforeEach
  void open(RedisDeployment server) {
    client = HotClient.create(server.uri());
    multiset = at(KEY);
  }

  @AfterEach
  void close() {
    client.close();
  }

  // ---- iteration ----

  @Test
  void entrySetIterator_multisetShrinksDuringIteration_returnsEachElementOnce(
      RedisDeployment server) {
    try (HotClient other = HotClient.create(server.uri())) {
      List<String> duplicates = new ArrayList<>();
      for (int round = 0; round < 24; round++) {
        String key = "shrink-" + round;
        List<String> names = ShrinkingScan.names(round);
        HotMultiSet<String> shrinking = at(key);
        shrinking.update(names);
        HotMultiSet<String> remover =
            HotMultiSet.builder(String.class).client(other).key(key).build();

        List<String> returned =
            ShrinkingScan.iterate(
                    shrinking.entrySet().iterator(),
                    ShrinkingScan.shrinkAfter(round),
                    () -> {
                      remover.keySet().removeAll(ShrinkingScan.removed(names));
                      assertThat(remover.keySet().containsAll(names)).isFalse();
                    })
                .stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue())
                .toList();

        duplicates.addAll(ShrinkingScan.duplicates(returned));
        assertThat(returned)
            .as("round %s", round)
            .containsAll(ShrinkingScan.kept(names).stream().map(e -> e + "=1").toList());
      }
      assertThat(duplicates).as("elements returned twice").isEmpty();
    }
  }

  // ---- Python parity (reference §5.2 item 19) ----

  @Test
  void value_negativeCounts_equalsCounter() {
    HotMultiSet<String> f = at(KEY, Map.of("hot", 420L, "skull", -9000L));
    HotMultiSet<String> e = chars("e", "wagwaan");

    assertThat(f).isEqualTo(Map.of("hot", 420L, "skull", -9000L));
    assertThat(e).isEqualTo(counter("wagwaan"));
    assertThat(f.count("skull")).isEqualTo(-9000L);
    assertThat(f.count("missing")).isZero();
    assertThat(f.get("missing")).isNull();
    assertThat(f.size()).isEqualTo(2);
  }

  @Test
  void update_fiveArgumentKinds_matchCounter() {
    String a = "wagwaan";
    Map<String, Long> b = Map.of("hotskull", 420L);
    Map<String, Long> c = counter(a);
    HotMultiSet<String> d = chars(KEY, a);

    add(c, counter(a));
    d.update(chars("other", a));
    assertThat(d).isEqualTo(c);

    add(c, counter(a));
    d.update(counter(a));
    assertThat(d).isEqualTo(c);

    add(c, counter(a));
    d.update(letters(a));
    assertThat(d).isEqualTo(c);

    add(c, b);
    d.update(b);
    assertThat(d).isEqualTo(c);

    HotDict<String, Long> dict = HotDict.builder(String.class, Long.class).client(client).build();
    dict.putAll(b);
    add(c, b);
    d.update(dict);
    assertThat(d).isEqualTo(c);
  }

  @Test
  void subtract_fiveArgumentKinds_matchCounter_keepingNegativeCounts() {
    String a = "wagwaan";
    Map<String, Long> b = Map.of("hotskull", 420L);
    Map<String, Long> c = counter(a);
    HotMultiSet<String> d = chars(KEY, a);

    subtract(c, counter(a));
    d.subtract(chars("other", a));
    assertThat(d).isEqualTo(c);

    subtract(c, counter(a));
    d.subtract(counter(a));
    assertThat(d).isEqualTo(c);

    subtract(c, counter(a));
    d.subtract(letters(a));
    assertThat(d).isEqualTo(c);

    subtract(c, b);
    d.subtract(b);
    assertThat(d).isEqualTo(c);
    assertThat(d.count("hotskull")).isEqualTo(-420L);
    assertThat(d.count("w")).isEqualTo(-4L);

    assertThat(d.subtract("w", 5)).isEqualTo(-9L);
  }

  @Test
  void intersectionUpdate_hotMultiSetsAndPlainMaps_matchCounter() {
    String a = "wagwaan";
    String b = "flute don";
    Map<String, Long> c = counter(a);
    HotMultiSet<String> d = chars(KEY, a);

    c = and(c, counter(b));
    d.intersectionUpdate(chars("other", b));
    assertThat(d).isEqualTo(c);

    c = counter(a);
    d = chars(KEY, a);
    c = and(c, counter(b));
    d.intersectionUpdate(counter(b));
    assertThat(d).isEqualTo(c).isEqualTo(Map.of("n", 1L));
  }

  @Test
  void unionUpdate_hotMultiSetsAndPlainMaps_matchCounter() {
    String a = "wagwaan";
    String b = "flute don";
    Map<String, Long> c = counter(a);
    HotMultiSet<String> d = chars(KEY, a);

    c = or(c, counter(b));
    d.unionUpdate(chars("other", b));
    assertThat(d).isEqualTo(c);

    c = counter(a);
    d = chars(KEY, a);
    c = or(c, counter(b));
    d.unionUpdate(counter(b));
    assertThat(d).isEqualTo(c);
  }

  @Test
  void mostCommon_sortsByCountDescending() {
    HotMultiSet<String> m = at(KEY, Map.of("a", 1L, "b", 5L, "c", 3L, "d", -2L, "e", 3L));

    assertThat(m.mostCommon(1)).containsExactly(entry("b", 5L));
    assertThat(m.mostCommon(3).get(0)).isEqualTo(entry("b", 5L));
    assertThat(m.mostCommon(3).subList(1, 3))
        .containsExactlyInAnyOrder(entry("c", 3L), entry("e", 3L));
    assertThat(m.mostCommon().stream().map(Map.Entry::getValue))
        .containsExactly(5L, 3L, 3L, 1L, -2L);
    assertThat(m.mostCommon(0)).isEmpty();
    assertThat(m.mostCommon(99)).hasSize(5);
    assertThatThrownBy(() -> m.mostCommon(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void elements_repeatsPositiveCountsOnly() {
    HotMultiSet<String> m = at(KEY, Map.of("a", 2L, "b", 0L, "c", -3L, "d", 1L));

    assertThat(m.elements().collect(Collectors.toList())).containsExactlyInAnyOrder("a", "a", "d");
    assertThat(at("huge", Map.of("x", Long.MAX_VALUE)).elements().limit(3))
        .containsExactly("x", "x", "x");
  }

  @Test
  void delete_missingElement_isIgnored() {
    multiset.add("a");
    assertThat(multiset.remove("missing")).isNull();
    assertThat(multiset.remove("a")).isEqualTo(1L);
    assertThat(multiset.isEmpty()).isTrue();
  }

  // ---- the Python defects (reference §8) ----

  @Test
  void intersectionUpdate_dropsNonPositiveCounts() {
    HotMultiSet<String> m = at(KEY, Map.of("a", 2L, "b", -1L));
    m.intersectionUpdate(Map.of("a", 1L, "b", 5L));
    assertThat(m).isEqualTo(Map.of("a", 1L));

    HotMultiSet<String> n = at("n", Map.of("a", 2L, "b", -1L, "z", 0L));
    n.intersectionUpdate(at("other", Map.of("a", 1L, "b", 5L, "c", 4L)));
    assertThat(n).isEqualTo(Map.of("a", 1L));
  }

  @Test
  void unionUpdate_dropsNonPositiveCounts() {
    HotMultiSet<String> m = at(KEY, Map.of("a", 2L, "b", -1L, "z", 0L));
    m.unionUpdate(Map.of("a", 1L, "c", 3L, "d", -2L));
    assertThat(m).isEqualTo(Map.of("a", 2L, "c", 3L));

    HotMultiSet<String> n = at("n", Map.of("a", 2L, "b", -1L));
    n.unionUpdate(at("other", Map.of("a", 7L, "b", -5L, "c", 3L)));
    assertThat(n).isEqualTo(Map.of("a", 7L, "c", 3L));
  }

  @Test
  void intersectionUpdate_hotMultiSet_isOneScriptReadingBothHashes(RedisDeployment server) {
    HotMultiSet<String> m = at(KEY, Map.of("a", 2L, "b", 3L));
    // the hash tag puts it in the slot of KEY, so that a cluster can read both in one script
    HotMultiSet<String> other = at("{" + KEY + "}other", Map.of("a", 5L, "b", 1L));
    server.resetStats();

    m.intersectionUpdate(other);

    assertThat(server.commandCalls("evalsha")).isEqualTo(1);
    assertThat(server.commandCalls("hgetall")).isEqualTo(2);
    assertThat(m).isEqualTo(Map.of("a", 2L, "b", 1L));
    assertThat(other).isEqualTo(Map.of("a", 5L, "b", 1L));
  }

  @Test
  void combine_hotMultiSetInAnotherClusterSlot_readsItFirst(RedisDeployment server) {
    assumeTrue(server.isCluster(), "hash slots exist on a cluster only");
    assertThat(server.execute("CLUSTER", "KEYSLOT", "other"))
        .isNotEqualTo(server.execute("CLUSTER", "KEYSLOT", KEY));
    HotMultiSet<String> other = at("other", Map.of("a", 5L, "b", 1L, "c", -2L));

    HotMultiSet<String> m = at(KEY, Map.of("a", 2L, "b", 3L, "c", 4L));
    m.intersectionUpdate(other);
    assertThat(m).isEqualTo(Map.of("a", 2L, "b", 1L));

    m = at(KEY, Map.of("a", 2L, "b", 3L, "d", -1L));
    m.unionUpdate(other);
    assertThat(m).isEqualTo(Map.of("a", 5L, "b", 3L));
    assertThat(other).isEqualTo(Map.of("a", 5L, "b", 1L, "c", -2L));
  }

  @Test
  void combine_countsNearTheLongLimits_comparesExactly() {
    long big = Long.MAX_VALUE;
    HotMultiSet<String> m = at(KEY, Map.of("a", big, "b", big - 1, "c", 9_007_199_254_740_993L));
    m.intersectionUpdate(Map.of("a", big - 1, "b", big, "c", 9_007_199_254_740_992L));
    assertThat(m).isEqualTo(Map.of("a", big - 1, "b", big - 1, "c", 9_007_199_254_740_992L));
    m.unionUpdate(Map.of("a", big, "c", 9_007_199_254_740_993L, "d", Long.MIN_VALUE));
    assertThat(m).isEqualTo(Map.of("a", big, "b", big - 1, "c", 9_007_199_254_740_993L));
  }

  @Test
  void builder_initialWithExistingKey_replacesInsteadOfIncrementing(RedisDeployment server) {
    multiset.update(List.of("a", "a", "b"));

    HotMultiSet<String> replaced =
        HotMultiSet.builder(String.class).client(client).key(KEY).initial(List.of("a")).build();

    assertThat(replaced).isEqualTo(Map.of("a", 1L));
    assertThat(server.execute("HGETALL", KEY)).isEqualTo(List.of("a", "1"));
  }

  @Test
  void client_isTheOneGiven(RedisServer server) {
    try (HotClient other = HotClient.create(server.uri() + "/1")) {
      HotMultiSet<String> elsewhere =
          HotMultiSet.builder(String.class).client(other).key(KEY).initial(List.of("x")).build();
      elsewhere.add("x");

      assertThat(elsewhere.client()).isSameAs(other);
      assertThat(elsewhere.count("x")).isEqualTo(2L);
      assertThat(server.execute("EXISTS", KEY)).isEqualTo(0L);
    }
  }

  @Test
  void update_manyElements_isOneRoundTrip(RedisDeployment server) {
    List<String> elements = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      elements.add("e" + i % 40);
    }
    server.resetStats();

    multiset.update(elements);

    assertThat(server.commandCalls("evalsha")).isEqualTo(1);
    assertThat(server.commandCalls("hincrby")).isEqualTo(40);
    assertThat(multiset.count("e0")).isEqualTo(3L);
    assertThat(multiset.count("e39")).isEqualTo(2L);
    assertThat(multiset.total()).isEqualTo(100L);
  }

  // ---- counting ----

  @Test
  void add_returnsTheNewCount_inOneRoundTrip(RedisDeployment server) {
    server.resetStats();

    assertThat(multiset.add("a")).isEqualTo(1L);
    assertThat(multiset.add("a", 41)).isEqualTo(42L);
    assertThat(multiset.add("a", -50)).isEqualTo(-8L);

    assertThat(server.commandCalls("hincrby")).isEqualTo(3);
    assertThat(server.execute("HGET", KEY, "a")).isEqualTo("-8");
  }

  @Test
  void add_overflow_throwsArithmeticAndChangesNothing() {
    multiset.setCount("a", Long.MAX_VALUE);

    assertThatThrownBy(() -> multiset.add("a"))
        .isInstanceOf(ArithmeticException.class)
        .hasMessageContaining("HotMultiSet 'multiset'");
    assertThatThrownBy(() -> multiset.subtract("a", Long.MIN_VALUE))
        .isInstanceOf(ArithmeticException.class);

    assertThat(multiset.count("a")).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void update_overflow_changesNothing(RedisDeployment server) {
    multiset.setCount("a", 1L);
    multiset.setCount("b", Long.MAX_VALUE);

    assertThatThrownBy(() -> multiset.update(List.of("new", "a", "b", "later")))
        .isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> multiset.subtract(Map.of("a", 1L, "b", Long.MIN_VALUE)))
        .isInstanceOf(ArithmeticException.class);

    assertThat(multiset).isEqualTo(Map.of("a", 1L, "b", Long.MAX_VALUE));
    assertThat(server.execute("HEXISTS", KEY, "new")).isEqualTo(0L);
  }

  @Test
  void setCount_storesTheCount_andReturnsThePreviousOne() {
    assertThat(multiset.setCount("a", 5)).isZero();
    assertThat(multiset.setCount("a", 0)).isEqualTo(5L);
    assertThat(multiset).isEqualTo(Map.of("a", 0L));
  }

  @Test
  void setCountCompareAndSet_absentOrZeroCountsAsZero() {
    assertThat(multiset.setCount("a", 1, 5)).isFalse();
    assertThat(multiset.setCount("a", 0, 5)).isTrue();
    assertThat(multiset.setCount("a", 4, 6)).isFalse();
    assertThat(multiset.setCount("a", 5, 0)).isTrue();
    assertThat(multiset.setCount("a", 0, 2)).isTrue();
    assertThat(multiset.count("a")).isEqualTo(2L);
  }

  @Test
  void total_isExactBeyondTwoToThe53() {
    assertThat(multiset.total()).isZero();

    multiset.update(Map.of("a", 1L << 60, "b", (1L << 60) + 1, "c", -3L));
    assertThat(multiset.total()).isEqualTo((1L << 61) - 2);

    HotMultiSet<String> edge =
        at("edge", Map.of("max", Long.MAX_VALUE, "min", Long.MIN_VALUE, "one", 1L));
    assertThat(edge.total()).isZero();
    edge.setCount("min", 5L);
    assertThatThrownBy(edge::total)
        .isInstanceOf(ArithmeticException.class)
        .hasMessageContaining("overflows long");
  }

  @Test
  @Timeout(120)
  void mergeAndAdd_eightThreads_countExactly() throws Exception {
    Race.run(
        8,
        t -> {
          for (int i = 0; i < 500; i++) {
            multiset.merge("k", 1L, Long::sum);
            multiset.add("j", 2);
          }
          return null;
        });

    assertThat(multiset).isEqualTo(Map.of("k", 4_000L, "j", 8_000L));
  }

  @Test
  void copy_isAMultiSet() {
    multiset.update(List.of("a", "a"));
    HotMultiSet<String> copy = multiset.copy();
    copy.add("a");
    assertThat(copy.count("a")).isEqualTo(3L);
    assertThat(multiset.count("a")).isEqualTo(2L);
  }

  @Test
  void nulls_areRefusedBeforeAnythingIsSent(RedisDeployment server) {
    assertThatThrownBy(() -> multiset.add(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> multiset.update(Arrays.asList("a", null)))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> multiset.count(null)).isInstanceOf(NullPointerException.class);
    assertThat(server.execute("EXISTS", KEY)).isEqualTo(0L);
    assertThat(((Map<?, ?>) multiset).get(42)).isNull();
    assertThat(multiset.count(42)).isZero();
  }

  // ---- errors ----

  @Test
  void wrongType_namesKeyAndTypes(RedisDeployment server) {
    server.execute("SADD", KEY, "x");

    assertThatThrownBy(() -> multiset.add("a"))
        .isInstanceOf(HotWrongTypeException.class)
        .hasMessage("WRONGTYPE on key 'multiset': expected a hash, found a set");
    assertThatThrownBy(() -> multiset.update(List.of("a")))
        .isInstanceOf(HotWrongTypeException.class);
    assertThatThrownBy(() -> multiset.intersectionUpdate(Map.of("a", 1L)))
        .isInstanceOf(HotWrongTypeException.class);
    assertThatThrownBy(multiset::total).isInstanceOf(HotWrongTypeException.class);
  }

  @Test
  void countThatIsNotAnInteger_namesTheKey(RedisDeployment server) {
    server.execute("HSET", KEY, "a", "many", "b", "2");

    assertThatThrownBy(() -> multiset.count("a"))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("key 'multiset': ");
    assertThatThrownBy(() -> multiset.add("a"))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("key 'multiset': ");
    assertThatThrownBy(() -> multiset.update(List.of("b", "a")))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("key 'multiset': ");
    assertThatThrownBy(multiset::total)
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("key 'multiset': ");
    assertThatThrownBy(() -> multiset.unionUpdate(Map.of("b", 5L)))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("key 'multiset': ");
    assertThat(server.execute("HGET", KEY, "b")).isEqualTo("2");
  }

  // ---- transactions ----

  @Test
  void transaction_bulkMethodsAreQueued_addNeedsDefer(RedisDeployment server) {
    multiset.update(List.of("a", "b"));
    Deferred<Long> added;
    try (HotTransaction tx = client.transaction()) {
      multiset.update(List.of("a", "c"));
      multiset.subtract(Map.of("b", 3L));
      multiset.set("d", 9L);
      multiset.unionUpdate(Map.of("e", 2L));
      assertThatThrownBy(() -> multiset.add("a"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("tx.defer");
      added = tx.defer(() -> multiset.add("a", 10));
      assertThat(server.execute("HGET", KEY, "a")).isEqualTo("1");
      tx.commit();
    }
    assertThat(added.get()).isEqualTo(12L);
    assertThat(multiset).isEqualTo(Map.of("a", 12L, "c", 1L, "d", 9L, "e", 2L));
  }

  // ---- interoperability ----

  @Test
  void hashOfDecimalCountsFromRedisCli_readsAsAMultiSet(RedisDeployment server) {
    server.execute("HSET", "counts", "hot", "420", "skull", "-9000", "zero", "0");
    HotMultiSet<String> counts = at("counts");

    assertThat(counts).isEqualTo(Map.of("hot", 420L, "skull", -9000L, "zero", 0L));
    assertThat(counts.add("hot", 1)).isEqualTo(421L);
    assertThat(counts.total()).isEqualTo(-8579L);
    counts.update(List.of("new"));
    assertThat(server.execute("HGET", "counts", "new")).isEqualTo("1");
    assertThat(server.execute("HINCRBY", "counts", "new", "2")).isEqualTo(3L);
    assertThat(counts.count("new")).isEqualTo(3L);
  }

  // ---- helpers ----

  private HotMultiSet<String> at(String key) {
    return HotMultiSet.builder(String.class).client(client).key(key).build();
  }

  private HotMultiSet<String> at(String key, Map<String, Long> counts) {
    return HotMultiSet.builder(String.class).client(client).key(key).initial(counts).build();
  }

  private HotMultiSet<String> chars(String key, String text) {
    return HotMultiSet.builder(String.class).client(client).key(key).initial(letters(text)).build();
  }

  private static List<String> letters(String text) {
    return text.chars().mapToObj(c -> String.valueOf((char) c)).collect(Collectors.toList());
  }

  // A reference implementation of Python's Counter, on plain maps.

  /** {@code Counter(text)}. */
  private static Map<String, Long> counter(String text) {
    Map<String, Long> counts = new LinkedHashMap<>();
    letters(text).forEach(c -> counts.merge(c, 1L, Long::sum));
    return counts;
  }

  /** {@code c.update(other)}: adds, keeping every count. */
  private static void add(Map<String, Long> c, Map<String, Long> other) {
    other.forEach((e, n) -> c.merge(e, n, Long::sum));
  }

  /** {@code c.subtract(other)}: subtracts, keeping every count. */
  private static void subtract(Map<String, Long> c, Map<String, Long> other) {
    other.forEach((e, n) -> c.merge(e, -n, Long::sum));
  }

  /** {@code c &= other}, as Counter.__iand__: min over c's elements, then keep positive. */
  private static Map<String, Long> and(Map<String, Long> c, Map<String, Long> other) {
    Map<String, Long> result = new LinkedHashMap<>();
    c.forEach(
        (e, n) -> {
          long min = Math.min(n, other.getOrDefault(e, 0L));
          if (min > 0) {
            result.put(e, min);
          }
        });
    return result;
  }

  /** {@code c |= other}, as Counter.__ior__: max over other's elements, then keep positive. */
  private static Map<String, Long> or(Map<String, Long> c, Map<String, Long> other) {
    Map<String, Long> result = new LinkedHashMap<>(c);
    other.forEach(
        (e, n) -> {
          if (n > result.getOrDefault(e, 0L)) {
            result.put(e, n);
          }
        });
    result.values().removeIf(n -> n <= 0);
    return result;
  }
}
