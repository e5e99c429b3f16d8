package org.hotredis.concurrent;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The {@link ConcurrencyObserver}s of this process, told of each event in registration order; an
 * observer that throws is logged and skipped. With none registered, each event costs one check.
 *
 * <p>This is the side the queues, locks and semaphores report to; applications register observers
 * with {@code Concurrency.observe} in {@link org.hotredis.concurrent.spi}. No method makes a round
 * trip.
 */
public final class Observers {
  private static final System.Logger LOG = System.getLogger(Observers.class.getName());
  private static final List<ConcurrencyObserver> OBSERVERS = new CopyOnWriteArrayList<>();

  private Observers() {}

  /**
   * Registers an observer.
   *
   * @param observer the observer
   */
  public static void add(ConcurrencyObserver observer) {
    OBSERVERS.add(observer);
  }

  /**
   * Removes an observer registered with {@link #add}.
   *
   * @param observer the observer
   */
  public static void remove(ConcurrencyObserver observer) {
    OBSERVERS.remove(observer);
  }

  /**
   * Returns whether anybody listens: callers skip measuring when nobody does.
   *
   * @return true if an observer is registered
   */
  public static boolean any() {
    return !OBSERVERS.isEmpty();
  }

  /** One event, for each observer. */
  @FunctionalInterface
  private interface Event {
    void tell(ConcurrencyObserver observer);
  }

  private static void tell(Event event) {
    for (ConcurrencyObserver observer : OBSERVERS) {
      try {
        event.tell(observer);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "a concurrency observer failed", e);
      }
    }
  }

  /**
   * Tells {@link ConcurrencyObserver#lockAcquired}.
   *
   * @param key the lock's key
   * @param waitNanos how long the caller waited
   */
  public static void lockAcquired(String key, long waitNanos) {
    if (any()) {
      tell(o -> o.lockAcquired(key, waitNanos));
    }
  }

  /**
   * Tells {@link ConcurrencyObserver#lockReleased}.
   *
   * @param key the lock's key
   * @param heldNanos how long this process held it
   */
  public static void lockReleased(String key, long heldNanos) {
    if (any()) {
      tell(o -> o.lockReleased(key, heldNanos));
    }
  }

  /**
   * Tells {@link ConcurrencyObserver#permitsAcquired}.
   *
   * @param key the semaphore's key
   * @param permits how many
   * @param waitNanos how long the caller waited
   */
  public static void permitsAcquired(String key, int permits, long waitNanos) {
    if (any()) {
      tell(o -> o.permitsAcquired(key, permits, waitNanos));
    }
  }

  /**
   * Tells {@link ConcurrencyObserver#leaseRenewalFailed}.
   *
   * @param key the lock's or semaphore's key
   * @param cause what failed
   */
  public static void leaseRenewalFailed(String key, RuntimeException cause) {
    if (any()) {
      tell(o -> o.leaseRenewalFailed(key, cause));
    }
  }

  /**
   * Tells {@link ConcurrencyObserver#leaseLost}.
   *
   * @param key the lock's or semaphore's key
   */
  public static void leaseLost(String key) {
    if (any()) {
      tell(o -> o.leaseLost(key));
    }
  }

  /**
   * Tells {@link ConcurrencyObserver#queueOpened}.
   *
   * @param key the queue's key
   * @param queue the queue
   */
  public static void queueOpened(String key, BlockingQueue<?> queue) {
    if (any()) {
      tell(o -> o.queueOpened(key, queue));
    }
  }

  /**
   * Tells {@link ConcurrencyObserver#queueWaitStarted}.
   *
   * @param key the queue's key
   */
  public static void queueWaitStarted(String key) {
    if (any()) {
      tell(o -> o.queueWaitStarted(key));
    }
  }

  /**
   * Tells {@link ConcurrencyObserver#queueWaitEnded}.
   *
   * @param key the queue's key
   */
  public static void queueWaitEnded(String key) {
    if (any()) {
      tell(o -> o.queueWaitEnded(key));
    }
  }
}
