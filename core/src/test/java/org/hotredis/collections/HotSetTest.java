package org.hotredis.collections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.common.collect.Sets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.hotredis.Deferred;
import org.hotredis.HotClient;
import org.hotredis.HotRedisException;
import org.hotredis.HotTransaction;
import org.hotredis.HotWrongTypeException;
import org.hotredis.Keys;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@RedisTest
final class HotSetTest {
  private static final Set<String> A = Set.of("wagwaan", "hot", "rod", "dog");
  private static final Set<String> B = Set.of("wagwaan", "flute", "rod", "cat");
  private static final Set<String> C = Set.of("rod", "wagwaan", "ya", "cat");

  private HotClient client;
  private int keys;

  @BeforeEach
  void open(RedisDeployment server) {
    client = HotClient.create(server.uri());
  }

  @AfterEach
  void close() {
    client.close();
  }

  private HotSet<String> hot(Collection<String> members) {
    return hot("set-" + keys++, members);
  }

  private HotSet<String> hot(String key, Collection<String> members) {
    return HotSet.builder(String.class).client(client).key(key).initial(members).build();
  }

  private static Set<String> members(int from, int to) {
    return IntStream.range(from, to)
        .mapToObj(i -> "m" + i)
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /**
   * Runs an operation of {@code A} with {@code B} and {@code C} in the four combinations of
   * Python's tests: both plain, either one a HotSet, both HotSets.
   */
  private void forEachCombination(
      BiFunction<Collection<String>, Collection<String>, Set<String>> operation,
      Set<String> expected) {
    List<String> labels = List.of("plain/plain", "hot/plain", "plain/hot", "hot/hot");
    for (int i = 0; i < 4; i++) {
      Collection<String> b = (i & 1) == 0 ? B : hot(B);
      Collection<String> c = (i & 2) == 0 ? C : hot(C);
      assertThat(operation.apply(b, c)).as(labels.get(i)).isEqualTo(expected);
      assertThat(b).as("B unchanged, " + labels.get(i)).isEqualTo(B);
      assertThat(c).as("C unchanged, " + labels.get(i)).isEqualTo(C);
    }
  }

  // ---- construction and interop ----

  @Test
  void builder_keyAndInitial_replacesStoredMembers(RedisDeployment server) {
    server.execute("SADD", "s", "old", "rod");
    HotSet<String> set = hot("s", List.of("rod", "new", "rod"));
    assertThat(set.snapshot()).containsExactlyInAnyOrder("rod", "new");
    assertThat(hot("s", List.of())).isEmpty();
    assertThat(server.execute("EXISTS", "s")).isEqualTo(0L);
  }

  @Test
  void builder_largeInitial_isOneMultiExec(RedisDeployment server) {
    HotSet<String> set = hot("big", members(0, 25_000));
    assertThat(set.longSize()).isEqualTo(25_000);
    assertThat(server.commandCalls("multi")).isEqualTo(1);
    assertThat(server.commandCalls("sadd")).isEqualTo(3);
  }

  @Test
  void stringSet_interoperatesWithRedisCli(RedisDeployment server) {
    server.execute("SADD", "py", "a", "b", "ünï");
    HotSet<String> set = HotSet.builder(String.class).client(client).key("py").build();
    assertThat(set).containsExactlyInAnyOrder("a", "b", "ünï");

    set.add("c");
    set.remove("a");
    assertThat(server.execute("SMEMBERS", "py"))
        .asInstanceOf(InstanceOfAssertFactories.list(String.class))
        .containsExactlyInAnyOrder("b", "c", "ünï");
    assertThat(server.execute("TYPE", "py")).isEqualTo("set");
  }

  // ---- the Set contract ----

  @Test
  void add_returnsWhetherNew() {
    HotSet<String> set = hot(List.of("a"));
    assertThat(set.add("a")).isFalse();
    assertThat(set.add("b")).isTrue();
    assertThat(set.snapshot()).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void removeAndPop_presentOrAbsent_followPythonDiscardAndPop() {
    HotSet<String> set = hot(A);
    // Python's remove raises KeyError for an absent member and discard does not; Java's remove is
    // discard: it reports the absence instead.
    assertThat(set.remove("absent")).isFalse();
    assertThat(set.remove("hot")).isTrue();
    assertThat(set.remove("hot")).isFalse();

    String popped = set.pop();
    assertThat(Set.of("wagwaan", "rod", "dog")).contains(popped);
    assertThat(set).hasSize(2).doesNotContain(popped);
  }

  @Test
  void pop_empty_throwsNoSuchElementNotNull() {
    HotSet<String> set = hot("empty", List.of());
    assertThatThrownBy(set::pop)
        .isInstanceOf(NoSuchElementException.class)
        .hasMessageContaining("HotSet 'empty' is empty");
    assertThatThrownBy(set::randomMember).isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void randomMember_returnsAMemberWithoutRemovingIt() {
    HotSet<String> set = hot(A);
    assertThat(A).contains(set.randomMember());
    assertThat(set).hasSize(4);
  }

  @Test
  void queries_nullOrOtherType_throwOrFindNothing() {
    HotSet<String> set = hot(List.of("a", "1"));
    Collection<?> any = set;
    assertThatThrownBy(() -> set.contains(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> set.remove(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> set.add(null)).isInstanceOf(NullPointerException.class);
    assertThat(any.contains(1)).isFalse();
    assertThat(any.remove(1)).isFalse();
    assertThat(set.containsAll(Arrays.asList("a", null))).isFalse();
    assertThat(set.containsAll(List.of("a", 1))).isFalse();
    assertThat(set.containsAll(List.of("a", "1"))).isTrue();
    assertThat(any.removeAll(Arrays.asList(null, 1))).isFalse();
    assertThat(set.retainAll(Arrays.asList("a", null))).isTrue();
    assertThat(set.snapshot()).containsExactly("a");
  }

  @Test
  void equalsAndHashCode_followTheSetContract() {
    HotSet<String> set = hot(A);
    assertThat(set).isEqualTo(new HashSet<>(A));
    assertThat(new HashSet<>(A)).isEqualTo(set);
    assertThat(set.hashCode()).isEqualTo(A.hashCode());
    assertThat(set).isNotEqualTo(List.copyOf(A));
    assertThat(set).isNotEqualTo(B);
    assertThat(set.equals(hot(A))).isTrue();
  }

  @Test
  void iterator_twentyThousandMembers_returnsEveryMember(RedisDeployment server) {
    Set<String> expected = members(0, 20_000);
    HotSet<String> set = hot(expected);
    server.resetStats();

    Set<String> seen = new HashSet<>();
    for (String member : set) {
      seen.add(member);
    }

    assertThat(seen).isEqualTo(expected);
    assertThat(server.commandCalls("sscan")).isBetween(10L, 40L);
  }

  @Test
  void iterator_membersRemovedMeanwhile_stillReturnsEveryRemainingMember() {
    HotSet<String> set = hot("scan", members(0, 20_000));
    HotSet<String> sameKey = HotSet.builder(String.class).client(client).key("scan").build();
    Iterator<String> it = set.iterator();
    Set<String> seen = new HashSet<>();
    seen.add(it.next());
    // removes 90% of the set, so Redis shrinks its hash table during the iteration
    sameKey.removeAll(members(2_000, 20_000));
    it.forEachRemaining(seen::add);

    assertThat(seen).containsAll(members(0, 2_000));
    assertThat(set.longSize()).isEqualTo(2_000);
  }

  @Test
  void iterator_setShrinksDuringIteration_returnsEachMemberOnce(RedisDeployment server) {
    try (HotClient other = HotClient.create(server.uri())) {
      List<String> duplicates = new ArrayList<>();
      for (int round = 0; round < 24; round++) {
        String key = "shrink-" + round;
        List<String> names = ShrinkingScan.names(round);
        HotSet<String> set = hot(key, names);
        HotSet<String> remover = HotSet.builder(String.class).client(other).key(key).build();

        List<String> returned =
            ShrinkingScan.iterate(
                set.iterator(), ShrinkingScan.shrinkAfter(round), () -> shrink(remover, names));

        duplicates.addAll(ShrinkingScan.duplicates(returned));
        assertThat(returned).as("round %s", round).containsAll(ShrinkingScan.kept(names));
      }
      assertThat(duplicates).as("members returned twice").isEmpty();
    }
  }

  /** Removes nine members in ten, then looks every member up, which completes the rehash. */
  private static void shrink(HotSet<String> set, List<String> names) {
    set.removeAll(ShrinkingScan.removed(names));
    assertThat(set.containsAll(names)).isFalse();
  }

  @Test
  void iterator_beyondItsMemoryBudget_returnsEachMemberOnceAndCleansUp(RedisDeployment server) {
    try (HotClient small = HotClient.builder().uri(server.uri()).iteratorMemory(4_096).build();
        HotClient other = HotClient.create(server.uri())) {
      List<String> duplicates = new ArrayList<>();
      for (int round = 0; round < 8; round++) {
        String key = "{tag}shrink-" + round;
        List<String> names = ShrinkingScan.names(round);
        hot(key, names);
        HotSet<String> set = HotSet.builder(String.class).client(small).key(key).build();
        HotSet<String> remover = HotSet.builder(String.class).client(other).key(key).build();
        List<String> memory = new ArrayList<>();
        List<Object> timeToLive = new ArrayList<>();

        List<String> returned =
            ShrinkingScan.iterate(
                set.iterator(),
                1_500 + round * 100,
                () -> {
                  memory.addAll(iterationKeys(server, key));
                  memory.forEach(m -> timeToLive.add(server.serving(key).execute("PTTL", m)));
                  shrink(remover, names);
                });

        duplicates.addAll(ShrinkingScan.duplicates(returned));
        assertThat(returned).as("round %s", round).containsAll(ShrinkingScan.kept(names));
        assertThat(memory).as("the iteration's memory in Redis").hasSize(1);
        assertThat(Keys.slot(memory.get(0))).isEqualTo(Keys.slot(key));
        assertThat(timeToLive)
            .singleElement()
            .satisfies(ttl -> assertThat((Long) ttl).isBetween(1L, 3_600_000L));
        assertThat(iterationKeys(server, key)).as("memory left after the iteration").isEmpty();
      }
      assertThat(duplicates).as("members returned twice").isEmpty();
    }
  }

  @Test
  void iterator_memoryInRedisExpired_throwsIllegalStateInsteadOfRepeating(RedisDeployment server) {
    try (HotClient small = HotClient.builder().uri(server.uri()).iteratorMemory(0).build()) {
      hot("big", members(0, 5_000));
      HotSet<String> set = HotSet.builder(String.class).client(small).key("big").build();
      Iterator<String> it = set.iterator();
      for (int i = 0; i < 1_500; i++) {
        it.next();
      }
      for (String key : iterationKeys(server, "big")) {
        server.serving("big").execute("DEL", key);
      }

      assertThatThrownBy(() -> it.forEachRemaining(member -> {}))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("big");
    }
  }

  /** Returns the keys of iterations' memories in the slot of a key. */
  @SuppressWarnings("unchecked")
  private static List<String> iterationKeys(RedisDeployment server, String key) {
    List<String> found = new ArrayList<>();
    for (String k : (List<String>) server.serving(key).execute("KEYS", "*iteration*")) {
      if (Keys.slot(k) == Keys.slot(key)) {
        found.add(k);
      }
    }
    return found;
  }

  @Test
  void stream_setShrinksDuringTraversal_isNotRejectedAsMissized() {
    HotSet<String> set = hot("shrinking", members(0, 5_000));
    HotSet<String> sameKey = HotSet.builder(String.class).client(client).key("shrinking").build();
    boolean[] removed = {false};

    List<String> streamed =
        set.stream()
            .peek(
                member -> {
                  if (!removed[0]) {
                    removed[0] = true;
                    sameKey.clear();
                  }
                })
            .toList();

    assertThat(streamed).isNotEmpty().hasSizeLessThan(5_000);
    assertThat(set.spliterator().characteristics())
        .isEqualTo(Spliterator.CONCURRENT | Spliterator.DISTINCT | Spliterator.NONNULL);
  }

  @Test
  void iteratorRemove_removesTheLastMember() {
    HotSet<String> set = hot(A);
    Iterator<String> it = set.iterator();
    assertThatThrownBy(it::remove).isInstanceOf(IllegalStateException.class);
    String first = it.next();
    it.remove();
    assertThatThrownBy(it::remove).isInstanceOf(IllegalStateException.class);
    assertThat(set).hasSize(3).doesNotContain(first);
  }

  @Test
  void iteratorRemove_everyMemberOfALargeSet_leavesItEmpty() {
    HotSet<String> set = hot(members(0, 3_000));
    Set<String> seen = new HashSet<>();
    for (Iterator<String> it = set.iterator(); it.hasNext(); ) {
      seen.add(it.next());
      it.remove();
    }
    assertThat(seen).hasSize(3_000);
    assertThat(set).isEmpty();
  }

  @Test
  void removeIf_removesMatchingMembersAtomically(RedisDeployment server) {
    HotSet<String> set = hot(members(0, 2_500));
    server.resetStats();
    assertThat(set.removeIf(m -> m.endsWith("0"))).isTrue();
    assertThat(set.removeIf(m -> m.endsWith("0"))).isFalse();
    assertThat(set.longSize()).isEqualTo(2_250);
    assertThat(set).noneMatch(m -> m.endsWith("0"));
    assertThat(server.commandCalls("watch")).isEqualTo(2);
    assertThat(server.commandCalls("exec")).isEqualTo(1);
  }

  // ---- Python's set algebra, every argument combination (tests.py:267-339) ----

  @Test
  void intersection_everyArgumentCombination_matchesJava() {
    forEachCombination((b, c) -> hot(A).intersection(b, c), Set.of("wagwaan", "rod"));
    assertThat(hot(A).intersection()).isEqualTo(A);
  }

  @Test
  void intersectionUpdate_everyArgumentCombination_storesTheResult() {
    forEachCombination(
        (b, c) -> {
          HotSet<String> a = hot(A);
          assertThat(a.intersectionUpdate(b, c)).isTrue();
          return a.snapshot();
        },
        Set.of("wagwaan", "rod"));
    HotSet<String> a = hot(A);
    assertThat(a.intersectionUpdate()).isFalse();
    assertThat(a.intersectionUpdate(A)).isFalse();
    assertThat(a).isEqualTo(A);
  }

  @Test
  void difference_everyArgumentCombination_matchesJava() {
    forEachCombination((b, c) -> hot(A).difference(b, c), Set.of("hot", "dog"));
    assertThat(hot(A).difference()).isEqualTo(A);
  }

  @Test
  void differenceUpdate_everyArgumentCombination_storesTheResult() {
    forEachCombination(
        (b, c) -> {
          HotSet<String> a = hot(A);
          assertThat(a.differenceUpdate(b, c)).isTrue();
          return a.snapshot();
        },
        Set.of("hot", "dog"));
    HotSet<String> a = hot(A);
    assertThat(a.differenceUpdate(List.of("x"), hot(List.of("y")))).isFalse();
    assertThat(a.differenceUpdate(List.of())).isFalse();
    assertThat(a).isEqualTo(A);
  }

  @Test
  void union_everyArgumentCombination_matchesJava() {
    Set<String> all = new HashSet<>(A);
    all.addAll(B);
    all.addAll(C);
    forEachCombination((b, c) -> hot(A).union(b, c), all);
    forEachCombination(
        (b, c) -> {
          HotSet<String> a = hot(A);
          assertThat(a.unionUpdate(b, c)).isTrue();
          return a.snapshot();
        },
        all);
  }

  @Test
  void algebra_twoHotSets_combinesInsideRedis(RedisDeployment server) {
    // one hash tag, so that a cluster can combine them too
    HotSet<String> a = hot("{ab}a", A);
    HotSet<String> b = hot("{ab}b", B);
    server.resetStats();

    assertThat(a.intersection(b)).containsExactlyInAnyOrder("wagwaan", "rod");
    assertThat(a.union(b)).hasSize(6);
    assertThat(a.difference(b)).containsExactlyInAnyOrder("hot", "dog");

    assertThat(server.commandCalls("sinter")).isEqualTo(1);
    assertThat(server.commandCalls("sunion")).isEqualTo(1);
    assertThat(server.commandCalls("sdiff")).isEqualTo(1);
    assertThat(server.commandCalls("smembers")).isZero();
  }

  @Test
  void symmetricDifference_bothWays_matchesJava() {
    Set<String> expected = Set.of("ya", "flute");
    HotSet<String> c = hot(C);
    HotSet<String> b = hot(B);
    assertThat(c.symmetricDifference(B)).isEqualTo(expected);
    assertThat(c.symmetricDifference(b)).isEqualTo(expected);
    assertThat(b.symmetricDifference(c)).isEqualTo(expected);
    assertThat(Sets.symmetricDifference(C, b)).isEqualTo(expected);
    assertThat(c.symmetricDifference(c)).isEmpty();
    assertThat(c).isEqualTo(C);
  }

  @Test
  void symmetricDifferenceUpdate_hotSet_stores() {
    HotSet<String> set = hot(List.of("a", "b", "c"));
    assertThat(set.symmetricDifferenceUpdate(hot(List.of("a", "q")))).isTrue();
    assertThat(set).isEqualTo(Set.of("b", "c", "q"));
    assertThat(set.symmetricDifferenceUpdate(set)).isTrue();
    assertThat(set).isEmpty();
  }

  // ---- the Python defects of reference §8, absent ----

  @Test
  void symmetricDifferenceUpdate_plainIterable_actuallyStores() {
    // Python: `s ^= anything` and symmetric_difference_update(iterable) left the set unchanged.
    HotSet<String> set = hot(List.of("a", "b", "c"));
    assertThat(set.symmetricDifferenceUpdate(List.of("a", "q", "q"))).isTrue();
    assertThat(set).isEqualTo(Set.of("b", "c", "q"));
    assertThat(set.symmetricDifferenceUpdate(List.of())).isFalse();
    assertThat(set).isEqualTo(Set.of("b", "c", "q"));
  }

  @Test
  void intersectionUpdate_emptyResult_clearsInsteadOfFailing(RedisDeployment server) {
    HotSet<String> set = hot("s", A);
    assertThat(set.intersectionUpdate(Set.of("x"), Set.of("y"))).isTrue();
    assertThat(set).isEmpty();
    assertThat(server.execute("EXISTS", "s")).isEqualTo(0L);

    HotSet<String> other = hot(A);
    assertThat(other.intersectionUpdate(hot(List.of("x")), hot(List.of("y")))).isTrue();
    assertThat(other).isEmpty();
    HotSet<String> third = hot(A);
    assertThat(third.retainAll(List.of())).isTrue();
    assertThat(third).isEmpty();
  }

  @Test
  void unionUpdate_emptyInput_changesNothingAndSendsNothing(RedisDeployment server) {
    HotSet<String> set = hot(List.of("a"));
    server.resetStats();
    assertThat(set.unionUpdate(List.of())).isFalse();
    assertThat(set.unionUpdate()).isFalse();
    assertThat(set.addAll(Set.of())).isFalse();
    assertThat(server.commandCalls("sadd") + server.commandCalls("evalsha")).isZero();
    assertThat(set).isEqualTo(Set.of("a"));
  }

  // ---- comparisons (tests.py:375-391) ----

  @Test
  void comparisons_hotSetsAndPlainSets_matchPython() {
    HotSet<String> a = hot(List.of("a", "b"));
    for (boolean hotOperands : new boolean[] {false, true}) {
      Collection<String> same = hotOperands ? hot(List.of("b", "a")) : Set.of("a", "b");
      Collection<String> bigger = hotOperands ? hot(List.of("a", "b", "c")) : Set.of("a", "b", "c");
      Collection<String> smaller = hotOperands ? hot(List.of("a")) : Set.of("a");
      Collection<String> apart = hotOperands ? hot(List.of("x", "y")) : Set.of("x", "y");
      String label = hotOperands ? "HotSet operands" : "plain operands";

      assertThat(a.isSubsetOf(same)).as(label).isTrue(); // <=
      assertThat(a.isProperSubsetOf(same)).as(label).isFalse(); // <
      assertThat(a.isSubsetOf(bigger)).as(label).isTrue();
      assertThat(a.isProperSubsetOf(bigger)).as(label).isTrue();
      assertThat(a.isSubsetOf(smaller)).as(label).isFalse();

      assertThat(a.isSupersetOf(same)).as(label).isTrue(); // >=
      assertThat(a.isProperSupersetOf(same)).as(label).isFalse(); // >
      assertThat(a.isSupersetOf(smaller)).as(label).isTrue();
      assertThat(a.isProperSupersetOf(smaller)).as(label).isTrue();
      assertThat(a.isSupersetOf(bigger)).as(label).isFalse();
      assertThat(a.containsAll(bigger)).as(label).isFalse();

      assertThat(a.isDisjoint(apart)).as(label).isTrue();
      assertThat(a.isDisjoint(smaller)).as(label).isFalse();
    }
    assertThat(a.isProperSubsetOf(List.of("a", "b", 3))).isTrue();
    assertThat(a.isProperSupersetOf(List.of("a", 3))).isFalse();
    assertThat(a.isSubsetOf(List.of())).isFalse();
    assertThat(hot(List.of()).isSubsetOf(List.of())).isTrue();
  }

  @Test
  void comparisons_anyOperand_areOneRoundTrip(RedisDeployment server) {
    HotSet<String> a = hot("{ab}a", List.of("a", "b"));
    HotSet<String> b = hot("{ab}b", List.of("a", "b", "c"));
    a.isSubsetOf(b); // loads the script
    server.resetStats();

    assertThat(a.isSubsetOf(b)).isTrue();
    assertThat(a.isSubsetOf(Set.of("a", "b", "c"))).isTrue();
    assertThat(b.containsAll(a)).isTrue();
    assertThat(b.containsAll(List.of("a", "c"))).isTrue();

    assertThat(server.commandCalls("evalsha")).isEqualTo(3);
    assertThat(server.commandCalls("smismember")).isEqualTo(2);
    assertThat(server.commandCalls("sintercard")).isEqualTo(2);
    assertThat(server.commandCalls("smembers")).isZero();
  }

  // ---- HotSets that Redis cannot combine: the client-side fallback ----

  @Test
  void algebra_hotSetOfAnotherClient_fallsBackToReadingIt(RedisDeployment server) {
    try (HotClient otherClient = HotClient.create(server.uri())) {
      HotSet<String> b =
          HotSet.builder(String.class).client(otherClient).key("b").initial(B).build();
      HotSet<String> c =
          HotSet.builder(String.class).client(otherClient).key("c").initial(C).build();
      server.resetStats();

      assertThat(hot(A).intersection(b, c)).isEqualTo(Set.of("wagwaan", "rod"));
      assertThat(hot(A).difference(b, c)).isEqualTo(Set.of("hot", "dog"));
      assertThat(hot(A).union(b)).isEqualTo(Sets.union(A, B));
      assertThat(hot(C).symmetricDifference(b)).isEqualTo(Set.of("ya", "flute"));
      assertThat(hot(A).isDisjoint(b)).isFalse();
      assertThat(hot(List.of("rod")).isSubsetOf(b)).isTrue();
      assertThat(hot(A).containsAll(b)).isFalse();

      HotSet<String> a = hot(A);
      assertThat(a.intersectionUpdate(b, c)).isTrue();
      assertThat(a).isEqualTo(Set.of("wagwaan", "rod"));
      a = hot(A);
      assertThat(a.differenceUpdate(b, c)).isTrue();
      assertThat(a).isEqualTo(Set.of("hot", "dog"));
      a = hot(A);
      assertThat(a.unionUpdate(b)).isTrue();
      assertThat(a).isEqualTo(Sets.union(A, B));
      a = hot(C);
      assertThat(a.symmetricDifferenceUpdate(b)).isTrue();
      assertThat(a).isEqualTo(Set.of("ya", "flute"));

      assertThat(server.commandCalls("sinter")).isZero();
      assertThat(server.commandCalls("sunion")).isZero();
      assertThat(server.commandCalls("sdiff")).isZero();
      assertThat(server.commandCalls("smembers")).isGreaterThanOrEqualTo(11);
      assertThat(b).isEqualTo(B);
      assertThat(c).isEqualTo(C);
    }
  }

  @Test
  void algebra_hotSetsInDifferentClusterSlots_readsTheOtherSetsFirst(RedisDeployment server) {
    assumeTrue(server.isCluster(), "hash slots exist on a cluster only");
    HotSet<String> b = hot("b", B);
    HotSet<String> c = hot("c", C);
    assertThat(Stream.of("a", "b", "c").map(key -> server.execute("CLUSTER", "KEYSLOT", key)))
        .doesNotHaveDuplicates();
    server.resetStats();

    assertThat(hot("a", A).intersection(b, c)).isEqualTo(Set.of("wagwaan", "rod"));
    assertThat(hot("a", A).difference(b, c)).isEqualTo(Set.of("hot", "dog"));
    assertThat(hot("a", A).union(b)).isEqualTo(Sets.union(A, B));
    assertThat(hot("c", C).symmetricDifference(b)).isEqualTo(Set.of("ya", "flute"));
    assertThat(hot("a", A).isDisjoint(b)).isFalse();
    assertThat(hot("a", List.of("rod")).isSubsetOf(b)).isTrue();
    assertThat(hot("a", A).containsAll(b)).isFalse();

    HotSet<String> a = hot("a", A);
    assertThat(a.intersectionUpdate(b, c)).isTrue();
    assertThat(a).isEqualTo(Set.of("wagwaan", "rod"));
    a = hot("a", A);
    assertThat(a.differenceUpdate(b, c)).isTrue();
    assertThat(a).isEqualTo(Set.of("hot", "dog"));
    a = hot("a", A);
    assertThat(a.unionUpdate(b)).isTrue();
    assertThat(a).isEqualTo(Sets.union(A, B));
    a = hot("a", A);
    assertThat(a.symmetricDifferenceUpdate(b)).isTrue();
    assertThat(a).isEqualTo(Set.of("hot", "dog", "flute", "cat"));

    assertThat(server.commandCalls("sinter")).isZero();
    assertThat(server.commandCalls("sunion")).isZero();
    assertThat(server.commandCalls("sdiff")).isZero();
    assertThat(server.commandCalls("smembers")).isGreaterThanOrEqualTo(11);
    assertThat(b).isEqualTo(B);
    assertThat(c).isEqualTo(C);
  }

  @Test
  void algebra_hotSetWithAnotherCodec_comparesValuesNotBytes() {
    HotSet<String> strings = hot(List.of("1", "2"));
    HotSet<Long> longs =
        HotSet.builder(Long.class).client(client).key("longs").initial(List.of(1L, 3L)).build();
    assertThat(strings.intersection(longs)).isEmpty();
    assertThat(strings.isDisjoint(longs)).isTrue();
    Collection<?> anyStrings = strings;
    assertThat(anyStrings.retainAll(longs)).isTrue();
    assertThat(strings).isEmpty();
  }

  // ---- large inputs stay one round trip ----

  @Test
  void addAll_fiftyThousandMembers_isOneScriptCallWithAnExactResult(RedisDeployment server) {
    hot(List.of()).addAll(members(0, HotSet.CHUNK + 1)); // loads the script
    HotSet<String> set = hot(List.of("m0"));
    server.resetStats();

    assertThat(set.addAll(members(0, 50_000))).isTrue();

    assertThat(server.commandCalls("evalsha")).isEqualTo(1);
    assertThat(server.commandCalls("eval") + server.commandCalls("multi")).isZero();
    assertThat(set.longSize()).isEqualTo(50_000);
    assertThat(set.addAll(members(0, 50_000))).isFalse();
    List<String> oneNew = new ArrayList<>(members(1, 50_000));
    oneNew.add("new");
    assertThat(set.addAll(oneNew)).isTrue();
    assertThat(set.longSize()).isEqualTo(50_001);
  }

  @Test
  void retainAll_fiftyThousandMembers_isOneScriptCall(RedisDeployment server) {
    HotSet<String> set = hot(members(0, 60_000));
    hot(List.of("x")).retainAll(List.of("x")); // loads the script
    server.resetStats();

    Set<String> keep = members(10_000, 60_000);
    keep.add("absent");
    assertThat(set.retainAll(keep)).isTrue();

    assertThat(server.commandCalls("evalsha")).isEqualTo(1);
    assertThat(server.commandCalls("eval") + server.commandCalls("multi")).isZero();
    assertThat(set.snapshot()).isEqualTo(members(10_000, 60_000));
    assertThat(set.retainAll(keep)).isFalse();
  }

  @Test
  void intersectionUpdate_fiftyThousandMembers_isOneScriptCall(RedisDeployment server) {
    HotSet<String> set = hot(members(0, 60_000));
    HotSet<String> other = hot(members(10_000, 70_000));
    hot(List.of("x")).intersectionUpdate(List.of("x")); // loads the script
    server.resetStats();

    assertThat(set.intersectionUpdate(other)).isTrue();
    assertThat(set.intersectionUpdate(members(0, 50_000))).isTrue();

    assertThat(server.commandCalls("evalsha")).isEqualTo(2);
    assertThat(server.commandCalls("eval") + server.commandCalls("multi")).isZero();
    assertThat(set.snapshot()).isEqualTo(members(10_000, 50_000));
  }

  @Test
  void removeAll_fiftyThousandMembers_isOneScriptCall(RedisDeployment server) {
    HotSet<String> set = hot(members(0, 60_000));
    hot(List.of("x")).removeAll(members(0, HotSet.CHUNK + 1)); // loads the script
    server.resetStats();

    assertThat(set.removeAll(members(0, 50_000))).isTrue();

    assertThat(server.commandCalls("evalsha")).isEqualTo(1);
    assertThat(set.snapshot()).isEqualTo(members(50_000, 60_000));
  }

  // ---- Redis-side behaviour ----

  @Test
  void inPlaceAlgebra_keepsTheTimeToLive() {
    HotSet<String> set = hot(A);
    set.expire(Duration.ofMinutes(5));
    set.retainAll(List.of("hot", "rod", "dog"));
    set.intersectionUpdate(hot(List.of("hot", "rod")));
    set.symmetricDifferenceUpdate(List.of("x"));
    set.differenceUpdate(hot(List.of("x")));
    set.unionUpdate(hot(List.of("y")));
    assertThat(set).isEqualTo(Set.of("hot", "rod", "y"));
    assertThat(set.ttl()).hasValueSatisfying(ttl -> assertThat(ttl).isPositive());
  }

  @Test
  void wrongType_throwsHotWrongTypeException_andChangesNothing(RedisDeployment server) {
    server.execute("SET", "s", "text");
    server.execute("HSET", "h", "f", "v");
    HotSet<String> set = HotSet.builder(String.class).client(client).key("s").build();
    HotSet<String> good = hot("good", A);
    HotSet<String> hash = HotSet.builder(String.class).client(client).key("h").build();

    assertThatThrownBy(() -> set.add("a"))
        .isInstanceOf(HotWrongTypeException.class)
        .hasMessage("WRONGTYPE on key 's': expected a set, found a string");
    assertThatThrownBy(() -> set.iterator().hasNext()).isInstanceOf(HotWrongTypeException.class);
    assertThatThrownBy(() -> set.retainAll(List.of("a"))).isInstanceOf(HotWrongTypeException.class);
    assertThatThrownBy(() -> set.addAll(members(0, HotSet.CHUNK + 1)))
        .isInstanceOf(HotWrongTypeException.class);
    assertThatThrownBy(() -> good.intersectionUpdate(hash)).isInstanceOf(HotRedisException.class);
    assertThatThrownBy(() -> good.differenceUpdate(hash)).isInstanceOf(HotRedisException.class);

    assertThat(good).isEqualTo(A);
    assertThat(server.execute("GET", "s")).isEqualTo("text");
  }

  @Test
  void transaction_addNeedsDefer_clearIsQueued(RedisDeployment server) {
    HotSet<String> set = hot("tx", List.of("a"));
    Deferred<Boolean> addedB;
    Deferred<Boolean> addedAgain;
    Deferred<Boolean> retained;
    try (HotTransaction tx = client.transaction()) {
      assertThatThrownBy(() -> set.add("b"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("HotSet.add")
          .hasMessageContaining("tx.defer");
      set.clear();
      addedB = tx.defer(() -> set.add("b"));
      addedAgain = tx.defer(() -> set.add("b"));
      retained = tx.defer(() -> set.retainAll(List.of("b", "c")));
      assertThat(tx.size()).isEqualTo(4);
      assertThat(server.execute("SMEMBERS", "tx")).isEqualTo(List.of("a"));
      tx.commit();
    }
    assertThat(addedB.get()).isTrue();
    assertThat(addedAgain.get()).isFalse();
    assertThat(retained.get()).isFalse();
    assertThat(set).isEqualTo(Set.of("b"));
  }

  @Test
  void transaction_hotSetOfAnotherClient_isRefused(RedisDeployment server) {
    HotSet<String> set = hot(A);
    try (HotClient otherClient = HotClient.create(server.uri());
        HotTransaction tx = client.transaction()) {
      HotSet<String> foreign = HotSet.builder(String.class).client(otherClient).build();
      assertThatThrownBy(() -> tx.defer(() -> set.intersectionUpdate(foreign)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("several round trips");
      tx.discard();
    }
    assertThat(set).isEqualTo(A);
  }

  @Test
  @Timeout(60)
  void concurrentAdds_eightThreads_endWithExactlyTheUnion() throws Exception {
    HotSet<String> set = hot("shared", List.of());
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    Set<String> expected = new HashSet<>();
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        // each thread adds 400 members, half of them shared with the next thread
        Set<String> mine = members(t * 200, t * 200 + 400);
        expected.addAll(mine);
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  int added = 0;
                  for (String member : mine) {
                    if (set.add(member)) {
                      added++;
                    }
                  }
                  return added;
                }));
      }
      start.countDown();
      int added = 0;
      for (Future<Integer> f : futures) {
        added += f.get(60, TimeUnit.SECONDS);
      }
      assertThat(added).isEqualTo(expected.size());
    } finally {
      pool.shutdownNow();
    }
    assertThat(set.snapshot()).isEqualTo(expected);
  }
}
