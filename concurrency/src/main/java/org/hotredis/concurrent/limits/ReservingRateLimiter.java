package org.hotredis.concurrent.limits;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.TimeUnit;

/**
 * What every {@link SharedRateLimiter} of HOT Redis does the same way: check the permits, answer
 * interrupts, take or reserve the permits in one atomic step, sleep exactly the wait that step
 * replied, and give the permits back when interrupted while sleeping. A subclass supplies the step
 * and the refund: {@link HotRateLimiter} as one script each (one round trip), the SPI's in-process
 * limiter under its monitor (none). Public only so that the SPI's in-process limiter can extend it.
 */
public abstract class ReservingRateLimiter implements SharedRateLimiter {
  private final RateSettings settings;

  /**
   * Creates a limiter of these settings.
   *
   * @param settings the rate and burst
   */
  protected ReservingRateLimiter(RateSettings settings) {
    this.settings = requireNonNull(settings, "settings");
  }

  /**
   * Takes the permits, or reserves them when they accumulate within the longest wait; atomic.
   *
   * @param permits the permits, already checked against the burst
   * @param longestWaitMicros 0 to take only what is there now, -1 for no limit
   * @return the microseconds to wait for the permits taken (0: at once), or -1 if nothing was taken
   */
  protected abstract long reserve(int permits, long longestWaitMicros);

  /**
   * Takes the permits if they are there now; never reserves. Atomic. (A step of its own, so that
   * {@link HotRateLimiter} can answer it through {@code tx.defer} inside a transaction.)
   *
   * @param permits the permits, already checked against the burst
   * @return true if taken
   */
  protected abstract boolean take(int permits);

  /**
   * Gives back permits reserved by a caller that was interrupted while it slept, up to the burst.
   *
   * @param permits the permits
   */
  protected abstract void refund(int permits);

  /**
   * Returns the settings in integer units. No round trip.
   *
   * @return the settings
   */
  public final RateSettings settings() {
    return settings;
  }

  /** One step ({@link HotRateLimiter}: one round trip, one script). Never reserves. */
  @Override
  public final boolean tryAcquire() {
    return tryAcquire(1);
  }

  /** One step ({@link HotRateLimiter}: one round trip, one script). Never reserves. */
  @Override
  public final boolean tryAcquire(int permits) {
    return take(settings.checkPermits(permits));
  }

  /**
   * One step ({@link HotRateLimiter}: one round trip, one script, which takes or reserves the
   * permits atomically), then a sleep of exactly the wait it replied; one more step (the refund) if
   * interrupted while sleeping.
   */
  @Override
  public final boolean tryAcquire(int permits, long timeout, TimeUnit unit)
      throws InterruptedException {
    settings.checkPermits(permits);
    requireNonNull(unit, "unit");
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    long micros = Math.max(0, unit.toMicros(timeout));
    if (micros == 0) {
      return tryAcquire(permits);
    }
    long wait = reserve(permits, micros);
    if (wait < 0) {
      return false;
    }
    sleep(wait, permits);
    return true;
  }

  /** As {@link #acquire(int)} with one permit. */
  @Override
  public final void acquire() throws InterruptedException {
    acquire(1);
  }

  /**
   * One step ({@link HotRateLimiter}: one round trip, one script, which takes or reserves the
   * permits atomically), then a sleep of exactly the wait it replied; one more step (the refund) if
   * interrupted while sleeping.
   */
  @Override
  public final void acquire(int permits) throws InterruptedException {
    settings.checkPermits(permits);
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    sleep(reserve(permits, -1), permits);
  }

  private void sleep(long micros, int permits) throws InterruptedException {
    if (micros <= 0) {
      return;
    }
    try {
      TimeUnit.MICROSECONDS.sleep(micros);
    } catch (InterruptedException e) {
      try {
        refund(permits);
      } catch (RuntimeException refundFailed) {
        e.addSuppressed(refundFailed);
      }
      throw e;
    }
  }

  /** No round trip: the rate every user of the name was built with. */
  @Override
  public final double getRate() {
    return settings.perSecond();
  }

  /** No round trip. */
  @Override
  public final long getBurst() {
    return settings.burst();
  }
}
