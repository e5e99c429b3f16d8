package org.hotredis.concurrent;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.hotredis.HotClient;
import org.hotredis.HotRedis;
import org.hotredis.concurrent.atomic.HotAtomicReference;
import org.hotredis.concurrent.atomic.HotLongAdder;
import org.hotredis.concurrent.limits.HotRateLimiter;
import org.hotredis.concurrent.locks.HotBoundedSemaphore;
import org.hotredis.concurrent.locks.HotCountDownLatch;
import org.hotredis.concurrent.locks.HotCyclicBarrier;
import org.hotredis.concurrent.locks.HotLock;
import org.hotredis.concurrent.locks.HotReadWriteLock;
import org.hotredis.concurrent.locks.HotReentrantLock;
import org.hotredis.concurrent.locks.HotSemaphore;
import org.hotredis.concurrent.queues.HotLifoQueue;
import org.hotredis.concurrent.queues.HotLifoSetQueue;
import org.hotredis.concurrent.queues.HotQueue;
import org.hotredis.concurrent.queues.HotSetQueue;

/**
 * Short factories for the queues, locks, semaphores, latches, barriers, atomic references, rate
 * limiters and striped counters of one client, beside their builders:
 *
 * <pre>{@code
 * HotConcurrency concurrency = HotConcurrency.on(client);
 * HotReentrantLock lock = concurrency.reentrantLock("orders");
 * HotQueue<String> jobs = concurrency.queue("jobs", String.class);
 * }</pre>
 *
 * <p>Each factory returns a handle with the type's defaults (an unbounded queue, the default
 * lease); nothing is read or written, no round trip. The builders ({@code HotQueue.builder(type)},
 * {@code HotReentrantLock.builder()}, …) offer the rest: capacities, leases, reliable delivery,
 * codecs. Code that must also run in-process uses the SPI ({@link
 * org.hotredis.concurrent.spi.ConcurrencyProvider}) instead.
 */
public final class HotConcurrency {
  private final HotClient client;

  private HotConcurrency(HotClient client) {
    this.client = client;
  }

  /**
   * Returns the factories of a client. No round trip.
   *
   * @param client the client the objects use
   * @return the factories
   */
  public static HotConcurrency on(HotClient client) {
    return new HotConcurrency(requireNonNull(client, "client"));
  }

  /**
   * Returns the factories of the process-wide default client ({@link HotRedis#client()}). No round
   * trip.
   *
   * @return the factories
   */
  public static HotConcurrency onDefaultClient() {
    return new HotConcurrency(HotRedis.client());
  }

  /**
   * Returns a lock at a key, with the default lease: {@code Lock}'s methods with {@code
   * Condition}s, not reentrant (Python's {@code Lock}). No round trip.
   *
   * @param key the key
   * @return the lock
   */
  public HotLock lock(String key) {
    return HotLock.builder().client(client).key(key).build();
  }

  /**
   * Returns a reentrant lock at a key, with the default lease: {@code ReentrantLock}'s methods with
   * {@code Condition}s. No round trip.
   *
   * @param key the key
   * @return the lock
   */
  public HotReentrantLock reentrantLock(String key) {
    return HotReentrantLock.builder().client(client).key(key).build();
  }

  /**
   * Returns a semaphore at a key, created with a number of permits the first time any process uses
   * the key. No round trip.
   *
   * @param key the key
   * @param permits the initial permits
   * @return the semaphore
   */
  public HotSemaphore semaphore(String key, int permits) {
    return HotSemaphore.builder(permits).client(client).key(key).build();
  }

  /**
   * Returns a semaphore at a key whose releases never raise the permits above their initial number.
   * No round trip.
   *
   * @param key the key
   * @param permits the initial and largest number of permits
   * @return the semaphore
   */
  public HotBoundedSemaphore boundedSemaphore(String key, int permits) {
    return HotBoundedSemaphore.builder(permits).client(client).key(key).build();
  }

  /**
   * Returns a count-down latch at a key, created with a count the first time any process uses the
   * key. One round trip (creating it, or checking its count).
   *
   * @param key the key
   * @param count the count, at least 0
   * @return the latch
   * @throws IllegalStateException if the latch exists with another count
   */
  public HotCountDownLatch countDownLatch(String key, int count) {
    return HotCountDownLatch.builder(count).client(client).key(key).build();
  }

