package org.hotredis.jcache.processor;

import static java.util.Objects.requireNonNull;

import java.util.function.Function;
import javax.cache.processor.MutableEntry;
import org.jspecify.annotations.Nullable;

/**
 * The entry an entry processor works on: a snapshot of one cache entry, read before the processor
 * runs, and the one change the processor asked for, applied after it returns (if it throws, nothing
 * changes).
 *
 * <p>The rules are JCache's reference implementation's: {@link #getValue()} of an absent entry
 * loads it (read-through, or the cache's default factory) and the loaded value is stored unless the
 * processor changes it; {@link #setValue} creates or updates depending on the snapshot; {@link
 * #remove()} after a creation or load leaves the entry as it was.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class ProcessorEntry<K, V> implements MutableEntry<K, V> {
  /** What the processor asked for. */
  public enum Operation {
    /** Nothing: the entry stays as it is. */
    NONE,
    /** The value was read: the access duration applies. */
    ACCESS,
    /** A value was set on an absent entry. */
    CREATE,
    /** A value was loaded for an absent entry: stored, not written through. */
    LOAD,
    /** A value was set on an existing entry. */
    UPDATE,
    /** The entry is removed. */
    REMOVE
  }

  private final K key;
  private final @Nullable V snapshot;
  private final @Nullable Function<K, @Nullable V> loader;
  private Operation operation = Operation.NONE;
  private @Nullable V value;

  /**
   * Creates the entry over a snapshot.
   *
   * @param key the key
   * @param snapshot the value read, or null if the entry was absent
   * @param loader loads the value of an absent entry (read-through or a default factory), or null
   */
  public ProcessorEntry(K key, @Nullable V snapshot, @Nullable Function<K, @Nullable V> loader) {
    this.key = requireNonNull(key, "key");
    this.snapshot = snapshot;
    this.loader = loader;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public @Nullable V getValue() {
    if (operation == Operation.NONE && value == null) {
      value = snapshot;
    }
    if (value != null) {
      if (operation == Operation.NONE) {
        operation = Operation.ACCESS;
      }
    } else if (loader != null) {
      V loaded = loader.apply(key);
      if (loaded != null) {
        value = loaded;
        operation = Operation.LOAD;
      }
    }
    return value;
  }

  @Override
  public boolean exists() {
    return (operation == Operation.NONE && snapshot != null) || value != null;
  }

  @Override
  public void remove() {
    operation =
        operation == Operation.CREATE || operation == Operation.LOAD
            ? Operation.NONE
            : Operation.REMOVE;
    value = null;
  }

  @Override
  public void setValue(V value) {
    requireNonNull(value, "an entry processor cannot set a null value");
    operation = snapshot == null ? Operation.CREATE : Operation.UPDATE;
    this.value = value;
  }

  /**
   * Returns what the processor asked for.
   *
   * @return the operation
   */
  public Operation operation() {
    return operation;
  }

  /**
   * Returns the value to store for {@link Operation#CREATE}, {@link Operation#LOAD} and {@link
   * Operation#UPDATE}.
   *
   * @return the value, or null for the other operations
   */
  public @Nullable V value() {
    return value;
  }

  /**
   * Returns the snapshot's value.
   *
   * @return the value read before the processor ran, or null if the entry was absent
   */
  public @Nullable V snapshot() {
    return snapshot;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("a processor's entry does not unwrap to " + clazz);
  }

  @Override
  public String toString() {
    return "ProcessorEntry[" + key + ", " + operation + "]";
  }
}
