package org.hotredis.collections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.ConcurrentModificationException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.assertj.core.api.SoftAssertions;
import org.hotredis.Deferred;
import org.hotredis.HotClient;
import org.hotredis.HotTransaction;
import org.hotredis.HotTransactionException;
import org.hotredis.HotWrongTypeException;
import org.hotredis.codec.CodecException;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Behaviour of {@link HotList} beyond guava-testlib's conformance suite: Python HOT Redis parity
 * (reference §5.2), the upstream List defects shown absent (§8), large lists, paging iterators,
 * live sublists, optimistic rewrites, errors, transactions and interoperability.
 */
@RedisTest
final class HotListTest {
  private static final String KEY = "list";

  /** Another list in the slot of KEY (its hash tag), so transactions over both run on a cluster. */
  private static final String OTHER = "{list}other";

  private static final int BIG = 100_000;

  private HotClient client;
  private HotList<String> list;

  @BeforeEach
  void open(RedisDeployment server) {
    client = HotClient.create(server.uri());
    list = at(KEY);
  }

  @AfterEach
  void close() {
    client.close();
  }

  // ---- Python parity (reference §5.2) ----

  @Test
  void builder_initialWithExistingKey_replacesOldData(RedisDeployment server) {
    List<String> a = List.of("a", "b", "c");
    at(KEY, a);

    HotList<String> b = at(KEY, a);

    assertThat(b.snapshot()).containsExactly("a", "b", "c");
    assertThat(server.execute("LRANGE", KEY, "0", "-1")).isEqualTo(List.of("a", "b", "c"));
  }

  @Test
  void builder_initialOverAnotherRedisType_replacesIt(RedisDeployment server) {
    server.execute("HSET", KEY, "f", "v");

    HotList<String> replaced = at(KEY, List.of("x"));

    assertThat(server.execute("TYPE", KEY)).isEqualTo("list");
    assertThat(replaced.snapshot()).containsExactly("x");
  }

  @Test
  void builder_emptyInitial_leavesAnEmptyListWithoutError(RedisDeployment server) {
    at(KEY, List.of("old"));

    HotList<String> empty = at(KEY, List.of());

    assertThat(empty.isEmpty()).isTrue();
    assertThat(empty.snapshot()).isEmpty();
    assertThat(server.execute("EXISTS", KEY)).isEqualTo(0L);
  }

  @Test
  void get_and_slice_pythonExamples_matchPython() {
    HotList<String> b = at(KEY, letters(10)); // a..j

    assertThat(b.get(4)).isEqualTo("e");
    assertThatThrownBy(() -> b.get(10)).isInstanceOf(IndexOutOfBoundsException.class);
    // Expected values printed by CPython 3 for list('abcdefghij').
    assertThat(b.slice(3, 12)).containsExactly("d", "e", "f", "g", "h", "i", "j");
    assertThat(b.slice(null, -5, 1)).containsExactly("a", "b", "c", "d", "e");
    assertThat(b.slice(0, 0)).isEmpty();
    assertThat(b.slice(2, 0)).isEmpty();
    assertThat(b.slice(10, 20)).isEmpty();
    assertThat(b.slice(null, null, 2)).containsExactly("a", "c", "e", "g", "i");
    assertThat(b.slice(null, null, -1))
        .containsExactly("j", "i", "h", "g", "f", "e", "d", "c", "b", "a");
    assertThat(b.slice(null, null, -3)).containsExactly("j", "g", "d", "a");
    assertThat(b.slice(8, 1, -2)).containsExactly("i", "g", "e", "c");
    assertThat(b.slice(-100, 100, 3)).containsExactly("a", "d", "g", "j");
    assertThat(b.slice(5, null, -1)).containsExactly("f", "e", "d", "c", "b", "a");
  }

  @Test
  void slice_everyBoundAndStep_matchesPythonReference() {
    List<String> expected = letters(10);
    HotList<String> b = at(KEY, expected);
    List<@Nullable Integer> bounds = new ArrayList<>();
    bounds.add(null);
    for (int i = -12; i <= 12; i++) {
      bounds.add(i);
    }

    int checked = 0;
    for (int step : new int[] {1, -1, 2, -2, 3, -3}) {
      for (Integer start : bounds) {
        for (Integer stop : bounds) {
          assertThat(b.slice(start, stop, step))
              .as("[%s:%s:%s]", start, stop, step)
              .isEqualTo(pythonSlice(expected, start, stop, step));
          checked++;
        }
      }
    }
    assertThat(checked).isEqualTo(6 * 26 * 26);
  }

  @Test
  void slice_twoArguments_equalsStepOne() {
    List<String> expected = letters(10);
    HotList<String> b = at(KEY, expected);
    for (int start = -12; start <= 12; start++) {
      for (int stop = -12; stop <= 12; stop++) {
        assertThat(b.slice(start, stop))
            .as("[%s:%s]", start, stop)
            .isEqualTo(pythonSlice(expected, start, stop, 1));
      }
    }
  }

