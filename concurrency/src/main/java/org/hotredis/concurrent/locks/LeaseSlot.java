package org.hotredis.concurrent.locks;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.hotredis.HotClient;
import org.hotredis.HotConnectionException;
import org.hotredis.Toolkit;
import org.jspecify.annotations.Nullable;

/**
 * What this process knows of one holder's hold on one key (through one client): its current lease,
 * if any, the holds (lock) or permits (semaphore) Redis last reported for it, and a give-up still
 * owed to Redis. Every step that may start, end or check that lease (an acquisition, a release, a
 * renewal) runs holding the slot, so the order in which Redis ran them is the order in which their
 * replies are applied here, however many threads act for the holder (the threads of a process
 * holding semaphore permits, or those sharing an explicit owner token). A holder that is one thread
 * (a lock's default owner) never waits for its own slot.
 *
 * <p>A <em>give-up</em> is what a release whose outcome is unknown leaves behind (the connection
 * broke or timed out, so Redis may or may not have applied it): the holder's lease is no longer
 * renewed, and an idempotent step fenced by the acquisition (the lock's fencing token; the
 * semaphore holder's permits) must free what the holder held. It runs before any other step of the
 * holder, so the holder's next acquisition works once Redis answers; meanwhile the client's
 * scheduler retries it with a growing pause (up to a second) until it succeeds or the lease it
 * would free has run out in Redis anyway.
 *
 * <p>A slot exists while a step runs, a lease is kept (or was lost and not yet reported to its
 * holder by a release), or a give-up is owed; then it is removed.
 */
final class LeaseSlot {
  private static final System.Logger LOG = System.getLogger(LeaseSlot.class.getName());
  private static final long FIRST_RETRY_MILLIS = 50;
  private static final long LAST_RETRY_MILLIS = 1000;

  /** Identifies a slot: a holder's hold on a key, through a client. */
  record Key(HotClient client, String key, String owner) {}

  /** A client's slots, kept as its {@link Toolkit#state}: they go when the client closes. */
  private static final class Slots {
    final Map<Key, LeaseSlot> byKey = new ConcurrentHashMap<>();
  }

  /** Returns a client's slots; a closed client has none, and keeps none. */
  private static Map<Key, LeaseSlot> slots(HotClient client) {
    if (!client.isClosed()) {
      try {
        return Toolkit.of(client).state(Slots.class, Slots::new).byKey;
      } catch (IllegalStateException closedMeanwhile) {
        // fall through: nothing is kept for a closed client
      }
    }
    return new ConcurrentHashMap<>();
  }

  /** An idempotent step that frees what a holder held; one round trip. */
  @FunctionalInterface
  interface GiveUp {
    /** Runs it; throws if Redis could not be reached. */
    void run();
  }

  private final Key key;
  private int users; // guarded by SLOTS' per-key lock (compute)
  private volatile @Nullable LeaseKeeper lease; // written holding this
  private @Nullable GiveUp free; // frees the current lease's hold; guarded by this
  private long holds; // guarded by this
  private @Nullable GiveUp owed; // guarded by this
  private long
      owedUntil; // System.nanoTime() after which the lease freed it anyway; guarded by this
  private long retryMillis; // guarded by this

  private LeaseSlot(Key key) {
    this.key = key;
  }

  /**
   * Runs a step holding the slot of a key, after the holder's owed give-up, if any.
   *
   * @param key the slot's key
   * @param step what to do, given the slot
   * @return what the step returned
   * @throws RuntimeException what the owed give-up threw (Redis still unreachable); the step did
   *     not run
   */
  static <T> T with(Key key, Function<LeaseSlot, T> step) {
    Map<Key, LeaseSlot> slots = slots(key.client());
    LeaseSlot slot =
        slots.compute(
            key,
            (k, s) -> {
              LeaseSlot current = s != null ? s : new LeaseSlot(k);
              current.users++;
              return current;
            });
    try {
      synchronized (slot) {
        slot.settle();
        return step.apply(slot);
      }
    } finally {
      slots.computeIfPresent(
          key,
          (k, s) -> {
            if (s == slot && --s.users == 0 && s.isIdle()) {
              return null;
            }
            return s;
          });
    }
  }

  private boolean isIdle() {
    synchronized (this) {
      return lease == null && owed == null;
    }
  }

  /** Returns the current lease (possibly lost), or null. Call holding the slot. */
  @Nullable LeaseKeeper lease() {
    return lease;
  }

  /**
   * Starts keeping a new lease, ending the previous one. Call holding the slot.
   *
   * @param next the lease
   * @param release the idempotent step that frees its hold, for {@link #releaseAll}
   */
  void keep(LeaseKeeper next, GiveUp release) {
    LeaseKeeper previous = lease;
    if (previous != null) {
      previous.end();
    }
    lease = next.start();
    this.free = release;
  }

  /** Ends and forgets the current lease. Call holding the slot. */
  void release() {
    LeaseKeeper current = lease;
    if (current != null) {
      current.end();
    }
    lease = null;
    free = null;
    holds = 0;
  }

