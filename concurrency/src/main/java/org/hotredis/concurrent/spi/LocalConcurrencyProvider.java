package org.hotredis.concurrent.spi;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.function.Supplier;
import org.hotredis.concurrent.atomic.SharedReference;
import org.hotredis.concurrent.limits.RateSettings;
import org.hotredis.concurrent.limits.SharedRateLimiter;
import org.hotredis.concurrent.locks.HotBoundedSemaphore;
import org.hotredis.concurrent.locks.HotLock;
import org.hotredis.concurrent.locks.OwnedLock;

/**
 * The in-process {@link ConcurrencyProvider}, named {@code local}: the JDK's own {@link
 * java.util.concurrent.locks.ReentrantLock} and {@link Semaphore}, by name, for tests and
 * single-process deployments. Its lock and bounded semaphore add to the JDK classes only the checks
 * that make them behave as {@link HotLock} and {@link HotBoundedSemaphore} do.
 */
public final class LocalConcurrencyProvider implements ConcurrencyProvider {
  /** The name configuration selects this provider by. */
  public static final String NAME = "local";

  private final NamedObjects objects = new NamedObjects();

  /** Creates a provider with no objects; {@link Concurrency#provider()} keeps one per process. */
  public LocalConcurrencyProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public OwnedLock lock(String name) {
    return objects.get(name, "lock", "", OwnedLock.class, () -> new LocalLock(name));
  }

  @Override
  public OwnedLock reentrantLock(String name) {
    return objects.get(name, "reentrant lock", "", OwnedLock.class, LocalReentrantLock::new);
  }

  @Override
  public Semaphore semaphore(String name, int permits) {
    return objects.get(
        name, "semaphore", permits + " permits", Semaphore.class, () -> new Semaphore(permits));
  }

  @Override
  public CountDownLatch countDownLatch(String name, int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative, was " + count);
    }
    return objects.get(
        name,
        "count-down latch",
        "count " + count,
        CountDownLatch.class,
        () -> new CountDownLatch(count));
  }

  @Override
  public <V> SharedReference<V> atomicReference(String name, Class<V> type) {
    return objects.reference(name, type, LocalReference::new);
  }

  @Override
  public CyclicBarrier cyclicBarrier(String name, int parties) {
    return barrier(name, parties, () -> new CyclicBarrier(parties));
  }

  @Override
  public CyclicBarrier cyclicBarrier(String name, int parties, Runnable action) {
    requireNonNull(action, "action");
    return barrier(name, parties, () -> new CyclicBarrier(parties, action));
  }

  private CyclicBarrier barrier(String name, int parties, Supplier<CyclicBarrier> create) {
    if (parties < 1) {
      throw new IllegalArgumentException("parties must be at least 1, was " + parties);
    }
    return objects.get(name, "cyclic barrier", parties + " parties", CyclicBarrier.class, create);
  }

  @Override
  public ReadWriteLock readWriteLock(String name) {
    return objects.get(name, "read-write lock", "", ReadWriteLock.class, LocalReadWriteLock::new);
  }

  @Override
  public SharedRateLimiter rateLimiter(String name, long permits, Duration period, long burst) {
    RateSettings settings = RateSettings.of(permits, period, burst);
    return objects.get(
        name,
        "rate limiter",
        settings,
        SharedRateLimiter.class,
        () -> new LocalRateLimiter(settings));
  }

  @Override
  public LongAdder longAdder(String name) {
    return objects.get(name, "long adder", "", LongAdder.class, LongAdder::new);
  }

  @Override
  public Semaphore boundedSemaphore(String name, int permits) {
    if (permits < 0) {
      throw new IllegalArgumentException(
          "a bounded semaphore needs at least 0 permits, was " + permits);
    }
    return objects.get(
        name,
        "bounded semaphore",
        permits + " permits",
        Semaphore.class,
        () -> new LocalBoundedSemaphore(name, permits));
  }

  @Override
  public <E> BlockingQueue<E> queue(String name, Class<E> type, int capacity) {
    return queue(name, "queue", type, capacity, () -> new LinkedBlockingQueue<E>(capacity));
  }

  @Override
  public <E> BlockingQueue<E> lifoQueue(String name, Class<E> type, int capacity) {
    return queue(
        name, "LIFO queue", type, capacity, () -> new LocalQueue<E>(true, false, capacity));
  }

  @Override
  public <E> BlockingQueue<E> setQueue(String name, Class<E> type, int capacity) {
    return queue(name, "set-queue", type, capacity, () -> new LocalQueue<E>(false, true, capacity));
  }

  @Override
  public <E> BlockingQueue<E> lifoSetQueue(String name, Class<E> type, int capacity) {
    return queue(
        name, "LIFO set-queue", type, capacity, () -> new LocalQueue<E>(true, true, capacity));
  }

  @SuppressWarnings("unchecked") // the settings check that the name holds elements of this type
  private <E> BlockingQueue<E> queue(
      String name, String kind, Class<E> type, int capacity, Supplier<BlockingQueue<E>> create) {
    return objects.get(name, kind, QueueShape.of(type, capacity), BlockingQueue.class, create::get);
  }

  @Override
  public String toString() {
    return "LocalConcurrencyProvider";
  }
}
