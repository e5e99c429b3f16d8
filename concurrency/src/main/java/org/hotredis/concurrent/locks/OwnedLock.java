package org.hotredis.concurrent.locks;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.hotredis.concurrent.spi.ConcurrencyProvider;

/**
 * A {@link Lock} that knows its owner: the queries of {@link ReentrantLock}, so code that uses them
 * runs on an in-process lock and on a Redis lock alike. {@link ConcurrencyProvider} hands out locks
 * of this type: {@link ReentrantLock}s (through a subclass that only adds this interface) and
 * {@link HotLock} / {@link HotReentrantLock}.
 *
 * <p>The owner is the current thread for the JDK's locks, and the owner token for HOT Redis's: the
 * client and thread by default, or an explicit token shared by every thread that uses the lock
 * object.
 */
public interface OwnedLock extends Lock {
  /**
   * Returns how many holds the current owner has on the lock.
   *
   * @return the hold count, 0 if the owner does not hold the lock
   * @see ReentrantLock#getHoldCount()
   */
  int getHoldCount();

  /**
   * Returns whether the current owner holds the lock.
   *
   * @return true if held by the current owner
   * @see ReentrantLock#isHeldByCurrentThread()
   */
  boolean isHeldByCurrentThread();

  /**
   * Returns whether any owner holds the lock.
   *
   * @return true if locked
   * @see ReentrantLock#isLocked()
   */
  boolean isLocked();

  /**
   * Returns whether threads of this process are waiting to acquire the lock; a snapshot, for
   * monitoring.
   *
   * @return true if some thread waits
   * @see ReentrantLock#hasQueuedThreads()
   */
  boolean hasQueuedThreads();

  /**
   * Returns whether a thread of this process is waiting to acquire the lock; a snapshot, for
   * monitoring.
   *
   * @param thread the thread
   * @return true if it waits
   * @throws NullPointerException if the thread is null
   * @see ReentrantLock#hasQueuedThread(Thread)
   */
  boolean hasQueuedThread(Thread thread);

  /**
   * Returns how many threads of this process are waiting to acquire the lock; an estimate, for
   * monitoring.
   *
   * @return the number of waiting threads
   * @see ReentrantLock#getQueueLength()
   */
  int getQueueLength();

  /**
   * Returns whether some thread waits on a condition of this lock. The caller must hold the lock.
   *
   * @param condition a condition of this lock
   * @return true if it has waiters
   * @throws IllegalMonitorStateException if the caller does not hold the lock
   * @throws IllegalArgumentException if the condition is not one of this lock's
   * @throws NullPointerException if the condition is null
   * @see ReentrantLock#hasWaiters(Condition)
   */
  boolean hasWaiters(Condition condition);

  /**
   * Returns how many threads wait on a condition of this lock. The caller must hold the lock.
   *
   * @param condition a condition of this lock
   * @return the number of waiters
   * @throws IllegalMonitorStateException if the caller does not hold the lock
   * @throws IllegalArgumentException if the condition is not one of this lock's
   * @throws NullPointerException if the condition is null
   * @see ReentrantLock#getWaitQueueLength(Condition)
   */
  int getWaitQueueLength(Condition condition);
}