  /**
   * Returns the holds (or permits) that Redis last reported for this holder, 0 if none. Call
   * holding the slot.
   */
  long holds() {
    return holds;
  }

  /** Records the holds (or permits) Redis reported for this holder. Call holding the slot. */
  void holds(long holds) {
    this.holds = holds;
  }

  /**
   * Records a give-up owed to Redis after a step whose outcome is unknown (a release, or an
   * acquisition by a holder that held nothing), and starts retrying it on the client's scheduler;
   * the lease, which nobody renews, frees the hold in Redis by {@code leaseMillis} from now at the
   * latest. Call holding the slot.
   */
  void owe(GiveUp giveUp, long leaseMillis) {
    owed = giveUp;
    owedUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(leaseMillis);
    retryMillis = FIRST_RETRY_MILLIS;
    holds = 0;
    scheduleRetry();
  }

  /**
   * Gives up the hold of the current lease after a release whose outcome is unknown: marks the
   * lease lost (so that this holder's next release says so), stops renewing it, and owes Redis the
   * give-up. Call holding the slot, inside {@link #withGivingUp}, and throw what this returns: the
   * lease is reported lost once the slot is let go.
   *
   * @param lease the current lease
   * @param giveUp the idempotent step that frees the hold
   * @param leaseMillis the lease, after which Redis has freed the hold anyway
   * @param message what failed and what follows, for the exception
   * @param cause the failure whose outcome is unknown
   * @return the exception to throw
   */
  GaveUp giveUp(
      LeaseKeeper lease, GiveUp giveUp, long leaseMillis, String message, Throwable cause) {
    boolean report = lease.lose();
    owe(giveUp, leaseMillis);
    return new GaveUp(message, cause, report ? lease : null);
  }

  /**
   * Like {@link #with}, and reports the lease lost when the step gave the hold up, once the slot is
   * let go.
   */
  static <T> T withGivingUp(Key key, Function<LeaseSlot, T> step) {
    try {
      return with(key, step);
    } catch (GaveUp e) {
      LeaseKeeper lost = e.lease;
      if (lost != null) {
        lost.report();
      }
      throw e;
    }
  }

  /**
   * Thrown when a holder gave its hold up after a release whose outcome is unknown; a {@link
   * HotConnectionException} for its callers.
   */
  static final class GaveUp extends HotConnectionException {
    private static final long serialVersionUID = 1L;
    private final transient @Nullable LeaseKeeper lease;

    GaveUp(String message, Throwable cause, @Nullable LeaseKeeper lease) {
      super(message, cause);
      this.lease = lease;
    }
  }

  /** Runs the owed give-up, if any; throws if Redis could not be reached. Call holding the slot. */
  private void settle() {
    GiveUp current = owed;
    if (current == null) {
      return;
    }
    if (System.nanoTime() - owedUntil >= 0) {
      owed = null; // the lease ran out in Redis: the hold is free already
      return;
    }
    current.run();
    owed = null;
  }

  private void scheduleRetry() {
    long delay = retryMillis;
    retryMillis = Math.min(LAST_RETRY_MILLIS, retryMillis * 2);
    try {
      var unused =
          Toolkit.of(key.client()).scheduler().schedule(this::retry, delay, TimeUnit.MILLISECONDS);
    } catch (IllegalStateException | RejectedExecutionException e) {
      // The client is closed: nothing renews the lease, which frees the hold when it runs out.
      LOG.log(Level.DEBUG, "cannot retry giving up a hold: the client is closed", e);
    }
  }

  /** On the scheduler: tries the owed give-up again, unless a step settled it meanwhile. */
  private void retry() {
    try {
      with(key, slot -> null);
    } catch (RuntimeException e) {
      synchronized (this) {
        if (owed != null) {
          LOG.log(Level.DEBUG, "giving up a hold failed; retrying", e);
          scheduleRetry();
        }
      }
    }
  }

  /**
   * Frees every hold this process keeps a lease for through a client, for a graceful shutdown, and
   * stops renewing them: each lock held is deleted if its acquisition still holds it, each
   * semaphore holder's permits are taken back. One round trip per hold; holds whose release fails
   * are left to their leases.
   *
   * @return how many holds were freed
   */
  static int releaseAll(HotClient client) {
    int freed = 0;
    for (Key key : List.copyOf(slots(client).keySet())) {
      boolean done =
          with(
              key,
              slot -> {
                LeaseKeeper current = slot.lease;
                GiveUp step = slot.free;
                if (current == null || step == null || current.isLost()) {
                  return false;
                }
                try {
                  step.run();
                } catch (RuntimeException e) {
                  LOG.log(
                      Level.WARNING, "releasing a hold at shutdown failed; its lease frees it", e);
                  current.lose();
                  return false;
                } finally {
                  slot.release();
                }
                return true;
              });
      if (done) {
        freed++;
      }
    }
    return freed;
  }
}
