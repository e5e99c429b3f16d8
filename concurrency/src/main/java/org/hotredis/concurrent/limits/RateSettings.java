package org.hotredis.concurrent.limits;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The validated settings of a token bucket, in the integer units both rate limiters count in: a
 * permit costs {@link #unit()} units and the bucket gains {@link #refill()} units per microsecond
 * (the permits per period and the period in microseconds, each divided by their greatest common
 * divisor), so no rounding ever grants a permit early. Public for the SPI's in-process limiter;
 * applications use {@link HotRateLimiter}'s builder or the SPI.
 *
 * @param permits the permits per period, at least 1
 * @param periodMicros the period in microseconds, at least 1
 * @param burst the bucket's size in permits, at least 1
 * @param unit the units a permit costs
 * @param refill the units the bucket gains per microsecond
 */
public record RateSettings(long permits, long periodMicros, long burst, long unit, long refill) {
  /** The most units a bucket may hold, so that Lua's numbers (doubles) count them exactly. */
  static final long MAX_UNITS = 1L << 50;

  /**
   * Checks that every setting is positive; {@link #of} computes consistent ones.
   *
   * @param permits the permits per period
   * @param periodMicros the period in microseconds
   * @param burst the bucket's size in permits
   * @param unit the units a permit costs
   * @param refill the units the bucket gains per microsecond
   * @throws IllegalArgumentException if a setting is less than 1
   */
  public RateSettings {
    if (permits < 1 || periodMicros < 1 || burst < 1 || unit < 1 || refill < 1) {
      throw new IllegalArgumentException("rate settings must be positive");
    }
  }

  /**
   * Validates a rate and a burst and computes their units. No round trip.
   *
   * @param permits the permits per period, at least 1
   * @param period the period, a positive whole number of microseconds
   * @param burst the bucket's size in permits, at least 1
   * @return the settings
   * @throws IllegalArgumentException if an argument is out of range, or if the bucket would count
   *     more than 2^50 units (a burst of trillions of permits over a long period)
   */
  public static RateSettings of(long permits, Duration period, long burst) {
    requireNonNull(period, "period");
    if (permits < 1) {
      throw new IllegalArgumentException("permits per period must be at least 1, was " + permits);
    }
    long nanos;
    try {
      nanos = period.toNanos();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("the period is too long: " + period, e);
    }
    if (nanos <= 0 || nanos % 1000 != 0) {
      throw new IllegalArgumentException(
          "the period must be a positive whole number of microseconds, was " + period);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("the burst must be at least 1, was " + burst);
    }
    long micros = nanos / 1000;
    long divisor = gcd(permits, micros);
    long unit = micros / divisor;
    long refill = permits / divisor;
    if (refill > MAX_UNITS || unit > MAX_UNITS / burst) {
      throw new IllegalArgumentException(
          "a burst of "
              + burst
              + " at "
              + permits
              + " permits per "
              + period
              + " needs more than 2^50 units of account; use a shorter period or a smaller burst");
    }
    return new RateSettings(permits, micros, burst, unit, refill);
  }

  /**
   * Checks the permits one caller asks for.
   *
   * @param requested the permits asked for
   * @return {@code requested}
   * @throws IllegalArgumentException if less than 1 or more than the burst
   */
  public int checkPermits(int requested) {
    if (requested < 1) {
      throw new IllegalArgumentException("permits must be at least 1, was " + requested);
    }
    if (requested > burst) {
      throw new IllegalArgumentException(
          requested
              + " permits exceed the burst of "
              + burst
              + ": they can never be taken at once");
    }
    return requested;
  }

  /**
   * Returns the rate in permits per second.
   *
   * @return the rate
   */
  public double perSecond() {
    return permits * 1_000_000.0 / periodMicros;
  }

  /**
   * Returns the microseconds the bucket takes to gain some units, rounded up: how long a
   * reservation waits for the units it is short of.
   *
   * @param deficit the units missing, positive
   * @return the microseconds
   */
  public long waitMicros(long deficit) {
    return (deficit + refill - 1) / refill;
  }

  @Override
  public String toString() {
    return permits + " permits per " + Duration.ofNanos(periodMicros * 1000) + ", burst " + burst;
  }

  private static long gcd(long a, long b) {
    long x = a;
    long y = b;
    while (y != 0) {
      long r = x % y;
      x = y;
      y = r;
    }
    return x;
  }
}
