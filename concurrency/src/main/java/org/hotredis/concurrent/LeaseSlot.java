package org.hotredis.concurrent;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.hotredis.HotClient;
import org.jspecify.annotations.Nullable;

/**
 * What this process knows of one holder's hold on one key (through one client): its current lease,
 * if any. Every step that may start, end or check that lease (an acquisition, a release, a renewal)
 * runs holding the slot, so the order in which Redis ran them is the order in which their replies
 * are applied here, however many threads act for the holder (the threads of a process holding
 * semaphore permits, or those sharing an explicit owner token). A holder that is one thread (a
 * lock's default owner) never waits for its own slot.
 *
 * <p>A slot exists while a step runs or a lease is kept (or was lost and not yet reported to its
 * holder by a release); then it is removed.
 */
final class LeaseSlot {
  private static final Map<Key, LeaseSlot> SLOTS = new ConcurrentHashMap<>();
  private static final AtomicInteger STEPS = new AtomicInteger();
  private static final int PURGE_EVERY = 4096;

  /** Identifies a slot: a holder's hold on a key, through a client. */
  record Key(HotClient client, String key, String owner) {}

  private int users; // guarded by SLOTS' per-key lock (compute)
  private volatile @Nullable LeaseKeeper lease; // written holding this

  private LeaseSlot() {}

  /**
   * Runs a step holding the slot of a key.
   *
   * @param key the slot's key
   * @param step what to do, given the slot
   * @return what the step returned
   */
  static <T> T with(Key key, Function<LeaseSlot, T> step) {
    if (STEPS.incrementAndGet() % PURGE_EVERY == 0) {
      purgeClosedClients();
    }
    LeaseSlot slot =
        SLOTS.compute(
            key,
            (k, s) -> {
              LeaseSlot current = s != null ? s : new LeaseSlot();
              current.users++;
              return current;
            });
    try {
      synchronized (slot) {
        return step.apply(slot);
      }
    } finally {
      SLOTS.computeIfPresent(
          key,
          (k, s) -> {
            if (s == slot && --s.users == 0 && s.lease == null) {
              return null;
            }
            return s;
          });
    }
  }

  /** Returns the current lease (possibly lost), or null. Call holding the slot. */
  @Nullable LeaseKeeper lease() {
    return lease;
  }

  /** Starts keeping a new lease, ending the previous one. Call holding the slot. */
  void keep(LeaseKeeper next) {
    LeaseKeeper previous = lease;
    if (previous != null) {
      previous.end();
    }
    lease = next.start();
  }

  /** Ends and forgets the current lease. Call holding the slot. */
  void release() {
    LeaseKeeper current = lease;
    if (current != null) {
      current.end();
    }
    lease = null;
  }

  /** Forgets the slots of closed clients, whose leases no scheduler renews any more. */
  private static void purgeClosedClients() {
    SLOTS.keySet().removeIf(k -> k.client().isClosed());
  }
}
