package org.hotredis.concurrent.spi;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReadWriteLock;
import org.hotredis.concurrent.locks.ContractThreads;
import org.hotredis.concurrent.locks.HotReadWriteLock;
import org.hotredis.concurrent.locks.OwnedLock;
import org.hotredis.testing.Await;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The JSR-166 TCK's {@code ReentrantReadWriteLockTest} in fair mode, adapted to {@link OwnedLock}
 * views and run against both providers: the JDK's fair {@code ReentrantReadWriteLock} (local) and
 * {@link HotReadWriteLock} (Redis). Dropped: serialization, {@code getOwner}, {@code
 * getQueuedReaderThreads}/{@code getQueuedWriterThreads} and blocker checks. Added, as both
 * providers document: an upgrade from the read lock is refused at once. Threads are awaited by
 * state, never with sleeps; the only timing assertions are the lower bounds of timeouts.
 */
@RedisTest
@ParameterizedClass
@EnumSource(ProviderKind.class)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@SuppressWarnings({"WaitNotInLoop", "LockNotBeforeTry"}) // the TCK's own patterns
final class ReadWriteLockContractTest extends ProviderContract {
  private static final long TIMEOUT_MILLIS = 50;
  private static final long LONG_MILLIS = 20_000;
  private static final int SIZE = 5;

  private int names;

  ReadWriteLockContractTest(ProviderKind kind) {
    super(kind);
  }

  private ReadWriteLock newLock() {
    return opened.provider.readWriteLock("rw-" + names++);
  }

  private static OwnedLock read(ReadWriteLock rw) {
    return (OwnedLock) rw.readLock();
  }

  private static OwnedLock write(ReadWriteLock rw) {
    return (OwnedLock) rw.writeLock();
  }

  /** The read holds of all threads, as {@code ReentrantReadWriteLock.getReadLockCount()}. */
  private static int readLockCount(ReadWriteLock rw) {
    if (rw instanceof HotReadWriteLock hot) {
      return hot.getReadLockCount();
    }
    return ((LocalReadWriteLock) rw).jdk().getReadLockCount();
  }

  private static void assertFree(ReadWriteLock rw) {
    assertThat(write(rw).isLocked()).isFalse();
    assertThat(read(rw).isLocked()).isFalse();
    assertThat(readLockCount(rw)).isZero();
    assertThat(write(rw).getHoldCount()).isZero();
    assertThat(read(rw).getHoldCount()).isZero();
  }

  /**
   * Waits until a thread waits for the write lock in a way that holds new readers back: queued, and
   * a timed read attempt of another thread (which honours waiting writers) fails.
   */
  private void awaitWaitingWriter(ReadWriteLock rw, Thread writer) {
    ContractThreads.awaitQueued(write(rw), writer);
    Await.until(
        ContractThreads.GUARD,
        () -> {
          AtomicBoolean refused = new AtomicBoolean();
          Thread probe =
              threads.start(
                  () -> {
                    if (read(rw).tryLock(0, MILLISECONDS)) {
                      read(rw).unlock();
                    } else {
                      refused.set(true);
                    }
                  });
          threads.awaitTermination(probe);
          return refused.get();
        },
        writer + " to hold new readers back");
  }

  // ---- write lock ----

  @Test
  void writeLock_lockAndUnlock_reportsTheWriter() {
    ReadWriteLock rw = newLock();
    assertFree(rw);
    write(rw).lock();
    assertThat(write(rw).isLocked()).isTrue();
    assertThat(write(rw).isHeldByCurrentThread()).isTrue();
    assertThat(write(rw).getHoldCount()).isEqualTo(1);
    assertThat(readLockCount(rw)).isZero();
    write(rw).unlock();
    assertFree(rw);
  }

  @Test
  void writeLock_reentered_countsHolds() {
    ReadWriteLock rw = newLock();
    for (int i = 1; i <= SIZE; i++) {
      write(rw).lock();
      assertThat(write(rw).getHoldCount()).isEqualTo(i);
    }
    for (int i = SIZE; i > 0; i--) {
      write(rw).unlock();
      assertThat(write(rw).getHoldCount()).isEqualTo(i - 1);
    }
    assertFree(rw);
  }

