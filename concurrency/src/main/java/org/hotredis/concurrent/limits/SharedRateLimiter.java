package org.hotredis.concurrent.limits;

import java.util.concurrent.TimeUnit;

/**
 * A token bucket: permits accumulate at a rate, up to a burst (the bucket's size), and callers take
 * them, for a limiter shared by the users of one name: in one JVM (the SPI's local provider) or
 * across processes ({@link HotRateLimiter}).
 *
 * <p>A caller that may wait does not poll: it <em>reserves</em> its permits (the bucket goes below
 * zero, and later callers wait behind it, first come first served) and sleeps exactly until they
 * have accumulated. A caller interrupted while it sleeps gives its permits back and throws {@link
 * InterruptedException}. {@link #tryAcquire()} and {@link #tryAcquire(int)} never wait and never
 * reserve. A caller never takes more than the burst at once: asking for more throws {@link
 * IllegalArgumentException}, as does asking for fewer than 1.
 *
 * <p>Over any stretch of time {@code t} from a moment the bucket held {@code b} permits, no more
 * than {@code b + rate × t} permits are granted; the bucket never holds more than the burst.
 */
public interface SharedRateLimiter {

  /**
   * Takes one permit if the bucket holds one now; never waits.
   *
   * @return true if the permit was taken
   */
  boolean tryAcquire();

  /**
   * Takes permits if the bucket holds them now; never waits.
   *
   * @param permits the permits, 1 to the burst
   * @return true if the permits were taken, false if nothing was taken
   * @throws IllegalArgumentException if {@code permits} is less than 1 or more than the burst
   */
  boolean tryAcquire(int permits);

  /**
   * Takes permits if they accumulate within a timeout, waiting for them if need be; returns false
   * at once, taking nothing, if they cannot.
   *
   * @param permits the permits, 1 to the burst
   * @param timeout the longest wait; zero or less takes only what the bucket holds now
   * @param unit the unit of {@code timeout}
   * @return true if the permits were taken (after waiting for them), false if nothing was taken
   * @throws InterruptedException if interrupted before or while waiting (the permits are given
   *     back)
   * @throws IllegalArgumentException if {@code permits} is less than 1 or more than the burst
   */
  boolean tryAcquire(int permits, long timeout, TimeUnit unit) throws InterruptedException;

  /**
   * Takes one permit, waiting until it accumulates.
   *
   * @throws InterruptedException if interrupted before or while waiting (the permit is given back)
   */
  void acquire() throws InterruptedException;

  /**
   * Takes permits, waiting until they accumulate.
   *
   * @param permits the permits, 1 to the burst
   * @throws InterruptedException if interrupted before or while waiting (the permits are given
   *     back)
   * @throws IllegalArgumentException if {@code permits} is less than 1 or more than the burst
   */
  void acquire(int permits) throws InterruptedException;

  /**
   * Returns the whole permits the bucket holds now: at most the burst, and below zero while callers
   * wait for permits they reserved.
   *
   * @return the permits
   */
  long availablePermits();

  /**
   * Returns the rate in permits per second.
   *
   * @return the permits per period divided by the period in seconds
   */
  double getRate();

  /**
   * Returns the burst: the bucket's size, the most permits taken at once.
   *
   * @return the burst, at least 1
   */
  long getBurst();
}
