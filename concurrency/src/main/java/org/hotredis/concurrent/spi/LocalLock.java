package org.hotredis.concurrent.spi;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.hotredis.concurrent.locks.HotLock;
import org.hotredis.concurrent.locks.OwnedLock;

/**
 * The in-process counterpart of {@link HotLock}: a non-reentrant lock over the JDK's {@link
 * ReentrantLock}, which refuses re-locking by its holder exactly as {@code HotLock} does ({@code
 * lock} throws {@link IllegalStateException}, {@code tryLock} returns false), so code behaves the
 * same on either provider.
 */
final class LocalLock implements OwnedLock {
  private final String name;
  private final ReentrantLock lock = new ReentrantLock();

  LocalLock(String name) {
    this.name = name;
  }

  @Override
  public void lock() {
    checkNotHeld();
    lock.lock();
  }

  @Override
  public void lockInterruptibly() throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    checkNotHeld();
    lock.lockInterruptibly();
  }

  @Override
  public boolean tryLock() {
    return !lock.isHeldByCurrentThread() && lock.tryLock();
  }

  @Override
  public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
    requireNonNull(unit, "unit");
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    return !lock.isHeldByCurrentThread() && lock.tryLock(time, unit);
  }

  @Override
  public void unlock() {
    lock.unlock();
  }

  @Override
  public Condition newCondition() {
    return lock.newCondition();
  }

  @Override
  public int getHoldCount() {
    return lock.getHoldCount();
  }

  @Override
  public boolean isHeldByCurrentThread() {
    return lock.isHeldByCurrentThread();
  }

  @Override
  public boolean isLocked() {
    return lock.isLocked();
  }

  @Override
  public boolean hasQueuedThreads() {
    return lock.hasQueuedThreads();
  }

  @Override
  public boolean hasQueuedThread(Thread thread) {
    return lock.hasQueuedThread(thread);
  }

  @Override
  public int getQueueLength() {
    return lock.getQueueLength();
  }

  @Override
  public boolean hasWaiters(Condition condition) {
    return lock.hasWaiters(condition);
  }

  @Override
  public int getWaitQueueLength(Condition condition) {
    return lock.getWaitQueueLength(condition);
  }

  @Override
  public String toString() {
    return "LocalLock '" + name + "' " + lock;
  }

  private void checkNotHeld() {
    if (lock.isHeldByCurrentThread()) {
      throw new IllegalStateException(
          "LocalLock '"
              + name
              + "' is not reentrant and is already held by this thread; use a reentrant lock to"
              + " lock it again while holding it");
    }
  }
}
