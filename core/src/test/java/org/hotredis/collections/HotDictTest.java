package org.hotredis.collections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.hotredis.Deferred;
import org.hotredis.HotClient;
import org.hotredis.HotTransaction;
import org.hotredis.HotWrongTypeException;
import org.hotredis.Keys;
import org.hotredis.codec.CodecException;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisServer;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Behaviour of {@link HotDict} beyond guava-testlib's conformance suite: Python HOT Redis parity
 * (reference §5.2 items 12 and 13), the upstream Dict defects shown absent (§8), compare-and-set
 * loops under concurrent writers, live views, paging iteration, errors, transactions and
 * interoperability.
 */
@RedisTest
final class HotDictTest {
  private static final String KEY = "dict";

  private HotClient client;
  private HotDict<String, String> dict;

  @BeforeEach
  void open(RedisDeployment server) {
    client = HotClient.create(server.uri());
    dict = at(KEY);
  }

  @AfterEach
  void close() {
    client.close();
  }

  // ---- Python parity (reference §5.2 items 12 and 13) ----

  @Test
  void setDefault_secondCall_returnsTheExistingValue() {
    assertThat(dict.setDefault("wagwaan", "popcaan")).isEqualTo("popcaan");
    assertThat(dict.setDefault("wagwaan", "vybz")).isEqualTo("popcaan");
    assertThat(dict.snapshot()).containsExactly(entry("wagwaan", "popcaan"));
  }

  @Test
  void get_missingKey_returnsNullOrTheDefault() {
    dict.set("a", "1");
    assertThat(dict.get("missing")).isNull();
    assertThat(dict.getOrDefault("missing", "x")).isEqualTo("x");
    assertThat(dict.getOrDefault("a", "x")).isEqualTo("1");
  }

  @Test
  void pop_missingKey_throwsNoSuchElementNamingTheKey() {
    assertThatThrownBy(() -> dict.pop("missing"))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessage("no entry for key 'missing' (HotDict 'dict')");
    assertThat(dict.pop("missing", "fallback")).isEqualTo("fallback");
    assertThat(dict.remove("missing")).isNull();
  }

  @Test
  void pop_presentKey_removesAndReturnsIt(RedisDeployment server) {
    dict.putAll(Map.of("a", "1", "b", "2"));

    assertThat(dict.pop("a")).isEqualTo("1");
    assertThat(dict.pop("b", "fallback")).isEqualTo("2");

    assertThat(server.execute("EXISTS", KEY)).isEqualTo(0L);
  }

  @Test
  void popItem_removesOneEntryUntilEmpty() {
    dict.putAll(Map.of("a", "1", "b", "2"));

    Map<String, String> popped = new LinkedHashMap<>();
    Map.Entry<String, String> first = dict.popItem();
    popped.put(first.getKey(), first.getValue());
    assertThat(dict.size()).isEqualTo(1);
    Map.Entry<String, String> second = dict.popItem();
    popped.put(second.getKey(), second.getValue());

    assertThat(popped).isEqualTo(Map.of("a", "1", "b", "2"));
    assertThat(dict.isEmpty()).isTrue();
    assertThatThrownBy(dict::popItem)
        .isInstanceOf(NoSuchElementException.class)
        .hasMessage("the dict is empty (HotDict 'dict')");
  }

  @Test
  void update_mapping_setsEveryEntry() {
    dict.set("a", "old");
    dict.update(Map.of("a", "1", "c", "3"));
    dict.update(Map.of());
    assertThat(dict.snapshot()).isEqualTo(Map.of("a", "1", "c", "3"));
  }

  @Test
  void fromKeys_emptyStringValue_givesFalsyValuesAtANewKey() {
    HotDict<String, String> made = dict.fromKeys(List.of("a", "b", "a"), "");

    assertThat(made.key()).isNotEqualTo(KEY).startsWith("{dict}:");
    assertThat(made.snapshot()).isEqualTo(Map.of("a", "", "b", ""));
    assertThat(made.get("a")).isEmpty();
    assertThat(dict.isEmpty()).isTrue();
  }

