package org.hotredis.concurrent.spi;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Date;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.locks.Condition;
import org.hotredis.concurrent.locks.ContractThreads;
import org.hotredis.concurrent.locks.HotReentrantLock;
import org.hotredis.concurrent.locks.OwnedLock;
import org.hotredis.testing.Await;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The JSR-166 TCK's {@code ReentrantLockTest}, adapted to {@link OwnedLock} and run against both
 * providers: the JDK's {@code ReentrantLock} (local) and {@link HotReentrantLock} (Redis). Dropped:
 * fairness, serialization, {@code getOwner}, {@code getWaitingThreads} and blocker checks, which
 * {@code OwnedLock} does not offer. Threads are awaited with latches and {@code hasQueuedThread},
 * never with sleeps; the only timing assertions are the lower bounds of timeouts.
 */
@RedisTest
@ParameterizedClass
@EnumSource(ProviderKind.class)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@SuppressWarnings({"WaitNotInLoop", "LockNotBeforeTry", "JavaUtilDate"}) // the TCK's own patterns
final class ReentrantLockContractTest extends ProviderContract {
  private static final long TIMEOUT_MILLIS = 50;
  private static final long LONG_MILLIS = 20_000;
  private static final int SIZE = 5;

  private int names;

  ReentrantLockContractTest(ProviderKind kind) {
    super(kind);
  }

  private OwnedLock newLock() {
    return opened.provider.reentrantLock("lock-" + names++);
  }

  private enum AwaitMethod {
    AWAIT,
    AWAIT_TIMED,
    AWAIT_NANOS,
    AWAIT_UNTIL
  }

  /** Awaits "indefinitely" with one of the await methods, asserting it was not a timeout. */
  private static void await(Condition c, AwaitMethod method) throws InterruptedException {
    switch (method) {
      case AWAIT -> c.await();
      case AWAIT_TIMED -> assertThat(c.await(2 * LONG_MILLIS, MILLISECONDS)).isTrue();
      case AWAIT_NANOS -> {
        long timeoutNanos = MILLISECONDS.toNanos(2 * LONG_MILLIS);
        long remaining = c.awaitNanos(timeoutNanos);
        assertThat(remaining).isGreaterThan(timeoutNanos / 2).isLessThanOrEqualTo(timeoutNanos);
      }
      case AWAIT_UNTIL ->
          assertThat(c.awaitUntil(new Date(System.currentTimeMillis() + 2 * LONG_MILLIS))).isTrue();
    }
  }

  private static void assertNotLocked(OwnedLock lock) {
    assertThat(lock.isLocked()).isFalse();
    assertThat(lock.isHeldByCurrentThread()).isFalse();
    assertThat(lock.getHoldCount()).isZero();
  }

  private static void assertLockedByMe(OwnedLock lock) {
    assertThat(lock.isLocked()).isTrue();
    assertThat(lock.isHeldByCurrentThread()).isTrue();
    assertThat(lock.getHoldCount()).isPositive();
  }

  private static void releaseLock(OwnedLock lock) {
    assertLockedByMe(lock);
    lock.unlock();
    assertThat(lock.isHeldByCurrentThread()).isFalse();
    assertNotLocked(lock);
  }

  private static void assertWaiters(OwnedLock lock, Condition c, int count) {
    lock.lock();
    try {
      assertThat(lock.hasWaiters(c)).isEqualTo(count > 0);
      assertThat(lock.getWaitQueueLength(c)).isEqualTo(count);
    } finally {
      lock.unlock();
    }
  }

  // ---- locking ----

  @Test
  void lock_unlocked_succeeds() {
    OwnedLock lock = newLock();
    lock.lock();
    assertLockedByMe(lock);
    releaseLock(lock);
  }

  @Test
  void unlock_notHeld_throwsIllegalMonitorState() {
    OwnedLock lock = newLock();
    assertThatThrownBy(lock::unlock).isInstanceOf(IllegalMonitorStateException.class);
  }

