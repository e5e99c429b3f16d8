package org.hotredis.jcache.expiry;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The periodic tasks of one open cache handle, on its client's scheduler thread: one removes
 * expired entries in slices, so that Redis reclaims their memory without a client reading them; the
 * other renews the handle's leases.
 *
 * <p>Every JVM that has the cache open sweeps it; a sweep is one script that removes at most one
 * slice of entries whose deadline has passed (and publishes their expiry), so JVMs sweeping at the
 * same time remove each entry once. When a sweep removes a full slice, the next runs at once, up to
 * a bound per tick. Failures (Redis unreachable) are logged and the tasks carry on.
 *
 * <p>Renewals have their own schedule, whatever the sweep interval: a lease renewed only when the
 * sweeper runs would lapse whenever the sweep interval is longer than the lease, and other JVMs
 * would take the handle (and its listeners) for gone.
 */
public final class Sweeper implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Sweeper.class.getName());

  /** Entries removed per sweep script. */
  public static final int SLICE = 500;

  private static final int SLICES_PER_TICK = 20;

  private final IntSupplier sweep;
  private final Runnable renew;
  private final ScheduledFuture<?> sweeping;
  private final ScheduledFuture<?> renewing;
  private volatile boolean closed;

  private Sweeper(
      ScheduledExecutorService scheduler,
      Duration interval,
      Duration renewEvery,
      IntSupplier sweep,
      Runnable renew) {
    this.sweep = sweep;
    this.renew = renew;
    long intervalMillis = Math.max(1, interval.toMillis());
    long renewMillis = Math.max(1, renewEvery.toMillis());
    this.sweeping =
        scheduler.scheduleWithFixedDelay(
            this::tick, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    this.renewing =
        scheduler.scheduleWithFixedDelay(
            this::renewal, renewMillis, renewMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * Starts sweeping and renewing.
   *
   * @param scheduler the client's scheduler
   * @param interval the time between sweeps
   * @param renewEvery the time between lease renewals, independent of {@code interval}
   * @param sweep removes one slice of expired entries and returns how many it removed
   * @param renew renews the handle's lease
   * @return the running sweeper; close it when the handle closes
   */
  public static Sweeper start(
      ScheduledExecutorService scheduler,
      Duration interval,
      Duration renewEvery,
      IntSupplier sweep,
      Runnable renew) {
    return new Sweeper(
        requireNonNull(scheduler, "scheduler"),
        requireNonNull(interval, "interval"),
        requireNonNull(renewEvery, "renewEvery"),
        requireNonNull(sweep, "sweep"),
        requireNonNull(renew, "renew"));
  }

  private void tick() {
    try {
      for (int i = 0; i < SLICES_PER_TICK && !closed; i++) {
        if (sweep.getAsInt() < SLICE) {
          break;
        }
      }
    } catch (RuntimeException e) {
      if (!closed) {
        LOG.log(Level.DEBUG, "sweeping expired cache entries failed; retrying at the next tick", e);
      }
    }
  }

  private void renewal() {
    try {
      if (!closed) {
        renew.run();
      }
    } catch (RuntimeException e) {
      if (!closed) {
        LOG.log(
            Level.DEBUG,
            "renewing a cache handle's leases failed; retrying at the next renewal",
            e);
      }
    }
  }

  /** Stops the tasks; a sweep or renewal already running finishes. */
  @Override
  public void close() {
    closed = true;
    sweeping.cancel(false);
    renewing.cancel(false);
  }
}