  @Test
  void copy_keepsTypeAndEntries_atADifferentKeyInTheSameSlot(RedisDeployment server) {
    dict.putAll(Map.of("a", "1", "b", "2"));
    dict.expire(Duration.ofMinutes(5));

    HotDict<String, String> copy = dict.copy();

    assertThat(copy.key()).isNotEqualTo(KEY);
    assertThat(Keys.slot(copy.key())).isEqualTo(Keys.slot(KEY));
    assertThat(copy.snapshot()).isEqualTo(Map.of("a", "1", "b", "2"));
    assertThat(copy.ttl()).isEmpty();
    copy.set("c", "3");
    assertThat(dict.containsKey("c")).isFalse();
    assertThat(server.commandCalls("copy")).isEqualTo(1);
  }

  @Test
  void copy_keyWithHashTag_keepsTheTag() {
    HotDict<String, String> tagged = at("{user:1}:prefs");
    tagged.set("a", "1");

    HotDict<String, String> copy = tagged.copy();

    assertThat(copy.key()).startsWith("{user:1}:").isNotEqualTo("{user:1}:prefs");
    assertThat(copy.copy().key()).startsWith("{user:1}:");
    assertThat(copy.snapshot()).isEqualTo(Map.of("a", "1"));
  }

  @Test
  void copy_emptyDict_isEmpty() {
    assertThat(dict.copy().isEmpty()).isTrue();
  }

  @Test
  void builder_initialWithExistingKey_replacesOldData(RedisDeployment server) {
    dict.putAll(Map.of("old", "x", "a", "0"));

    HotDict<String, String> replaced =
        HotDict.builder(String.class, String.class)
            .client(client)
            .key(KEY)
            .initial(Map.of("a", "1"))
            .build();

    assertThat(replaced.snapshot()).isEqualTo(Map.of("a", "1"));
    assertThat(server.commandCalls("multi")).isEqualTo(1);
  }

  @Test
  void builder_emptyInitial_deletesTheKey(RedisDeployment server) {
    server.execute("RPUSH", KEY, "x");
    HotDict.builder(String.class, String.class).client(client).key(KEY).initial(Map.of()).build();
    assertThat(server.execute("EXISTS", KEY)).isEqualTo(0L);
  }

  // ---- the Python defects (reference §8) ----

  @Test
  void setDefault_isOneRoundTrip(RedisDeployment server) {
    dict.set("a", "1");
    server.resetStats();

    assertThat(dict.setDefault("a", "2")).isEqualTo("1");
    assertThat(dict.setDefault("b", "2")).isEqualTo("2");

    assertThat(server.commandCalls("evalsha")).isEqualTo(2);
    assertThat(server.commandCalls("hsetnx")).isZero();
  }

  @Test
  @Timeout(120)
  void setDefault_racingWriters_allSeeOneValue() throws Exception {
    for (int round = 0; round < 50; round++) {
      String key = "k" + round;

      List<String> seen = Race.run(8, t -> dict.setDefault(key, "v" + t));

      assertThat(new HashSet<>(seen)).containsExactly(dict.get(key));
    }
  }

  @Test
  void putIfAbsent_isOneRoundTrip_andReturnsTheCurrentValue(RedisDeployment server) {
    server.resetStats();

    assertThat(dict.putIfAbsent("a", "1")).isNull();
    assertThat(dict.putIfAbsent("a", "2")).isEqualTo("1");

    assertThat(server.commandCalls("evalsha")).isEqualTo(2);
    assertThat(dict.get("a")).isEqualTo("1");
  }

  // ---- compare-and-set loops ----

  @Test
  @Timeout(120)
  void merge_eightThreads_countExactly() throws Exception {
    HotDict<String, Long> counts = counts("counts");

    Race.run(
        8,
        t -> {
          for (int i = 0; i < 500; i++) {
            counts.merge("k", 1L, Long::sum);
          }
          return null;
        });

    assertThat(counts.get("k")).isEqualTo(4_000L);
  }

