package org.hotredis.concurrent.atomic;

import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * {@link java.util.concurrent.atomic.AtomicReference}'s methods, for a reference shared by the
 * users of one name: in one JVM (the SPI's local provider) or across processes ({@link
 * HotAtomicReference}). Values are compared with {@code equals} (by their encoding, in Redis), not
 * by identity as {@code AtomicReference} does: a value read back from Redis is never the instance
 * that was stored.
 *
 * @param <V> the value type
 */
public interface SharedReference<V> {

  /**
   * Returns the current value.
   *
   * @return the value, or null
   */
  @Nullable V get();

  /**
   * Sets the value.
   *
   * @param value the new value, or null
   */
  void set(@Nullable V value);

  /**
   * Sets the value and returns the previous one, atomically.
   *
   * @param value the new value, or null
   * @return the previous value, or null
   */
  @Nullable V getAndSet(@Nullable V value);

  /**
   * Sets the value to {@code update} if it equals {@code expect}, atomically.
   *
   * @param expect the value expected, or null for none
   * @param update the new value, or null
   * @return true if the value was set
   */
  boolean compareAndSet(@Nullable V expect, @Nullable V update);

  /**
   * Sets the value to {@code update} if it equals {@code expect}, atomically, and returns the value
   * found (the <em>witness</em>): {@code expect}'s equal if the value was set.
   *
   * @param expect the value expected, or null for none
   * @param update the new value, or null
   * @return the value found
   */
  @Nullable V compareAndExchange(@Nullable V expect, @Nullable V update);

  /**
   * Applies a function to the value and returns the previous value, atomically; the function may
   * run several times under contention, so it must have no side effects.
   *
   * @param function computes the new value from the current one
   * @return the previous value
   */
  @Nullable V getAndUpdate(UnaryOperator<@Nullable V> function);

  /**
   * Applies a function to the value and returns the new value, atomically; the function may run
   * several times under contention.
   *
   * @param function computes the new value from the current one
   * @return the new value
   */
  @Nullable V updateAndGet(UnaryOperator<@Nullable V> function);

  /**
   * Combines the value with {@code x} and returns the previous value, atomically; the function may
   * run several times under contention.
   *
   * @param x the second operand
   * @param function computes the new value from the current one (first argument) and {@code x}
   * @return the previous value
   */
  @Nullable V getAndAccumulate(@Nullable V x, BinaryOperator<@Nullable V> function);

  /**
   * Combines the value with {@code x} and returns the new value, atomically; the function may run
   * several times under contention.
   *
   * @param x the second operand
   * @param function computes the new value from the current one (first argument) and {@code x}
   * @return the new value
   */
  @Nullable V accumulateAndGet(@Nullable V x, BinaryOperator<@Nullable V> function);
}
