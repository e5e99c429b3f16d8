package org.hotredis.examples;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import org.hotredis.HotClient;
import org.hotredis.concurrent.HotConcurrency;
import org.hotredis.concurrent.locks.HotReentrantLock;
import org.hotredis.concurrent.locks.HotSemaphore;

/**
 * {@link HotReentrantLock} and {@link HotSemaphore}: a {@code ReentrantLock} and a {@code
 * Semaphore} whose state lives in Redis, so they exclude across processes (two clients stand for
 * two processes here). Holding them is a lease, renewed while the holder lives and released by
 * Redis when it dies; each acquisition of the lock gets a fencing token larger than every earlier
 * one.
 *
 * <p>Run: {@code mvn -q -pl examples compile exec:java
 * -Dexec.mainClass=org.hotredis.examples.LocksExample -Dexec.args=redis://localhost:6379}
 */
public final class LocksExample {
  private LocksExample() {}

  /**
   * Runs the example.
   *
   * @param args an optional Redis URI
   * @throws InterruptedException if interrupted while waiting for the lock
   */
  public static void main(String[] args) throws InterruptedException {
    run(Examples.redisUri(args), System.out);
  }

  static void run(String redisUri, PrintStream out) throws InterruptedException {
    try (HotClient one = HotClient.create(redisUri);
        HotClient two = HotClient.create(redisUri)) {
      HotReentrantLock lockOfOne = HotConcurrency.on(one).reentrantLock("example:ledger");
      HotReentrantLock lockOfTwo = HotConcurrency.on(two).reentrantLock("example:ledger");

      long firstToken;
      lockOfOne.lock();
      try {
        lockOfOne.lock(); // reentrant: the hold count is kept in Redis
        try {
          firstToken = lockOfOne.fencingToken(); // hand it to the store you write to
          out.println("process one holds the lock " + lockOfOne.getHoldCount() + " times");
          out.println("process two tryLock: " + lockOfTwo.tryLock());
        } finally {
          lockOfOne.unlock();
        }
      } finally {
        lockOfOne.unlock();
      }
      boolean acquired = lockOfTwo.tryLock(1, TimeUnit.SECONDS);
      out.println("after two unlocks, process two tryLock(1 s): " + acquired);
      if (acquired) {
        try {
          out.println("its fencing token is larger: " + (lockOfTwo.fencingToken() > firstToken));
        } finally {
          lockOfTwo.unlock();
        }
      }

      HotSemaphore permitsOfOne = HotConcurrency.on(one).semaphore("example:report-slots", 2);
      HotSemaphore permitsOfTwo = HotConcurrency.on(two).semaphore("example:report-slots", 2);
      permitsOfOne.acquire(2);
      out.println("process one took 2 permits, available: " + permitsOfTwo.availablePermits());
      out.println("process two tryAcquire: " + permitsOfTwo.tryAcquire());
      permitsOfOne.release();
      out.println("after one release, process two tryAcquire: " + permitsOfTwo.tryAcquire());
      permitsOfOne.release();
      permitsOfTwo.release();
      out.println("all released, available: " + permitsOfOne.availablePermits());
      lockOfOne.delete();
      permitsOfOne.delete();
    }
  }
}