  @Test
  void unlock_heldByAnotherThread_throwsIllegalMonitorState() throws Exception {
    OwnedLock lock = newLock();
    lock.lock();
    Thread t =
        threads.start(
            () ->
                assertThatThrownBy(lock::unlock).isInstanceOf(IllegalMonitorStateException.class));
    threads.awaitTermination(t);
    releaseLock(lock);
  }

  @Test
  void tryLock_unlocked_succeedsAndReenters() {
    OwnedLock lock = newLock();
    assertThat(lock.tryLock()).isTrue();
    assertLockedByMe(lock);
    assertThat(lock.tryLock()).isTrue();
    assertLockedByMe(lock);
    lock.unlock();
    releaseLock(lock);
  }

  @Test
  void hasQueuedThreads_andQueueLength_reportWaitingThreads() {
    OwnedLock lock = newLock();
    assertThat(lock.hasQueuedThreads()).isFalse();
    assertThat(lock.getQueueLength()).isZero();
    lock.lock();
    try {
      Thread t1 = threads.startInterrupted(lock::lockInterruptibly);
      Thread t2 =
          threads.start(
              () -> {
                lock.lockInterruptibly();
                lock.unlock();
              });
      ContractThreads.awaitQueued(lock, t1);
      ContractThreads.awaitQueued(lock, t2);
      assertThat(lock.hasQueuedThreads()).isTrue();
      assertThat(lock.getQueueLength()).isEqualTo(2);
      t1.interrupt();
      threads.awaitTermination(t1);
      assertThat(lock.hasQueuedThread(t1)).isFalse();
      assertThat(lock.hasQueuedThread(t2)).isTrue();
      assertThat(lock.getQueueLength()).isEqualTo(1);
      lock.unlock();
      threads.awaitTermination(t2);
    } finally {
      if (lock.isHeldByCurrentThread()) {
        lock.unlock();
      }
    }
    assertThat(lock.hasQueuedThreads()).isFalse();
  }

