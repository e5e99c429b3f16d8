package org.hotredis.concurrent.spi;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import org.hotredis.concurrent.locks.ContractThreads;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The JSR-166 TCK's {@code CountDownLatchTest}, adapted and run against both providers: the JDK's
 * {@code CountDownLatch} (local) and {@link org.hotredis.concurrent.locks.HotCountDownLatch}
 * (Redis). Blocked threads are awaited by their state, never with sleeps.
 */
@RedisTest
@ParameterizedClass
@EnumSource(ProviderKind.class)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class CountDownLatchContractTest extends ProviderContract {
  private static final long TIMEOUT_MILLIS = 50;
  private static final long LONG_MILLIS = 20_000;

  private int names;

  CountDownLatchContractTest(ProviderKind kind) {
    super(kind);
  }

  private CountDownLatch newLatch(int count) {
    return opened.provider.countDownLatch("latch-" + names++, count);
  }

  @Test
  void create_negativeCount_throwsIllegalArgument() {
    assertThatThrownBy(() -> newLatch(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void create_sameNameOtherCount_throwsIllegalState() {
    opened.provider.countDownLatch("same", 2);
    assertThatThrownBy(() -> opened.provider.countDownLatch("same", 3))
        .isInstanceOf(IllegalStateException.class);
    assertThat(opened.provider.countDownLatch("same", 2))
        .isSameAs(opened.provider.countDownLatch("same", 2));
  }

  @Test
  void getCount_isTheInitialCount() {
    assertThat(newLatch(2).getCount()).isEqualTo(2);
    assertThat(newLatch(0).getCount()).isZero();
  }

  @Test
  void countDown_decrementsUntilZeroThenDoesNothing() {
    CountDownLatch latch = newLatch(2);
    latch.countDown();
    assertThat(latch.getCount()).isEqualTo(1);
    latch.countDown();
    assertThat(latch.getCount()).isZero();
    latch.countDown();
    assertThat(latch.getCount()).isZero();
  }

  @Test
  void await_returnsAfterCountDownsByAnotherThread() throws Exception {
    CountDownLatch latch = newLatch(2);
    Thread waiter =
        threads.start(
            () -> {
              assertThat(latch.getCount()).isEqualTo(2);
              latch.await();
              assertThat(latch.getCount()).isZero();
            });
    ContractThreads.awaitBlocked(waiter);
    latch.countDown();
    assertThat(latch.getCount()).isEqualTo(1);
    latch.countDown();
    threads.awaitTermination(waiter);
  }

  @Test
  void timedAwait_returnsTrueAfterCountDownsByAnotherThread() throws Exception {
    CountDownLatch latch = newLatch(2);
    Thread waiter =
        threads.start(() -> assertThat(latch.await(LONG_MILLIS, MILLISECONDS)).isTrue());
    ContractThreads.awaitBlocked(waiter);
    latch.countDown();
    latch.countDown();
    threads.awaitTermination(waiter);
    assertThat(latch.getCount()).isZero();
  }

  @Test
  void await_manyWaiters_allReleasedByTheLastCountDown() throws Exception {
    CountDownLatch latch = newLatch(1);
    Thread[] waiters = new Thread[8];
    for (int i = 0; i < waiters.length; i++) {
      waiters[i] = threads.start(latch::await);
    }
    for (Thread waiter : waiters) {
      ContractThreads.awaitBlocked(waiter);
    }
    latch.countDown();
    for (Thread waiter : waiters) {
      threads.awaitTermination(waiter);
    }
  }

  @Test
  void await_openLatch_returnsAtOnce() throws Exception {
    CountDownLatch latch = newLatch(0);
    latch.await();
    assertThat(latch.await(0, MILLISECONDS)).isTrue();
    assertThat(latch.await(-1, MILLISECONDS)).isTrue();
  }

  @Test
  void timedAwait_timeoutPasses_returnsFalseAndCountIsUnchanged() throws Exception {
    CountDownLatch latch = newLatch(1);
    long start = System.nanoTime();
    assertThat(latch.await(TIMEOUT_MILLIS, MILLISECONDS)).isFalse();
    assertThat(
            MILLISECONDS.convert(
                System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS))
        .isGreaterThanOrEqualTo(TIMEOUT_MILLIS);
    assertThat(latch.await(0, MILLISECONDS)).isFalse();
    assertThat(latch.getCount()).isEqualTo(1);
  }

  @Test
  void await_interruptedBeforeOrWhileWaiting_throwsInterrupted() {
    CountDownLatch latch = newLatch(1);
    Thread before =
        threads.startInterrupted(
            () -> {
              Thread.currentThread().interrupt();
              latch.await();
            });
    threads.awaitTermination(before);
    Thread during = threads.startInterrupted(latch::await);
    ContractThreads.awaitBlocked(during);
    during.interrupt();
    threads.awaitTermination(during);
    assertThat(latch.getCount()).isEqualTo(1);
  }

  @Test
  void timedAwait_interruptedBeforeOrWhileWaiting_throwsInterrupted() {
    CountDownLatch latch = newLatch(1);
    Thread before =
        threads.startInterrupted(
            () -> {
              Thread.currentThread().interrupt();
              latch.await(LONG_MILLIS, MILLISECONDS);
            });
    threads.awaitTermination(before);
    Thread during = threads.startInterrupted(() -> latch.await(LONG_MILLIS, MILLISECONDS));
    ContractThreads.awaitBlocked(during);
    during.interrupt();
    threads.awaitTermination(during);
    assertThat(latch.getCount()).isEqualTo(1);
  }

  @Test
  void toString_saysTheCount() {
    CountDownLatch latch = newLatch(2);
    assertThat(latch.toString()).contains("[Count = 2]");
    latch.countDown();
    assertThat(latch.toString()).contains("[Count = 1]");
    latch.countDown();
    assertThat(latch.toString()).contains("[Count = 0]");
  }
}