  @Test
  @Timeout(120)
  void computeFamily_racingThreads_loseNothing() throws Exception {
    HotDict<String, Long> counts = counts("counts");
    counts.set("b", 0L);
    AtomicInteger absentComputations = new AtomicInteger();

    Race.run(
        8,
        t -> {
          for (int i = 0; i < 200; i++) {
            counts.compute("a", (k, v) -> v == null ? 1L : v + 1);
            counts.computeIfPresent("b", (k, v) -> v + 1);
            counts.computeIfAbsent(
                "c",
                k -> {
                  absentComputations.incrementAndGet();
                  return 7L;
                });
          }
          return null;
        });

    assertThat(counts.get("a")).isEqualTo(1_600L);
    assertThat(counts.get("b")).isEqualTo(1_600L);
    assertThat(counts.get("c")).isEqualTo(7L);
    assertThat(absentComputations.get()).isBetween(1, 8);
  }

  @Test
  void merge_nullResult_removesTheKey() {
    HotDict<String, Long> counts = counts("counts");
    counts.set("k", 3L);
    assertThat(counts.merge("k", 3L, (a, b) -> a - b == 0 ? null : a - b)).isNull();
    assertThat(counts.containsKey("k")).isFalse();
  }

  @Test
  void compute_conflict_retriesWithTheValueTheScriptFound(RedisDeployment server) {
    dict.set("k", "a");
    AtomicInteger calls = new AtomicInteger();

    String result =
        dict.compute(
            "k",
            (k, v) -> {
              if (calls.getAndIncrement() == 0) {
                server.execute("HSET", KEY, "k", "b");
              }
              return v + "!";
            });

    assertThat(result).isEqualTo("b!");
    assertThat(dict.get("k")).isEqualTo("b!");
    assertThat(calls.get()).isEqualTo(2);
  }

  @Test
  void computeIfAbsent_present_isOneRoundTripAndNeverCallsTheFunction(RedisDeployment server) {
    dict.set("k", "v");
    server.resetStats();

    assertThat(dict.computeIfAbsent("k", k -> "other")).isEqualTo("v");

    assertThat(server.commandCalls("hget")).isEqualTo(1);
    assertThat(server.commandCalls("evalsha")).isZero();
  }

  @Test
  void replaceAll_changesEveryValue_keepingTheTimeToLive() {
    dict.putAll(Map.of("a", "1", "b", "2"));
    dict.expire(Duration.ofMinutes(5));

    dict.replaceAll((k, v) -> k + v);

    assertThat(dict.snapshot()).isEqualTo(Map.of("a", "a1", "b", "b2"));
    assertThat(dict.ttl()).isPresent();
  }

  @Test
  void replaceAll_functionReturnsNull_changesNothing() {
    dict.putAll(Map.of("a", "1", "b", "2"));

    assertThatThrownBy(() -> dict.replaceAll((k, v) -> k.equals("b") ? null : "x"))
        .isInstanceOf(NullPointerException.class);

    assertThat(dict.snapshot()).isEqualTo(Map.of("a", "1", "b", "2"));
  }

  // ---- views ----

