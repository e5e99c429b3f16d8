package org.hotredis.concurrent.spi;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotredis.concurrent.locks.HotBoundedSemaphore;

/**
 * The in-process counterpart of {@link HotBoundedSemaphore}: the JDK's {@link Semaphore}, counting
 * the permits this process holds, and refusing with {@link IllegalMonitorStateException} to release
 * more than that, as {@code HotBoundedSemaphore} does for its default holder (the process).
 */
final class LocalBoundedSemaphore extends Semaphore {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final AtomicInteger held = new AtomicInteger();

  LocalBoundedSemaphore(String name, int permits) {
    super(permits);
    this.name = name;
  }

  @Override
  public void acquire() throws InterruptedException {
    acquire(1);
  }

  @Override
  public void acquire(int permits) throws InterruptedException {
    super.acquire(permits);
    held.addAndGet(permits);
  }

  @Override
  public void acquireUninterruptibly() {
    acquireUninterruptibly(1);
  }

  @Override
  public void acquireUninterruptibly(int permits) {
    super.acquireUninterruptibly(permits);
    held.addAndGet(permits);
  }

  @Override
  public boolean tryAcquire() {
    return tryAcquire(1);
  }

  @Override
  public boolean tryAcquire(int permits) {
    return counted(super.tryAcquire(permits), permits);
  }

  @Override
  public boolean tryAcquire(long timeout, TimeUnit unit) throws InterruptedException {
    return tryAcquire(1, timeout, unit);
  }

  @Override
  public boolean tryAcquire(int permits, long timeout, TimeUnit unit) throws InterruptedException {
    return counted(super.tryAcquire(permits, timeout, unit), permits);
  }

  @Override
  public int drainPermits() {
    int drained = super.drainPermits();
    if (drained > 0) {
      held.addAndGet(drained);
    }
    return drained;
  }

  @Override
  public void release() {
    release(1);
  }

  @Override
  public void release(int permits) {
    if (permits < 0) {
      throw new IllegalArgumentException("permits must not be negative, was " + permits);
    }
    while (true) {
      int current = held.get();
      if (current < permits) {
        throw new IllegalMonitorStateException(
            "LocalBoundedSemaphore '"
                + name
                + "': this process holds "
                + current
                + " permit(s) and cannot release "
                + permits);
      }
      if (held.compareAndSet(current, current - permits)) {
        break;
      }
    }
    super.release(permits);
  }

  private boolean counted(boolean acquired, int permits) {
    if (acquired) {
      held.addAndGet(permits);
    }
    return acquired;
  }
}
