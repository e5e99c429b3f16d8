package org.hotredis.jcache.processor;

import javax.cache.processor.EntryProcessor;

/**
 * Built-in entry processors that run inside Redis as one script, with their expiry and events:
 * never a read-modify-write.
 *
 * <pre>{@code
 * Cache<String, Long> visits = ...;                         // a counter cache
 * long now = visits.invoke("home", HotProcessors.increment(1));   // one HINCRBY
 * }</pre>
 *
 * <p>They are ordinary {@link EntryProcessor}s too: on a cache where the script cannot apply (other
 * value codecs, read-through or write-through) they run in this JVM like any processor, with the
 * same atomicity.
 */
public final class HotProcessors {
  private HotProcessors() {}

  /**
   * Returns the processor that adds an amount to a count and returns the new count; an absent entry
   * counts as 0, as in Python's {@code Counter}. One round trip ({@code HINCRBY} in a script) on a
   * counter cache. Atomic.
   *
   * @param amount the amount to add
   * @param <K> the key type
   * @return the processor
   */
  public static <K> EntryProcessor<K, Long, Long> increment(long amount) {
    return new Increment<>(amount);
  }

  /**
   * Returns the processor that subtracts an amount from a count and returns the new count. One
   * round trip on a counter cache. Atomic.
   *
   * @param amount the amount to subtract
   * @param <K> the key type
   * @return the processor
   * @throws ArithmeticException if the amount is {@link Long#MIN_VALUE}
   */
  public static <K> EntryProcessor<K, Long, Long> decrement(long amount) {
    return new Increment<>(Math.negateExact(amount));
  }
}
