package org.hotredis.concurrent.spi;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.Condition;
import org.hotredis.concurrent.locks.ContractThreads;
import org.hotredis.concurrent.locks.HotLock;
import org.hotredis.concurrent.locks.OwnedLock;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The non-reentrant lock of both providers ({@link HotLock} and its in-process counterpart) keeps
 * the {@link java.util.concurrent.locks.Lock} contract and refuses re-locking by its holder alike.
 */
@RedisTest
@ParameterizedClass
@EnumSource(ProviderKind.class)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@SuppressWarnings({"WaitNotInLoop", "LockNotBeforeTry"}) // the TCK's own patterns
final class LockContractTest extends ProviderContract {
  private static final long LONG_MILLIS = 20_000;

  private OwnedLock lock;

  LockContractTest(ProviderKind kind) {
    super(kind);
  }

  @BeforeEach
  void open() {
    lock = opened.provider.lock("lock");
  }

  @Test
  void lock_free_holdsOnce() {
    lock.lock();
    assertThat(lock.isLocked()).isTrue();
    assertThat(lock.isHeldByCurrentThread()).isTrue();
    assertThat(lock.getHoldCount()).isEqualTo(1);
    lock.unlock();
    assertThat(lock.isLocked()).isFalse();
    assertThat(lock.getHoldCount()).isZero();
  }

  @Test
  void lock_byItsHolder_throwsIllegalStateInsteadOfDeadlocking() throws Exception {
    lock.lock();
    assertThatThrownBy(lock::lock)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not reentrant");
    assertThatThrownBy(lock::lockInterruptibly)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not reentrant");
    assertThat(lock.tryLock()).isFalse();
    long start = System.nanoTime();
    assertThat(lock.tryLock(LONG_MILLIS, MILLISECONDS)).isFalse();
    assertThat(System.nanoTime() - start).isLessThan(MILLISECONDS.toNanos(LONG_MILLIS));
    assertThat(lock.getHoldCount()).isEqualTo(1);
    lock.unlock();
    assertThat(lock.isLocked()).isFalse();
  }

  @Test
  void unlock_byAnotherThread_throwsIllegalMonitorState() {
    lock.lock();
    Thread t =
        threads.start(
            () ->
                assertThatThrownBy(lock::unlock).isInstanceOf(IllegalMonitorStateException.class));
    threads.awaitTermination(t);
    assertThat(lock.isHeldByCurrentThread()).isTrue();
    lock.unlock();
  }

  @Test
  void unlock_notHeld_throwsIllegalMonitorState() {
    assertThatThrownBy(lock::unlock).isInstanceOf(IllegalMonitorStateException.class);
  }

  @Test
  void lock_heldByAnother_waitsUntilReleased() {
    lock.lock();
    Thread t =
        threads.start(
            () -> {
              lock.lock();
              lock.unlock();
            });
    ContractThreads.awaitQueued(lock, t);
    assertThat(lock.getQueueLength()).isEqualTo(1);
    lock.unlock();
    threads.awaitTermination(t);
    assertThat(lock.hasQueuedThreads()).isFalse();
  }

  @Test
  void lockInterruptibly_waiting_isInterruptible() {
    lock.lock();
    Thread t = threads.startInterrupted(lock::lockInterruptibly);
    ContractThreads.awaitQueued(lock, t);
    t.interrupt();
    threads.awaitTermination(t);
    lock.unlock();
    assertThat(lock.isLocked()).isFalse();
  }

  @Test
  void condition_awaitAndSignal_workWithOneHold() throws Exception {
    Condition ready = lock.newCondition();
    CountDownLatch waiting = new CountDownLatch(1);
    Thread t =
        threads.start(
            () -> {
              lock.lock();
              try {
                waiting.countDown();
                ready.await();
                assertThat(lock.getHoldCount()).isEqualTo(1);
              } finally {
                lock.unlock();
              }
            });
    waiting.await();
    org.hotredis.testing.Await.until(
        ContractThreads.GUARD,
        () -> {
          lock.lock();
          try {
            return lock.hasWaiters(ready);
          } finally {
            lock.unlock();
          }
        },
        "a waiter");
    lock.lock();
    try {
      ready.signal();
    } finally {
      lock.unlock();
    }
    threads.awaitTermination(t);
  }
}
