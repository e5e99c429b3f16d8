package org.hotredis.concurrent.spi;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.hotredis.concurrent.locks.HotReadWriteLock;
import org.hotredis.concurrent.locks.OwnedLock;

/**
 * The in-process counterpart of {@link HotReadWriteLock}: the JDK's fair {@link
 * ReentrantReadWriteLock}, whose two locks are handed out as {@link OwnedLock}s with the queries of
 * their kind. Like HOT Redis's, the write lock refuses an upgrade at once ({@code lock()} throws
 * {@link IllegalMonitorStateException}, {@code tryLock} returns false) where the JDK's would wait
 * forever.
 */
final class LocalReadWriteLock implements ReadWriteLock {
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);
  private final OwnedLock readLock = new ReadView();
  private final OwnedLock writeLock = new WriteView();

  /** Returns the JDK's lock. */
  ReentrantReadWriteLock jdk() {
    return lock;
  }

  @Override
  public OwnedLock readLock() {
    return readLock;
  }

  @Override
  public OwnedLock writeLock() {
    return writeLock;
  }

  @Override
  public String toString() {
    return lock.toString();
  }

  /** What both locks share: the JDK lock's queue. */
  private abstract class View implements OwnedLock {
    abstract Lock target();

    @Override
    public void lock() {
      target().lock();
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
      target().lockInterruptibly();
    }

    @Override
    public boolean tryLock() {
      return target().tryLock();
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
      return target().tryLock(time, unit);
    }

    @Override
    public void unlock() {
      target().unlock();
    }

    @Override
    public Condition newCondition() {
      return target().newCondition();
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
  }

  private final class ReadView extends View {
    @Override
    Lock target() {
      return lock.readLock();
    }

    @Override
    public int getHoldCount() {
      return lock.getReadHoldCount();
    }

    @Override
    public boolean isHeldByCurrentThread() {
      return lock.getReadHoldCount() > 0;
    }

    @Override
    public boolean isLocked() {
      return lock.getReadLockCount() > 0;
    }

    @Override
    public boolean hasWaiters(Condition condition) {
      throw notOurs(condition);
    }

    @Override
    public int getWaitQueueLength(Condition condition) {
      throw notOurs(condition);
    }

    private IllegalArgumentException notOurs(Condition condition) {
      requireNonNull(condition, "condition");
      return new IllegalArgumentException("the read lock has no conditions");
    }

    @Override
    public String toString() {
      return lock.readLock().toString();
    }
  }

  private final class WriteView extends View {
    @Override
    Lock target() {
      return lock.writeLock();
    }

    @Override
    public void lock() {
      checkNoUpgrade();
      super.lock();
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
      checkNoUpgrade();
      super.lockInterruptibly();
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
      requireNonNull(unit, "unit");
      if (isUpgrade()) {
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
        return false;
      }
      return super.tryLock(time, unit);
    }

    private boolean isUpgrade() {
      return lock.getReadHoldCount() > 0 && !lock.isWriteLockedByCurrentThread();
    }

    private void checkNoUpgrade() {
      if (isUpgrade()) {
        throw new IllegalMonitorStateException(
            "the write lock cannot be acquired while holding the read lock: an upgrade from"
                + " reading to writing is not granted; release the read lock first");
      }
    }

    @Override
    public int getHoldCount() {
      return lock.getWriteHoldCount();
    }

    @Override
    public boolean isHeldByCurrentThread() {
      return lock.isWriteLockedByCurrentThread();
    }

    @Override
    public boolean isLocked() {
      return lock.isWriteLocked();
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
      return lock.writeLock().toString();
    }
  }
}
