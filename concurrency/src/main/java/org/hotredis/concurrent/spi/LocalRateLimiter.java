package org.hotredis.concurrent.spi;

import org.hotredis.concurrent.limits.RateSettings;
import org.hotredis.concurrent.limits.ReservingRateLimiter;

/**
 * The local provider's {@link org.hotredis.concurrent.limits.SharedRateLimiter}: the same token
 * bucket as {@link org.hotredis.concurrent.limits.HotRateLimiter}, with the same integer units and
 * reservations, timed by {@link System#nanoTime()} and guarded by this object's monitor.
 */
final class LocalRateLimiter extends ReservingRateLimiter {
  private final long capacity;
  private long level;
  private long stamp;

  LocalRateLimiter(RateSettings settings) {
    super(settings);
    this.capacity = settings.burst() * settings.unit();
    this.level = capacity;
    this.stamp = now();
  }

  private static long now() {
    return System.nanoTime() / 1000;
  }

  /** Adds what the clock earned since the stamp, up to the capacity. */
  private void refill() {
    long now = now();
    long room = capacity - level;
    if (room > 0) {
      long elapsed = now - stamp;
      level =
          elapsed >= settings().waitMicros(room) ? capacity : level + elapsed * settings().refill();
    }
    stamp = now;
  }

  @Override
  protected synchronized long reserve(int permits, long longestWait) {
    refill();
    long after = level - permits * settings().unit();
    long wait = after < 0 ? settings().waitMicros(-after) : 0;
    if (longestWait >= 0 && wait > longestWait) {
      return -1;
    }
    level = after;
    return wait;
  }

  @Override
  protected boolean take(int permits) {
    return reserve(permits, 0) >= 0;
  }

  @Override
  protected synchronized void refund(int permits) {
    refill();
    level = Math.min(capacity, level + permits * settings().unit());
  }

  @Override
  public synchronized long availablePermits() {
    refill();
    return Math.floorDiv(level, settings().unit());
  }

  @Override
  public String toString() {
    return "LocalRateLimiter[" + settings() + ", available " + availablePermits() + "]";
  }
}
