package org.hotredis.jcache.expiry;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The periodic task of one open cache handle, on its client's scheduler thread: it removes expired
 * entries in slices, so that Redis reclaims their memory without a client reading them, and renews
 * the handle's lease.
 *
 * <p>Every JVM that has the cache open sweeps it; a sweep is one script that removes at most one
 * slice of entries whose deadline has passed (and publishes their expiry), so JVMs sweeping at the
 * same time remove each entry once. When a sweep removes a full slice, the next runs at once, up to
 * a bound per tick. Failures (Redis unreachable) are logged and the task carries on.
 */
public final class Sweeper implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Sweeper.class.getName());

  /** Entries removed per sweep script. */
  public static final int SLICE = 500;

  private static final int SLICES_PER_TICK = 20;

  private final IntSupplier sweep;
  private final Runnable renew;
  private final long renewEveryTicks;
  private final ScheduledFuture<?> task;
  private long ticks;
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
    this.renewEveryTicks = Math.max(1, renewEvery.toMillis() / intervalMillis);
    this.task =
        scheduler.scheduleWithFixedDelay(
            this::tick, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * Starts sweeping.
   *
   * @param scheduler the client's scheduler
   * @param interval the time between sweeps
   * @param renewEvery the time between lease renewals
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
      if (!closed && ++ticks % renewEveryTicks == 0) {
        renew.run();
      }
    } catch (RuntimeException e) {
      if (!closed) {
        LOG.log(Level.DEBUG, "sweeping expired cache entries failed; retrying at the next tick", e);
      }
    }
  }

  /** Stops the task; a sweep already running finishes. */
  @Override
  public void close() {
    closed = true;
    task.cancel(false);
  }
}