  @Test
  void unlock_notHeld_throwsIllegalMonitorState() throws Exception {
    ReadWriteLock rw = newLock();
    assertThatThrownBy(write(rw)::unlock).isInstanceOf(IllegalMonitorStateException.class);
    assertThatThrownBy(read(rw)::unlock).isInstanceOf(IllegalMonitorStateException.class);
    write(rw).lock();
    Thread t =
        threads.start(
            () -> {
              assertThatThrownBy(write(rw)::unlock)
                  .isInstanceOf(IllegalMonitorStateException.class);
              assertThatThrownBy(read(rw)::unlock).isInstanceOf(IllegalMonitorStateException.class);
            });
    threads.awaitTermination(t);
    write(rw).unlock();
  }

  @Test
  void writeTryLock_whenFree_succeeds_whenHeldElsewhere_fails() throws Exception {
    ReadWriteLock rw = newLock();
    assertThat(write(rw).tryLock()).isTrue();
    Thread t =
        threads.start(
            () -> {
              assertThat(write(rw).tryLock()).isFalse();
              assertThat(read(rw).tryLock()).isFalse();
            });
    threads.awaitTermination(t);
    write(rw).unlock();
    read(rw).lock();
    Thread t2 = threads.start(() -> assertThat(write(rw).tryLock()).isFalse());
    threads.awaitTermination(t2);
    read(rw).unlock();
    assertFree(rw);
  }

  @Test
  void writeLockInterruptibly_waiting_isInterruptible() throws Exception {
    ReadWriteLock rw = newLock();
    write(rw).lock();
    Thread t = threads.startInterrupted(write(rw)::lockInterruptibly);
    ContractThreads.awaitQueued(write(rw), t);
    t.interrupt();
    threads.awaitTermination(t);
    write(rw).unlock();
    assertFree(rw);
  }

  @Test
  void readLockInterruptibly_waitingForTheWriter_isInterruptible() throws Exception {
    ReadWriteLock rw = newLock();
    write(rw).lock();
    Thread t = threads.startInterrupted(read(rw)::lockInterruptibly);
    ContractThreads.awaitQueued(read(rw), t);
    t.interrupt();
    threads.awaitTermination(t);
    write(rw).unlock();
    assertFree(rw);
  }

