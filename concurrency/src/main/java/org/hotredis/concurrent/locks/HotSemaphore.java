package org.hotredis.concurrent.locks;

import org.hotredis.HotClient;
import org.jspecify.annotations.Nullable;

/**
 * A {@link java.util.concurrent.Semaphore} whose permits live in Redis, shared by every process
 * that uses its key, with crash-safe permits: a permit held by a process that dies comes back to
 * the pool once that holder's lease runs out.
 *
 * <pre>{@code
 * HotSemaphore connections = HotConcurrency.on(client).semaphore("db-connections", 10);
 * connections.acquire();
 * try {
 *   ...
 * } finally {
 *   connections.release();
 * }
 * }</pre>
 *
 * <p>It is a {@code Semaphore}: every public method is overridden to act on Redis, so it can be
 * passed wherever a {@code Semaphore} is expected. As with {@code Semaphore}, {@link #release()}
 * may raise the available permits above the initial count; {@link HotBoundedSemaphore} refuses to.
 *
 * <p><b>Capacity.</b> The initial permits are stored with the semaphore when the first process
 * creates it, and every process must agree: building a semaphore on an existing key with another
 * count throws {@link IllegalStateException}, so a configuration mismatch fails at start-up rather
 * than silently changing the pool. {@link #delete()} removes it; the next use creates it afresh.
 *
 * <p><b>Holders and leases.</b> Acquired permits are recorded per holder: this process (its client)
 * by default, since a {@code Semaphore} has no thread ownership, so any thread may release permits
 * another thread of the process acquired. A builder's {@code owner(token)} sets another holder
 * identity. While a holder holds permits the client's scheduler renews its lease every third of the
 * lease (30 s by default); when a process dies, its permits return once the lease runs out, taken
 * back by whichever call next touches the semaphore (every script first reclaims expired holders,
 * using Redis's clock). A holder that releases more permits than it holds adds the difference, as
 * {@code Semaphore} allows. If a renewal finds the holder's permits gone, the builder's {@link
 * LeaseListener} hears it and the holder's next {@code release} throws {@link
 * IllegalMonitorStateException}, because those permits were already taken back.
 *
 * <p><b>Waiting.</b> Waiters wait for release notifications on the client's one shared
 * subscription, without polling and without a connection each; in each process a release of {@code
 * n} permits wakes at most {@code n} waiters. Timeouts are exact to the millisecond plus one round
 * trip; interrupts are honoured as {@code Semaphore} specifies. Not fair ({@link #isFair()}). A
 * semaphore cannot be used inside a transaction. Every waiting thread is also recorded in Redis, so
 * {@link #waitingThreads()} and {@link #hasWaitingThreads()} count the waiters of every process;
 * {@link java.util.concurrent.Semaphore#getQueueLength()} and {@link
 * java.util.concurrent.Semaphore#hasQueuedThreads()}, final in {@code Semaphore}, see only the
 * JDK's own queue, which a HOT Redis semaphore never uses: they return 0 and false.
 *
 * <p><b>A release that fails.</b> If the connection breaks or times out during {@code release},
 * Redis may or may not have applied it. The release is sent once more in a form that cannot apply
 * twice; if that fails too, this holder gives up all its permits: its lease is no longer renewed,
 * the {@link LeaseListener} hears that it was lost, the exception says so, and the permits are
 * taken back as soon as Redis answers (retried in the background, and before this holder's next
 * step), at the latest when the lease runs out. Other threads of the process that hold permits
 * through this holder then find its lease lost when they release.
 *
 * <p><b>Replica acknowledgement.</b> On a client built with {@code
 * HotClientBuilder.replicaAcknowledgement}, an acquisition returns only once that many replicas
 * have it, so a failover to one of them cannot grant its permits twice; if they do not acknowledge
 * it in time, the acquisition is given back and {@code org.hotredis.HotReplicationException} is
 * thrown: the caller holds the permits it held before the call.
 */
public final class HotSemaphore extends AbstractHotSemaphore {
  private static final long serialVersionUID = 1L;

  /*
   * Redis layout: the hash at the key holds capacity, available and h:<holder> (permits held);
   * {key}:leases is a sorted set of holder lease deadlines; {key}:waiting one of waiting threads'
   * lease deadlines; the channel {key}:released carries the
   * number of permits released. Script: lua/semaphore.lua; see LeasedPermits.
   */

  private HotSemaphore(
      @Nullable HotClient client, @Nullable String key, int permits, Builder options) {
    super("HotSemaphore", false, client, key, permits, options);
  }

  /**
   * Returns a builder of semaphores with a number of initial permits.
   *
   * @param permits the initial permits; may be negative, as for {@code Semaphore}
   * @return the builder
   */
  public static Builder builder(int permits) {
    return new Builder(permits);
  }

  /** Builds a {@link HotSemaphore}: key, client, lease, holder token and lease-lost listener. */
  public static final class Builder extends LeaseBuilder<Builder> {
    private final int permits;

    private Builder(int permits) {
      this.permits = permits;
    }

    /**
     * Creates the semaphore in Redis if absent, or checks that it has the same initial permits. One
     * round trip (one script).
     *
     * @return the semaphore
     * @throws IllegalStateException if it exists with another number of permits
     */
    public HotSemaphore build() {
      HotSemaphore semaphore = new HotSemaphore(client(), key(), permits, this);
      semaphore.verify();
      return semaphore;
    }
  }
}
