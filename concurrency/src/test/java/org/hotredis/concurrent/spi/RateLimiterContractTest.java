package org.hotredis.concurrent.spi;

import static java.util.concurrent.TimeUnit.MINUTES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.hotredis.concurrent.limits.SharedRateLimiter;
import org.hotredis.concurrent.locks.ContractThreads;
import org.hotredis.testing.Await;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link SharedRateLimiter}'s contract, run against both providers: the in-process limiter (local)
 * and {@link org.hotredis.concurrent.limits.HotRateLimiter} (Redis). Refills and waiters are
 * awaited by state (the permits the bucket holds, a thread's state), never with sleeps; a limiter
 * that must not refill during a test gains one permit an hour.
 */
@RedisTest
@ParameterizedClass
@EnumSource(ProviderKind.class)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class RateLimiterContractTest extends ProviderContract {
  private static final Duration HOUR = Duration.ofHours(1);

  private int names;

  RateLimiterContractTest(ProviderKind kind) {
    super(kind);
  }

  private SharedRateLimiter newLimiter(long permits, Duration period, long burst) {
    return opened.provider.rateLimiter("limiter-" + names++, permits, period, burst);
  }

  @Test
  void tryAcquire_untilEmpty_thenRefusesTakingNothing() {
    SharedRateLimiter limiter = newLimiter(1, HOUR, 3);
    assertThat(limiter.availablePermits()).isEqualTo(3);
    assertThat(limiter.tryAcquire()).isTrue();
    assertThat(limiter.tryAcquire(2)).isTrue();
    assertThat(limiter.tryAcquire()).isFalse();
    assertThat(limiter.tryAcquire(1)).isFalse();
    assertThat(limiter.availablePermits()).isZero();
  }

  @Test
  void tryAcquire_tooFewForTheRequest_takesNone() {
    SharedRateLimiter limiter = newLimiter(1, HOUR, 3);
    assertThat(limiter.tryAcquire(2)).isTrue();
    assertThat(limiter.tryAcquire(2)).isFalse();
    assertThat(limiter.availablePermits()).isEqualTo(1);
    assertThat(limiter.tryAcquire()).isTrue();
  }

  @Test
  void tryAcquire_emptied_refillsOverTimeUpToTheBurst() {
    SharedRateLimiter limiter = newLimiter(20, Duration.ofSeconds(1), 2);
    assertThat(limiter.tryAcquire(2)).isTrue();
    Await.until(
        ContractThreads.GUARD, () -> limiter.availablePermits() == 2, "the bucket to refill");
    assertThat(limiter.tryAcquire(2)).isTrue();
    Await.until(
        ContractThreads.GUARD, () -> limiter.availablePermits() == 2, "the bucket to refill");
    assertThat(limiter.availablePermits()).as("never more than the burst").isEqualTo(2);
  }

  @Test
  void settings_rateAndBurst_defaultBurstIsOnePeriodsPermits() {
    SharedRateLimiter limiter = opened.provider.rateLimiter("default", 5, Duration.ofSeconds(1));
    assertThat(limiter.getBurst()).isEqualTo(5);
    assertThat(limiter.getRate()).isEqualTo(5.0);
    assertThat(limiter.availablePermits()).isEqualTo(5);
    SharedRateLimiter slow = newLimiter(30, Duration.ofMinutes(1), 1);
    assertThat(slow.getRate()).isEqualTo(0.5);
    assertThat(slow.getBurst()).isEqualTo(1);
  }

  @Test
  void timedTryAcquire_cannotFitTheTimeout_returnsFalseAtOnceTakingNothing() throws Exception {
    SharedRateLimiter limiter = newLimiter(1, HOUR, 1);
    assertThat(limiter.tryAcquire()).isTrue();
    // The permit comes back in an hour: waiting for the 30 minutes would outlast the test's
    // timeout.
    assertThat(limiter.tryAcquire(1, 30, MINUTES)).isFalse();
    assertThat(limiter.tryAcquire(1, 0, MINUTES)).isFalse();
    assertThat(limiter.tryAcquire(1, -1, MINUTES)).isFalse();
    assertThat(limiter.availablePermits()).as("no reservation was made").isZero();
  }

  @Test
  void timedTryAcquire_permitsAvailable_takesWithoutWaiting() throws Exception {
    SharedRateLimiter limiter = newLimiter(1, HOUR, 2);
    assertThat(limiter.tryAcquire(2, 0, MINUTES)).isTrue();
    assertThat(limiter.availablePermits()).isZero();
  }

  @Test
  void timedTryAcquire_fitsTheTimeout_waitsAndTakes() throws Exception {
    SharedRateLimiter limiter = newLimiter(1, Duration.ofSeconds(2), 1);
    assertThat(limiter.tryAcquire()).isTrue();
    // The bucket is empty: the permit can only come from waiting for the refill. (The reservation
    // is watched by the interrupt tests, on an hour's period, where no stall can hide it.)
    Thread waiter = threads.start(() -> assertThat(limiter.tryAcquire(1, 1, MINUTES)).isTrue());
    threads.awaitTermination(waiter);
    assertThat(limiter.tryAcquire()).as("the waiter took the refilled permit").isFalse();
  }

  @Test
  void acquire_emptyBucket_waitsForTheRefillThenReturns() throws Exception {
    SharedRateLimiter limiter = newLimiter(1, Duration.ofSeconds(2), 1);
    assertThat(limiter.tryAcquire()).isTrue();
    Thread waiter = threads.start(limiter::acquire);
    threads.awaitTermination(waiter);
    assertThat(limiter.tryAcquire()).as("the waiter took the refilled permit").isFalse();
  }

  @Test
  void acquire_permitsAvailable_returnsAtOnce() throws Exception {
    SharedRateLimiter limiter = newLimiter(1, HOUR, 3);
    limiter.acquire();
    limiter.acquire(2);
    assertThat(limiter.availablePermits()).isZero();
  }

  @Test
  void acquire_twoWaiters_bothReserveAndBothGiveBack() {
    SharedRateLimiter limiter = newLimiter(1, HOUR, 1);
    assertThat(limiter.tryAcquire()).isTrue();
    Thread first = threads.startInterrupted(limiter::acquire);
    Await.until(ContractThreads.GUARD, () -> limiter.availablePermits() == -1, "one reservation");
    Thread second = threads.startInterrupted(() -> limiter.acquire());
    Await.until(ContractThreads.GUARD, () -> limiter.availablePermits() == -2, "two reservations");
    ContractThreads.awaitBlocked(first);
    ContractThreads.awaitBlocked(second);
    first.interrupt();
    threads.awaitTermination(first);
    second.interrupt();
    threads.awaitTermination(second);
    assertThat(limiter.availablePermits()).isZero();
  }

  @Test
  void acquire_interruptedWhileWaiting_throwsAndGivesThePermitsBack() {
    SharedRateLimiter limiter = newLimiter(1, HOUR, 2);
    assertThat(limiter.tryAcquire(2)).isTrue();
    Thread waiter = threads.startInterrupted(() -> limiter.acquire(2));
    Await.until(
        ContractThreads.GUARD, () -> limiter.availablePermits() == -2, "the permits reserved");
    ContractThreads.awaitBlocked(waiter);
    waiter.interrupt();
    threads.awaitTermination(waiter);
    assertThat(limiter.availablePermits()).as("the reservation given back").isZero();
  }

  @Test
  void timedTryAcquire_interruptedWhileWaiting_throwsAndGivesThePermitBack() {
    SharedRateLimiter limiter = newLimiter(1, HOUR, 1);
    assertThat(limiter.tryAcquire()).isTrue();
    Thread waiter = threads.startInterrupted(() -> limiter.tryAcquire(1, 2 * 60, MINUTES));
    Await.until(
        ContractThreads.GUARD, () -> limiter.availablePermits() == -1, "the permit reserved");
    ContractThreads.awaitBlocked(waiter);
    waiter.interrupt();
    threads.awaitTermination(waiter);
    assertThat(limiter.availablePermits()).isZero();
  }

  @Test
  void acquire_interruptedBefore_throwsTakingNothing() {
    SharedRateLimiter limiter = newLimiter(1, HOUR, 1);
    Thread untimed =
        threads.startInterrupted(
            () -> {
              Thread.currentThread().interrupt();
              limiter.acquire();
            });
    threads.awaitTermination(untimed);
    Thread timed =
        threads.startInterrupted(
            () -> {
              Thread.currentThread().interrupt();
              limiter.tryAcquire(1, 1, MINUTES);
            });
    threads.awaitTermination(timed);
    assertThat(limiter.availablePermits()).isEqualTo(1);
  }

  @Test
  void illegalArguments_throwIllegalArgumentTakingNothing() {
    Duration second = Duration.ofSeconds(1);
    assertThatThrownBy(() -> newLimiter(0, second, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> newLimiter(1, Duration.ZERO, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> newLimiter(1, Duration.ofSeconds(-1), 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> newLimiter(1, Duration.ofNanos(1500), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("microseconds");
    assertThatThrownBy(() -> newLimiter(1, second, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> newLimiter(1, Duration.ofDays(365), Long.MAX_VALUE / 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2^50");

    SharedRateLimiter limiter = newLimiter(1, HOUR, 2);
    assertThatThrownBy(() -> limiter.tryAcquire(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> limiter.tryAcquire(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> limiter.tryAcquire(3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("burst of 2");
    assertThatThrownBy(() -> limiter.tryAcquire(3, 1, MINUTES))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> limiter.acquire(3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> limiter.acquire(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> limiter.tryAcquire(1, 1, null))
        .isInstanceOf(NullPointerException.class);
    assertThat(limiter.availablePermits()).isEqualTo(2);
  }

  @Test
  void create_sameNameOtherSettings_throwsIllegalState() {
    Duration second = Duration.ofSeconds(1);
    SharedRateLimiter limiter = opened.provider.rateLimiter("same", 10, second, 5);
    assertThatThrownBy(() -> opened.provider.rateLimiter("same", 10, second, 6))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> opened.provider.rateLimiter("same", 11, second, 5))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> opened.provider.rateLimiter("same", 10, Duration.ofSeconds(2), 5))
        .isInstanceOf(IllegalStateException.class);
    assertThat(opened.provider.rateLimiter("same", 10, second, 5)).isSameAs(limiter);
    assertThatThrownBy(() -> opened.provider.countDownLatch("same", 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toString_saysTheSettingsAndThePermits() {
    SharedRateLimiter limiter = newLimiter(1, HOUR, 2);
    assertThat(limiter.toString()).contains("1 permits per PT1H, burst 2, available 2");
  }
}
