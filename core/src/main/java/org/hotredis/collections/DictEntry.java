package org.hotredis.collections;

import java.util.Map;
import java.util.Objects;
import org.hotredis.shaded.redis.clients.jedis.BuilderFactory;
import org.jspecify.annotations.Nullable;

/**
 * An entry of a {@link HotDict} as its entry set's iterator returns it. {@link #setValue} writes
 * through with a compare-and-set: it replaces the stored value only if the key still holds the
 * value this entry holds, and otherwise throws {@link java.util.ConcurrentModificationException},
 * so a read-modify-write through an entry never overwrites another client's change. Equality is the
 * {@link Map.Entry} contract's.
 */
final class DictEntry<K, V> implements Map.Entry<K, V> {
  private final HotDict<K, V> dict;
  private final K key;
  private final byte[] field;
  private V value;
  private byte[] raw;

  DictEntry(HotDict<K, V> dict, byte[] field, byte[] raw) {
    this.dict = dict;
    this.key = dict.keyEncoding().decode(field);
    this.field = field;
    this.value = dict.valueEncoding().decode(raw);
    this.raw = raw;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public V getValue() {
    return value;
  }

  /**
   * Replaces the stored value if the key still holds this entry's value. One round trip (one
   * compare-and-set script). Atomic. Inside a transaction it is queued.
   *
   * @return this entry's previous value
   * @throws java.util.ConcurrentModificationException if another client changed or removed the
   *     entry since it was read
   * @throws NullPointerException if the value is null
   */
  @Override
  public V setValue(V value) {
    byte[] update = dict.valueEncoding().encode(value);
    dict.redis()
        .send(
            dict.compareAndSet(field, HotDict.HOLDS, raw, update, true, BuilderFactory.RAW_OBJECT));
    V old = this.value;
    this.value = value;
    this.raw = update;
    return old;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Map.Entry<?, ?> e
        && Objects.equals(key, e.getKey())
        && Objects.equals(value, e.getValue());
  }

  @Override
  public int hashCode() {
    return key.hashCode() ^ value.hashCode();
  }

  @Override
  public String toString() {
    return key + "=" + value;
  }
}
