package org.hotredis.concurrent.locks;

import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import org.hotredis.HotClient;
import org.hotredis.concurrent.Observers;
import org.jspecify.annotations.Nullable;

/**
 * A lease that a watchdog keeps alive: while held, the client's {@link LeaseRenewals} renew it
 * every third of its duration; the renewals stop the moment the lease ends (released) and, when a
 * renewal finds the lease gone, it is marked lost and reported once.
 *
 * <p>The lease of a lock or semaphore holder lives in its {@link LeaseSlot}, and a renewal runs
 * holding the slot, like every acquisition and release of that holder: a renewal therefore never
 * races with a release it did not know about, and never reports a released lease as lost. A
 * Condition waiter's lease has no slot; it renews holding its own monitor.
 *
 * <p>A renewal that fails to reach Redis is retried at the next period; only when no renewal has
 * succeeded for a whole lease (measured from when the last successful one was sent, so never later
 * than Redis's own expiry) is the lease taken as lost.
 */
final class LeaseKeeper {
  private static final System.Logger LOG = System.getLogger(LeaseKeeper.class.getName());

  /** One renewal round trip. */
  @FunctionalInterface
  interface Renewal {
    /**
     * Extends the lease in Redis.
     *
     * @return true if it was still held and is now extended, false if it was lost
     */
    boolean renew();
  }

  private final HotClient client;
  private final LeaseSlot.@Nullable Key slot;
  private final long leaseMillis;
  private final long token;
  private final long acquiredAt;
  private final Renewal renewal;
  private final Runnable onLost;
  private long period; // nanoseconds between the end of a renewal and the next
  private volatile long dueAt; // System.nanoTime() of the next renewal
  private @Nullable LeaseRenewals renewals; // while renewed; guarded by this
  private long renewedAt; // guarded by this
  private boolean ended; // guarded by this
  private boolean lost; // guarded by this

  /**
   * Creates a lease; {@link #start()} starts renewing it.
   *
   * @param client the client whose scheduler renews the lease
   * @param slot the holder's slot, or null for a lease nobody else looks up (a Condition waiter's)
   * @param leaseMillis the lease duration
   * @param token the fencing token of the acquisition, or 0
   * @param sentAt the {@link System#nanoTime()} at which the acquiring command was sent
   * @param renewal extends the lease
   * @param onLost called once, on the scheduler thread or the thread that finds out, when lost
   */
  LeaseKeeper(
      HotClient client,
      LeaseSlot.@Nullable Key slot,
      long leaseMillis,
      long token,
      long sentAt,
      Renewal renewal,
      Runnable onLost) {
    this.client = client;
    this.slot = slot;
    this.leaseMillis = leaseMillis;
    this.token = token;
    this.acquiredAt = sentAt;
    this.renewedAt = sentAt;
    this.renewal = renewal;
    this.onLost = onLost;
  }

  /** Starts renewing, every third of the lease. */
  LeaseKeeper start() {
    return start(Math.max(1, leaseMillis / 3));
  }

  /** Starts renewing, every {@code period} milliseconds (at most a third of the lease). */
  LeaseKeeper start(long period) {
    synchronized (this) {
      if (!ended) {
        this.period = TimeUnit.MILLISECONDS.toNanos(period);
        dueAt = System.nanoTime() + this.period;
        LeaseRenewals current = LeaseRenewals.of(client);
        current.add(this, dueAt);
        renewals = current;
      }
    }
    return this;
  }

  /** Returns the {@link System#nanoTime()} at which the next renewal is due. */
  long dueAt() {
    return dueAt;
  }

  /**
   * Sets the next renewal a period from now, after a renewal (or an attempt that could not run).
   *
   * @return the time it is due
   */
  long renewed() {
    long next = System.nanoTime() + period;
    dueAt = next;
    return next;
  }

  /** Returns the fencing token of the acquisition this lease keeps, or 0. */
  long token() {
    return token;
  }

  /** Returns the {@link System#nanoTime()} at which the acquisition was sent. */
  long acquiredAt() {
    return acquiredAt;
  }

  /** Returns whether a renewal (or a release) found the lease gone. */
  synchronized boolean isLost() {
    return lost;
  }

  /** Stops renewing: the hold was released. Idempotent. */
  synchronized void end() {
    ended = true;
    stopRenewals();
  }

  /**
   * Marks the lease lost, unless it already ended. The caller reports it with {@link #report()}
   * when this returns true, outside any lock.
   *
   * @return true if this call marked it lost
   */
  synchronized boolean lose() {
    if (ended) {
      return false;
    }
    ended = true;
    lost = true;
    stopRenewals();
    return true;
  }

  /** Tells the listener that the lease was lost. */
  void report() {
    if (slot != null) {
      Observers.leaseLost(slot.key());
    }
    try {
      onLost.run();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "a lease-lost listener failed", e);
    }
  }

  private void stopRenewals() {
    LeaseRenewals current = renewals;
    if (current != null) {
      current.remove(this);
      renewals = null;
    }
  }

  /** Renews once, on the scheduler thread: the lease is due. */
  void renewNow() {
    LeaseSlot.Key key = slot;
    boolean lostNow;
    if (key == null) {
      synchronized (this) {
        lostNow = renewHere();
      }
    } else {
      lostNow = LeaseSlot.with(key, s -> s.lease() == this && renewHere());
    }
    if (lostNow) {
      report();
    }
  }

  /** Renews once; returns true if this found the lease lost. */
  private boolean renewHere() {
    synchronized (this) {
      if (ended) {
        return false;
      }
    }
    long sentAt = System.nanoTime();
    try {
      if (renewal.renew()) {
        synchronized (this) {
          renewedAt = sentAt;
        }
        return false;
      }
    } catch (RuntimeException e) {
      if (slot != null) {
        Observers.leaseRenewalFailed(slot.key(), e);
      }
      synchronized (this) {
        if (sentAt - renewedAt < TimeUnit.MILLISECONDS.toNanos(leaseMillis)) {
          LOG.log(Level.DEBUG, "lease renewal failed; retrying at the next period", e);
          return false;
        }
      }
      LOG.log(Level.WARNING, "no lease renewal succeeded for a whole lease; taking it as lost", e);
    }
    return lose();
  }
}
