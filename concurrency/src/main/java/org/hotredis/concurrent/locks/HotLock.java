package org.hotredis.concurrent.locks;

import org.hotredis.HotClient;
import org.jspecify.annotations.Nullable;

/**
 * A {@link java.util.concurrent.locks.Lock} held in Redis, shared by every process that uses its
 * key: at most one owner holds it at a time, across all processes. Not reentrant, like Python's
 * {@code threading.Lock}; {@link HotReentrantLock} is.
 *
 * <pre>{@code
 * HotLock lock = HotLock.builder().key("orders").lease(Duration.ofSeconds(10)).build();
 * lock.lock();
 * try {
 *   store.write(order, lock.fencingToken());   // the store rejects stale tokens
 * } finally {
 *   lock.unlock();
 * }
 * }</pre>
 *
 * <p><b>Owners.</b> The owner is the client and the current thread, so one thread's lock cannot be
 * released by another ({@link IllegalMonitorStateException}). A builder's {@code owner(token)}
 * makes every thread that uses the object one owner instead, for work handed between threads.
 * Locking again while this owner holds the lock is an error rather than a self-deadlock: {@link
 * #lock()} and {@link #lockInterruptibly()} throw {@link IllegalStateException}, {@link #tryLock()}
 * and {@link #tryLock(long, java.util.concurrent.TimeUnit)} return false at once.
 *
 * <p><b>Leases.</b> Holding the lock is a lease (30 s by default): while held, the client's
 * scheduler renews it every third of the lease; if the process dies, the lock frees itself when the
 * lease runs out, and a waiting process takes it. Renewals stop the moment the lock is released. If
 * a renewal finds the lock no longer held (a partition longer than the lease, a {@link #delete()}),
 * the builder's {@link LeaseListener} hears it and {@link #unlock()} throws {@link
 * IllegalMonitorStateException} saying so. Every acquisition gets a {@linkplain #fencingToken()
 * fencing token}, strictly increasing, for stores that must reject stale holders.
 *
 * <p><b>Waiting.</b> Waiters do not poll: they wait for the release notification on the client's
 * one shared subscription, so any number of waiting threads use a constant number of connections.
 * In each process one waiter at a time is woken per release. The oldest waiter of each process also
 * tries again when the holder's lease could have run out, which is how a crashed holder's lock is
 * taken over. Timeouts are exact to the millisecond plus one round trip; interrupts are honoured as
 * {@link java.util.concurrent.locks.Lock} specifies.
 *
 * <p>Every method states its round trips. A lock cannot be used inside a transaction ({@link
 * IllegalStateException}): each step needs the previous reply.
 *
 * <p><b>Replica acknowledgement.</b> On a client built with {@code
 * HotClientBuilder.replicaAcknowledgement}, an acquisition returns only once that many replicas
 * have it, so a failover to one of them cannot grant the lock twice; if they do not acknowledge it
 * in time, the acquisition is given back and {@code org.hotredis.HotReplicationException} is
 * thrown: the caller does not hold the lock.
 */
public final class HotLock extends AbstractHotLock {
  /*
   * Redis layout: the hash at the key holds owner, count (always 1 here) and token, and expires
   * with the lease; {key}:fence is the fencing counter (INCR), which delete() keeps; the channel
   * {key}:released announces each release. Scripts: lua/lock-*.lua, shared with
   * HotReentrantLock; see LeasedLock, LeaseKeeper and WaitChannel for the mechanics.
   */

  private HotLock(@Nullable HotClient client, @Nullable String key, Builder options) {
    super("HotLock", false, client, key, options);
  }

  /**
   * Returns a builder of locks.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link HotLock}: key, client, lease, owner token and lease-lost listener. */
  public static final class Builder extends LeaseBuilder<Builder> {
    private Builder() {}

    /**
     * Creates the lock handle. No round trip.
     *
     * @return the lock
     */
    public HotLock build() {
      return new HotLock(client(), key(), this);
    }
  }
}
