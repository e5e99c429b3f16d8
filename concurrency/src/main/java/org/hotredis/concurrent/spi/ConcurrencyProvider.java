package org.hotredis.concurrent.spi;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReadWriteLock;
import org.hotredis.concurrent.atomic.HotAtomicReference;
import org.hotredis.concurrent.atomic.HotLongAdder;
import org.hotredis.concurrent.atomic.SharedReference;
import org.hotredis.concurrent.limits.HotRateLimiter;
import org.hotredis.concurrent.limits.SharedRateLimiter;
import org.hotredis.concurrent.locks.HotBoundedSemaphore;
import org.hotredis.concurrent.locks.HotCountDownLatch;
import org.hotredis.concurrent.locks.HotCyclicBarrier;
import org.hotredis.concurrent.locks.HotLock;
import org.hotredis.concurrent.locks.HotReadWriteLock;
import org.hotredis.concurrent.locks.HotReentrantLock;
import org.hotredis.concurrent.locks.HotSemaphore;
import org.hotredis.concurrent.locks.OwnedLock;
import org.hotredis.concurrent.queues.HotLifoQueue;
import org.hotredis.concurrent.queues.HotLifoSetQueue;
import org.hotredis.concurrent.queues.HotQueue;
import org.hotredis.concurrent.queues.HotSetQueue;

/**
 * A source of {@code java.util.concurrent} primitives by name: in-process ({@code local}, the JDK's
 * own classes) or distributed ({@code redis}, HOT Redis's). Code written against this interface
 * runs on either, chosen by configuration through {@link Concurrency#provider()}; found by {@link
 * java.util.ServiceLoader}, so other implementations can be plugged in.
 *
 * <p>Within one provider the same name always gives the same object (so conditions created on a
 * lock, for example, are those of one object), and a name is one kind of object: asking for a
 * semaphore under a lock's name throws {@link IllegalArgumentException}, and asking again with
 * other settings (permits) throws {@link IllegalStateException}. With the Redis provider the name
 * is the Redis key, shared by every process.
 *
 * <p>Both providers behave alike where the JDK and HOT Redis could differ: {@link #lock} is not
 * reentrant and refuses re-locking by its holder; a bounded semaphore refuses to release more
 * permits than the process holds, with {@link IllegalMonitorStateException}; a set-queue refuses an
 * element it holds; a read-write lock's write lock refuses an upgrade from its read lock at once
 * ({@code lock()} throws {@link IllegalMonitorStateException}) where the JDK's would wait forever.
 * One difference remains: {@code addAll} on a full bounded FIFO queue adds what fits before
 * throwing in the JDK's {@link java.util.concurrent.LinkedBlockingQueue}, and nothing in HOT
 * Redis's queues, which add all or nothing.
 *
 * <p>A queue's capacity of {@link Integer#MAX_VALUE} means unbounded, as for {@code
 * LinkedBlockingQueue}.
 */
public interface ConcurrencyProvider {
  /**
   * Returns the name configuration selects this provider by, such as {@code redis} or {@code
   * local}.
   *
   * @return the name
   */
  String name();

  /**
   * Returns the non-reentrant lock with a name.
   *
   * @param name the name
   * @return a {@link HotLock}, or an in-process lock that behaves alike
   */
  OwnedLock lock(String name);

  /**
   * Returns the reentrant lock with a name, with working conditions.
   *
   * @param name the name
   * @return a {@link HotReentrantLock}, or a {@link java.util.concurrent.locks.ReentrantLock}
   */
  OwnedLock reentrantLock(String name);

  /**
   * Returns the semaphore with a name, created with a number of permits.
   *
   * @param name the name
   * @param permits the initial permits
   * @return a {@link HotSemaphore}, or a {@link Semaphore}
   * @throws IllegalStateException if the semaphore exists with another number of permits
   */
  Semaphore semaphore(String name, int permits);

