package org.hotredis.concurrent.spi;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.Semaphore;
import org.hotredis.concurrent.locks.ContractThreads;
import org.hotredis.concurrent.locks.HotSemaphore;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The JSR-166 TCK's {@code SemaphoreTest}, adapted and run against both providers: the JDK's {@code
 * Semaphore} (local) and {@link HotSemaphore} (Redis), plus the bounded semaphores of both.
 * Dropped: fairness, serialization, and the final monitoring methods {@code hasQueuedThreads} and
 * {@code getQueueLength}. Blocked threads are awaited by their state, never with sleeps.
 */
@RedisTest
@ParameterizedClass
@EnumSource(ProviderKind.class)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class SemaphoreContractTest extends ProviderContract {
  private static final long TIMEOUT_MILLIS = 50;
  private static final long LONG_MILLIS = 20_000;

  private int names;

  SemaphoreContractTest(ProviderKind kind) {
    super(kind);
  }

  private Semaphore newSemaphore(int permits) {
    return opened.provider.semaphore("semaphore-" + names++, permits);
  }

  private Semaphore newBoundedSemaphore(int permits) {
    return opened.provider.boundedSemaphore("bounded-" + names++, permits);
  }

  // ---- construction ----

  @Test
  void create_zeroNegativeOrPositivePermits_areAvailable() {
    for (int permits : new int[] {-1, 0, 1}) {
      Semaphore s = newSemaphore(permits);
      assertThat(s.availablePermits()).isEqualTo(permits);
      assertThat(s.isFair()).isFalse();
    }
  }

  @Test
  void create_sameNameOtherPermits_throwsIllegalState() {
    opened.provider.semaphore("same", 2);
    assertThatThrownBy(() -> opened.provider.semaphore("same", 3))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void create_sameName_givesTheSameObject() {
    assertThat(opened.provider.semaphore("same", 2)).isSameAs(opened.provider.semaphore("same", 2));
  }

  // ---- acquiring in one thread ----

  @Test
  void tryAcquire_enoughPermits_succeedsElseFails() {
    Semaphore s = newSemaphore(2);
    assertThat(s.tryAcquire()).isTrue();
    assertThat(s.tryAcquire()).isTrue();
    assertThat(s.availablePermits()).isZero();
    assertThat(s.tryAcquire()).isFalse();
  }

  @Test
  void tryAcquireN_enoughPermits_succeedsElseFails() {
    Semaphore s = newSemaphore(2);
    assertThat(s.tryAcquire(3)).isFalse();
    assertThat(s.tryAcquire(2)).isTrue();
    assertThat(s.availablePermits()).isZero();
    assertThat(s.tryAcquire()).isFalse();
    assertThat(s.tryAcquire(0)).isTrue();
  }

  @Test
  void acquireAndRelease_sameThread_restoresPermits() throws Exception {
    Semaphore s = newSemaphore(1);
    for (int i = 0; i < 5; i++) {
      s.acquire();
      s.release();
    }
    for (int i = 0; i < 5; i++) {
      s.acquireUninterruptibly();
      s.release();
    }
    for (int i = 0; i < 5; i++) {
      assertThat(s.tryAcquire(LONG_MILLIS, MILLISECONDS)).isTrue();
      s.release();
    }
    assertThat(s.availablePermits()).isEqualTo(1);
  }

  @Test
  void acquireNAndReleaseN_sameThread_balance() throws Exception {
    Semaphore s = newSemaphore(1);
    for (int n = 1; n <= 5; n++) {
      s.release(n);
      s.acquire(n);
    }
    for (int n = 1; n <= 5; n++) {
      s.release(n);
      s.acquireUninterruptibly(n);
    }
    for (int n = 1; n <= 5; n++) {
      s.release(n);
      assertThat(s.tryAcquire(n, LONG_MILLIS, MILLISECONDS)).isTrue();
    }
    assertThat(s.availablePermits()).isEqualTo(1);
  }

  @Test
  void negativeArguments_throwIllegalArgument() {
    Semaphore s = newSemaphore(1);
    assertThatThrownBy(() -> s.acquire(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.acquireUninterruptibly(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.tryAcquire(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.tryAcquire(-1, 1, MILLISECONDS))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.release(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(s.availablePermits()).isEqualTo(1);
  }

  @Test
  void release_beyondTheInitialPermits_addsPermits() {
    Semaphore s = newSemaphore(1);
    s.release(3);
    assertThat(s.availablePermits()).isEqualTo(4);
  }

  @Test
  void drainPermits_takesAllAvailable() {
    Semaphore s = newSemaphore(0);
    assertThat(s.drainPermits()).isZero();
    s.release(10);
    assertThat(s.availablePermits()).isEqualTo(10);
    assertThat(s.drainPermits()).isEqualTo(10);
    assertThat(s.availablePermits()).isZero();
    assertThat(s.drainPermits()).isZero();
  }

  @Test
  void drainPermits_negative_zeroesAndReturnsThem() {
    Semaphore s = newSemaphore(-2);
    assertThat(s.drainPermits()).isEqualTo(-2);
    assertThat(s.availablePermits()).isZero();
  }

  // ---- acquiring across threads ----

  @Test
  void release_inOneThread_enablesAcquireInAnother() throws Exception {
    Semaphore s = newSemaphore(0);
    Thread t =
        threads.start(
            () -> {
              s.acquire();
              s.release();
              s.release();
              s.acquire();
            });
    ContractThreads.awaitBlocked(t);
    s.release();
    s.release();
    s.acquire();
    s.acquire();
    s.release();
    threads.awaitTermination(t);
  }

  @Test
  void release_inOneThread_enablesUninterruptibleAcquireInAnother() {
    Semaphore s = newSemaphore(0);
    Thread t =
        threads.start(
            () -> {
              s.acquireUninterruptibly();
              s.release();
              s.release();
              s.acquireUninterruptibly();
            });
    ContractThreads.awaitBlocked(t);
    s.release();
    s.release();
    s.acquireUninterruptibly();
    s.acquireUninterruptibly();
    s.release();
    threads.awaitTermination(t);
  }

  @Test
  void release_inOneThread_enablesTimedAcquireInAnother() throws Exception {
    Semaphore s = newSemaphore(1);
    Thread t =
        threads.start(
            () -> {
              s.release();
              assertThat(s.tryAcquire(LONG_MILLIS, MILLISECONDS)).isTrue();
              s.release();
              assertThat(s.tryAcquire(LONG_MILLIS, MILLISECONDS)).isTrue();
            });
    assertThat(s.tryAcquire(LONG_MILLIS, MILLISECONDS)).isTrue();
    s.release();
    assertThat(s.tryAcquire(LONG_MILLIS, MILLISECONDS)).isTrue();
    s.release();
    s.release();
    threads.awaitTermination(t);
  }

  @Test
  void releaseN_inOneThread_enablesAcquireNInAnother() {
    Semaphore s = newSemaphore(0);
    Thread t = threads.start(() -> s.acquire(3));
    ContractThreads.awaitBlocked(t);
    s.release(2);
    assertThat(t.isAlive()).isTrue();
    s.release(1);
    threads.awaitTermination(t);
    assertThat(s.availablePermits()).isZero();
  }

  @Test
  void acquire_waiting_isInterruptible() {
    Semaphore s = newSemaphore(0);
    Thread t = threads.startInterrupted(s::acquire);
    ContractThreads.awaitBlocked(t);
    t.interrupt();
    threads.awaitTermination(t);
    assertThat(s.availablePermits()).isZero();
  }

  @Test
  void tryAcquireTimed_waiting_isInterruptible() {
    Semaphore s = newSemaphore(0);
    Thread t = threads.startInterrupted(() -> s.tryAcquire(2 * LONG_MILLIS, MILLISECONDS));
    ContractThreads.awaitBlocked(t);
    t.interrupt();
    threads.awaitTermination(t);
  }

  @Test
  void acquire_interruptedBefore_throwsInterrupted() {
    Semaphore s = newSemaphore(1);
    Thread.currentThread().interrupt();
    assertThatThrownBy(s::acquire).isInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).isFalse();
    assertThat(s.availablePermits()).isEqualTo(1);
  }

  @Test
  void acquireUninterruptibly_interruptedWhileWaiting_acquiresAndKeepsTheInterrupt() {
    Semaphore s = newSemaphore(0);
    Thread t =
        threads.start(
            () -> {
              s.acquireUninterruptibly();
              assertThat(Thread.interrupted()).as("interrupt kept").isTrue();
            });
    ContractThreads.awaitBlocked(t);
    t.interrupt();
    ContractThreads.awaitBlocked(t);
    s.release();
    threads.awaitTermination(t);
  }

  @Test
  void tryAcquireTimed_noPermits_timesOutAfterTheTimeout() throws Exception {
    Semaphore s = newSemaphore(0);
    long start = System.nanoTime();
    assertThat(s.tryAcquire(TIMEOUT_MILLIS, MILLISECONDS)).isFalse();
    assertThat(System.nanoTime() - start)
        .isGreaterThanOrEqualTo(MILLISECONDS.toNanos(TIMEOUT_MILLIS));
    assertThat(s.tryAcquire(2, 0, MILLISECONDS)).isFalse();
  }

  // ---- bounded ----

  @Test
  void bounded_releaseOfHeldPermits_succeeds() throws Exception {
    Semaphore s = newBoundedSemaphore(2);
    s.acquire(2);
    assertThat(s.availablePermits()).isZero();
    s.release();
    s.release();
    assertThat(s.availablePermits()).isEqualTo(2);
  }

  @Test
  void bounded_releaseBeyondHeld_throwsIllegalMonitorStateAndChangesNothing() throws Exception {
    Semaphore s = newBoundedSemaphore(2);
    assertThatThrownBy(s::release).isInstanceOf(IllegalMonitorStateException.class);
    s.acquire();
    assertThatThrownBy(() -> s.release(2)).isInstanceOf(IllegalMonitorStateException.class);
    assertThat(s.availablePermits()).isEqualTo(1);
    s.release();
    assertThat(s.availablePermits()).isEqualTo(2);
  }

  @Test
  void bounded_anotherThreadOfTheProcess_mayRelease() throws Exception {
    Semaphore s = newBoundedSemaphore(1);
    s.acquire();
    Thread t = threads.start(s::release);
    threads.awaitTermination(t);
    assertThat(s.availablePermits()).isEqualTo(1);
  }

  @Test
  void bounded_drainedPermits_mayBeReleased() {
    Semaphore s = newBoundedSemaphore(3);
    assertThat(s.drainPermits()).isEqualTo(3);
    s.release(3);
    assertThat(s.availablePermits()).isEqualTo(3);
    assertThatThrownBy(s::release).isInstanceOf(IllegalMonitorStateException.class);
  }

  @Test
  void bounded_negativePermits_throwIllegalArgument() {
    assertThatThrownBy(() -> newBoundedSemaphore(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
