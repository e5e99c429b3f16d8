package org.hotredis.collections;

import static java.util.Objects.requireNonNull;

import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The live entry set of a {@link HotDict}: {@code contains} and {@code remove} compare the entry's
 * value with the stored one in one round trip; bulk removals are one script; iteration reads the
 * hash in pages ({@link DictScan}) and returns {@link DictEntry} objects that write through. Adding
 * is not supported, as in every {@link java.util.Map}.
 */
final class DictEntrySet<K, V> extends AbstractSet<Map.Entry<K, V>> {
  private final HotDict<K, V> dict;

  DictEntrySet(HotDict<K, V> dict) {
    this.dict = dict;
  }

  @Override
  public int size() {
    return dict.size();
  }

  @Override
  public boolean isEmpty() {
    return dict.isEmpty();
  }

  @Override
  public void clear() {
    dict.clear();
  }

  /** One round trip ({@code HGET}). */
  @Override
  public boolean contains(Object o) {
    byte[][] pair = encode(o);
    return pair != null && dict.holds(pair[0], pair[1]);
  }

  /** One round trip ({@code HMGET}). */
  @Override
  public boolean containsAll(Collection<?> c) {
    List<byte[]> fields = new ArrayList<>();
    List<byte[]> values = new ArrayList<>();
    for (Object o : requireNonNull(c, "c")) {
      byte[][] pair = encode(o);
      if (pair == null) {
        return false;
      }
      fields.add(pair[0]);
      values.add(pair[1]);
    }
    if (fields.isEmpty()) {
      return true;
    }
    List<byte @Nullable []> stored = dict.rawGet(fields);
    for (int i = 0; i < values.size(); i++) {
      if (!Arrays.equals(values.get(i), stored.get(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public Iterator<Map.Entry<K, V>> iterator() {
    return new DictScan<>(dict, (field, value) -> new DictEntry<>(dict, field, value));
  }

  /** Removes the entry's key if it holds the entry's value. One round trip (one script). */
  @Override
  public boolean remove(Object o) {
    byte[][] pair = encode(o);
    return pair != null
        && dict.redis()
            .write(
                dict.compareAndSet(pair[0], HotDict.HOLDS, pair[1], null, false, HotDict.CHANGED));
  }

  /** One round trip (one script). Atomic. */
  @Override
  public boolean removeAll(Collection<?> c) {
    List<byte[]> pairs = pairs(c);
    return !pairs.isEmpty() && dict.removeMatching(HotDict.ENTRIES, false, 0, pairs);
  }

  /** One round trip (one script). Atomic. */
  @Override
  public boolean retainAll(Collection<?> c) {
    return dict.removeMatching(HotDict.ENTRIES, true, 0, pairs(c));
  }

  @Override
  public boolean removeIf(Predicate<? super Map.Entry<K, V>> filter) {
    requireNonNull(filter, "filter");
    return dict.removeEntriesIf((field, value) -> filter.test(new DictEntry<>(dict, field, value)));
  }

  @Override
  public Object[] toArray() {
    return snapshot().toArray();
  }

  @Override
  public <T> T[] toArray(T[] a) {
    return snapshot().toArray(a);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o == this || (o instanceof Set && dict.snapshot().entrySet().equals(o));
  }

  @Override
  public int hashCode() {
    return dict.snapshot().hashCode();
  }

  @Override
  public String toString() {
    return dict.snapshot().entrySet().toString();
  }

  /** The entries of one snapshot, writing through as the iterator's do. */
  private List<Map.Entry<K, V>> snapshot() {
    List<Map.Entry<K, V>> entries = new ArrayList<>();
    for (Map.Entry<byte[], byte[]> raw : dict.rawEntries()) {
      entries.add(new DictEntry<>(dict, raw.getKey(), raw.getValue()));
    }
    return entries;
  }

  /**
   * Encodes an entry's key and value, or returns null if the object cannot be an entry of this dict
   * (not an entry, a null or a key or value of another type).
   */
  private byte @Nullable [][] encode(@Nullable Object o) {
    if (!(o instanceof Map.Entry<?, ?> entry)
        || entry.getKey() == null
        || entry.getValue() == null) {
      return null;
    }
    byte[] field = dict.keyEncoding().query(entry.getKey());
    byte[] value = dict.valueEncoding().query(entry.getValue());
    if (field == null || value == null) {
      return null;
    }
    return new byte[][] {field, value};
  }

  private List<byte[]> pairs(Collection<?> c) {
    List<byte[]> pairs = new ArrayList<>();
    for (Object o : requireNonNull(c, "c")) {
      byte[][] pair = encode(o);
      if (pair != null) {
        pairs.add(pair[0]);
        pairs.add(pair[1]);
      }
    }
    return pairs;
  }
}
