package org.hotredis.concurrent.spi;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.TimeUnit;
import org.hotredis.concurrent.limits.RateSettings;
import org.hotredis.concurrent.limits.SharedRateLimiter;

/**
 * The local provider's {@link SharedRateLimiter}: the same token bucket as {@link
 * org.hotredis.concurrent.limits.HotRateLimiter}, with the same integer units and reservations,
 * timed by {@link System#nanoTime()} and guarded by this object's monitor.
 */
final class LocalRateLimiter implements SharedRateLimiter {
  private final RateSettings settings;
  private final long capacity;
  private long level;
  private long stamp;

  LocalRateLimiter(RateSettings settings) {
    this.settings = requireNonNull(settings, "settings");
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
      level = elapsed >= settings.waitMicros(room) ? capacity : level + elapsed * settings.refill();
    }
    stamp = now;
  }

  /** Takes or reserves permits; the microseconds to wait, or -1 if nothing was taken. */
  private synchronized long take(int permits, long longestWait) {
    refill();
    long after = level - permits * settings.unit();
    long wait = after < 0 ? settings.waitMicros(-after) : 0;
    if (longestWait >= 0 && wait > longestWait) {
      return -1;
    }
    level = after;
    return wait;
  }

  private synchronized void refund(int permits) {
    refill();
    level = Math.min(capacity, level + permits * settings.unit());
  }

  private void sleep(long micros, int permits) throws InterruptedException {
    if (micros <= 0) {
      return;
    }
    try {
      TimeUnit.MICROSECONDS.sleep(micros);
    } catch (InterruptedException e) {
      refund(permits);
      throw e;
    }
  }

  @Override
  public boolean tryAcquire() {
    return tryAcquire(1);
  }

  @Override
  public boolean tryAcquire(int permits) {
    return take(settings.checkPermits(permits), 0) >= 0;
  }

  @Override
  public boolean tryAcquire(int permits, long timeout, TimeUnit unit) throws InterruptedException {
    settings.checkPermits(permits);
    requireNonNull(unit, "unit");
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    long wait = take(permits, Math.max(0, unit.toMicros(timeout)));
    if (wait < 0) {
      return false;
    }
    sleep(wait, permits);
    return true;
  }

  @Override
  public void acquire() throws InterruptedException {
    acquire(1);
  }

  @Override
  public void acquire(int permits) throws InterruptedException {
    settings.checkPermits(permits);
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    sleep(take(permits, -1), permits);
  }

  @Override
  public synchronized long availablePermits() {
    refill();
    return Math.floorDiv(level, settings.unit());
  }

  @Override
  public double getRate() {
    return settings.perSecond();
  }

  @Override
  public long getBurst() {
    return settings.burst();
  }

  @Override
  public String toString() {
    return "LocalRateLimiter[" + settings + ", available " + availablePermits() + "]";
  }
}
