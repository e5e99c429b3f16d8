package org.hotredis.concurrent.locks;

import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.hotredis.HotClient;
import org.hotredis.Toolkit;
import org.jspecify.annotations.Nullable;

/**
 * The renewals of the leases one client keeps: one pass on the client's scheduler renews every
 * lease that is due, then is scheduled again for when the next one is due. Starting or ending a
 * lease therefore schedules nothing (a set insertion or removal), unless the new lease is due
 * before the next pass: acquiring and releasing a lock at a high rate costs no scheduler work, and
 * the scheduler thread is woken once per renewal period rather than once per acquisition.
 *
 * <p>Each lease keeps its own due time: a third of its lease (or its heartbeat) after it started,
 * then after each renewal ends, as a task at a fixed delay would. Renewals run one after the other
 * on the scheduler's one thread.
 */
final class LeaseRenewals {
  private static final System.Logger LOG = System.getLogger(LeaseRenewals.class.getName());

  /** {@link #passAt} when no pass is scheduled. */
  private static final long NONE = Long.MIN_VALUE;

  /** Leases due within this of a pass are renewed by it, rather than by a pass of their own. */
  private static final long BATCH_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final HotClient client;
  private final Set<LeaseKeeper> leases = ConcurrentHashMap.newKeySet();
  private volatile long passAt =
      NONE; // System.nanoTime() of the scheduled pass; written holding this
  private @Nullable ScheduledFuture<?> pass; // guarded by this

  private LeaseRenewals(HotClient client) {
    this.client = client;
  }

  /**
   * Returns a client's renewals.
   *
   * @throws IllegalStateException if the client is closed
   */
  static LeaseRenewals of(HotClient client) {
    return Toolkit.of(client).state(LeaseRenewals.class, () -> new LeaseRenewals(client));
  }

  /**
   * Starts renewing a lease, first at {@code dueAt}.
   *
   * @throws IllegalStateException if the client is closed
   */
  void add(LeaseKeeper lease, long dueAt) {
    leases.add(lease);
    try {
      passBy(dueAt);
    } catch (RuntimeException e) {
      leases.remove(lease);
      throw e;
    }
  }

  /** Stops renewing a lease. */
  void remove(LeaseKeeper lease) {
    leases.remove(lease);
  }

  /**
   * Makes sure that a pass runs at {@code dueAt} at the latest. A lease is added before this is
   * called, and a pass forgets its schedule before it looks at the leases: either the pass sees the
   * lease, or this sees that no pass is scheduled.
   */
  private void passBy(long dueAt) {
    long at = passAt;
    if (at != NONE && at - dueAt <= 0) {
      return;
    }
    synchronized (this) {
      at = passAt;
      if (at != NONE && at - dueAt <= 0) {
        return;
      }
      ScheduledFuture<?> previous = pass;
      pass =
          Toolkit.of(client)
              .scheduler()
              .schedule(this::pass, Math.max(0, dueAt - System.nanoTime()), TimeUnit.NANOSECONDS);
      passAt = dueAt;
      if (previous != null) {
        previous.cancel(false);
      }
    }
  }

  /** On the scheduler: renews the leases that are due, and schedules the next pass. */
  private void pass() {
    synchronized (this) {
      passAt = NONE;
      pass = null;
    }
    long next = NONE;
    for (LeaseKeeper lease : leases) {
      long due = lease.dueAt();
      if (due - System.nanoTime() <= BATCH_NANOS) {
        try {
          lease.renewNow();
        } catch (RuntimeException e) {
          // A give-up owed by the holder could not reach Redis: the lease is renewed next period.
          LOG.log(Level.DEBUG, "a lease renewal could not run; retrying at the next period", e);
        }
        if (!leases.contains(lease)) {
          continue; // it ended or was lost
        }
        due = lease.renewed();
      }
      if (next == NONE || due - next < 0) {
        next = due;
      }
    }
    if (next != NONE) {
      try {
        passBy(next);
      } catch (IllegalStateException | RejectedExecutionException e) {
        // The client is closing: nothing renews its leases any more, which run out in Redis.
        LOG.log(Level.DEBUG, "cannot schedule lease renewals: the client is closed", e);
      }
    }
  }
}
