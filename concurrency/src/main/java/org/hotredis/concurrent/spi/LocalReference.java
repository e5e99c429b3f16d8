package org.hotredis.concurrent.spi;

import static java.util.Objects.requireNonNull;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.hotredis.concurrent.atomic.SharedReference;
import org.jspecify.annotations.Nullable;

/**
 * The local provider's {@link SharedReference}: an {@link AtomicReference} whose compare-and-set
 * compares with {@code equals}, as {@link org.hotredis.concurrent.atomic.HotAtomicReference} does.
 */
final class LocalReference<V> implements SharedReference<V> {
  private final AtomicReference<@Nullable V> value = new AtomicReference<>();

  @Override
  public @Nullable V get() {
    return value.get();
  }

  @Override
  public void set(@Nullable V update) {
    value.set(update);
  }

  @Override
  public @Nullable V getAndSet(@Nullable V update) {
    return value.getAndSet(update);
  }

  @Override
  public boolean compareAndSet(@Nullable V expect, @Nullable V update) {
    V current = compareAndExchange(expect, update);
    return Objects.equals(current, expect);
  }

  @Override
  public @Nullable V compareAndExchange(@Nullable V expect, @Nullable V update) {
    while (true) {
      V current = value.get();
      if (!Objects.equals(current, expect) || value.compareAndSet(current, update)) {
        return current;
      }
    }
  }

  @Override
  public @Nullable V getAndUpdate(UnaryOperator<@Nullable V> function) {
    requireNonNull(function, "function");
    return value.getAndUpdate(function);
  }

  @Override
  public @Nullable V updateAndGet(UnaryOperator<@Nullable V> function) {
    requireNonNull(function, "function");
    return value.updateAndGet(function);
  }

  @Override
  public @Nullable V getAndAccumulate(@Nullable V x, BinaryOperator<@Nullable V> function) {
    requireNonNull(function, "function");
    return value.getAndAccumulate(x, function);
  }

  @Override
  public @Nullable V accumulateAndGet(@Nullable V x, BinaryOperator<@Nullable V> function) {
    requireNonNull(function, "function");
    return value.accumulateAndGet(x, function);
  }

  @Override
  public String toString() {
    return String.valueOf(value.get());
  }
}