  @Test
  void keySet_writesThrough(RedisDeployment server) {
    dict.putAll(Map.of("a", "1", "b", "2", "c", "3", "d", "4"));
    Set<String> keys = dict.keySet();

    assertThat(keys.remove("a")).isTrue();
    assertThat(keys.remove("a")).isFalse();
    assertThat(keys.removeAll(List.of("b", "zz", 42))).isTrue();
    assertThat(keys.retainAll(List.of("c"))).isTrue();

    assertThat(server.execute("HKEYS", KEY)).isEqualTo(List.of("c"));
    assertThat(keys).containsExactly("c");
    assertThatThrownBy(() -> keys.add("x")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void values_removeOneEntryHoldingTheValue() {
    dict.putAll(Map.of("a", "same", "b", "same", "c", "other"));

    assertThat(dict.values().remove("same")).isTrue();

    assertThat(dict.values()).containsExactlyInAnyOrder("same", "other");
    assertThat(dict.values().removeAll(List.of("same"))).isTrue();
    assertThat(dict.snapshot()).isEqualTo(Map.of("c", "other"));
    assertThat(dict.values().retainAll(List.of("nothing"))).isTrue();
    assertThat(dict.isEmpty()).isTrue();
  }

  @Test
  void entrySet_setValue_writesThrough() {
    dict.putAll(Map.of("a", "1", "b", "2"));

    for (Map.Entry<String, String> e : dict.entrySet()) {
      assertThat(e.setValue(e.getValue() + "0")).isEqualTo(e.getValue().substring(0, 1));
    }

    assertThat(dict.snapshot()).isEqualTo(Map.of("a", "10", "b", "20"));
  }

  @Test
  void entrySet_setValueAfterAnotherClientChangedIt_throwsAndKeepsTheirValue(
      RedisDeployment server) {
    dict.set("a", "1");
    Map.Entry<String, String> e = dict.entrySet().iterator().next();
    server.execute("HSET", KEY, "a", "theirs");

    assertThatThrownBy(() -> e.setValue("mine"))
        .isInstanceOf(ConcurrentModificationException.class)
        .hasMessageContaining("HotDict 'dict'");

    assertThat(dict.get("a")).isEqualTo("theirs");
  }

  @Test
  void entrySet_containsAndRemove_compareTheValue() {
    dict.putAll(Map.of("a", "1", "b", "2"));
    Set<Map.Entry<String, String>> entries = dict.entrySet();

    assertThat(entries.contains(Map.entry("a", "1"))).isTrue();
    assertThat(entries.contains(Map.entry("a", "2"))).isFalse();
    assertThat(entries.containsAll(List.of(Map.entry("a", "1"), Map.entry("b", "2")))).isTrue();
    assertThat(entries.remove(Map.entry("a", "2"))).isFalse();
    assertThat(entries.remove(Map.entry("a", "1"))).isTrue();
    assertThat(entries.removeAll(List.of(Map.entry("b", "1")))).isFalse();
    assertThat(entries.retainAll(List.of(Map.entry("b", "2")))).isFalse();

    assertThat(dict.snapshot()).isEqualTo(Map.of("b", "2"));
  }

  @Test
  void iteratorRemove_deletesTheKey(RedisDeployment server) {
    dict.putAll(Map.of("a", "1", "b", "2"));
    Iterator<String> it = dict.keySet().iterator();
    String first = it.next();

    it.remove();

    assertThatThrownBy(it::remove).isInstanceOf(IllegalStateException.class);
    assertThat(dict.containsKey(first)).isFalse();
    assertThat(server.execute("HLEN", KEY)).isEqualTo(1L);
  }

  @Test
  void removeIf_onEachView_removesMatchesAtomically() {
    dict.putAll(Map.of("a", "1", "b", "2", "c", "3", "d", "4"));

    assertThat(dict.keySet().removeIf(k -> k.equals("a"))).isTrue();
    assertThat(dict.values().removeIf(v -> v.equals("2"))).isTrue();
    assertThat(dict.entrySet().removeIf(e -> e.getKey().equals("c"))).isTrue();
    assertThat(dict.keySet().removeIf(k -> false)).isFalse();

    assertThat(dict.snapshot()).isEqualTo(Map.of("d", "4"));
  }

  @Test
  void iteration_20000Entries_returnsEveryKeyInPages(RedisDeployment server) {
    Map<String, String> big = new LinkedHashMap<>();
    for (int i = 0; i < 20_000; i++) {
      big.put("k" + i, "v" + i);
    }
    dict.putAll(big);
    server.resetStats();

    Set<String> keys = new HashSet<>();
    for (String key : dict.keySet()) {
      keys.add(key);
    }
    Map<String, String> entries = new LinkedHashMap<>();
    dict.forEach(entries::put);

    assertThat(keys).isEqualTo(big.keySet());
    assertThat(entries).isEqualTo(big);
    assertThat(server.commandCalls("hscan")).isGreaterThan(2);
    assertThat(server.commandCalls("hgetall")).isZero();
  }

  @Test
  void views_hashShrinksDuringIteration_returnEachEntryOnce(RedisDeployment server) {
    List<String> views = List.of("keySet", "values", "entrySet", "forEach");
    try (HotClient other = HotClient.create(server.uri())) {
      List<String> duplicates = new ArrayList<>();
      for (int round = 0; round < 40; round++) {
        String view = views.get(round % views.size());
        String key = "shrink-" + round;
        List<String> names = ShrinkingScan.names(round);
        HotDict<String, String> shrinking = at(key);
        shrinking.putAll(valuesOf(names));
        HotDict<String, String> remover =
            HotDict.builder(String.class, String.class).client(other).key(key).build();
        Runnable shrink = () -> shrink(remover, names);
        int before = ShrinkingScan.shrinkAfter(round);
        List<String> returned =
            switch (view) {
              case "keySet" -> ShrinkingScan.iterate(shrinking.keySet().iterator(), before, shrink);
              case "values" -> ShrinkingScan.iterate(shrinking.values().iterator(), before, shrink);
              case "entrySet" ->
                  ShrinkingScan.iterate(shrinking.entrySet().iterator(), before, shrink).stream()
                      .map(e -> e.getKey() + "=" + e.getValue())
                      .collect(Collectors.toCollection(ArrayList::new));
              default -> {
                List<String> entries = new ArrayList<>();
                shrinking.forEach(
                    (k, v) -> {
                      entries.add(k + "=" + v);
                      if (entries.size() == before) {
                        shrink.run();
                      }
                    });
                yield entries;
              }
            };

        List<String> kept = ShrinkingScan.kept(names);
        if (view.equals("values")) {
          long same = returned.stream().filter("same"::equals).count();
          returned.removeIf("same"::equals);
          assertThat(same)
              .as("round %s: values shared by several keys", round)
              .isBetween(
                  kept.stream().filter(k -> isEven(k)).count(), (long) ShrinkingScan.SIZE / 2);
          kept = kept.stream().filter(k -> !isEven(k)).map(k -> "val-" + k).toList();
        } else if (view.equals("entrySet") || view.equals("forEach")) {
          kept = kept.stream().map(k -> k + "=" + valueOf(k)).toList();
        }
        duplicates.addAll(ShrinkingScan.duplicates(returned));
        assertThat(returned).as("round %s, %s", round, view).containsAll(kept);
      }
      assertThat(duplicates).as("entries returned twice").isEmpty();
    }
  }

  @Test
  void iterator_beyondItsMemoryBudget_returnsEachEntryOnceAndCleansUp(RedisDeployment server) {
    try (HotClient small = HotClient.builder().uri(server.uri()).iteratorMemory(4_096).build();
        HotClient other = HotClient.create(server.uri())) {
      List<String> duplicates = new ArrayList<>();
      for (int round = 0; round < 8; round++) {
        String key = "shrink-" + round;
        List<String> names = ShrinkingScan.names(round);
        at(key).putAll(valuesOf(names));
        HotDict<String, String> shrinking =
            HotDict.builder(String.class, String.class).client(small).key(key).build();
        HotDict<String, String> remover =
            HotDict.builder(String.class, String.class).client(other).key(key).build();

        List<String> returned =
            ShrinkingScan.iterate(
                shrinking.keySet().iterator(), 1_500 + round * 100, () -> shrink(remover, names));

        duplicates.addAll(ShrinkingScan.duplicates(returned));
        assertThat(returned).as("round %s", round).containsAll(ShrinkingScan.kept(names));
        assertThat((List<?>) server.serving(key).execute("KEYS", "*iteration*")).isEmpty();
      }
      assertThat(duplicates).as("keys returned twice").isEmpty();
    }
  }

  @Test
  void values_equalValuesOverSeveralPages_eachEntryReturnsItsValue() {
    Map<String, String> same = new LinkedHashMap<>();
    for (int i = 0; i < 3_000; i++) {
      same.put("k" + i, "same");
    }
    dict.putAll(same);

    List<String> values = new ArrayList<>();
    dict.values().iterator().forEachRemaining(values::add);

    assertThat(values).hasSize(3_000).containsOnly("same");
  }

  /** Removes nine keys in ten, then looks every key up, which completes the rehash. */
  private static void shrink(HotDict<String, ?> dict, List<String> names) {
    dict.keySet().removeAll(ShrinkingScan.removed(names));
    assertThat(dict.keySet().containsAll(names)).isFalse();
  }

  /** Values of the shrinking tests: half the keys share one value, the others have their own. */
  private static Map<String, String> valuesOf(List<String> names) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String name : names) {
      values.put(name, valueOf(name));
    }
    return values;
  }

