package org.hotredis.testing;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Polling with a deadline, for tests that wait for something to happen instead of sleeping.
 *
 * <p>Conditions are evaluated on the calling thread about every 10 ms, and once more at the
 * deadline. An exception thrown by a condition propagates at once.
 */
public final class Await {
  private static final long POLL_NANOS = Duration.ofMillis(10).toNanos();

  private Await() {}

  /**
   * Waits until {@code condition} is true.
   *
   * @param timeout how long to wait at most
   * @param condition the condition, polled about every 10 ms
   * @param description what is awaited, for the failure message
   * @throws AssertionError if the condition is still false after {@code timeout}
   * @throws IllegalStateException if the thread is interrupted (its interrupt status is restored)
   */
  public static void until(Duration timeout, BooleanSupplier condition, String description) {
    requireNonNull(condition, "condition");
    until(timeout, () -> condition.getAsBoolean() ? Boolean.TRUE : null, description);
  }

  /**
   * Waits until {@code value} supplies a non-null value, and returns it.
   *
   * @param timeout how long to wait at most
   * @param value the supplier, polled about every 10 ms
   * @param description what is awaited, for the failure message
   * @return the first non-null value supplied
   * @param <T> the type of the value
   * @throws AssertionError if the supplier still returns null after {@code timeout}
   * @throws IllegalStateException if the thread is interrupted (its interrupt status is restored)
   */
  public static <T> T until(
      Duration timeout, Supplier<? extends @Nullable T> value, String description) {
    requireNonNull(timeout, "timeout");
    requireNonNull(value, "value");
    requireNonNull(description, "description");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      T result = value.get();
      if (result != null) {
        return result;
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        throw new AssertionError(
            "timed out after " + format(timeout) + " waiting for " + description);
      }
      sleepNanos(Math.min(remaining, POLL_NANOS));
    }
  }

  /** Formats a duration for messages: {@code 5s}, {@code 250ms}. */
  static String format(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }

  /** Sleeps for a short poll interval; an interrupt restores the flag and throws. */
  static void sleepNanos(long nanos) {
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      throw interrupted(e);
    }
  }

  /** Restores the interrupt status and returns an exception for the caller to throw. */
  static IllegalStateException interrupted(InterruptedException e) {
    Thread.currentThread().interrupt();
    return new IllegalStateException("interrupted while waiting", e);
  }
}
