package org.hotredis.concurrent;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The {@link ConcurrencyObserver}s of this process, told of each event in registration order; an
 * observer that throws is logged and skipped. With none registered, each event costs one check.
 */
final class Observers {
  private static final System.Logger LOG = System.getLogger(Observers.class.getName());
  private static final List<ConcurrencyObserver> OBSERVERS = new CopyOnWriteArrayList<>();

  private Observers() {}

  static void add(ConcurrencyObserver observer) {
    OBSERVERS.add(observer);
  }

  static void remove(ConcurrencyObserver observer) {
    OBSERVERS.remove(observer);
  }

  /** Whether anybody listens: callers skip measuring when nobody does. */
  static boolean any() {
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

  static void lockAcquired(String key, long waitNanos) {
    if (any()) {
      tell(o -> o.lockAcquired(key, waitNanos));
    }
  }

  static void lockReleased(String key, long heldNanos) {
    if (any()) {
      tell(o -> o.lockReleased(key, heldNanos));
    }
  }

  static void permitsAcquired(String key, int permits, long waitNanos) {
    if (any()) {
      tell(o -> o.permitsAcquired(key, permits, waitNanos));
    }
  }

  static void leaseRenewalFailed(String key, RuntimeException cause) {
    if (any()) {
      tell(o -> o.leaseRenewalFailed(key, cause));
    }
  }

  static void leaseLost(String key) {
    if (any()) {
      tell(o -> o.leaseLost(key));
    }
  }

  static void queueOpened(String key, BlockingQueue<?> queue) {
    if (any()) {
      tell(o -> o.queueOpened(key, queue));
    }
  }

  static void queueWaitStarted(String key) {
    if (any()) {
      tell(o -> o.queueWaitStarted(key));
    }
  }

  static void queueWaitEnded(String key) {
    if (any()) {
      tell(o -> o.queueWaitEnded(key));
    }
  }
}