  /**
   * Returns the bounded semaphore with a name, created with a number of permits, which refuses to
   * release more permits than the process holds.
   *
   * @param name the name
   * @param permits the initial and maximum permits, at least 0
   * @return a {@link HotBoundedSemaphore}, or a {@link Semaphore} that behaves alike
   * @throws IllegalStateException if the semaphore exists with another number of permits
   */
  Semaphore boundedSemaphore(String name, int permits);

  /**
   * Returns the count-down latch with a name, created with a count: it opens after that many
   * count-downs, and stays open.
   *
   * @param name the name
   * @param count the count, at least 0
   * @return a {@link HotCountDownLatch}, or a {@link CountDownLatch}
   * @throws IllegalArgumentException if {@code count} is negative
   * @throws IllegalStateException if the latch exists with another count
   */
  CountDownLatch countDownLatch(String name, int count);

  /**
   * Returns the reference with a name, whose value starts as null: {@code AtomicReference}'s
   * methods, comparing values with {@code equals}.
   *
   * @param name the name
   * @param type the value type, which picks the Redis provider's codec
   * @param <V> the value type
   * @return a {@link HotAtomicReference}, or an in-process reference that behaves alike
   * @throws IllegalStateException if the reference exists with another type
   */
  <V> SharedReference<V> atomicReference(String name, Class<V> type);

  /**
   * Returns the cyclic barrier with a name, of a number of parties: it trips when that many threads
   * wait at it, then starts its next generation.
   *
   * @param name the name
   * @param parties the parties, at least 1
   * @return a {@link HotCyclicBarrier}, or a {@link CyclicBarrier}
   * @throws IllegalArgumentException if {@code parties} is less than 1
   * @throws IllegalStateException if the barrier exists with other parties
   */
  CyclicBarrier cyclicBarrier(String name, int parties);

  /**
   * Returns the cyclic barrier with a name, of a number of parties, with a barrier action: the last
   * party to arrive runs it once per trip, before the others are released. The parties must match
   * between uses of the name; the action is this provider's own, the one given when it first handed
   * the name out.
   *
   * @param name the name
   * @param parties the parties, at least 1
   * @param action the barrier action
   * @return a {@link HotCyclicBarrier}, or a {@link CyclicBarrier}
   * @throws IllegalArgumentException if {@code parties} is less than 1
   * @throws IllegalStateException if the barrier exists with other parties
   */
  CyclicBarrier cyclicBarrier(String name, int parties, Runnable action);

  /**
   * Returns the read-write lock with a name: reentrant read and write locks, writers preferred as
   * in the JDK's fair mode, the write lock with working conditions. Its {@code readLock()} and
   * {@code writeLock()} are {@link OwnedLock}s.
   *
   * @param name the name
   * @return a {@link HotReadWriteLock}, or a {@link
   *     java.util.concurrent.locks.ReentrantReadWriteLock ReentrantReadWriteLock(true)} that
   *     behaves alike
   */
  ReadWriteLock readWriteLock(String name);

  /**
   * Returns the rate limiter with a name, created with a rate and a burst of one period's permits:
   * a token bucket.
   *
   * @param name the name
   * @param permits the permits per period, at least 1
   * @param period the period, a positive whole number of microseconds
   * @return a {@link HotRateLimiter}, or an in-process limiter that behaves alike
   * @throws IllegalArgumentException if {@code permits} or {@code period} is out of range
   * @throws IllegalStateException if the limiter exists with another rate or burst
   */
  default SharedRateLimiter rateLimiter(String name, long permits, Duration period) {
    return rateLimiter(name, permits, period, permits);
  }

  /**
   * Returns the rate limiter with a name, created with a rate and a burst: a token bucket.
   *
   * @param name the name
   * @param permits the permits per period, at least 1
   * @param period the period, a positive whole number of microseconds
   * @param burst the bucket's size, the most permits taken at once, at least 1
   * @return a {@link HotRateLimiter}, or an in-process limiter that behaves alike
   * @throws IllegalArgumentException if an argument is out of range
   * @throws IllegalStateException if the limiter exists with another rate or burst
   */
  SharedRateLimiter rateLimiter(String name, long permits, Duration period, long burst);

