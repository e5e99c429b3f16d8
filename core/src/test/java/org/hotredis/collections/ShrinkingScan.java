package org.hotredis.collections;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Drives an iterator over a set or hash while another client removes most of it: Redis then shrinks
 * its hash table in the middle of the iteration, the case in which {@code SCAN} returns an element
 * twice (about one element per shrink, so tests repeat it over several rounds with other names,
 * whose buckets differ).
 */
final class ShrinkingScan {
  /** Elements per round: a hash table of 32,768 buckets. */
  static final int SIZE = 20_000;

  /** One element in this many stays, so the table shrinks to 2,048 buckets. */
  static final int KEEP_EVERY = 10;

  private ShrinkingScan() {}

  /** Returns the names of one round's elements. */
  static List<String> names(int round) {
    List<String> names = new ArrayList<>(SIZE);
    for (int i = 0; i < SIZE; i++) {
      names.add("r" + round + "-" + i);
    }
    return names;
  }

  /** Returns the names that stay, one in {@link #KEEP_EVERY}. */
  static List<String> kept(List<String> names) {
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < names.size(); i += KEEP_EVERY) {
      kept.add(names.get(i));
    }
    return kept;
  }

  /** Returns the names another client removes. */
  static List<String> removed(List<String> names) {
    List<String> removed = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      if (i % KEEP_EVERY != 0) {
        removed.add(names.get(i));
      }
    }
    return removed;
  }

  /** Where a round shrinks the collection: after this many elements (in the first pages). */
  static int shrinkAfter(int round) {
    return 1 + round * 397 % 3_000;
  }

  /**
   * Returns everything an iterator returns when {@code shrink} runs after it has returned {@code
   * before} elements.
   */
  static <T> List<T> iterate(Iterator<T> it, int before, Runnable shrink) {
    List<T> returned = new ArrayList<>();
    while (returned.size() < before && it.hasNext()) {
      returned.add(it.next());
    }
    shrink.run();
    it.forEachRemaining(returned::add);
    return returned;
  }

  /** Returns the elements returned more than once, each once. */
  static <T> List<T> duplicates(List<T> returned) {
    Map<T, Integer> counts = new HashMap<>();
    List<T> duplicates = new ArrayList<>();
    for (T t : returned) {
      if (counts.merge(t, 1, Integer::sum) == 2) {
        duplicates.add(t);
      }
    }
    return duplicates;
  }
}
