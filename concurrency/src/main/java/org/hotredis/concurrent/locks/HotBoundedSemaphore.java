package org.hotredis.concurrent.locks;

import org.hotredis.HotClient;
import org.jspecify.annotations.Nullable;

/**
 * A {@link java.util.concurrent.Semaphore} in Redis, like {@link HotSemaphore}, that never holds
 * more permits than it started with: a holder may release only permits it holds, as Python's {@code
 * threading.BoundedSemaphore} refuses to be released too many times.
 *
 * <p>Releasing more permits than the holder holds throws {@link IllegalMonitorStateException} and
 * changes nothing: as with a lock released by a non-owner, the caller does not hold what it
 * releases. The holder is this process (its client) by default, or the builder's explicit owner
 * token, so a thread may release what another thread of the process acquired. {@link
 * #reducePermits} removes permits for good: they are never released back.
 *
 * <p>Everything else (capacity agreed in Redis, leases that return a crashed process's permits,
 * waiting through notifications) is as for {@link HotSemaphore}.
 */
public final class HotBoundedSemaphore extends AbstractHotSemaphore {
  private static final long serialVersionUID = 1L;

  private HotBoundedSemaphore(
      @Nullable HotClient client, @Nullable String key, int permits, Builder options) {
    super("HotBoundedSemaphore", true, client, key, permits, options);
  }

  /**
   * Returns a builder of bounded semaphores with a number of initial permits.
   *
   * @param permits the initial (and maximum) permits, at least 0
   * @return the builder
   * @throws IllegalArgumentException if {@code permits} is negative
   */
  public static Builder builder(int permits) {
    if (permits < 0) {
      throw new IllegalArgumentException(
          "a bounded semaphore needs at least 0 permits, was " + permits);
    }
    return new Builder(permits);
  }

  /**
   * Builds a {@link HotBoundedSemaphore}: key, client, lease, holder token and lease-lost listener.
   */
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
    public HotBoundedSemaphore build() {
      HotBoundedSemaphore semaphore = new HotBoundedSemaphore(client(), key(), permits, this);
      semaphore.verify();
      return semaphore;
    }
  }
}
