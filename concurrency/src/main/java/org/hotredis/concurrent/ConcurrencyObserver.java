package org.hotredis.concurrent;

/**
 * Hears what this process's Redis locks, semaphores and queues do, for metrics: waits, hold times,
 * lease troubles, blocked consumers. Register one with {@link
 * org.hotredis.concurrent.spi.Concurrency#observe}; Spring Boot's HOT Redis starter registers one
 * that records Micrometer meters.
 *
 * <p>Methods are called on the thread that acted (the client's scheduler for lease renewals),
 * synchronously and often: they must be quick and must not block. An exception thrown by an
 * observer is logged and otherwise ignored. Every method does nothing by default.
 */
public interface ConcurrencyObserver {
  /**
   * A lock was acquired (not re-entered).
   *
   * @param key the lock's key
   * @param waitNanos how long the caller waited for it, 0 if it was free
   */
  default void lockAcquired(String key, long waitNanos) {}

  /**
   * A lock was released by its last hold.
   *
   * @param key the lock's key
   * @param heldNanos how long this process held it
   */
  default void lockReleased(String key, long heldNanos) {}

  /**
   * Permits of a semaphore were acquired.
   *
   * @param key the semaphore's key
   * @param permits how many
   * @param waitNanos how long the caller waited for them, 0 if they were available
   */
  default void permitsAcquired(String key, int permits, long waitNanos) {}

  /**
   * A lease renewal of a lock or semaphore holder failed to reach Redis; it is retried at the next
   * period, and the lease is lost if none succeeds for a whole lease.
   *
   * @param key the lock's or semaphore's key
   * @param cause what failed
   */
  default void leaseRenewalFailed(String key, RuntimeException cause) {}

  /**
   * A lease of a lock or semaphore holder was lost: not renewed in time, deleted, or given up after
   * a release whose outcome is unknown.
   *
   * @param key the lock's or semaphore's key
   */
  default void leaseLost(String key) {}

  /**
   * A queue was opened in this process (a {@code HotQueue} or one of its kin was built).
   *
   * @param key the queue's key
   * @param queue the queue, whose {@code size()} costs one round trip
   */
  default void queueOpened(String key, java.util.concurrent.BlockingQueue<?> queue) {}

  /**
   * A thread began waiting on a queue: a consumer for an element, or a producer for room.
   *
   * @param key the queue's key
   */
  default void queueWaitStarted(String key) {}

  /**
   * A thread stopped waiting on a queue, having got what it waited for or not.
   *
   * @param key the queue's key
   */
  default void queueWaitEnded(String key) {}
}
