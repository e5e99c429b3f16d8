package org.hotredis.collections;

import static java.util.Objects.requireNonNull;

import java.util.AbstractSet;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The live key set of a {@link HotDict}: reads and removals go to the Redis hash, each one round
 * trip; iteration reads it in pages ({@link DictScan}); {@code removeIf} is optimistic, as {@link
 * HotDict#replaceAll}. Adding is not supported, as in every {@link java.util.Map}.
 */
final class DictKeySet<K> extends AbstractSet<K> {
  private final HotDict<K, ?> dict;

  DictKeySet(HotDict<K, ?> dict) {
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

  @Override
  public boolean contains(Object o) {
    return dict.containsKey(o);
  }

  /** One round trip ({@code HMGET}). */
  @Override
  public boolean containsAll(Collection<?> c) {
    List<byte[]> fields = dict.keyEncoding().queriesIfAll(c);
    if (fields == null) {
      return false;
    }
    if (fields.isEmpty()) {
      return true;
    }
    for (byte[] value : dict.rawGet(fields)) {
      if (value == null) {
        return false;
      }
    }
    return true;
  }

  @Override
  public Iterator<K> iterator() {
    return new DictScan<>(dict, (field, value) -> dict.keyEncoding().decode(field));
  }

  /** One round trip ({@code HDEL}). */
  @Override
  public boolean remove(Object o) {
    byte[] field = dict.keyEncoding().query(o);
    return field != null && dict.removeFields(List.of(field));
  }

  /** One round trip ({@code HDEL} of every key). */
  @Override
  public boolean removeAll(Collection<?> c) {
    List<byte[]> fields = queries(c);
    return !fields.isEmpty() && dict.removeFields(fields);
  }

  /** One round trip (one script). */
  @Override
  public boolean retainAll(Collection<?> c) {
    return dict.removeMatching(HotDict.KEYS, true, 0, queries(c));
  }

  @Override
  public boolean removeIf(Predicate<? super K> filter) {
    requireNonNull(filter, "filter");
    return dict.removeEntriesIf((field, value) -> filter.test(dict.keyEncoding().decode(field)));
  }

  @Override
  public Object[] toArray() {
    return dict.keysSnapshot().toArray();
  }

  @Override
  public <T> T[] toArray(T[] a) {
    return dict.keysSnapshot().toArray(a);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o == this || (o instanceof Set && snapshot().equals(o));
  }

  @Override
  public int hashCode() {
    return snapshot().hashCode();
  }

  @Override
  public String toString() {
    return dict.keysSnapshot().toString();
  }

  private Set<K> snapshot() {
    return new LinkedHashSet<>(dict.keysSnapshot());
  }

  private List<byte[]> queries(Collection<?> c) {
    return dict.keyEncoding().queries(c);
  }
}
