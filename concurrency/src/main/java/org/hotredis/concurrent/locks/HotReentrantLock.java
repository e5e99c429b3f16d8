package org.hotredis.concurrent.locks;

import org.hotredis.HotClient;
import org.jspecify.annotations.Nullable;

/**
 * A reentrant {@link java.util.concurrent.locks.Lock} held in Redis, shared by every process that
 * uses its key, with {@link java.util.concurrent.locks.ReentrantLock}'s queries and working
 * {@linkplain #newCondition() conditions} across processes: HOT Redis's {@code RLock}.
 *
 * <pre>{@code
 * HotReentrantLock lock = HotConcurrency.on(client).reentrantLock("buffer");
 * Condition notEmpty = lock.newCondition();
 * lock.lock();
 * try {
 *   while (queue.isEmpty()) {
 *     notEmpty.await();               // another process's notEmpty.signal() wakes it
 *   }
 *   ...
 * } finally {
 *   lock.unlock();
 * }
 * }</pre>
 *
 * <p>Re-entry is counted in Redis, per owner: each {@code lock} by the holder adds a hold, each
 * {@code unlock} removes one, and the last frees the lock. The owner is the client and the current
 * thread, or the builder's explicit owner token shared by every thread that uses the object.
 *
 * <p>Leases, fencing tokens and waiting work as for {@link HotLock}: the lock frees itself when its
 * holder's process dies and the lease runs out, a lost lease is reported to the {@link
 * LeaseListener} and makes {@code unlock} fail clearly, each acquisition (not each re-entry) gets a
 * new fencing token, and waiters wait for notifications instead of polling. A Condition waiter
 * gives up all its holds atomically as it starts waiting, and gets them all back before {@code
 * await} returns, with a new fencing token. Every method states its round trips. A lock cannot be
 * used inside a transaction.
 *
 * <p><b>Replica acknowledgement.</b> On a client built with {@code
 * HotClientBuilder.replicaAcknowledgement}, an acquisition returns only once that many replicas
 * have it, so a failover to one of them cannot grant the lock twice; if they do not acknowledge it
 * in time, the acquisition is given back and {@code org.hotredis.HotReplicationException} is
 * thrown: the caller holds what it held before the call.
 */
public final class HotReentrantLock extends AbstractHotLock {
  /*
   * Redis layout as HotLock's (the count field counts re-entries); each Condition adds
   * {key}:condition:<name>:waiters and :leases (sorted sets that expire with the last waiter's
   * lease) and the channel {key}:condition:<name>:signal. See LeasedLock and LockCondition.
   */

  private HotReentrantLock(@Nullable HotClient client, @Nullable String key, Builder options) {
    super("HotReentrantLock", true, client, key, options);
  }

  /**
   * Returns a builder of reentrant locks.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link HotReentrantLock}: key, client, lease, owner token and lease-lost listener. */
  public static final class Builder extends LeaseBuilder<Builder> {
    private Builder() {}

    /**
     * Creates the lock handle. No round trip.
     *
     * @return the lock
     */
    public HotReentrantLock build() {
      return new HotReentrantLock(client(), key(), this);
    }
  }
}
