package org.hotredis.concurrent.locks;

import static java.util.Objects.requireNonNull;

import org.hotredis.HotClient;

/**
 * The leases this process holds on locks and semaphore permits, as a whole: for a graceful
 * shutdown, before the client closes.
 */
public final class Leases {
  private Leases() {}

  /**
   * Releases every lock and semaphore permit this process holds through a client, and stops
   * renewing their leases: other processes get them at once instead of when the leases run out.
   * Threads of this process that still use them find them released (their {@code unlock} or {@code
   * release} throws {@link IllegalMonitorStateException}). One round trip per hold; a hold whose
   * release fails is left to its lease.
   *
   * @param client the client the holds were taken through
   * @return how many holds were released
   */
  public static int releaseHeld(HotClient client) {
    return LeaseSlot.releaseAll(requireNonNull(client, "client"));
  }
}