  private static String valueOf(String name) {
    return isEven(name) ? "same" : "val-" + name;
  }

  private static boolean isEven(String name) {
    return (name.charAt(name.length() - 1) - '0') % 2 == 0;
  }

  @Test
  void putAll_largeMap_chunkedInOneTransaction(RedisDeployment server) {
    Map<String, String> big = new LinkedHashMap<>();
    for (int i = 0; i < 25_000; i++) {
      big.put("k" + i, "v" + i);
    }
    server.resetStats();

    dict.putAll(big);

    assertThat(server.commandCalls("hset")).isEqualTo(3);
    assertThat(server.commandCalls("exec")).isEqualTo(1);
    assertThat(dict.longSize()).isEqualTo(25_000L);
    assertThat(dict.containsValue("v24999")).isTrue();
    assertThat(dict.containsValue("v25000")).isFalse();
  }

  @Test
  void equals_anotherHotDictOrPlainMap_comparesContents() {
    dict.putAll(Map.of("a", "1", "b", "2"));
    HotDict<String, String> other = at("other");
    other.putAll(Map.of("b", "2", "a", "1"));

    assertThat(dict).isEqualTo(other).isEqualTo(Map.of("a", "1", "b", "2"));
    assertThat(dict.hashCode()).isEqualTo(Map.of("a", "1", "b", "2").hashCode());
    other.set("c", "3");
    assertThat(dict).isNotEqualTo(other);
    assertThat(dict.toString()).contains("a=1").contains("b=2");
  }