  /**
   * Returns a read-write lock at a key, with the default lease. No round trip.
   *
   * @param key the key
   * @return the lock
   */
  public HotReadWriteLock readWriteLock(String key) {
    return HotReadWriteLock.builder().client(client).key(key).build();
  }

  /**
   * Returns the atomic reference at a key, with the value type's default codec; an absent key is a
   * null value. No round trip.
   *
   * @param key the key
   * @param type the value type
   * @param <V> the value type
   * @return the reference
   */
  public <V> HotAtomicReference<V> atomicReference(String key, Class<V> type) {
    return HotAtomicReference.builder(type).client(client).key(key).build();
  }

  /**
   * Returns a cyclic barrier at a key, created with its parties the first time any process uses the
   * key, with the default lease for its waiting parties. One round trip (creating it, or checking
   * its parties).
   *
   * @param key the key
   * @param parties the parties, at least 1
   * @return the barrier
   * @throws IllegalStateException if the barrier exists with other parties
   */
  public HotCyclicBarrier cyclicBarrier(String key, int parties) {
    return HotCyclicBarrier.builder(parties).client(client).key(key).build();
  }

  /**
   * Returns a cyclic barrier at a key with a barrier action, which the last party to arrive runs
   * once per trip if it is in this process. One round trip (creating it, or checking its parties).
   *
   * @param key the key
   * @param parties the parties, at least 1
   * @param action the barrier action
   * @return the barrier
   * @throws IllegalStateException if the barrier exists with other parties
   */
  public HotCyclicBarrier cyclicBarrier(String key, int parties, Runnable action) {
    return HotCyclicBarrier.builder(parties).action(action).client(client).key(key).build();
  }

  /**
   * Returns a rate limiter at a key, created the first time any process uses the key with a rate
   * and a burst of one period's permits, full; later uses must give the same rate. One round trip
   * (one script); {@code HotRateLimiter.builder(permits, period).burst(n)} sets another burst.
   *
   * @param key the key
   * @param permits the permits per period, at least 1
   * @param period the period, a positive whole number of microseconds
   * @return the rate limiter
   * @throws IllegalArgumentException if {@code permits} or {@code period} is out of range
   * @throws IllegalStateException if the limiter exists with another rate or burst
   */
  public HotRateLimiter rateLimiter(String key, long permits, Duration period) {
    return HotRateLimiter.builder(permits, period).client(client).key(key).build();
  }

  /**
   * Returns a striped counter at a key, with the default layout ({@value
   * HotLongAdder#DEFAULT_STRIPES} stripes in one slot group), stored the first time any process
   * uses the key. One round trip (storing or checking the layout); {@code
   * HotLongAdder.builder().stripes(n).slotGroups(m)} sets another layout.
   *
   * @param key the key
   * @return the adder
   * @throws IllegalStateException if the adder exists with another layout
   */
  public HotLongAdder longAdder(String key) {
    return HotLongAdder.builder().client(client).key(key).build();
  }

  /**
   * Returns an unbounded FIFO queue at a key, with the element type's default codec. No round trip.
   *
   * @param key the key
   * @param type the element type
   * @param <E> the element type
   * @return the queue
   */
  public <E> HotQueue<E> queue(String key, Class<E> type) {
    return HotQueue.builder(type).client(client).key(key).build();
  }

  /**
   * Returns an unbounded LIFO queue (a stack) at a key. No round trip.
   *
   * @param key the key
   * @param type the element type
   * @param <E> the element type
   * @return the queue
   */
  public <E> HotLifoQueue<E> lifoQueue(String key, Class<E> type) {
    return HotLifoQueue.builder(type).client(client).key(key).build();
  }

  /**
   * Returns an unbounded FIFO queue at a key that holds each element at most once. No round trip.
   *
   * @param key the key
   * @param type the element type
   * @param <E> the element type
   * @return the queue
   */
  public <E> HotSetQueue<E> setQueue(String key, Class<E> type) {
    return HotSetQueue.builder(type).client(client).key(key).build();
  }

  /**
   * Returns an unbounded LIFO queue at a key that holds each element at most once. No round trip.
   *
   * @param key the key
   * @param type the element type
   * @param <E> the element type
   * @return the queue
   */
  public <E> HotLifoSetQueue<E> lifoSetQueue(String key, Class<E> type) {
    return HotLifoSetQueue.builder(type).client(client).key(key).build();
  }
}
