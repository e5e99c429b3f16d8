package org.hotredis.concurrent.locks;

import static java.util.Objects.requireNonNull;

import org.hotredis.HotObject;

/**
 * A lost lease, as {@link LeaseListener} hears of it.
 *
 * @param source the lock or semaphore whose lease was lost
 * @param owner the owner token that held it
 * @param fencingToken the fencing token of the lost lock acquisition, or 0 for semaphore permits;
 *     stores that check fencing tokens reject writes carrying it once a newer holder wrote
 */
public record LeaseLostEvent(HotObject source, String owner, long fencingToken) {
  /**
   * Creates an event.
   *
   * @param source the lock or semaphore
   * @param owner the owner token
   * @param fencingToken the fencing token, or 0
   */
  public LeaseLostEvent {
    requireNonNull(source, "source");
    requireNonNull(owner, "owner");
  }
}
