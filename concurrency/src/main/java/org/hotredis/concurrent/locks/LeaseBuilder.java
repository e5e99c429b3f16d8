package org.hotredis.concurrent.locks;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.hotredis.HotBuilder;
import org.jspecify.annotations.Nullable;

/**
 * The options that leased primitives (locks and semaphores) share: the lease, the owner token and
 * the lease-lost listener. The builders of {@link HotLock}, {@link HotReentrantLock}, {@link
 * HotSemaphore} and {@link HotBoundedSemaphore} extend it; no other class can.
 *
 * @param <B> the concrete builder type
 */
public abstract class LeaseBuilder<B extends LeaseBuilder<B>> extends HotBuilder<B> {
  /** The lease when none is set: 30 seconds. */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

  /** The shortest lease accepted; renewals every third of it must fit in a round trip. */
  static final Duration MIN_LEASE = Duration.ofMillis(30);

  private Duration lease = DEFAULT_LEASE;
  private @Nullable String owner;
  private @Nullable LeaseListener listener;

  LeaseBuilder() {}

  /**
   * Sets the lease: how long a hold outlives its holder's last renewal. While this process holds
   * it, the client's scheduler renews it every third of the lease; if the process dies (or cannot
   * reach Redis), the hold ends when the lease runs out. 30 seconds by default.
   *
   * @param lease at least 30 ms
   * @return this builder
   */
  public final B lease(Duration lease) {
    requireNonNull(lease, "lease");
    if (lease.compareTo(MIN_LEASE) < 0) {
      throw new IllegalArgumentException("lease must be at least 30 ms, was " + lease);
    }
    this.lease = lease;
    return self();
  }

  /**
   * Sets an explicit owner token: every thread that uses the built object acts as this one owner,
   * so work can be handed between threads (virtual threads, asynchronous code) and one thread may
   * release what another acquired. Use a token unique to this process, such as one built from
   * {@link org.hotredis.HotClient#id()}; two processes using one token share one identity.
   *
   * @param owner a non-empty token
   * @return this builder
   */
  public final B owner(String owner) {
    requireNonNull(owner, "owner");
    if (owner.isEmpty()) {
      throw new IllegalArgumentException("owner must not be empty");
    }
    this.owner = owner;
    return self();
  }

  /**
   * Sets the listener told when a lease of this object is lost.
   *
   * @param listener the listener
   * @return this builder
   */
  public final B onLeaseLost(LeaseListener listener) {
    this.listener = requireNonNull(listener, "listener");
    return self();
  }

  final long leaseMillis() {
    return lease.toMillis();
  }

  final @Nullable String owner() {
    return owner;
  }

  final @Nullable LeaseListener listener() {
    return listener;
  }
}