  @Test
  void queries_otherTypes_findNothing() {
    dict.set("1", "1");
    Map<?, ?> untyped = dict;
    assertThat(untyped.get(1)).isNull();
    assertThat(untyped.containsKey(1)).isFalse();
    assertThat(untyped.containsValue(1)).isFalse();
    assertThat(untyped.remove(1)).isNull();
    assertThat(untyped.remove("1", 1)).isFalse();
    assertThat(dict.get("1")).isEqualTo("1");
  }

  @Test
  void nulls_areRefused() {
    assertThatThrownBy(() -> dict.put(null, "v")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> dict.set("k", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> dict.get(null)).isInstanceOf(NullPointerException.class);
    Map<String, String> withNull = new LinkedHashMap<>();
    withNull.put("a", "1");
    withNull.put("b", null);
    assertThatThrownBy(() -> dict.putAll(withNull)).isInstanceOf(NullPointerException.class);
    assertThat(dict.isEmpty()).isTrue();
  }

  // ---- errors ----

  @Test
  void wrongType_namesKeyAndTypes(RedisDeployment server) {
    server.execute("RPUSH", KEY, "x");

    assertThatThrownBy(() -> dict.get("a"))
        .isInstanceOf(HotWrongTypeException.class)
        .hasMessage("WRONGTYPE on key 'dict': expected a hash, found a list");
    assertThatThrownBy(() -> dict.put("a", "1")).isInstanceOf(HotWrongTypeException.class);
    assertThatThrownBy(() -> dict.merge("a", "1", String::concat))
        .isInstanceOf(HotWrongTypeException.class);
    assertThatThrownBy(() -> dict.keySet().iterator().hasNext())
        .isInstanceOf(HotWrongTypeException.class);
    assertThatThrownBy(() -> dict.containsValue("x")).isInstanceOf(HotWrongTypeException.class);
    assertThatThrownBy(dict::copy).isInstanceOf(HotWrongTypeException.class);
    assertThat(server.execute("LRANGE", KEY, "0", "-1")).isEqualTo(List.of("x"));
  }

  @Test
  void undecodableValue_namesTheKey(RedisDeployment server) {
    server.execute("HSET", "counts", "a", "twelve");
    HotDict<String, Long> counts = counts("counts");

    assertThatThrownBy(() -> counts.get("a"))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("key 'counts': ")
        .satisfies(e -> assertThat(((CodecException) e).key()).isEqualTo("counts"));
    assertThatThrownBy(() -> counts.values().iterator().next())
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("key 'counts': ");
    assertThatThrownBy(counts::snapshot)
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("key 'counts': ");
  }

  // ---- transactions ----

  @Test
  void transaction_set_isQueuedAndCommitted(RedisDeployment server) {
    try (HotTransaction tx = client.transaction()) {
      dict.set("a", "1");
      dict.putAll(Map.of("b", "2"));
      assertThat(tx.size()).isEqualTo(2);
      assertThat(server.execute("EXISTS", KEY)).isEqualTo(0L);
      tx.commit();
    }
    assertThat(dict.snapshot()).isEqualTo(Map.of("a", "1", "b", "2"));
  }

  @Test
  void transaction_putWithoutDefer_isRefused_withDefer_deliversThePreviousValue() {
    dict.set("a", "old");
    Deferred<String> previous;
    Deferred<String> popped;
    try (HotTransaction tx = client.transaction()) {
      assertThatThrownBy(() -> dict.put("a", "new"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("HotDict.put")
          .hasMessageContaining("tx.defer");
      previous = tx.defer(() -> dict.put("a", "new"));
      popped = tx.defer(() -> dict.pop("zz", "none"));
      tx.commit();
    }
    assertThat(previous.get()).isEqualTo("old");
    assertThat(popped.get()).isEqualTo("none");
    assertThat(dict.get("a")).isEqualTo("new");
  }

  @Test
  void transaction_computeAndIteration_areRefused() {
    try (HotTransaction tx = client.transaction()) {
      assertThatThrownBy(() -> dict.compute("a", (k, v) -> "x"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("several round trips");
      assertThatThrownBy(() -> dict.keySet().iterator())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("several round trips");
      assertThatThrownBy(() -> tx.defer(() -> dict.merge("a", "x", String::concat)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("several round trips");
      tx.discard();
    }
  }

  @Test
  void optimistic_compute_readsNowAndQueuesItsCompareAndSet() {
    HotDict<String, Long> counts = counts("counts");
    counts.set("k", 1L);

    Long result = client.optimistic(List.of(counts), tx -> counts.merge("k", 10L, Long::sum));

    assertThat(result).isEqualTo(11L);
    assertThat(counts.get("k")).isEqualTo(11L);
  }

  @Test
  void copy_insideTransaction_isQueued() {
    dict.set("a", "1");
    HotDict<String, String> copy;
    try (HotTransaction tx = client.transaction()) {
      copy = dict.copy();
      dict.set("a", "2");
      tx.commit();
    }
    assertThat(copy.get("a")).isEqualTo("1");
    assertThat(dict.get("a")).isEqualTo("2");
  }

  // ---- interoperability ----

  @Test
  void hashWrittenByRedisCli_readsAsADict_andBack(RedisDeployment server) {
    server.execute("HSET", KEY, "name", "Ann", "city", "Zürich");

    assertThat(dict.snapshot()).isEqualTo(Map.of("name", "Ann", "city", "Zürich"));
    dict.set("age", "41");
    assertThat(server.execute("HGET", KEY, "age")).isEqualTo("41");
  }

  @Test
  void client_isTheOneGiven(RedisServer server) {
    try (HotClient other = HotClient.create(server.uri() + "/1")) {
      HotDict<String, String> elsewhere =
          HotDict.builder(String.class, String.class).client(other).key(KEY).build();
      elsewhere.set("a", "1");
      assertThat(elsewhere.client()).isSameAs(other);
      assertThat(server.execute("EXISTS", KEY)).isEqualTo(0L);
      assertThat(elsewhere.get("a")).isEqualTo("1");
    }
  }

  private HotDict<String, String> at(String key) {
    return HotDict.builder(String.class, String.class).client(client).key(key).build();
  }

  private HotDict<String, Long> counts(String key) {
    return HotDict.builder(String.class, Long.class).client(client).key(key).build();
  }
}