  @Test
  void hasQueuedThread_null_throwsNullPointer() {
    OwnedLock lock = newLock();
    assertThatThrownBy(() -> lock.hasQueuedThread(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void tryLockTimed_waiting_isInterruptible() {
    OwnedLock lock = newLock();
    lock.lock();
    Thread t = threads.startInterrupted(() -> lock.tryLock(2 * LONG_MILLIS, MILLISECONDS));
    ContractThreads.awaitQueued(lock, t);
    t.interrupt();
    threads.awaitTermination(t);
    releaseLock(lock);
  }

  @Test
  void tryLock_heldByAnother_fails() {
    OwnedLock lock = newLock();
    lock.lock();
    Thread t = threads.start(() -> assertThat(lock.tryLock()).isFalse());
    threads.awaitTermination(t);
    releaseLock(lock);
  }

  @Test
  void tryLockTimed_heldByAnother_timesOutAfterTheTimeout() {
    OwnedLock lock = newLock();
    lock.lock();
    Thread t =
        threads.start(
            () -> {
              long start = System.nanoTime();
              assertThat(lock.tryLock(TIMEOUT_MILLIS, MILLISECONDS)).isFalse();
              assertThat(System.nanoTime() - start)
                  .isGreaterThanOrEqualTo(MILLISECONDS.toNanos(TIMEOUT_MILLIS));
            });
    threads.awaitTermination(t);
    releaseLock(lock);
  }

  @Test
  void tryLockTimed_interruptedBefore_throwsInterrupted() {
    OwnedLock lock = newLock();
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> lock.tryLock(LONG_MILLIS, MILLISECONDS))
        .isInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).isFalse();
    assertNotLocked(lock);
  }

  @Test
  void getHoldCount_countsHolds() {
    OwnedLock lock = newLock();
    for (int i = 1; i <= SIZE; i++) {
      lock.lock();
      assertThat(lock.getHoldCount()).isEqualTo(i);
    }
    for (int i = SIZE; i > 0; i--) {
      lock.unlock();
      assertThat(lock.getHoldCount()).isEqualTo(i - 1);
    }
  }

  @Test
  void isLocked_followsHoldsOfAnyThread() throws Exception {
    OwnedLock lock = newLock();
    assertThat(lock.isLocked()).isFalse();
    lock.lock();
    assertThat(lock.isLocked()).isTrue();
    lock.lock();
    assertThat(lock.isLocked()).isTrue();
    lock.unlock();
    assertThat(lock.isLocked()).isTrue();
    lock.unlock();
    assertThat(lock.isLocked()).isFalse();
    CyclicBarrier barrier = new CyclicBarrier(2);
    Thread t =
        threads.start(
            () -> {
              lock.lock();
              assertThat(lock.isLocked()).isTrue();
              barrier.await();
              barrier.await();
              lock.unlock();
            });
    barrier.await();
    assertThat(lock.isLocked()).isTrue();
    assertThat(lock.isHeldByCurrentThread()).isFalse();
    barrier.await();
    threads.awaitTermination(t);
    assertThat(lock.isLocked()).isFalse();
  }

  @Test
  void lockInterruptibly_unlockedSucceeds_waitingIsInterruptible() throws Exception {
    OwnedLock lock = newLock();
    lock.lockInterruptibly();
    assertLockedByMe(lock);
    Thread t = threads.startInterrupted(lock::lockInterruptibly);
    ContractThreads.awaitQueued(lock, t);
    t.interrupt();
    assertThat(lock.isLocked()).isTrue();
    assertThat(lock.isHeldByCurrentThread()).isTrue();
    threads.awaitTermination(t);
    releaseLock(lock);
  }

  @Test
  void lock_interruptedWhileWaiting_acquiresAndKeepsTheInterrupt() {
    OwnedLock lock = newLock();
    lock.lock();
    Thread t =
        threads.start(
            () -> {
              lock.lock();
              try {
                assertThat(Thread.interrupted()).as("interrupt kept").isTrue();
              } finally {
                lock.unlock();
              }
            });
    ContractThreads.awaitQueued(lock, t);
    t.interrupt();
    lock.unlock();
    threads.awaitTermination(t);
    assertNotLocked(lock);
  }

  // ---- conditions: ownership and arguments ----

  @Test
  void await_withoutTheLock_throwsIllegalMonitorStateForEveryMethod() {
    OwnedLock lock = newLock();
    Condition c = lock.newCondition();
    for (AwaitMethod method : AwaitMethod.values()) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> await(c, method))
          .as(method.name())
          .isInstanceOf(IllegalMonitorStateException.class);
      assertThat(System.nanoTime() - start).isLessThan(MILLISECONDS.toNanos(LONG_MILLIS));
    }
    assertNotLocked(lock);
  }

  @Test
  void signal_withoutTheLock_throwsIllegalMonitorState() {
    OwnedLock lock = newLock();
    Condition c = lock.newCondition();
    assertThatThrownBy(c::signal).isInstanceOf(IllegalMonitorStateException.class);
    assertThatThrownBy(c::signalAll).isInstanceOf(IllegalMonitorStateException.class);
  }

  @Test
  void waiterQueries_null_throwNullPointer() {
    OwnedLock lock = newLock();
    assertThatThrownBy(() -> lock.hasWaiters(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> lock.getWaitQueueLength(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void waiterQueries_conditionOfAnotherLock_throwIllegalArgument() {
    OwnedLock lock = newLock();
    Condition c = lock.newCondition();
    OwnedLock other = newLock();
    other.lock();
    try {
      assertThatThrownBy(() -> other.hasWaiters(c)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> other.getWaitQueueLength(c))
          .isInstanceOf(IllegalArgumentException.class);
    } finally {
      other.unlock();
    }
  }

  @Test
  void waiterQueries_notLocked_throwIllegalMonitorState() {
    OwnedLock lock = newLock();
    Condition c = lock.newCondition();
    assertThatThrownBy(() -> lock.hasWaiters(c)).isInstanceOf(IllegalMonitorStateException.class);
    assertThatThrownBy(() -> lock.getWaitQueueLength(c))
        .isInstanceOf(IllegalMonitorStateException.class);
  }

  // ---- conditions: timeouts ----

  @Test
  void awaitNanos_noSignal_timesOut() throws Exception {
    OwnedLock lock = newLock();
    Condition c = lock.newCondition();
    long timeoutNanos = MILLISECONDS.toNanos(TIMEOUT_MILLIS);
    lock.lock();
    long start = System.nanoTime();
    assertThat(c.awaitNanos(timeoutNanos)).isLessThanOrEqualTo(0);
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(timeoutNanos);
    assertLockedByMe(lock);
    lock.unlock();
  }

  @Test
  void awaitTimed_noSignal_timesOut() throws Exception {
    OwnedLock lock = newLock();
    Condition c = lock.newCondition();
    lock.lock();
    long start = System.nanoTime();
    assertThat(c.await(TIMEOUT_MILLIS, MILLISECONDS)).isFalse();
    assertThat(System.nanoTime() - start)
        .isGreaterThanOrEqualTo(MILLISECONDS.toNanos(TIMEOUT_MILLIS));
    lock.unlock();
  }

  @Test
  void awaitUntil_noSignal_timesOut() throws Exception {
    OwnedLock lock = newLock();
    Condition c = lock.newCondition();
    lock.lock();
    Date deadline = new Date(System.currentTimeMillis() + TIMEOUT_MILLIS);
    assertThat(c.awaitUntil(deadline)).isFalse();
    assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(deadline.getTime());
    lock.unlock();
  }

  @Test
  void await_noSignalAndNotHeldAgain_leavesNoWaiter() throws Exception {
    OwnedLock lock = newLock();
    Condition c = lock.newCondition();
    lock.lock();
    assertThat(c.await(1, MILLISECONDS)).isFalse();
    assertThat(lock.getWaitQueueLength(c)).isZero();
    lock.unlock();
  }

  // ---- conditions: signals ----

  @Test
  void await_signalled_returns() throws Exception {
    OwnedLock lock = newLock();
    Condition c = lock.newCondition();
    CountDownLatch locked = new CountDownLatch(1);
    Thread t =
        threads.start(
            () -> {
              lock.lock();
              locked.countDown();
              c.await();
              assertLockedByMe(lock);
              lock.unlock();
            });
    locked.await();
    awaitWaiters(lock, c, 1);
    lock.lock();
    c.signal();
    assertThat(lock.getWaitQueueLength(c)).isZero();
    assertThat(t.isAlive()).isTrue();
    lock.unlock();
    threads.awaitTermination(t);
  }

  @Test
  void hasWaiters_whileAThreadWaits_isTrue() throws Exception {
    OwnedLock lock = newLock();
    Condition c = lock.newCondition();
    CountDownLatch pleaseSignal = new CountDownLatch(1);
    Thread t =
        threads.start(
            () -> {
              lock.lock();
              assertThat(lock.hasWaiters(c)).isFalse();
              pleaseSignal.countDown();
              c.await();
              assertThat(lock.hasWaiters(c)).isFalse();
              lock.unlock();
            });
    pleaseSignal.await();
    awaitWaiters(lock, c, 1);
    lock.lock();
    assertThat(lock.hasWaiters(c)).isTrue();
    c.signal();
    assertThat(lock.hasWaiters(c)).isFalse();
    lock.unlock();
    threads.awaitTermination(t);
    assertWaiters(lock, c, 0);
  }

  @Test
  void getWaitQueueLength_countsWaiters_signalAllWakesThem() throws Exception {
    OwnedLock lock = newLock();
    Condition c = lock.newCondition();
    CountDownLatch locked1 = new CountDownLatch(1);
    CountDownLatch locked2 = new CountDownLatch(1);
    lock.lock();
    assertThat(lock.getWaitQueueLength(c)).isZero();
    lock.unlock();
    Thread t1 =
        threads.start(
            () -> {
              lock.lock();
              assertThat(lock.getWaitQueueLength(c)).isZero();
              locked1.countDown();
              c.await();
              lock.unlock();
            });
    locked1.await();
    awaitWaiters(lock, c, 1);
    Thread t2 =
        threads.start(
            () -> {
              lock.lock();
              assertThat(lock.getWaitQueueLength(c)).isEqualTo(1);
              locked2.countDown();
              c.await();
              lock.unlock();
            });
    locked2.await();
    awaitWaiters(lock, c, 2);
    lock.lock();
    c.signalAll();
    assertThat(lock.getWaitQueueLength(c)).isZero();
    lock.unlock();
    threads.awaitTermination(t1);
    threads.awaitTermination(t2);
    assertWaiters(lock, c, 0);
  }

  @Test
  void awaitUninterruptibly_interruptedBeforeOrDuring_keepsWaitingAndTheInterrupt()
      throws Exception {
    OwnedLock lock = newLock();
    Condition c = lock.newCondition();
    CountDownLatch pleaseInterrupt = new CountDownLatch(2);
    Thread t1 =
        threads.start(
            () -> {
              lock.lock();
              pleaseInterrupt.countDown();
              Thread.currentThread().interrupt();
              c.awaitUninterruptibly();
              assertThat(Thread.interrupted()).isTrue();
              lock.unlock();
            });
    Thread t2 =
        threads.start(
            () -> {
              lock.lock();
              pleaseInterrupt.countDown();
              c.awaitUninterruptibly();
              assertThat(Thread.interrupted()).isTrue();
              lock.unlock();
            });
    pleaseInterrupt.await();
    awaitWaiters(lock, c, 2);
    t2.interrupt();
    ContractThreads.awaitBlocked(t1);
    ContractThreads.awaitBlocked(t2);
    assertWaiters(lock, c, 2);
    lock.lock();
    c.signalAll();
    lock.unlock();
    threads.awaitTermination(t1);
    threads.awaitTermination(t2);
  }

  @Test
  void await_interrupted_throwsWithTheLockHeldForEveryMethod() throws Exception {
    for (AwaitMethod method : AwaitMethod.values()) {
      OwnedLock lock = newLock();
      Condition c = lock.newCondition();
      CountDownLatch pleaseInterrupt = new CountDownLatch(1);
      Thread t =
          threads.startInterrupted(
              () -> {
                lock.lock();
                assertLockedByMe(lock);
                pleaseInterrupt.countDown();
                try {
                  await(c, method);
                } finally {
                  assertLockedByMe(lock);
                  assertThat(lock.getWaitQueueLength(c)).isZero();
                  lock.unlock();
                }
              });
      pleaseInterrupt.await();
      awaitWaiters(lock, c, 1);
      t.interrupt();
      threads.awaitTermination(t);
      assertNotLocked(lock);
    }
  }

  @Test
  void signalAll_wakesEveryWaiterForEveryMethod() throws Exception {
    for (AwaitMethod method : AwaitMethod.values()) {
      OwnedLock lock = newLock();
      Condition c = lock.newCondition();
      CountDownLatch pleaseSignal = new CountDownLatch(2);
      ContractThreads.Action awaiter =
          () -> {
            lock.lock();
            pleaseSignal.countDown();
            await(c, method);
            lock.unlock();
          };
      Thread t1 = threads.start(awaiter);
      Thread t2 = threads.start(awaiter);
      pleaseSignal.await();
      awaitWaiters(lock, c, 2);
      lock.lock();
      c.signalAll();
      assertThat(lock.hasWaiters(c)).isFalse();
      lock.unlock();
      threads.awaitTermination(t1);
      threads.awaitTermination(t2);
    }
  }

  @Test
  void signal_wakesWaitersInArrivalOrder() throws Exception {
    OwnedLock lock = newLock();
    Condition c = lock.newCondition();
    CountDownLatch locked1 = new CountDownLatch(1);
    CountDownLatch locked2 = new CountDownLatch(1);
    Thread t1 =
        threads.start(
            () -> {
              lock.lock();
              locked1.countDown();
              c.await();
              lock.unlock();
            });
    locked1.await();
    awaitWaiters(lock, c, 1);
    Thread t2 =
        threads.start(
            () -> {
              lock.lock();
              locked2.countDown();
              c.await();
              lock.unlock();
            });
    locked2.await();
    awaitWaiters(lock, c, 2);
    lock.lock();
    c.signal();
    assertThat(lock.getWaitQueueLength(c)).isEqualTo(1);
    lock.unlock();
    threads.awaitTermination(t1);
    assertThat(t2.isAlive()).isTrue();
    lock.lock();
    c.signal();
    lock.unlock();
    threads.awaitTermination(t2);
  }

  @Test
  void await_afterReentrantLocking_restoresTheHoldCount() throws Exception {
    OwnedLock lock = newLock();
    Condition c = lock.newCondition();
    CountDownLatch pleaseSignal = new CountDownLatch(2);
    Thread t1 =
        threads.start(
            () -> {
              lock.lock();
              assertThat(lock.getHoldCount()).isEqualTo(1);
              pleaseSignal.countDown();
              c.await();
              assertThat(lock.getHoldCount()).isEqualTo(1);
              lock.unlock();
            });
    Thread t2 =
        threads.start(
            () -> {
              lock.lock();
              lock.lock();
              assertThat(lock.getHoldCount()).isEqualTo(2);
              pleaseSignal.countDown();
              c.await();
              assertThat(lock.getHoldCount()).isEqualTo(2);
              lock.unlock();
              lock.unlock();
            });
    pleaseSignal.await();
    awaitWaiters(lock, c, 2);
    lock.lock();
    assertThat(lock.getHoldCount()).isEqualTo(1);
    c.signalAll();
    assertThat(lock.hasWaiters(c)).isFalse();
    lock.unlock();
    threads.awaitTermination(t1);
    threads.awaitTermination(t2);
  }

  @Test
  void await_byARogueThreadWithoutTheLock_neverDisturbsRealWaiters() throws Exception {
    int waiters = 4;
    OwnedLock lock = newLock();
    Condition c = lock.newCondition();
    CountDownLatch done = new CountDownLatch(waiters);
    Thread rogue =
        threads.start(
            () -> {
              while (done.getCount() > 0) {
                for (AwaitMethod method : AwaitMethod.values()) {
                  assertThatThrownBy(() -> await(c, method))
                      .isInstanceOf(IllegalMonitorStateException.class);
                }
              }
            });
    Thread[] waiting = new Thread[waiters];
    for (int i = 0; i < waiters; i++) {
      waiting[i] =
          threads.start(
              () -> {
                lock.lock();
                try {
                  done.countDown();
                  c.await();
                } finally {
                  lock.unlock();
                }
              });
    }
    assertThat(done.await(LONG_MILLIS, MILLISECONDS)).isTrue();
    awaitWaiters(lock, c, waiters);
    lock.lock();
    try {
      assertThat(lock.getWaitQueueLength(c)).isEqualTo(waiters);
    } finally {
      c.signalAll();
      lock.unlock();
    }
    threads.awaitTermination(rogue);
    for (Thread t : waiting) {
      threads.awaitTermination(t);
    }
  }

  /** Waits until a condition has {@code count} waiters (they have released the lock). */
  private static void awaitWaiters(OwnedLock lock, Condition c, int count) {
    Await.until(
        ContractThreads.GUARD,
        () -> {
          lock.lock();
          try {
            return lock.getWaitQueueLength(c) == count;
          } finally {
            lock.unlock();
          }
        },
        count + " waiters on " + c);
  }
}
