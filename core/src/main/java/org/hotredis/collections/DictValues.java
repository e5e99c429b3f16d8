package org.hotredis.collections;

import static java.util.Objects.requireNonNull;

import java.util.AbstractCollection;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * The live values of a {@link HotDict}: {@code contains} and the removals are one script each,
 * which scans the hash inside Redis; iteration reads it in pages ({@link DictScan}). Adding is not
 * supported, as in every {@link java.util.Map}.
 */
final class DictValues<V> extends AbstractCollection<V> {
  private final HotDict<?, V> dict;

  DictValues(HotDict<?, V> dict) {
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
    return dict.containsValue(o);
  }

  /** One round trip (one script). */
  @Override
  public boolean containsAll(Collection<?> c) {
    List<byte[]> values = dict.valueEncoding().queriesIfAll(c);
    return values != null && (values.isEmpty() || dict.containsValues(values));
  }

  @Override
  public Iterator<V> iterator() {
    return new DictScan<>(dict, (field, value) -> dict.valueEncoding().decode(value));
  }

  /** Removes one entry holding the value. One round trip (one script). Atomic. */
  @Override
  public boolean remove(Object o) {
    byte[] raw = dict.valueEncoding().query(o);
    return raw != null && dict.removeMatching(HotDict.VALUES, false, 1, List.of(raw));
  }

  /** Removes every entry holding one of the values. One round trip (one script). Atomic. */
  @Override
  public boolean removeAll(Collection<?> c) {
    List<byte[]> values = queries(c);
    return !values.isEmpty() && dict.removeMatching(HotDict.VALUES, false, 0, values);
  }

  /** Removes every entry holding none of the values. One round trip (one script). Atomic. */
  @Override
  public boolean retainAll(Collection<?> c) {
    return dict.removeMatching(HotDict.VALUES, true, 0, queries(c));
  }

  @Override
  public boolean removeIf(Predicate<? super V> filter) {
    requireNonNull(filter, "filter");
    return dict.removeEntriesIf((field, value) -> filter.test(dict.valueEncoding().decode(value)));
  }

  @Override
  public Object[] toArray() {
    return dict.valuesSnapshot().toArray();
  }

  @Override
  public <T> T[] toArray(T[] a) {
    return dict.valuesSnapshot().toArray(a);
  }

  @Override
  public String toString() {
    return dict.valuesSnapshot().toString();
  }

  private List<byte[]> queries(Collection<?> c) {
    return dict.valueEncoding().queries(c);
  }
}