  @Test
  void slice_zeroStep_throwsIllegalArgument() {
    at(KEY, letters(3));
    assertThatThrownBy(() -> list.slice(null, null, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("slice step cannot be zero");
  }

  @Test
  void slice_missingKey_isEmpty() {
    assertThat(list.slice(null, null, 1)).isEmpty();
    assertThat(list.slice(null, null, -1)).isEmpty();
    assertThat(list.slice(-3, 3)).isEmpty();
  }

  @Test
  void multiply_ten_repeatsServerSideInOneScript(RedisDeployment server) {
    warm(l -> l.multiply(2));
    at(KEY, List.of("a", "b", "c"));
    server.resetStats();

    list.multiply(10);

    assertThat(scriptCalls(server)).isEqualTo(1);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      expected.addAll(List.of("a", "b", "c"));
    }
    assertThat(list.snapshot()).isEqualTo(expected);
  }

  @Test
  void multiply_oneZeroAndNegative_matchPython(RedisDeployment server) {
    at(KEY, List.of("a", "b"));
    list.multiply(1);
    assertThat(list.snapshot()).containsExactly("a", "b");

    list.multiply(0);
    assertThat(list.snapshot()).isEmpty();
    assertThat(server.execute("EXISTS", KEY)).isEqualTo(0L);

    at(KEY, List.of("a", "b"));
    list.multiply(-3);
    assertThat(list.snapshot()).isEmpty();

    list.multiply(5);
    assertThat(list.snapshot()).isEmpty();
  }

  @Test
  void multiply_emptyListHugeFactor_returnsWithoutBlockingRedis() {
    list.multiply(Integer.MAX_VALUE);
    assertThat(list.isEmpty()).isTrue();
  }

  @Test
  void pops_onThirtyElements_matchArrayList() {
    List<String> expected = new ArrayList<>(numbered("p", 30));
    at(KEY, expected);

    assertThat(list.removeLast()).isEqualTo(expected.remove(expected.size() - 1));
    assertThat(list.remove(0)).isEqualTo(expected.remove(0));
    assertThat(list.remove(list.size() - 1)).isEqualTo(expected.remove(expected.size() - 1));
    assertThat(list.remove(20)).isEqualTo(expected.remove(20));
    assertThat(list.removeFirst()).isEqualTo(expected.remove(0));

    assertThat(list.snapshot()).isEqualTo(expected);
    assertThat(expected).hasSize(25);
  }

  @Test
  void endsOfAnEmptyList_throwNoSuchElement() {
    assertThatThrownBy(list::removeFirst)
        .isInstanceOf(NoSuchElementException.class)
        .hasMessageContaining("HotList 'list' is empty");
    assertThatThrownBy(list::removeLast).isInstanceOf(NoSuchElementException.class);
    assertThatThrownBy(list::getFirst).isInstanceOf(NoSuchElementException.class);
    assertThatThrownBy(list::getLast).isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void endsAndAddFirst_onAList_actOnTheRightEnd() {
    at(KEY, List.of("b", "c"));
    list.addFirst("a");
    list.addLast("d");
    assertThat(list.getFirst()).isEqualTo("a");
    assertThat(list.getLast()).isEqualTo("d");
    assertThat(list.snapshot()).containsExactly("a", "b", "c", "d");
  }

  @Test
  void indexOf_missing_returnsMinusOne_andCountCountsOccurrences() {
    at(KEY, List.of("a", "b", "a", "c", "a"));

    assertThat(list.indexOf("z")).isEqualTo(-1);
    assertThat(list.lastIndexOf("z")).isEqualTo(-1);
    assertThat(list.contains("z")).isFalse();
    assertThat(list.count("z")).isZero();
    assertThat(list.indexOf("a")).isZero();
    assertThat(list.lastIndexOf("a")).isEqualTo(4);
    assertThat(list.indexOf("c")).isEqualTo(3);
    assertThat(list.count("a")).isEqualTo(3);
    assertThat(list.count("b")).isEqualTo(1);
    assertThat(list.contains("c")).isTrue();
  }

  @Test
  void queries_onMissingKey_findNothing() {
    assertThat(list.indexOf("a")).isEqualTo(-1);
    assertThat(list.count("a")).isZero();
    assertThat(list.containsAll(List.of("a"))).isFalse();
    assertThat(list.containsAll(List.of())).isTrue();
  }

  @Test
  void sort_naturalAndReverse_equalArrayListSort() {
    List<String> values = List.of("10", "9", "1", "b", "A", "a", "é", "Z", "ab", "a", "~", "0");
    List<String> expected = new ArrayList<>(values);
    at(KEY, values);

    list.sort(null);
    expected.sort(null);
    assertThat(list.snapshot()).isEqualTo(expected);

    list.sort(Comparator.reverseOrder());
    expected.sort(Comparator.reverseOrder());
    assertThat(list.snapshot()).isEqualTo(expected);

    list.sort(Comparator.comparing(String::length).thenComparing(Comparator.naturalOrder()));
    expected.sort(Comparator.comparing(String::length).thenComparing(Comparator.naturalOrder()));
    assertThat(list.snapshot()).isEqualTo(expected);
  }

  @Test
  void sort_numbersWithTheirCodec_sortsNumerically() {
    HotList<Long> numbers = HotList.builder(Long.class).client(client).key("n").build();
    numbers.addAll(List.of(10L, 9L, 1L, -3L, 100L));
    numbers.sort(null);
    assertThat(numbers.snapshot()).containsExactly(-3L, 1L, 9L, 10L, 100L);
  }

  @Test
  void emptyStringElements_areStoredFoundAndRemoved(RedisDeployment server) {
    list.add("");
    list.add(0, "a");
    list.add("");
    assertThat(server.execute("LRANGE", KEY, "0", "-1")).isEqualTo(List.of("a", "", ""));
    assertThat(list.indexOf("")).isEqualTo(1);
    assertThat(list.lastIndexOf("")).isEqualTo(2);
    assertThat(list.count("")).isEqualTo(2);

    Iterator<String> it = list.iterator();
    assertThat(it.next()).isEqualTo("a");
    assertThat(it.next()).isEmpty();
    it.remove();
    assertThat(list.set(1, "b")).isEmpty();
    assertThat(list.snapshot()).containsExactly("a", "b");
  }

  // ---- the upstream List defects of reference §8, shown absent ----

  @Test
  void remove_everyIndex_matchesArrayList() {
    List<String> initial = letters(6);
    for (int i = 0; i < initial.size(); i++) {
      at(KEY, initial);
      List<String> expected = new ArrayList<>(initial);

      assertThat(list.remove(i)).as("remove(%s)", i).isEqualTo(expected.remove(i));
      assertThat(list.snapshot()).as("after remove(%s)", i).isEqualTo(expected);
    }
  }

  @Test
  void remove_negativeOrAtSize_throwsAndLeavesListUnchanged() {
    at(KEY, letters(3));

    assertThatThrownBy(() -> list.remove(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> list.remove(-2)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> list.remove(3))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("HotList 'list'");
    assertThatThrownBy(() -> list.remove(10)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(list.snapshot()).containsExactly("a", "b", "c");
  }

  @Test
  void remove_onEmptyList_throwsIndexOutOfBounds(RedisDeployment server) {
    assertThatThrownBy(() -> list.remove(0)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> list.remove(3)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(server.execute("EXISTS", KEY, "{" + KEY + "}:scratch")).isEqualTo(0L);
  }

  @Test
  void addAtIndex_everyPosition_matchesArrayList() {
    List<String> initial = letters(6);
    for (int i = 0; i <= initial.size(); i++) {
      at(KEY, initial);
      List<String> expected = new ArrayList<>(initial);

      list.add(i, "x");
      expected.add(i, "x");

      assertThat(list.snapshot()).as("after add(%s, x)", i).isEqualTo(expected);
    }
  }

  @Test
  void addAtIndex_beyondSizeOrNegative_throwsAndLeavesListUnchanged() {
    at(KEY, letters(5));

    assertThatThrownBy(() -> list.add(6, "x"))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("6")
        .hasMessageContaining("HotList 'list'");
    assertThatThrownBy(() -> list.add(10, "x")).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> list.add(-1, "x")).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(list.snapshot()).containsExactly("a", "b", "c", "d", "e");
  }

  @Test
  void addAtIndex_emptyList_acceptsOnlyZero() {
    assertThatThrownBy(() -> list.add(1, "x")).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(list.isEmpty()).isTrue();
    list.add(0, "x");
    assertThat(list.snapshot()).containsExactly("x");
  }

  @Test
  void addAll_empty_returnsFalseWithoutTouchingRedis(RedisDeployment server) {
    at(KEY, List.of("a"));
    server.resetStats();

    assertThat(list.addAll(List.of())).isFalse();
    assertThat(list.addAll(0, List.of())).isFalse();
    assertThat(list.addAll(1, List.of())).isFalse();

    assertThat(callsExceptStats(server)).isZero();
    assertThat(list.snapshot()).containsExactly("a");
  }

  @Test
  void addAll_atEveryIndex_matchesArrayList() {
    List<String> initial = letters(5);
    for (int i = 0; i <= initial.size(); i++) {
      at(KEY, initial);
      List<String> expected = new ArrayList<>(initial);

      assertThat(list.addAll(i, List.of("x", "y", "z"))).isTrue();
      expected.addAll(i, List.of("x", "y", "z"));

      assertThat(list.snapshot()).as("after addAll(%s, ...)", i).isEqualTo(expected);
    }
    assertThatThrownBy(() -> list.addAll(9, List.of("q")))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void reverse_emptyList_isQuietNoOp(RedisDeployment server) {
    list.reverse();
    assertThat(list.snapshot()).isEmpty();
    assertThat(server.execute("EXISTS", KEY)).isEqualTo(0L);
  }

  @Test
  void reverse_oneElement_isUnchanged() {
    at(KEY, List.of("only"));
    list.reverse();
    assertThat(list.snapshot()).containsExactly("only");
  }

  @Test
  void reverse_tenThousandElements_beyondLuaUnpackLimit(RedisDeployment server) {
    warm(HotList::reverse);
    List<String> expected = new ArrayList<>(numbered("r", 10_000));
    at(KEY, expected);
    server.resetStats();

    list.reverse();

    assertThat(scriptCalls(server)).isEqualTo(1);
    Collections.reverse(expected);
    assertSameElements(list.snapshot(), expected);
    assertThat(server.execute("EXISTS", "{" + KEY + "}:scratch")).isEqualTo(0L);
  }

  // ---- large lists: one round trip, exactly what an ArrayList gives ----

  @Test
  void addAtIndex_largeList_oneScriptEachAndMatchesArrayList(RedisDeployment server) {
    List<String> expected = bigList();
    warm(l -> l.add(1, "w"));
    // the last two: at the size (an append), then just before the last element
    for (int index : new int[] {0, 1, 30_000, 50_000, 70_000, BIG + 5, BIG + 5}) {
      server.resetStats();
      list.add(index, "new-" + index);
      expected.add(index, "new-" + index);
      assertThat(scriptCalls(server)).as("scripts for add(%s, e)", index).isEqualTo(1);
    }
    assertSameElements(list.snapshot(), expected);
  }

  @Test
  void removeAtIndex_largeList_oneScriptEachAndMatchesArrayList(RedisDeployment server) {
    List<String> expected = bigList();
    warm(l -> l.remove(1));
    for (int index : new int[] {1, 0, 30_000, 49_999, 70_000, BIG - 6, 50_000}) {
      server.resetStats();
      assertThat(list.remove(index)).as("remove(%s)", index).isEqualTo(expected.remove(index));
      assertThat(scriptCalls(server)).as("scripts for remove(%s)", index).isEqualTo(1);
    }
    assertSameElements(list.snapshot(), expected);
  }

  @Test
  void addAllAtIndex_largeList_oneScriptEachAndMatchesArrayList(RedisDeployment server) {
    List<String> expected = bigList();
    warm(l -> l.addAll(1, List.of("w")));
    for (int index : new int[] {0, 1_000, 50_000, 90_000, BIG + 2_500 * 4}) {
      List<String> inserted = numbered("ins" + index + "-", 2_500);
      server.resetStats();
      assertThat(list.addAll(index, inserted)).isTrue();
      expected.addAll(index, inserted);
      assertThat(scriptCalls(server)).as("scripts for addAll(%s, c)", index).isEqualTo(1);
    }
    assertSameElements(list.snapshot(), expected);
  }

  @Test
  void reverse_largeList_oneScriptAndMatchesArrayList(RedisDeployment server) {
    List<String> expected = bigList();
    warm(HotList::reverse);
    server.resetStats();

    list.reverse();

    assertThat(scriptCalls(server)).isEqualTo(1);
    Collections.reverse(expected);
    assertSameElements(list.snapshot(), expected);
  }

  @Test
  void multiply_largeList_oneScriptAndMatchesArrayList(RedisDeployment server) {
    List<String> expected = bigList();
    warm(l -> l.multiply(2));
    server.resetStats();

    list.multiply(3);

    assertThat(scriptCalls(server)).isEqualTo(1);
    List<String> tripled = new ArrayList<>(expected);
    tripled.addAll(expected);
    tripled.addAll(expected);
    assertSameElements(list.snapshot(), tripled);
  }

  @Test
  void retainAll_largeList_oneScriptAndMatchesArrayList(RedisDeployment server) {
    List<String> expected = bigList();
    List<String> keep = new ArrayList<>();
    for (int i = 0; i < BIG; i += 3) {
      keep.add("v" + i);
    }
    keep.add("absent");
    warm(l -> l.retainAll(List.of("a")));
    server.resetStats();

    assertThat(list.retainAll(keep)).isTrue();

    assertThat(scriptCalls(server)).isEqualTo(1);
    assertThat(expected.retainAll(keep)).isTrue();
    assertSameElements(list.snapshot(), expected);
    assertThat(list.retainAll(keep)).isFalse();
    assertThat(list.size()).isEqualTo((BIG + 2) / 3);
  }

  @Test
  void removeAll_largeListManyValues_oneScriptAndMatchesArrayList(RedisDeployment server) {
    List<String> expected = bigList();
    List<String> remove = new ArrayList<>();
    for (int i = 0; i < BIG; i += 10) {
      remove.add("v" + i);
    }
    warm(l -> l.removeAll(List.of("a")));
    server.resetStats();

    assertThat(list.removeAll(remove)).isTrue();

    assertThat(scriptCalls(server)).isEqualTo(1);
    assertThat(expected.removeAll(new HashSet<>(remove))).isTrue();
    assertSameElements(list.snapshot(), expected);
  }

  @Test
  void removeIf_largeListManyDistinctMatches_matchesArrayList() {
    List<String> expected = bigList();
    Predicate<String> everyTenth = s -> Integer.parseInt(s.substring(1)) % 10 == 0;

    assertThat(list.removeIf(everyTenth)).isTrue();

    assertThat(expected.removeIf(everyTenth)).isTrue();
    assertSameElements(list.snapshot(), expected);
  }

  @Test
  void retainAll_emptyCollection_emptiesTheList(RedisDeployment server) {
    at(KEY, letters(4));
    assertThat(list.retainAll(List.of())).isTrue();
    assertThat(server.execute("EXISTS", KEY)).isEqualTo(0L);
    assertThat(list.retainAll(List.of())).isFalse();
  }

  @Test
  void removeAll_removesEveryOccurrence_oneScript(RedisDeployment server) {
    List<String> values = List.of("a", "b", "a", "c", "b", "d");
    at(KEY, values);
    warm(l -> l.removeAll(List.of("a")));
    server.resetStats();

    assertThat(list.removeAll(List.of("a", "b", "zz"))).isTrue();

    assertThat(scriptCalls(server)).isEqualTo(1);
    assertThat(list.snapshot()).containsExactly("c", "d");
    assertThat(list.removeAll(List.of("zz"))).isFalse();
  }

  @Test
  void subListClear_largeList_oneScriptAndMatchesArrayList(RedisDeployment server) {
    List<String> expected = bigList();
    warm(l -> l.subList(0, 1).clear());

    List<String> view = list.subList(20_000, 65_000);
    server.resetStats();
    view.clear();

    assertThat(scriptCalls(server)).isEqualTo(1);
    expected.subList(20_000, 65_000).clear();
    assertThat(view).isEmpty();
    assertSameElements(list.snapshot(), expected);
  }

  @Test
  void addAll_25000Elements_oneMultiExecWithThreeRpushes(RedisDeployment server) {
    at(KEY, List.of("first"));
    List<String> added = numbered("bulk", 25_000);
    server.resetStats();

    assertThat(list.addAll(added)).isTrue();

    assertThat(server.commandCalls("multi")).isEqualTo(1);
    assertThat(server.commandCalls("exec")).isEqualTo(1);
    assertThat(server.commandCalls("rpush")).isEqualTo(3);
    List<String> expected = new ArrayList<>();
    expected.add("first");
    expected.addAll(added);
    assertSameElements(list.snapshot(), expected);
  }

  @Test
  void addAll_10000Elements_oneRpushWithoutTransaction(RedisDeployment server) {
    List<String> added = numbered("bulk", 10_000);
    server.resetStats();

    assertThat(list.addAll(added)).isTrue();

    assertThat(server.commandCalls("rpush")).isEqualTo(1);
    assertThat(server.commandCalls("exec")).isZero();
    assertSameElements(list.snapshot(), added);
  }

  // ---- iterators ----

  @Test
  void iterator_2500Elements_readsInPagesAndSeesEveryElementInOrder(RedisDeployment server) {
    List<String> expected = numbered("it", 2_500);
    at(KEY, expected);
    server.resetStats();

    List<String> seen = new ArrayList<>();
    for (String s : list) {
      seen.add(s);
    }

    assertThat(seen).isEqualTo(expected);
    // pages of 1,000 (plus at most one empty probe at the end), never one read per element
    assertThat(server.commandCalls("lrange")).isBetween(3L, 4L);
    assertThat(server.commandCalls("lindex")).isZero();
  }

  @Test
  void iterator_missingKey_hasNothing() {
    Iterator<String> it = list.iterator();
    assertThat(it.hasNext()).isFalse();
    assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void listIterator_forwardAndBackwardAcrossPages_matchesArrayList() {
    List<String> expected = numbered("li", 2_500);
    at(KEY, expected);
    ListIterator<String> actual = list.listIterator();
    ListIterator<String> reference = expected.listIterator();

    walk(actual, reference, 1_500);
    walk(actual, reference, -1_200);
    walk(actual, reference, 2_200);
    assertThat(actual.hasNext()).isFalse();
    assertThatThrownBy(actual::next).isInstanceOf(NoSuchElementException.class);
    walk(actual, reference, -2_500);
    assertThat(actual.hasPrevious()).isFalse();
    assertThatThrownBy(actual::previous).isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void listIterator_startingAtAnIndex_walksBothWays() {
    List<String> expected = numbered("li", 2_500);
    at(KEY, expected);

    walk(list.listIterator(2_500), expected.listIterator(2_500), -2_500);
    walk(list.listIterator(1_000), expected.listIterator(1_000), -1_000);
    ListIterator<String> fromBoundary = list.listIterator(1_000);
    ListIterator<String> referenceFromBoundary = expected.listIterator(1_000);
    walk(fromBoundary, referenceFromBoundary, 1);
    walk(fromBoundary, referenceFromBoundary, -2);
    walk(fromBoundary, referenceFromBoundary, 1_499);

    assertThatThrownBy(() -> list.listIterator(2_501))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> list.listIterator(-1)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void iteratorRemove_acrossPages_writesThrough() {
    List<String> expected = new ArrayList<>(numbered("rm", 2_500));
    at(KEY, expected);

    removeEveryThird(list.iterator());
    removeEveryThird(expected.iterator());

    assertSameElements(list.snapshot(), expected);
    assertThat(expected).hasSize(1_666);
  }

  @Test
  void listIteratorSetAndAdd_acrossPages_writeThrough() {
    List<String> expected = new ArrayList<>(numbered("sa", 2_500));
    at(KEY, expected);

    setAndAdd(list.listIterator());
    setAndAdd(expected.listIterator());

    assertSameElements(list.snapshot(), expected);
  }

  @Test
  void listIteratorSetAndRemove_walkingBackward_writeThrough() {
    List<String> expected = new ArrayList<>(numbered("bw", 2_100));
    at(KEY, expected);

    for (ListIterator<String> it :
        List.of(list.listIterator(2_100), expected.listIterator(2_100))) {
      while (it.hasPrevious()) {
        int index = it.previousIndex();
        String s = it.previous();
        if (index % 4 == 0) {
          it.set(s.toUpperCase(Locale.ROOT));
        } else if (index % 4 == 1) {
          it.remove();
        }
      }
    }

    assertSameElements(list.snapshot(), expected);
  }

  @Test
  void iteratorRemove_elementChangedByAnotherClient_throwsAndChangesNothing(
      RedisDeployment server) {
    at(KEY, List.of("a", "b", "c"));
    Iterator<String> it = list.iterator();
    it.next();
    assertThat(it.next()).isEqualTo("b");

    server.execute("LSET", KEY, "1", "changed");

    assertThatThrownBy(it::remove)
        .isInstanceOf(ConcurrentModificationException.class)
        .hasMessageContaining("index 1")
        .hasMessageContaining("HotList 'list'");
    assertThat(list.snapshot()).containsExactly("a", "changed", "c");
  }

  @Test
  void iteratorRemove_elementShiftedByAnotherClient_throwsAndChangesNothing(
      RedisDeployment server) {
    at(KEY, List.of("a", "b", "c"));
    Iterator<String> it = list.iterator();
    it.next();
    it.next();

    server.execute("LPUSH", KEY, "z");

    assertThatThrownBy(it::remove).isInstanceOf(ConcurrentModificationException.class);
    assertThat(list.snapshot()).containsExactly("z", "a", "b", "c");
  }

  @Test
  void listIteratorSet_elementChangedByAnotherClient_throwsAndChangesNothing(
      RedisDeployment server) {
    at(KEY, List.of("a", "b", "c"));
    ListIterator<String> it = list.listIterator();
    it.next();

    server.execute("LSET", KEY, "0", "changed");

    assertThatThrownBy(() -> it.set("mine")).isInstanceOf(ConcurrentModificationException.class);
    assertThat(list.snapshot()).containsExactly("changed", "b", "c");
  }

  @Test
  void listIteratorSet_twiceOnTheSameElement_comparesWithItsOwnWrite() {
    at(KEY, List.of("a", "b"));
    ListIterator<String> it = list.listIterator();
    it.next();
    it.set("x");
    it.set("y");
    it.remove();
    assertThat(list.snapshot()).containsExactly("b");
  }

  @Test
  void iteratorRemove_withoutNextOrTwice_throwsIllegalState() {
    at(KEY, List.of("a", "b"));
    ListIterator<String> it = list.listIterator();
    assertThatThrownBy(it::remove).isInstanceOf(IllegalStateException.class);
    it.next();
    it.remove();
    assertThatThrownBy(it::remove).isInstanceOf(IllegalStateException.class);
    it.add("n");
    assertThatThrownBy(() -> it.set("s")).isInstanceOf(IllegalStateException.class);
    assertThat(list.snapshot()).containsExactly("n", "b");
  }

  // ---- subList ----

  @Test
  void subList_isLiveView_whoseWritesGoThrough(RedisDeployment server) {
    List<String> expected = new ArrayList<>(letters(10));
    at(KEY, expected);
    List<String> view = list.subList(2, 7);
    List<String> reference = expected.subList(2, 7);

    assertThat(view.set(0, "X")).isEqualTo(reference.set(0, "X"));
    view.add(2, "Y");
    reference.add(2, "Y");
    assertThat(view.add("Z")).isTrue();
    reference.add("Z");
    assertThat(view.remove(1)).isEqualTo(reference.remove(1));
    assertThat(view.addAll(1, List.of("P", "Q"))).isTrue();
    reference.addAll(1, List.of("P", "Q"));
    assertThat(view.remove("Y")).isTrue();
    reference.remove("Y");

    assertThat(view).hasSize(reference.size());
    assertThat(view).isEqualTo(reference);
    assertThat(view.indexOf("Q")).isEqualTo(reference.indexOf("Q"));
    assertThat(list.snapshot()).isEqualTo(expected);

    server.execute("LSET", KEY, "3", "external");
    assertThat(view.get(1)).isEqualTo("external");
  }

  @Test
  void subListClear_everyRange_matchesArrayList() {
    List<String> initial = letters(8);
    for (int from = 0; from <= initial.size(); from++) {
      for (int to = from; to <= initial.size(); to++) {
        at(KEY, initial);
        List<String> expected = new ArrayList<>(initial);

        list.subList(from, to).clear();
        expected.subList(from, to).clear();

        assertThat(list.snapshot()).as("subList(%s, %s).clear()", from, to).isEqualTo(expected);
      }
    }
  }

  @Test
  void subList_nested_tracksSizesAndWritesThrough() {
    List<String> expected = new ArrayList<>(numbered("n", 20));
    at(KEY, expected);
    List<String> outer = list.subList(2, 18);
    List<String> middle = outer.subList(3, 12);
    List<String> inner = middle.subList(1, 6);
    List<String> refOuter = expected.subList(2, 18);
    List<String> refMiddle = refOuter.subList(3, 12);
    List<String> refInner = refMiddle.subList(1, 6);

    assertThat(inner).isEqualTo(refInner);
    assertThat(inner.get(2)).isEqualTo(refInner.get(2)).isEqualTo("n8");
    assertThat(inner.set(4, "S")).isEqualTo(refInner.set(4, "S"));
    inner.add(0, "A");
    refInner.add(0, "A");
    assertThat(inner.remove(3)).isEqualTo(refInner.remove(3));
    inner.add("B");
    refInner.add("B");

    assertThat(inner).hasSize(refInner.size()).isEqualTo(refInner);
    assertThat(middle).hasSize(refMiddle.size()).isEqualTo(refMiddle);
    assertThat(outer).hasSize(refOuter.size()).isEqualTo(refOuter);
    assertThat(list.snapshot()).isEqualTo(expected);

    inner.subList(1, 3).clear();
    refInner.subList(1, 3).clear();
    assertThat(middle).hasSize(refMiddle.size()).isEqualTo(refMiddle);

    inner.clear();
    refInner.clear();
    assertThat(inner).isEmpty();
    assertThat(outer).hasSize(refOuter.size()).isEqualTo(refOuter);
    assertThat(list.snapshot()).isEqualTo(expected);
  }

  @Test
  void subList_of5000_iteratesBothWaysInPages(RedisDeployment server) {
    List<String> expected = numbered("s", 5_000);
    at(KEY, expected);
    List<String> view = list.subList(1_200, 4_300);
    List<String> reference = expected.subList(1_200, 4_300);
    server.resetStats();

    List<String> forward = new ArrayList<>();
    view.forEach(forward::add);

    assertThat(forward).isEqualTo(reference);
    assertThat(server.commandCalls("lrange")).isBetween(4L, 5L);

    walk(view.listIterator(view.size()), reference.listIterator(reference.size()), -3_100);
  }

  @Test
  void subList_iteratorRemoveAndAdd_writeThroughAndResizeTheView() {
    List<String> expected = new ArrayList<>(numbered("v", 2_600));
    at(KEY, expected);
    List<String> view = list.subList(500, 2_300);
    List<String> reference = expected.subList(500, 2_300);

    for (List<String> l : List.of(view, reference)) {
      ListIterator<String> it = l.listIterator();
      while (it.hasNext()) {
        int index = it.nextIndex();
        it.next();
        if (index % 7 == 0) {
          it.remove();
        } else if (index % 11 == 0) {
          it.add("added-" + index);
        }
      }
    }

    assertThat(view.size()).isEqualTo(reference.size());
    assertSameElements(list.snapshot(), expected);
  }

  @Test
  void subList_badBounds_throwIndexOutOfBounds() {
    at(KEY, letters(5));
    assertThatThrownBy(() -> list.subList(-1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> list.subList(0, 6)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> list.subList(3, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    List<String> view = list.subList(1, 4);
    assertThatThrownBy(() -> view.get(3)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> view.add(4, "x")).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> view.subList(0, 4)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(list.snapshot()).isEqualTo(letters(5));
  }

  /** A method of a sub-list: what it does, and the round trips it may cost. */
  private record ViewCall(String name, long roundTrips, Function<List<String>, Object> call) {}

  /** Every method of the {@link List} interface a sub-list overrides, with its round trips. */
  private static List<ViewCall> viewCalls() {
    List<String> some = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      some.add("v" + (i * 7 % 700));
    }
    return List.of(
        new ViewCall("size", 0, List::size),
        new ViewCall("isEmpty", 0, List::isEmpty),
        new ViewCall("get", 1, v -> v.get(5)),
        new ViewCall("set", 1, v -> v.set(5, "x")),
        new ViewCall("add", 1, v -> v.add("y")),
        new ViewCall("add(index)", 1, v -> insert(v, 3, "z")),
        new ViewCall("remove(index)", 1, v -> v.remove(7)),
        new ViewCall("remove(Object)", 1, v -> v.remove("v350")),
        new ViewCall("remove(absent)", 1, v -> v.remove("absent")),
        new ViewCall("contains", 1, v -> v.contains("v100")),
        new ViewCall("contains(absent)", 1, v -> v.contains("absent")),
        new ViewCall("indexOf", 1, v -> v.indexOf("v399")),
        new ViewCall("lastIndexOf", 1, v -> v.lastIndexOf("v399")),
        new ViewCall("containsAll", 1, v -> v.containsAll(some)),
        new ViewCall("subList.sort", 3, v -> sorted(inner(v), null)),
        new ViewCall("subList.removeAll", 1, v -> inner(v).removeAll(some)),
        new ViewCall("subList.containsAll", 1, v -> inner(v).containsAll(some)),
        new ViewCall("removeAll", 1, v -> v.removeAll(List.of("v10", "v20", "v30"))),
        new ViewCall("retainAll", 1, v -> v.retainAll(some)),
        new ViewCall("removeIf", 3, v -> v.removeIf(s -> s.endsWith("3"))),
        new ViewCall("replaceAll", 3, v -> replace(v, s -> s + "!")),
        new ViewCall("sort", 3, v -> sorted(v, null)),
        new ViewCall("sort(reversed)", 3, v -> sorted(v, Comparator.reverseOrder())),
        new ViewCall("addAll", 1, v -> v.addAll(List.of("a", "b"))),
        new ViewCall("addAll(index)", 1, v -> v.addAll(2, List.of("c", "d"))),
        new ViewCall("toArray", 1, v -> Arrays.asList(v.toArray())),
        new ViewCall("toArray(T[])", 1, v -> Arrays.asList(v.toArray(new String[0]))),
        new ViewCall("equals", 1, v -> v.equals(List.of("v0"))),
        new ViewCall("hashCode", 1, List::hashCode),
        new ViewCall("toString", 1, List::toString),
        new ViewCall("iterator", 1, v -> copy(v.iterator())),
        new ViewCall("listIterator(backwards)", 1, v -> backwards(v.listIterator(v.size()))),
        new ViewCall("stream", 1, v -> v.stream().filter(s -> s.endsWith("9")).toList()),
        new ViewCall("forEach", 1, v -> forEachCopy(v)),
        new ViewCall("clear", 1, v -> clearing(v)));
  }

  @Test
  void subList_everyMethod_costsOneRoundTripOrOneScript(RedisDeployment server) {
    List<String> initial = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      initial.add("v" + i % 700);
    }
    for (ViewCall call : viewCalls()) {
      var unused =
          call.call().apply(at("warm-up", initial).subList(1_000, 2_000)); // caches scripts
    }
    List<String> expected = new ArrayList<>(initial);
    at(KEY, initial);
    List<String> view = list.subList(1_000, 2_000);
    List<String> reference = expected.subList(1_000, 2_000);
    SoftAssertions softly = new SoftAssertions();

    try (RoundTripMonitor monitor = RoundTripMonitor.on(server)) {
      for (ViewCall call : viewCalls()) {
        monitor.reset();
        Object result = call.call().apply(view);
        long trips = monitor.roundTrips();
        softly
            .assertThat(trips)
            .as("round trips of %s: %s", call.name(), monitor.lastCommands())
            .isEqualTo(call.roundTrips());
        softly
            .assertThat(result)
            .as("result of %s", call.name())
            .isEqualTo(call.call().apply(reference));
        softly.assertThat(view.size()).as("size after %s", call.name()).isEqualTo(reference.size());
        softly.assertThat(list.snapshot()).as("list after %s", call.name()).isEqualTo(expected);
      }
    }
    softly.assertAll();
  }

  @Test
  void subList_randomOperations_matchArrayListInOneRoundTripEach(RedisDeployment server) {
    Random random = new Random(42);
    List<String> alphabet = List.of("a", "b", "c", "d", "e", "f");
    for (ViewCall call : viewCalls()) {
      var unused = call.call().apply(at("warm-up", numbered("v", 1_200)).subList(0, 1_100));
    }
    SoftAssertions softly = new SoftAssertions();
    try (RoundTripMonitor monitor = RoundTripMonitor.on(server)) {
      for (int round = 0; round < 300; round++) {
        List<String> initial = new ArrayList<>();
        int length = random.nextInt(40);
        for (int i = 0; i < length; i++) {
          initial.add(alphabet.get(random.nextInt(alphabet.size())));
        }
        at(KEY, initial);
        server.execute("PEXPIRE", KEY, "600000");
        List<String> expected = new ArrayList<>(initial);
        int from = random.nextInt(length + 1);
        int to = from + random.nextInt(length - from + 1);
        List<String> view = list.subList(from, to);
        List<String> reference = expected.subList(from, to);
        if (to > from && random.nextBoolean()) {
          int innerFrom = random.nextInt(to - from + 1);
          int innerTo = innerFrom + random.nextInt(to - from - innerFrom + 1);
          view = view.subList(innerFrom, innerTo);
          reference = reference.subList(innerFrom, innerTo);
        }
        Set<String> chosen = new HashSet<>();
        for (String letter : alphabet) {
          if (random.nextInt(3) == 0) {
            chosen.add(letter);
          }
        }
        String letter = alphabet.get(random.nextInt(alphabet.size()));
        List<ViewCall> calls =
            List.of(
                new ViewCall("removeAll" + chosen, 1, v -> v.removeAll(chosen)),
                new ViewCall("retainAll" + chosen, 1, v -> v.retainAll(chosen)),
                new ViewCall("remove " + letter, 1, v -> v.remove(letter)),
                new ViewCall("indexOf " + letter, 1, v -> v.indexOf(letter)),
                new ViewCall("lastIndexOf " + letter, 1, v -> v.lastIndexOf(letter)),
                new ViewCall("contains " + letter, 1, v -> v.contains(letter)),
                new ViewCall("containsAll" + chosen, 1, v -> v.containsAll(chosen)),
                new ViewCall("removeIf" + chosen, 3, v -> v.removeIf(chosen::contains)),
                new ViewCall("replaceAll", 3, v -> replace(v, s -> s + s.length())),
                new ViewCall("sort", 3, v -> sorted(v, Comparator.reverseOrder())),
                new ViewCall("addAll(0)", 1, v -> v.addAll(0, List.of(letter, letter))),
                new ViewCall("clear", 1, v -> clearing(v)));
        ViewCall call = calls.get(random.nextInt(calls.size()));
        String what =
            String.format("round %d: %s on [%d, %d) of %s", round, call.name(), from, to, initial);
        monitor.reset();
        Object result = call.call().apply(view);
        long trips = monitor.roundTrips();
        boolean changed = !list.snapshot().equals(initial);
        softly.assertThat(trips).as("round trips, %s", what).isLessThanOrEqualTo(call.roundTrips());
        softly.assertThat(result).as(what).isEqualTo(call.call().apply(reference));
        softly.assertThat(view.size()).as("size, %s", what).isEqualTo(reference.size());
        softly.assertThat(list.snapshot()).as(what).isEqualTo(expected);
        if (changed && !initial.isEmpty() && !expected.isEmpty()) {
          softly.assertThat((Long) server.execute("PTTL", KEY)).as("ttl, %s", what).isPositive();
        }
      }
    }
    softly.assertAll();
  }

  /** A sub-list of a sub-list: its second fifth to its middle. */
  private static List<String> inner(List<String> view) {
    return view.subList(view.size() / 5, view.size() / 2);
  }

  private static boolean insert(List<String> view, int index, String value) {
    view.add(index, value);
    return true;
  }

  /** Replaces every element; returns the view, compared with the reference after counting. */
  private static List<String> replace(List<String> view, UnaryOperator<String> operator) {
    view.replaceAll(operator);
    return view;
  }

  /** Sorts; returns the view, compared with the reference after counting. */
  private static List<String> sorted(List<String> view, @Nullable Comparator<String> order) {
    view.sort(order);
    return view;
  }

  private static boolean clearing(List<String> view) {
    view.clear();
    return view.isEmpty();
  }

  private static List<String> copy(Iterator<String> it) {
    List<String> copy = new ArrayList<>();
    it.forEachRemaining(copy::add);
    return copy;
  }

  private static List<String> backwards(ListIterator<String> it) {
    List<String> copy = new ArrayList<>();
    while (it.hasPrevious()) {
      copy.add(it.previous());
    }
    return copy;
  }

  private static List<String> forEachCopy(List<String> view) {
    List<String> copy = new ArrayList<>();
    view.forEach(copy::add);
    return copy;
  }

  // ---- removeIf, replaceAll, sort: time to live and retries ----

  @Test
  void removeIf_matches_removesThemAndKeepsTtl(RedisDeployment server) {
    at(KEY, List.of("keep1", "drop1", "keep2", "drop2", "drop1"));
    list.expire(Duration.ofSeconds(60));

    assertThat(list.removeIf(s -> s.startsWith("drop"))).isTrue();

    assertThat(list.snapshot()).containsExactly("keep1", "keep2");
    assertThat((Long) server.execute("PTTL", KEY)).isBetween(1L, 60_000L);
    assertThat(list.removeIf(s -> s.startsWith("drop"))).isFalse();
  }

  @Test
  void removeIf_emptyList_returnsFalse(RedisDeployment server) {
    assertThat(list.removeIf(s -> true)).isFalse();
    assertThat(server.commandCalls("exec")).isZero();
  }

  @Test
  void replaceAll_keepsTtl(RedisDeployment server) {
    at(KEY, List.of("a", "b", "c"));
    list.expire(Duration.ofSeconds(60));

    list.replaceAll(s -> s.toUpperCase(Locale.ROOT));

    assertThat(list.snapshot()).containsExactly("A", "B", "C");
    assertThat((Long) server.execute("PTTL", KEY)).isBetween(1L, 60_000L);
  }

  @Test
  void sort_keepsTtl(RedisDeployment server) {
    at(KEY, List.of("c", "a", "b"));
    list.expire(Duration.ofSeconds(60));

    list.sort(null);

    assertThat(list.snapshot()).containsExactly("a", "b", "c");
    assertThat((Long) server.execute("PTTL", KEY)).isBetween(1L, 60_000L);
  }

  @Test
  void scriptedRewrites_keepTtl(RedisDeployment server) {
    at(KEY, numbered("t", 3_000));
    list.expire(Duration.ofSeconds(60));

    list.reverse();
    list.add(1_500, "x");
    list.remove(1_500);
    list.addAll(2_000, List.of("y", "z"));
    list.subList(10, 2_990).clear();
    list.multiply(2);
    assertThat(list.retainAll(List.of("t0", "t1", "y"))).isTrue();

    assertThat(list.size()).isEqualTo(4);
    assertThat((Long) server.execute("PTTL", KEY)).isBetween(1L, 60_000L);
  }

  @Test
  void removeIf_anotherClientWritesMeanwhile_isRetriedOverTheNewContents(RedisDeployment server) {
    at(KEY, List.of("keep1", "drop1", "keep2", "drop2"));
    int[] calls = {0};

    boolean changed =
        list.removeIf(
            s -> {
              if (calls[0]++ == 0) {
                server.execute("RPUSH", KEY, "keep-late", "drop-late");
              }
              return s.startsWith("drop");
            });

    assertThat(changed).isTrue();
    assertThat(list.snapshot()).containsExactly("keep1", "keep2", "keep-late");
    assertThat(calls[0]).isEqualTo(4 + 6);
  }

  @Test
  void replaceAll_anotherClientWritesMeanwhile_isRetriedOverTheNewContents(RedisDeployment server) {
    at(KEY, List.of("a", "b"));
    int[] calls = {0};

    list.replaceAll(
        s -> {
          if (calls[0]++ == 0) {
            server.execute("RPUSH", KEY, "late");
          }
          return s.toUpperCase(Locale.ROOT);
        });

    assertThat(list.snapshot()).containsExactly("A", "B", "LATE");
    assertThat(calls[0]).isEqualTo(2 + 3);
  }

  @Test
  void sort_anotherClientWritesMeanwhile_isRetriedOverTheNewContents(RedisDeployment server) {
    at(KEY, List.of("d", "b", "c"));
    int[] calls = {0};

    list.sort(
        (x, y) -> {
          if (calls[0]++ == 0) {
            server.execute("LPUSH", KEY, "a");
          }
          return x.compareTo(y);
        });

    assertThat(list.snapshot()).containsExactly("a", "b", "c", "d");
  }

  @Test
  void removeIf_predicateThrows_changesNothing() {
    at(KEY, List.of("a", "b", "c"));
    IllegalStateException failure = new IllegalStateException("boom");

    assertThatThrownBy(
            () ->
                list.removeIf(
                    s -> {
                      if (s.equals("b")) {
                        throw failure;
                      }
                      return true;
                    }))
        .isSameAs(failure);

    assertThat(list.snapshot()).containsExactly("a", "b", "c");
    list.add("d");
    assertThat(list.size()).isEqualTo(4);
  }

  @Test
  void replaceAll_operatorReturnsNull_throwsNullPointerAndChangesNothing() {
    at(KEY, List.of("a", "b"));

    assertThatThrownBy(() -> list.replaceAll(s -> s.equals("b") ? null : "x"))
        .isInstanceOf(NullPointerException.class);

    assertThat(list.snapshot()).containsExactly("a", "b");
  }

  @Test
  void sort_25000Elements_rewritesInOneExec(RedisDeployment server) {
    List<String> expected = new ArrayList<>(numbered("s", 25_000));
    Collections.shuffle(expected, new Random(42));
    at(KEY, expected);
    server.resetStats();

    list.sort(null);

    expected.sort(null);
    assertSameElements(list.snapshot(), expected);
    assertThat(server.commandCalls("exec")).isEqualTo(1);
    assertThat(server.commandCalls("watch")).isEqualTo(1);
  }

  @Test
  void optimistic_readModifyWrite_overAHotList_isRetriedOnConflict(RedisDeployment server) {
    at(KEY, List.of("a"));
    int[] attempts = {0};

    int size =
        client.optimistic(
            List.of(list),
            tx -> {
              int n = list.size();
              if (attempts[0]++ == 0) {
                server.execute("RPUSH", KEY, "other");
              }
              list.add("item-" + n);
              return n;
            });

    assertThat(attempts[0]).isEqualTo(2);
    assertThat(size).isEqualTo(2);
    assertThat(list.snapshot()).containsExactly("a", "other", "item-2");
  }

  @Test
  void hashTaggedKey_scriptsUseAScratchKeyInItsSlot(RedisDeployment server) {
    HotList<String> cart = at("{user:1}:cart", numbered("c", 3_000));

    cart.add(2_000, "x");
    cart.reverse();
    cart.remove(0);

    assertThat(cart.size()).isEqualTo(3_000);
    assertThat(cart.get(999)).isEqualTo("x");
    assertThat(cart.redis().keys()).containsExactly("{user:1}:cart", "{user:1}:cart:scratch");
    assertThat(server.execute("EXISTS", "{user:1}:cart:scratch")).isEqualTo(0L);
  }

  // ---- errors ----

  @Test
  void nullElements_areRefusedAndNothingIsWritten(RedisDeployment server) {
    at(KEY, List.of("a"));
    server.resetStats();

    assertThatThrownBy(() -> list.add(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> list.add(0, null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> list.set(0, null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> list.addFirst(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> list.addAll(Arrays.asList("b", null)))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> list.addAll(0, Arrays.asList("b", null)))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> list.addAll(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> list.contains(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> list.indexOf(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> list.remove(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> list.removeIf(null)).isInstanceOf(NullPointerException.class);
    ListIterator<String> it = list.listIterator();
    it.next();
    assertThatThrownBy(() -> it.set(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> it.add(null)).isInstanceOf(NullPointerException.class);

    assertThat(list.snapshot()).containsExactly("a");
    assertThat(server.commandCalls("rpush") + scriptCalls(server)).isZero();
  }

  @Test
  void negativeIndexes_throwIndexOutOfBounds(RedisDeployment server) {
    at(KEY, letters(3));

    assertThatThrownBy(() -> list.get(-1))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> list.set(-1, "x")).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> list.remove(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> list.add(-1, "x")).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> list.addAll(-1, List.of("x")))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> list.listIterator(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> list.subList(-1, 1)).isInstanceOf(IndexOutOfBoundsException.class);

    assertThat(list.snapshot()).containsExactly("a", "b", "c");
  }

  @Test
  void indexesAtOrBeyondSize_throwIndexOutOfBounds() {
    at(KEY, letters(3));

    assertThatThrownBy(() -> list.get(3))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("3")
        .hasMessageContaining("HotList 'list'");
    assertThatThrownBy(() -> list.set(3, "x"))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("HotList 'list'");
    assertThatThrownBy(() -> list.get(Integer.MAX_VALUE))
        .isInstanceOf(IndexOutOfBoundsException.class);

    assertThat(list.snapshot()).containsExactly("a", "b", "c");
  }

  @Test
  void wrongType_readsWritesAndScripts_nameKeyExpectedAndActual(RedisDeployment server) {
    server.execute("HSET", KEY, "f", "v");
    Map<String, Callable<?>> calls = new LinkedHashMap<>();
    calls.put("size (LLEN)", list::size);
    calls.put("get (LINDEX)", () -> list.get(0));
    calls.put("indexOf (LPOS)", () -> list.indexOf("a"));
    calls.put("snapshot (LRANGE)", list::snapshot);
    calls.put("iterator (LRANGE page)", () -> list.iterator().hasNext());
    calls.put("add (RPUSH)", () -> list.add("a"));
    calls.put("addAll (RPUSH)", () -> list.addAll(List.of("a", "b")));
    calls.put("removeFirst (LPOP)", list::removeFirst);
    calls.put("count (script)", () -> list.count("a"));
    calls.put("slice (script)", () -> list.slice(null, null, 1));
    calls.put("set (script)", () -> list.set(0, "a"));
    calls.put("remove (script)", () -> list.remove(0));
    calls.put("add at index (script)", voidCall(() -> list.add(0, "a")));
    calls.put("addAll at index (script)", () -> list.addAll(0, List.of("a")));
    calls.put("reverse (script)", voidCall(list::reverse));
    calls.put("multiply (script)", voidCall(() -> list.multiply(2)));
    calls.put("retainAll (script)", () -> list.retainAll(List.of("a")));
    calls.put("removeAll (script)", () -> list.removeAll(List.of("a")));
    calls.put("containsAll (script)", () -> list.containsAll(List.of("a")));
    calls.put("removeIf (WATCH, LRANGE)", () -> list.removeIf(s -> true));
    calls.put("sort (WATCH, LRANGE)", voidCall(() -> list.sort(null)));

    calls.forEach(
        (name, call) ->
            assertThatThrownBy(call::call)
                .as(name)
                .isInstanceOf(HotWrongTypeException.class)
                .hasMessage("WRONGTYPE on key 'list': expected a list, found a hash")
                .satisfies(
                    e -> {
                      HotWrongTypeException wrong = (HotWrongTypeException) e;
                      assertThat(wrong.key()).isEqualTo(KEY);
                      assertThat(wrong.expected()).isEqualTo("list");
                      assertThat(wrong.actual()).isEqualTo("hash");
                    }));
    assertThat(server.execute("HGETALL", KEY)).isEqualTo(List.of("f", "v"));
  }

  @Test
  void undecodableStoredValue_throwsCodecExceptionNamingTheKey(RedisDeployment server) {
    server.execute("RPUSH", "nums", "1", "abc");
    HotList<Long> numbers = HotList.builder(Long.class).client(client).key("nums").build();

    assertThat(numbers.get(0)).isEqualTo(1L);
    Map<String, Callable<?>> reads = new LinkedHashMap<>();
    reads.put("get", () -> numbers.get(1));
    reads.put("snapshot", numbers::snapshot);
    reads.put("iterator", voidCall(() -> numbers.iterator().forEachRemaining(n -> {})));
    reads.put("getLast", numbers::getLast);
    reads.put("slice", () -> numbers.slice(1, 2));
    reads.put("sort", voidCall(() -> numbers.sort(null)));
    reads.forEach(
        (name, read) ->
            assertThatThrownBy(read::call)
                .as(name)
                .isInstanceOf(CodecException.class)
                .hasMessage("key 'nums': cannot decode 'abc' as Long: not a decimal integer")
                .satisfies(e -> assertThat(((CodecException) e).key()).isEqualTo("nums")));
    assertThat(server.execute("LRANGE", "nums", "0", "-1")).isEqualTo(List.of("1", "abc"));
  }

  // ---- transactions ----

  @Test
  void transaction_blindWrites_areQueuedAndCommitTogether(RedisDeployment server) {
    at(KEY, List.of("a", "b"));
    server.resetStats();

    try (HotTransaction tx = client.transaction()) {
      assertThat(list.add("c")).isTrue();
      assertThat(list.addAll(List.of("d", "e"))).isTrue();
      list.add(0, "z");
      assertThat(list.addAll(1, List.of("y"))).isTrue();
      list.reverse();
      list.addFirst("first");
      assertThat(tx.size()).isEqualTo(6);
      assertThat(server.execute("LRANGE", KEY, "0", "-1")).isEqualTo(List.of("a", "b"));
      tx.commit();
    }

    assertThat(list.snapshot()).containsExactly("first", "e", "d", "c", "b", "a", "y", "z");
    assertThat(server.commandCalls("exec")).isEqualTo(1);
  }

  @Test
  void transaction_clear_isQueued(RedisDeployment server) {
    at(KEY, List.of("a", "b"));
    try (HotTransaction tx = client.transaction()) {
      list.clear();
      list.add("after");
      assertThat(server.execute("LRANGE", KEY, "0", "-1")).isEqualTo(List.of("a", "b"));
      tx.commit();
    }
    assertThat(list.snapshot()).containsExactly("after");
  }

  @Test
  void transaction_largeAddAll_joinsTheTransaction(RedisDeployment server) {
    List<String> added = numbered("tx", 25_000);
    server.resetStats();
    client.transaction(
        tx -> {
          list.add("before");
          list.addAll(added);
        });
    assertThat(server.commandCalls("exec")).isEqualTo(1);
    assertThat(server.commandCalls("rpush")).isEqualTo(4);
    assertThat(list.size()).isEqualTo(25_001);
  }

  @Test
  void transaction_statefulCallsWithoutDefer_areRefused() {
    at(KEY, List.of("a", "b"));
    try (HotTransaction tx = client.transaction()) {
      assertThatThrownBy(() -> list.get(0))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("tx.defer");
      assertThatThrownBy(list::size)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("tx.defer");
      assertThatThrownBy(() -> list.set(0, "x"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("tx.defer");
      assertThatThrownBy(() -> list.remove(0))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("tx.defer");
      assertThatThrownBy(list::removeFirst)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("tx.defer");
      assertThat(tx.size()).isZero();
      tx.discard();
    }
    assertThat(list.snapshot()).containsExactly("a", "b");
  }

  @Test
  void transaction_deferredGetSetRemove_deliverResultsAfterCommit() {
    at(KEY, List.of("a", "b", "c"));
    Deferred<String> got;
    Deferred<String> old;
    Deferred<String> removed;
    Deferred<Integer> index;
    Deferred<String> last;
    try (HotTransaction tx = client.transaction()) {
      list.add("d");
      got = tx.defer(() -> list.get(3));
      old = tx.defer(() -> list.set(1, "B"));
      removed = tx.defer(() -> list.remove(0));
      index = tx.defer(() -> list.indexOf("c"));
      last = tx.defer(list::removeLast);
      assertThatThrownBy(got::get).isInstanceOf(IllegalStateException.class);
      tx.commit();
    }

    assertThat(got.get()).isEqualTo("d");
    assertThat(old.get()).isEqualTo("b");
    assertThat(removed.get()).isEqualTo("a");
    assertThat(index.get()).isEqualTo(1);
    assertThat(last.get()).isEqualTo("d");
    assertThat(list.snapshot()).containsExactly("B", "c");
  }

  @Test
  void transaction_deferredSize_deliversAnInteger() {
    at(KEY, List.of("a", "b"));
    Deferred<Integer> size;
    try (HotTransaction tx = client.transaction()) {
      list.add("c");
      size = tx.defer(list::size);
      tx.commit();
    }
    Integer value = size.get();
    assertThat(value).isEqualTo(3);
  }

  @Test
  void transaction_deferredContains_deliversABoolean() {
    at(KEY, List.of("a", "b"));
    Deferred<Boolean> hasB;
    Deferred<Boolean> hasZ;
    try (HotTransaction tx = client.transaction()) {
      hasB = tx.defer(() -> list.contains("b"));
      hasZ = tx.defer(() -> list.contains("z"));
      tx.commit();
    }
    Boolean b = hasB.get();
    Boolean z = hasZ.get();
    assertThat(b).isTrue();
    assertThat(z).isFalse();
  }

  @Test
  void transaction_deferredRemoveOutOfRange_failsWithItsOwnException() {
    at(KEY, List.of("a"));
    Deferred<String> removed;
    try (HotTransaction tx = client.transaction()) {
      removed = tx.defer(() -> list.remove(5));
      list.add("b");
      assertThatThrownBy(tx::commit)
          .isInstanceOf(HotTransactionException.class)
          .hasMessageContaining("1 of 2 commands failed");
    }
    assertThatThrownBy(removed::get).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(list.snapshot()).containsExactly("a", "b");
  }

  @Test
  void transaction_multiStepMethods_areRefused() {
    at(KEY, List.of("b", "a"));
    try (HotTransaction tx = client.transaction()) {
      assertThatThrownBy(() -> list.removeIf(s -> true))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("several round trips");
      assertThatThrownBy(() -> list.sort(null))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("several round trips");
      assertThatThrownBy(() -> list.replaceAll(s -> s))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("several round trips");
      assertThat(tx.size()).isZero();
      tx.discard();
    }
    assertThat(list.snapshot()).containsExactly("b", "a");
  }

  @Test
  void transaction_twoListsOnDifferentKeys_commitTogether(RedisDeployment server) {
    HotList<String> other = at(OTHER, List.of("x"));
    at(KEY, List.of("a"));
    server.resetStats();

    client.transaction(
        tx -> {
          list.add("b");
          other.addFirst("w");
          other.reverse();
        });

    assertThat(list.snapshot()).containsExactly("a", "b");
    assertThat(other.snapshot()).containsExactly("x", "w");
    assertThat(server.commandCalls("exec")).isEqualTo(1);
  }

  @Test
  void transaction_twoListsDiscarded_neitherChanges() {
    HotList<String> other = at(OTHER, List.of("x"));
    at(KEY, List.of("a"));

    try (HotTransaction tx = client.transaction()) {
      list.add("b");
      other.clear();
      tx.discard();
    }

    assertThat(list.snapshot()).containsExactly("a");
    assertThat(other.snapshot()).containsExactly("x");
  }

  // ---- interoperability ----

  @Test
  void listWrittenByRedisCommands_readsBackAsStrings(RedisDeployment server) {
    server.execute("RPUSH", KEY, "a", "é", "😀");

    assertThat(list.snapshot()).containsExactly("a", "é", "😀");
    assertThat(list.get(2)).isEqualTo("😀");
    assertThat(list.indexOf("é")).isEqualTo(1);

    list.add("ü");
    assertThat(server.execute("LRANGE", KEY, "0", "-1")).isEqualTo(List.of("a", "é", "😀", "ü"));
  }

  @Test
  void longList_writesDecimalStrings(RedisDeployment server) {
    HotList<Long> numbers = HotList.builder(Long.class).client(client).key("nums").build();
    numbers.add(42L);
    numbers.addAll(List.of(-7L, Long.MAX_VALUE));
    numbers.add(0, 0L);

    assertThat(server.execute("LRANGE", "nums", "0", "-1"))
        .isEqualTo(List.of("0", "42", "-7", "9223372036854775807"));

    server.execute("RPUSH", "nums", "5");
    assertThat(numbers.getLast()).isEqualTo(5L);
    assertThat(numbers.indexOf(-7L)).isEqualTo(2);
  }

  // ---- helpers ----

  private HotList<String> at(String key) {
    return HotList.builder(String.class).client(client).key(key).build();
  }

  private HotList<String> at(String key, List<String> initial) {
    return HotList.builder(String.class).client(client).key(key).initial(initial).build();
  }

  /** Fills {@link #list} with {@link #BIG} elements {@code v0, v1, ...} and returns a copy. */
  private List<String> bigList() {
    List<String> values = numbered("v", BIG);
    at(KEY, values);
    return new ArrayList<>(values);
  }

  /** Runs an operation once on a small list of its own, so its script is cached in Redis. */
  private void warm(Consumer<HotList<String>> operation) {
    operation.accept(at("warm-up", List.of("a", "b", "c")));
  }

  private static Callable<@Nullable Void> voidCall(Runnable call) {
    return () -> {
      call.run();
      return null;
    };
  }

  private static long scriptCalls(RedisDeployment server) {
    return server.commandCalls("evalsha") + server.commandCalls("eval");
  }

  /**
   * Sums the calls of every command since the last reset, except INFO and CONFIG, on every master.
   */
  private static long callsExceptStats(RedisDeployment server) {
    return server.masters().stream()
        .flatMap(master -> master.info("commandstats").lines())
        .filter(line -> line.startsWith("cmdstat_"))
        .filter(line -> !line.startsWith("cmdstat_info:") && !line.startsWith("cmdstat_config"))
        .mapToLong(
            line -> {
              int start = line.indexOf("calls=") + "calls=".length();
              return Long.parseLong(line.substring(start, line.indexOf(',', start)));
            })
        .sum();
  }

  private static List<String> letters(int n) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      values.add(String.valueOf((char) ('a' + i)));
    }
    return values;
  }

  private static List<String> numbered(String prefix, int n) {
    List<String> values = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      values.add(prefix + i);
    }
    return values;
  }

  /**
   * Python's {@code list[start:stop:step]}, from the language reference: omitted bounds are the
   * ends in the direction of the step; negative bounds count from the end; bounds are clamped to
   * {@code [0, len]} for a positive step and {@code [-1, len - 1]} for a negative one.
   */
  private static <T> List<T> pythonSlice(
      List<T> source, @Nullable Integer start, @Nullable Integer stop, int step) {
    int n = source.size();
    int first;
    int end;
    if (step > 0) {
      first = start == null ? 0 : Math.max(0, Math.min(n, start < 0 ? start + n : start));
      end = stop == null ? n : Math.max(0, Math.min(n, stop < 0 ? stop + n : stop));
    } else {
      first = start == null ? n - 1 : Math.max(-1, Math.min(n - 1, start < 0 ? start + n : start));
      end = stop == null ? -1 : Math.max(-1, Math.min(n - 1, stop < 0 ? stop + n : stop));
    }
    List<T> result = new ArrayList<>();
    for (int i = first; step > 0 ? i < end : i > end; i += step) {
      result.add(source.get(i));
    }
    return result;
  }

  /** Moves both iterators the same number of steps (negative: backwards), comparing each. */
  private static void walk(ListIterator<String> actual, ListIterator<String> reference, int steps) {
    for (int i = 0; i < Math.abs(steps); i++) {
      assertThat(actual.nextIndex()).isEqualTo(reference.nextIndex());
      assertThat(actual.previousIndex()).isEqualTo(reference.previousIndex());
      assertThat(actual.hasNext()).isEqualTo(reference.hasNext());
      assertThat(actual.hasPrevious()).isEqualTo(reference.hasPrevious());
      if (steps > 0) {
        assertThat(actual.next())
            .as("next() at %s", reference.nextIndex())
            .isEqualTo(reference.next());
      } else {
        assertThat(actual.previous())
            .as("previous() at %s", reference.previousIndex())
            .isEqualTo(reference.previous());
      }
    }
    assertThat(actual.nextIndex()).isEqualTo(reference.nextIndex());
  }

  private static void removeEveryThird(Iterator<String> it) {
    int index = 0;
    while (it.hasNext()) {
      it.next();
      if (index++ % 3 == 0) {
        it.remove();
      }
    }
  }

  private static void setAndAdd(ListIterator<String> it) {
    while (it.hasNext()) {
      int index = it.nextIndex();
      String s = it.next();
      if (index % 4 == 0) {
        it.set(s.toUpperCase(Locale.ROOT));
      }
      if (index % 5 == 0) {
        it.add("added-" + index);
      }
    }
  }

  /** Compares two long lists without printing them whole: the size, then the first difference. */
  private static void assertSameElements(List<String> actual, List<String> expected) {
    for (int i = 0; i < Math.min(actual.size(), expected.size()); i++) {
      if (!actual.get(i).equals(expected.get(i))) {
        assertThat(actual.get(i)).as("element %s", i).isEqualTo(expected.get(i));
      }
    }
    assertThat(actual.size()).as("size").isEqualTo(expected.size());
  }
}
