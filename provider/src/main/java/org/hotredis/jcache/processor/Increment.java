package org.hotredis.jcache.processor;

import java.io.Serializable;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;

/**
 * The entry processor that adds to a {@code Long} count; see {@link HotProcessors#increment}.
 *
 * <p>On a counter cache (or any cache whose values are stored as decimal {@code Long}s, without
 * read-through or write-through) the cache recognizes it and runs it as one script around {@code
 * HINCRBY}; elsewhere {@link #process} runs like any processor.
 *
 * @param <K> the key type
 */
public final class Increment<K> implements EntryProcessor<K, Long, Long>, Serializable {
  private static final long serialVersionUID = 1L;

  /** The amount to add. */
  private final long amount;

  Increment(long amount) {
    this.amount = amount;
  }

  /**
   * Returns the amount added.
   *
   * @return the amount, negative for a decrement
   */
  public long amount() {
    return amount;
  }

  /**
   * Adds the amount to the entry's count (an absent entry counts as 0) and returns the new count.
   *
   * @throws ArithmeticException if the count would overflow
   */
  @Override
  public Long process(MutableEntry<K, Long> entry, Object... arguments) {
    Long current = entry.exists() ? entry.getValue() : null;
    long next = Math.addExact(current == null ? 0L : current, amount);
    entry.setValue(next);
    return next;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Increment<?> other && other.amount == amount;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(amount);
  }

  @Override
  public String toString() {
    return "Increment[" + amount + "]";
  }
}
