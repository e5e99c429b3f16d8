package org.hotredis.concurrent.spi;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotredis.concurrent.locks.ContractThreads;
import org.hotredis.testing.Await;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The JSR-166 TCK's {@code CyclicBarrierTest}, adapted and run against both providers: the JDK's
 * {@code CyclicBarrier} (local) and {@link org.hotredis.concurrent.locks.HotCyclicBarrier} (Redis).
 * Waiting threads are awaited by the barrier's count of waiting parties, never with sleeps.
 */
@RedisTest
@ParameterizedClass
@EnumSource(ProviderKind.class)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class CyclicBarrierContractTest extends ProviderContract {
  private static final long TIMEOUT_MILLIS = 50;
  private static final long LONG_MILLIS = 20_000;

  private int names;

  CyclicBarrierContractTest(ProviderKind kind) {
    super(kind);
  }

  private CyclicBarrier newBarrier(int parties) {
    return opened.provider.cyclicBarrier("barrier-" + names++, parties);
  }

  private CyclicBarrier newBarrier(int parties, Runnable action) {
    return opened.provider.cyclicBarrier("barrier-" + names++, parties, action);
  }

  private static void awaitNumberWaiting(CyclicBarrier barrier, int waiting) {
    Await.until(
        ContractThreads.GUARD,
        () -> barrier.getNumberWaiting() == waiting,
        waiting + " parties to wait at " + barrier);
  }

  /** Starts a thread whose await must throw {@link BrokenBarrierException}. */
  private Thread startBroken(ContractThreads.Action await) {
    return threads.start(
        () -> assertThatThrownBy(await::run).isInstanceOf(BrokenBarrierException.class));
  }

  // ---- creation ----

  @Test
  void create_lessThanOneParty_throwsIllegalArgument() {
    assertThatThrownBy(() -> newBarrier(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> newBarrier(-1, () -> {})).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void create_sameNameOtherParties_throwsIllegalState() {
    CyclicBarrier barrier = opened.provider.cyclicBarrier("same", 2);
    assertThatThrownBy(() -> opened.provider.cyclicBarrier("same", 3))
        .isInstanceOf(IllegalStateException.class);
    assertThat(opened.provider.cyclicBarrier("same", 2)).isSameAs(barrier);
    assertThat(opened.provider.cyclicBarrier("same", 2, () -> {})).isSameAs(barrier);
  }

  @Test
  void getParties_isTheGivenPartiesAndNobodyWaits() {
    CyclicBarrier barrier = newBarrier(2);
    assertThat(barrier.getParties()).isEqualTo(2);
    assertThat(barrier.getNumberWaiting()).isZero();
    assertThat(barrier.isBroken()).isFalse();
  }

  // ---- tripping ----

  @Test
  void await_singleParty_tripsAtOnceEveryTime() throws Exception {
    CyclicBarrier barrier = newBarrier(1);
    assertThat(barrier.await()).isZero();
    assertThat(barrier.await(LONG_MILLIS, MILLISECONDS)).isZero();
    assertThat(barrier.getNumberWaiting()).isZero();
  }

  @Test
  void await_barrierAction_runsOncePerTrip() throws Exception {
    AtomicInteger count = new AtomicInteger();
    CyclicBarrier barrier = newBarrier(1, count::incrementAndGet);
    assertThat(barrier.getParties()).isEqualTo(1);
    barrier.await();
    barrier.await();
    assertThat(barrier.getNumberWaiting()).isZero();
    assertThat(count.get()).isEqualTo(2);
  }

  @Test
  void await_twoParties_tripEveryGeneration() throws Exception {
    CyclicBarrier barrier = newBarrier(2);
    Thread other =
        threads.start(
            () -> {
              for (int i = 0; i < 4; i++) {
                barrier.await();
              }
            });
    for (int i = 0; i < 4; i++) {
      barrier.await();
    }
    threads.awaitTermination(other);
    assertThat(barrier.isBroken()).isFalse();
  }

  @Test
  void await_returnsArrivalIndices_firstIsPartiesMinusOneLastIsZero() throws Exception {
    CyclicBarrier barrier = newBarrier(3);
    Set<Integer> indices = ConcurrentHashMap.newKeySet();
    Thread first = threads.start(() -> indices.add(barrier.await()));
    awaitNumberWaiting(barrier, 1);
    Thread second = threads.start(() -> indices.add(barrier.await(LONG_MILLIS, MILLISECONDS)));
    awaitNumberWaiting(barrier, 2);
    assertThat(barrier.await()).isZero();
    threads.awaitTermination(first);
    threads.awaitTermination(second);
    assertThat(indices).containsExactlyInAnyOrder(2, 1);
    assertThat(barrier.getNumberWaiting()).isZero();
  }

  @Test
  void await_actionRunsBeforeTheOthersAreReleased() throws Exception {
    AtomicInteger trips = new AtomicInteger();
    CyclicBarrier barrier = newBarrier(3, trips::incrementAndGet);
    List<Thread> waiters = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      waiters.add(
          threads.start(
              () -> {
                barrier.await();
                assertThat(trips.get()).as("trips seen by a released party").isEqualTo(1);
              }));
    }
    awaitNumberWaiting(barrier, 2);
    assertThat(trips.get()).isZero();
    assertThat(barrier.await()).isZero();
    waiters.forEach(threads::awaitTermination);
    assertThat(trips.get()).isEqualTo(1);
  }

  @Test
  void await_manyGenerations_actionOncePerTripAndNeverBroken() throws Exception {
    int parties = 4;
    int generations = 20;
    AtomicInteger trips = new AtomicInteger();
    CyclicBarrier barrier = newBarrier(parties, trips::incrementAndGet);
    List<Thread> workers = new ArrayList<>();
    for (int p = 0; p < parties; p++) {
      workers.add(
          threads.start(
              () -> {
                for (int g = 0; g < generations; g++) {
                  barrier.await();
                  // No party passes a generation before the action of its trip ran.
                  assertThat(trips.get()).isGreaterThanOrEqualTo(g + 1);
                }
              }));
    }
    workers.forEach(threads::awaitTermination);
    assertThat(trips.get()).isEqualTo(generations);
    assertThat(barrier.isBroken()).isFalse();
    assertThat(barrier.getNumberWaiting()).isZero();
  }

  // ---- breaking ----

  @Test
  void await_interruptedWhileWaiting_throwsInterruptedAndBreaksTheOthers() {
    CyclicBarrier barrier = newBarrier(3);
    Thread interrupted = threads.startInterrupted(barrier::await);
    awaitNumberWaiting(barrier, 1);
    Thread broken = startBroken(barrier::await);
    awaitNumberWaiting(barrier, 2);
    interrupted.interrupt();
    threads.awaitTermination(interrupted);
    threads.awaitTermination(broken);
    assertThat(barrier.isBroken()).isTrue();
  }

  @Test
  void timedAwait_interruptedWhileWaiting_throwsInterruptedAndBreaksTheOthers() {
    CyclicBarrier barrier = newBarrier(3);
    Thread interrupted = threads.startInterrupted(() -> barrier.await(LONG_MILLIS, MILLISECONDS));
    awaitNumberWaiting(barrier, 1);
    Thread broken = startBroken(() -> barrier.await(LONG_MILLIS, MILLISECONDS));
    awaitNumberWaiting(barrier, 2);
    interrupted.interrupt();
    threads.awaitTermination(interrupted);
    threads.awaitTermination(broken);
    assertThat(barrier.isBroken()).isTrue();
  }

  @Test
  void await_interruptedBeforeArriving_throwsInterruptedAndBreaks() {
    CyclicBarrier barrier = newBarrier(2);
    Thread before =
        threads.startInterrupted(
            () -> {
              Thread.currentThread().interrupt();
              barrier.await();
            });
    threads.awaitTermination(before);
    assertThat(barrier.isBroken()).isTrue();
    assertThat(barrier.getNumberWaiting()).isZero();
  }

  @Test
  void timedAwait_timeoutPasses_throwsTimeoutAndBreaks() throws Exception {
    CyclicBarrier barrier = newBarrier(2);
    long start = System.nanoTime();
    assertThatThrownBy(() -> barrier.await(TIMEOUT_MILLIS, MILLISECONDS))
        .isInstanceOf(TimeoutException.class);
    assertThat(MILLISECONDS.convert(System.nanoTime() - start, TimeUnit.NANOSECONDS))
        .isGreaterThanOrEqualTo(TIMEOUT_MILLIS);
    assertThat(barrier.isBroken()).isTrue();
    assertThat(barrier.getNumberWaiting()).isZero();
  }

  @Test
  void timedAwait_zeroTimeoutNotLast_throwsTimeoutAndBreaks() {
    CyclicBarrier barrier = newBarrier(2);
    assertThatThrownBy(() -> barrier.await(0, MILLISECONDS)).isInstanceOf(TimeoutException.class);
    assertThat(barrier.isBroken()).isTrue();
  }

  @Test
  void timedAwait_oneTimesOut_theOthersThrowBroken() {
    CyclicBarrier barrier = newBarrier(4);
    Thread untimed = startBroken(barrier::await);
    Thread timed = startBroken(() -> barrier.await(LONG_MILLIS, MILLISECONDS));
    awaitNumberWaiting(barrier, 2);
    assertThatThrownBy(() -> barrier.await(TIMEOUT_MILLIS, MILLISECONDS))
        .isInstanceOf(TimeoutException.class);
    threads.awaitTermination(untimed);
    threads.awaitTermination(timed);
    assertThat(barrier.isBroken()).isTrue();
  }

  @Test
  void reset_whilePartiesWait_theyThrowBrokenAndTheBarrierIsUsable() throws Exception {
    CyclicBarrier barrier = newBarrier(3);
    Thread t1 = startBroken(barrier::await);
    Thread t2 = startBroken(barrier::await);
    awaitNumberWaiting(barrier, 2);
    barrier.reset();
    threads.awaitTermination(t1);
    threads.awaitTermination(t2);
    assertThat(barrier.isBroken()).isFalse();
    assertThat(barrier.getNumberWaiting()).isZero();
  }

  @Test
  void reset_beforeAnyoneWaits_doesNotBreak() throws Exception {
    CyclicBarrier barrier = newBarrier(3);
    barrier.reset();
    Thread t1 = threads.start(barrier::await);
    Thread t2 = threads.start(barrier::await);
    barrier.await();
    threads.awaitTermination(t1);
    threads.awaitTermination(t2);
    assertThat(barrier.isBroken()).isFalse();
  }

  @Test
  void reset_betweenGenerations_doesNotBreak() throws Exception {
    CyclicBarrier barrier = newBarrier(3);
    for (int i = 0; i < 3; i++) {
      Thread t1 = threads.start(barrier::await);
      Thread t2 = threads.start(barrier::await);
      barrier.await();
      threads.awaitTermination(t1);
      threads.awaitTermination(t2);
      assertThat(barrier.isBroken()).isFalse();
      assertThat(barrier.getNumberWaiting()).isZero();
      if (i == 1) {
        barrier.reset();
      }
      assertThat(barrier.isBroken()).isFalse();
      assertThat(barrier.getNumberWaiting()).isZero();
    }
  }

  @Test
  void reset_afterAnInterrupt_makesTheBarrierUsable() throws Exception {
    CyclicBarrier barrier = newBarrier(3);
    for (int i = 0; i < 2; i++) {
      Thread interrupted = threads.startInterrupted(barrier::await);
      awaitNumberWaiting(barrier, 1);
      Thread broken = startBroken(barrier::await);
      awaitNumberWaiting(barrier, 2);
      interrupted.interrupt();
      threads.awaitTermination(interrupted);
      threads.awaitTermination(broken);
      assertThat(barrier.isBroken()).isTrue();
      assertThat(barrier.getNumberWaiting()).isZero();
      barrier.reset();
      assertThat(barrier.isBroken()).isFalse();
      assertThat(barrier.getNumberWaiting()).isZero();
    }
    Thread other = threads.start(barrier::await);
    Thread third = threads.start(barrier::await);
    barrier.await();
    threads.awaitTermination(other);
    threads.awaitTermination(third);
  }

  @Test
  void reset_afterATimeout_makesTheBarrierUsable() {
    CyclicBarrier barrier = newBarrier(3);
    for (int i = 0; i < 2; i++) {
      assertThat(barrier.getNumberWaiting()).isZero();
      Thread broken = startBroken(barrier::await);
      awaitNumberWaiting(barrier, 1);
      assertThatThrownBy(() -> barrier.await(TIMEOUT_MILLIS, MILLISECONDS))
          .isInstanceOf(TimeoutException.class);
      threads.awaitTermination(broken);
      assertThat(barrier.getNumberWaiting()).isZero();
      assertThat(barrier.isBroken()).isTrue();
      barrier.reset();
      assertThat(barrier.isBroken()).isFalse();
      assertThat(barrier.getNumberWaiting()).isZero();
    }
  }

  @Test
  void await_actionThrows_lastPartyGetsItTheOthersBroken() {
    CyclicBarrier barrier =
        newBarrier(
            3,
            () -> {
              throw new IllegalStateException("action failed");
            });
    for (int i = 0; i < 2; i++) {
      Thread t1 = startBroken(barrier::await);
      Thread t2 = startBroken(barrier::await);
      awaitNumberWaiting(barrier, 2);
      assertThatThrownBy(barrier::await)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("action failed");
      threads.awaitTermination(t1);
      threads.awaitTermination(t2);
      assertThat(barrier.isBroken()).isTrue();
      assertThat(barrier.getNumberWaiting()).isZero();
      barrier.reset();
      assertThat(barrier.isBroken()).isFalse();
      assertThat(barrier.getNumberWaiting()).isZero();
    }
  }

  @Test
  void await_onABrokenBarrier_throwsBrokenAtOnce() throws Exception {
    CyclicBarrier barrier = newBarrier(2);
    assertThatThrownBy(() -> barrier.await(0, MILLISECONDS)).isInstanceOf(TimeoutException.class);
    assertThatThrownBy(barrier::await).isInstanceOf(BrokenBarrierException.class);
    assertThatThrownBy(() -> barrier.await(LONG_MILLIS, MILLISECONDS))
        .isInstanceOf(BrokenBarrierException.class);
    assertThat(barrier.getNumberWaiting()).isZero();
    // An interrupted thread finds it broken too, and keeps its interrupt.
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(barrier::await).isInstanceOf(BrokenBarrierException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void getNumberWaiting_countsArrivalsAndResetsAtTheTrip() throws Exception {
    CyclicBarrier barrier = newBarrier(3);
    assertThat(barrier.getNumberWaiting()).isZero();
    Thread t1 = threads.start(barrier::await);
    awaitNumberWaiting(barrier, 1);
    Thread t2 = threads.start(barrier::await);
    awaitNumberWaiting(barrier, 2);
    barrier.await();
    threads.awaitTermination(t1);
    threads.awaitTermination(t2);
    assertThat(barrier.getNumberWaiting()).isZero();
  }
}
