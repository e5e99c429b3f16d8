package org.hotredis.jcache;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;

/**
 * Iterates a cache while another handle removes nine entries in ten and then reads every key once
 * (each lookup is a step of Redis's incremental rehashing, so the hash table has shrunk completely
 * when the iteration goes on): the case in which {@code HSCAN} returns an entry twice. A shrink
 * repeats about one entry in two on average, so tests repeat it over several rounds with other
 * keys, whose buckets differ.
 */
final class ShrinkingIteration {
  /** Entries per round. */
  static final int SIZE = 20_000;

  private ShrinkingIteration() {}

  /** The entries of one round. */
  static Map<String, String> entries(int round) {
    Map<String, String> entries = new LinkedHashMap<>();
    for (int i = 0; i < SIZE; i++) {
      entries.put("r" + round + "-" + i, "v" + i);
    }
    return entries;
  }

  /** The keys another handle removes: all but one in ten. */
  static Set<String> removed(Map<String, String> entries) {
    Set<String> removed = new HashSet<>();
    int i = 0;
    for (String key : entries.keySet()) {
      if (i++ % 10 != 0) {
        removed.add(key);
      }
    }
    return removed;
  }

  /** Removes nine entries in ten through another handle, then reads every key. */
  static void shrink(Cache<String, String> remover, Map<String, String> entries) {
    remover.removeAll(removed(entries));
    if (remover.getAll(entries.keySet()).size() != SIZE / 10) {
      throw new AssertionError("expected " + SIZE / 10 + " entries left");
    }
  }

  /**
   * Returns the keys an iteration returns when, after {@code before} entries, {@code shrink} runs.
   */
  static List<String> iterate(Cache<String, String> cache, int before, Runnable shrink) {
    List<String> returned = new ArrayList<>();
    Iterator<Cache.Entry<String, String>> it = cache.iterator();
    while (returned.size() < before && it.hasNext()) {
      returned.add(it.next().getKey());
    }
    shrink.run();
    it.forEachRemaining(entry -> returned.add(entry.getKey()));
    return returned;
  }

  /** Returns the keys returned more than once, each once. */
  static List<String> duplicates(List<String> returned) {
    Map<String, Integer> counts = new HashMap<>();
    List<String> duplicates = new ArrayList<>();
    for (String key : returned) {
      if (counts.merge(key, 1, Integer::sum) == 2) {
        duplicates.add(key);
      }
    }
    return duplicates;
  }
}