  @Test
  void timedTryLocks_interruptedBefore_throwInterrupted() {
    ReadWriteLock rw = newLock();
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> write(rw).tryLock(LONG_MILLIS, MILLISECONDS))
        .isInstanceOf(InterruptedException.class);
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> read(rw).tryLock(LONG_MILLIS, MILLISECONDS))
        .isInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).isFalse();
    assertFree(rw);
  }

  @Test
  void writeTryLockTimed_readersHold_timesOutAfterTheTimeout() throws Exception {
    ReadWriteLock rw = newLock();
    read(rw).lock();
    Thread t =
        threads.start(
            () -> {
              long start = System.nanoTime();
              assertThat(write(rw).tryLock(TIMEOUT_MILLIS, MILLISECONDS)).isFalse();
              assertThat(System.nanoTime() - start)
                  .isGreaterThanOrEqualTo(MILLISECONDS.toNanos(TIMEOUT_MILLIS));
            });
    threads.awaitTermination(t);
    // the timed-out writer no longer holds readers back
    Thread reader =
        threads.start(
            () -> {
              assertThat(read(rw).tryLock(LONG_MILLIS, MILLISECONDS)).isTrue();
              read(rw).unlock();
            });
    threads.awaitTermination(reader);
    read(rw).unlock();
    assertFree(rw);
  }

  @Test
  void readTryLockTimed_writerHolds_timesOutAfterTheTimeout() throws Exception {
    ReadWriteLock rw = newLock();
    write(rw).lock();
    Thread t =
        threads.start(
            () -> {
              long start = System.nanoTime();
              assertThat(read(rw).tryLock(TIMEOUT_MILLIS, MILLISECONDS)).isFalse();
              assertThat(System.nanoTime() - start)
                  .isGreaterThanOrEqualTo(MILLISECONDS.toNanos(TIMEOUT_MILLIS));
            });
    threads.awaitTermination(t);
    write(rw).unlock();
    assertFree(rw);
  }

  // ---- read lock ----

  @Test
  void readLock_manyReadersAtOnce_eachWithItsHolds() throws Exception {
    ReadWriteLock rw = newLock();
    CyclicBarrier together = new CyclicBarrier(3);
    Runnable reader =
        () -> {
          try {
            read(rw).lock();
            read(rw).lock();
            assertThat(read(rw).getHoldCount()).isEqualTo(2);
            together.await();
            together.await();
            read(rw).unlock();
            read(rw).unlock();
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        };
    Thread t1 = threads.start(reader::run);
    Thread t2 = threads.start(reader::run);
    together.await();
    assertThat(readLockCount(rw)).isEqualTo(4);
    assertThat(read(rw).isLocked()).isTrue();
    assertThat(read(rw).isHeldByCurrentThread()).isFalse();
    assertThat(read(rw).getHoldCount()).isZero();
    assertThat(write(rw).tryLock()).isFalse();
    together.await();
    threads.awaitTermination(t1);
    threads.awaitTermination(t2);
    assertFree(rw);
  }

  @Test
  void readLock_reentered_countsHolds() {
    ReadWriteLock rw = newLock();
    for (int i = 1; i <= SIZE; i++) {
      assertThat(read(rw).tryLock()).isTrue();
      assertThat(read(rw).getHoldCount()).isEqualTo(i);
      assertThat(readLockCount(rw)).isEqualTo(i);
    }
    for (int i = SIZE; i > 0; i--) {
      read(rw).unlock();
      assertThat(read(rw).getHoldCount()).isEqualTo(i - 1);
    }
    assertFree(rw);
  }

  @Test
  void writer_waitsForTheReaders_andGetsTheLockWhenTheyAreGone() throws Exception {
    ReadWriteLock rw = newLock();
    read(rw).lock();
    CountDownLatch written = new CountDownLatch(1);
    Thread t =
        threads.start(
            () -> {
              write(rw).lock();
              written.countDown();
              write(rw).unlock();
            });
    ContractThreads.awaitQueued(write(rw), t);
    assertThat(written.getCount()).isEqualTo(1);
    read(rw).unlock();
    threads.awaitTermination(t);
    assertThat(written.getCount()).isZero();
    assertFree(rw);
  }

  @Test
  void writeUnlock_wakesEveryWaitingReader() throws Exception {
    ReadWriteLock rw = newLock();
    write(rw).lock();
    CyclicBarrier together = new CyclicBarrier(2);
    ContractThreads.Action reader =
        () -> {
          read(rw).lock();
          together.await(); // both read at once
          read(rw).unlock();
        };
    Thread t1 = threads.start(reader);
    Thread t2 = threads.start(reader);
    ContractThreads.awaitQueued(read(rw), t1);
    ContractThreads.awaitQueued(read(rw), t2);
    write(rw).unlock();
    threads.awaitTermination(t1);
    threads.awaitTermination(t2);
    assertFree(rw);
  }

  // ---- fairness: writers first ----

  @Test
  void newReader_whileAWriterWaits_waitsBehindIt() throws Exception {
    ReadWriteLock rw = newLock();
    List<String> order = new CopyOnWriteArrayList<>();
    read(rw).lock();
    Thread writer =
        threads.start(
            () -> {
              write(rw).lock();
              order.add("writer");
              write(rw).unlock();
            });
    awaitWaitingWriter(rw, writer);
    Thread reader =
        threads.start(
            () -> {
              read(rw).lock();
              order.add("reader");
              read(rw).unlock();
            });
    ContractThreads.awaitQueued(read(rw), reader);
    assertThat(order).isEmpty();
    read(rw).unlock();
    threads.awaitTermination(writer);
    threads.awaitTermination(reader);
    assertThat(order).containsExactly("writer", "reader");
    assertFree(rw);
  }

  @Test
  void reader_reentersWhileAWriterWaits_withoutDeadlock() throws Exception {
    ReadWriteLock rw = newLock();
    read(rw).lock();
    Thread writer =
        threads.start(
            () -> {
              write(rw).lock();
              write(rw).unlock();
            });
    awaitWaitingWriter(rw, writer);
    read(rw).lock();
    assertThat(read(rw).getHoldCount()).isEqualTo(2);
    assertThat(read(rw).tryLock(LONG_MILLIS, MILLISECONDS)).isTrue();
    read(rw).unlock();
    read(rw).unlock();
    read(rw).unlock();
    threads.awaitTermination(writer);
    assertFree(rw);
  }

  @Test
  void readTryLock_whileAWriterWaits_barges() throws Exception {
    ReadWriteLock rw = newLock();
    read(rw).lock();
    Thread writer =
        threads.start(
            () -> {
              write(rw).lock();
              write(rw).unlock();
            });
    awaitWaitingWriter(rw, writer);
    Thread barger =
        threads.start(
            () -> {
              assertThat(read(rw).tryLock()).isTrue();
              read(rw).unlock();
            });
    threads.awaitTermination(barger);
    read(rw).unlock();
    threads.awaitTermination(writer);
    assertFree(rw);
  }

  // ---- downgrade and upgrade ----

  @Test
  void writer_downgradesToTheReadLock() throws Exception {
    ReadWriteLock rw = newLock();
    write(rw).lock();
    read(rw).lock();
    assertThat(read(rw).getHoldCount()).isEqualTo(1);
    assertThat(write(rw).getHoldCount()).isEqualTo(1);
    write(rw).unlock();
    assertThat(write(rw).isLocked()).isFalse();
    assertThat(read(rw).getHoldCount()).isEqualTo(1);
    assertThat(readLockCount(rw)).isEqualTo(1);
    Thread t =
        threads.start(
            () -> {
              assertThat(read(rw).tryLock()).isTrue();
              read(rw).unlock();
              assertThat(write(rw).tryLock()).isFalse();
            });
    threads.awaitTermination(t);
    read(rw).unlock();
    assertFree(rw);
  }

  @Test
  void writer_mayReadWhileWriting_andWriteAgain() {
    ReadWriteLock rw = newLock();
    write(rw).lock();
    assertThat(read(rw).tryLock()).isTrue();
    assertThat(write(rw).tryLock()).isTrue();
    assertThat(write(rw).getHoldCount()).isEqualTo(2);
    write(rw).unlock();
    read(rw).unlock();
    write(rw).unlock();
    assertFree(rw);
  }

  @Test
  void reader_upgrade_isRefused() throws Exception {
    ReadWriteLock rw = newLock();
    read(rw).lock();
    assertThat(write(rw).tryLock()).isFalse();
    assertThat(write(rw).tryLock(TIMEOUT_MILLIS, MILLISECONDS)).isFalse();
    assertThatThrownBy(write(rw)::lock)
        .isInstanceOf(IllegalMonitorStateException.class)
        .hasMessageContaining("upgrade");
    assertThatThrownBy(write(rw)::lockInterruptibly)
        .isInstanceOf(IllegalMonitorStateException.class)
        .hasMessageContaining("upgrade");
    assertThat(write(rw).isLocked()).isFalse();
    assertThat(read(rw).getHoldCount()).isEqualTo(1);
    read(rw).unlock();
    write(rw).lock();
    write(rw).unlock();
    assertFree(rw);
  }

  // ---- conditions ----

  @Test
  void readLock_newCondition_isUnsupported() {
    ReadWriteLock rw = newLock();
    assertThatThrownBy(rw.readLock()::newCondition)
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void writeCondition_withoutTheWriteLock_throwsIllegalMonitorState() {
    ReadWriteLock rw = newLock();
    Condition c = rw.writeLock().newCondition();
    assertThatThrownBy(c::await).isInstanceOf(IllegalMonitorStateException.class);
    assertThatThrownBy(c::signal).isInstanceOf(IllegalMonitorStateException.class);
    assertThatThrownBy(c::signalAll).isInstanceOf(IllegalMonitorStateException.class);
    assertThatThrownBy(() -> write(rw).hasWaiters(c))
        .isInstanceOf(IllegalMonitorStateException.class);
    assertThatThrownBy(() -> read(rw).hasWaiters(c)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void writeCondition_awaitNanos_timesOutHoldingTheLock() throws Exception {
    ReadWriteLock rw = newLock();
    Condition c = rw.writeLock().newCondition();
    long timeoutNanos = MILLISECONDS.toNanos(TIMEOUT_MILLIS);
    write(rw).lock();
    long start = System.nanoTime();
    assertThat(c.awaitNanos(timeoutNanos)).isLessThanOrEqualTo(0);
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(timeoutNanos);
    assertThat(c.await(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)).isFalse();
    assertThat(write(rw).isHeldByCurrentThread()).isTrue();
    write(rw).unlock();
    assertFree(rw);
  }

  @Test
  void writeCondition_signal_wakesTheWaiter_whichGetsTheWriteLockBack() throws Exception {
    ReadWriteLock rw = newLock();
    Condition c = rw.writeLock().newCondition();
    CountDownLatch locked = new CountDownLatch(1);
    Thread t =
        threads.start(
            () -> {
              write(rw).lock();
              write(rw).lock();
              locked.countDown();
              c.await();
              assertThat(write(rw).getHoldCount()).isEqualTo(2);
              write(rw).unlock();
              write(rw).unlock();
            });
    locked.await();
    awaitWaiters(rw, c, 1);
    write(rw).lock();
    assertThat(write(rw).hasWaiters(c)).isTrue();
    c.signal();
    assertThat(write(rw).hasWaiters(c)).isFalse();
    write(rw).unlock();
    threads.awaitTermination(t);
    assertFree(rw);
  }

  @Test
  void writeCondition_signalAll_wakesEveryWaiter() throws Exception {
    ReadWriteLock rw = newLock();
    Condition c = rw.writeLock().newCondition();
    ContractThreads.Action waiter =
        () -> {
          write(rw).lock();
          c.await();
          write(rw).unlock();
        };
    Thread t1 = threads.start(waiter);
    Thread t2 = threads.start(waiter);
    awaitWaiters(rw, c, 2);
    write(rw).lock();
    assertThat(write(rw).getWaitQueueLength(c)).isEqualTo(2);
    c.signalAll();
    assertThat(write(rw).getWaitQueueLength(c)).isZero();
    write(rw).unlock();
    threads.awaitTermination(t1);
    threads.awaitTermination(t2);
    assertFree(rw);
  }

  @Test
  void writeCondition_await_letsReadersIn() throws Exception {
    ReadWriteLock rw = newLock();
    Condition c = rw.writeLock().newCondition();
    CountDownLatch locked = new CountDownLatch(1);
    Thread t =
        threads.start(
            () -> {
              write(rw).lock();
              locked.countDown();
              assertThat(c.await(LONG_MILLIS, MILLISECONDS)).isTrue();
              write(rw).unlock();
            });
    locked.await();
    awaitWaiters(rw, c, 1);
    assertThat(read(rw).tryLock(LONG_MILLIS, MILLISECONDS)).isTrue();
    read(rw).unlock();
    write(rw).lock();
    c.signal();
    write(rw).unlock();
    threads.awaitTermination(t);
  }

  // ---- description ----

  @Test
  void toString_reportsTheHolds() {
    ReadWriteLock rw = newLock();
    assertThat(rw.toString()).contains("[Write locks = 0, Read locks = 0]");
    write(rw).lock();
    assertThat(rw.toString()).contains("[Write locks = 1, Read locks = 0]");
    read(rw).lock();
    read(rw).lock();
    assertThat(rw.toString()).contains("[Write locks = 1, Read locks = 2]");
    write(rw).unlock();
    read(rw).unlock();
    read(rw).unlock();
  }

  private static void awaitWaiters(ReadWriteLock rw, Condition c, int count) {
    Await.until(
        ContractThreads.GUARD,
        () -> {
          write(rw).lock();
          try {
            return write(rw).getWaitQueueLength(c) == count;
          } finally {
            write(rw).unlock();
          }
        },
        count + " waiters on " + c);
  }
}
