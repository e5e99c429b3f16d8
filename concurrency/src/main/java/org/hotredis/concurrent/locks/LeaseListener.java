package org.hotredis.concurrent.locks;

/**
 * Hears that a lease was lost: a lock or semaphore permits that this process held were found no
 * longer held, because no renewal reached Redis within the lease (a network partition, a paused
 * process) or because someone deleted the key.
 *
 * <p>The listener runs on the client's scheduler thread (or on the thread that found out, such as
 * one calling {@code unlock}), once per lost lease. It must return quickly: stop the work the lease
 * protected, or hand that to another thread.
 */
@FunctionalInterface
public interface LeaseListener {
  /**
   * Handles a lost lease.
   *
   * @param event what was lost
   */
  void leaseLost(LeaseLostEvent event);
}