  /**
   * Returns the striped counter with a name, whose sum starts at zero.
   *
   * @param name the name
   * @return a {@link HotLongAdder} with the default layout, or a {@link LongAdder}
   * @throws IllegalStateException if the Redis adder exists with another layout
   */
  LongAdder longAdder(String name);

  /**
   * Returns the unbounded FIFO queue with a name.
   *
   * @param name the name
   * @param type the element type, which picks the Redis provider's codec
   * @param <E> the element type
   * @return a {@link HotQueue}, or a {@link java.util.concurrent.LinkedBlockingQueue}
   */
  default <E> BlockingQueue<E> queue(String name, Class<E> type) {
    return queue(name, type, Integer.MAX_VALUE);
  }

  /**
   * Returns the FIFO queue with a name and a capacity.
   *
   * @param name the name
   * @param type the element type
   * @param capacity at least 1; {@link Integer#MAX_VALUE} for unbounded
   * @param <E> the element type
   * @return a {@link HotQueue}, or a {@link java.util.concurrent.LinkedBlockingQueue}
   * @throws IllegalStateException if the queue exists with another type or capacity
   */
  <E> BlockingQueue<E> queue(String name, Class<E> type, int capacity);

  /**
   * Returns the unbounded LIFO queue (a stack) with a name.
   *
   * @param name the name
   * @param type the element type
   * @param <E> the element type
   * @return a {@link HotLifoQueue}, or an in-process queue that behaves alike
   */
  default <E> BlockingQueue<E> lifoQueue(String name, Class<E> type) {
    return lifoQueue(name, type, Integer.MAX_VALUE);
  }

  /**
   * Returns the LIFO queue (a stack) with a name and a capacity.
   *
   * @param name the name
   * @param type the element type
   * @param capacity at least 1; {@link Integer#MAX_VALUE} for unbounded
   * @param <E> the element type
   * @return a {@link HotLifoQueue}, or an in-process queue that behaves alike
   * @throws IllegalStateException if the queue exists with another type or capacity
   */
  <E> BlockingQueue<E> lifoQueue(String name, Class<E> type, int capacity);

  /**
   * Returns the unbounded FIFO queue with unique elements with a name.
   *
   * @param name the name
   * @param type the element type
   * @param <E> the element type
   * @return a {@link HotSetQueue}, or an in-process queue that behaves alike
   */
  default <E> BlockingQueue<E> setQueue(String name, Class<E> type) {
    return setQueue(name, type, Integer.MAX_VALUE);
  }

  /**
   * Returns the FIFO queue with unique elements with a name and a capacity.
   *
   * @param name the name
   * @param type the element type
   * @param capacity at least 1; {@link Integer#MAX_VALUE} for unbounded
   * @param <E> the element type
   * @return a {@link HotSetQueue}, or an in-process queue that behaves alike
   * @throws IllegalStateException if the queue exists with another type or capacity
   */
  <E> BlockingQueue<E> setQueue(String name, Class<E> type, int capacity);

  /**
   * Returns the unbounded LIFO queue with unique elements with a name.
   *
   * @param name the name
   * @param type the element type
   * @param <E> the element type
   * @return a {@link HotLifoSetQueue}, or an in-process queue that behaves alike
   */
  default <E> BlockingQueue<E> lifoSetQueue(String name, Class<E> type) {
    return lifoSetQueue(name, type, Integer.MAX_VALUE);
  }

  /**
   * Returns the LIFO queue with unique elements with a name and a capacity.
   *
   * @param name the name
   * @param type the element type
   * @param capacity at least 1; {@link Integer#MAX_VALUE} for unbounded
   * @param <E> the element type
   * @return a {@link HotLifoSetQueue}, or an in-process queue that behaves alike
   * @throws IllegalStateException if the queue exists with another type or capacity
   */
  <E> BlockingQueue<E> lifoSetQueue(String name, Class<E> type, int capacity);
}
