package org.hotredis.concurrent.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.hotredis.concurrent.atomic.SharedReference;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The JSR-166 TCK's {@code AtomicReferenceTest}, adapted to {@link SharedReference} and run against
 * both providers: values compare with {@code equals} in both, so equal values that are not the same
 * instance are what these tests pass.
 */
@RedisTest
@ParameterizedClass
@EnumSource(ProviderKind.class)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class AtomicReferenceContractTest extends ProviderContract {
  private int names;

  AtomicReferenceContractTest(ProviderKind kind) {
    super(kind);
  }

  private SharedReference<Integer> newReference() {
    return opened.provider.atomicReference("reference-" + names++, Integer.class);
  }

  @Test
  void create_startsNullAndSameNameGivesTheSameObject() {
    SharedReference<Integer> ref = newReference();
    assertThat(ref.get()).isNull();
    assertThat(opened.provider.atomicReference("same", Integer.class))
        .isSameAs(opened.provider.atomicReference("same", Integer.class));
    assertThatThrownBy(() -> opened.provider.atomicReference("same", String.class))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void getSet_roundTripsValuesAndNull() {
    SharedReference<Integer> ref = newReference();
    ref.set(1);
    assertThat(ref.get()).isEqualTo(1);
    ref.set(-3);
    assertThat(ref.get()).isEqualTo(-3);
    ref.set(null);
    assertThat(ref.get()).isNull();
  }

  @Test
  void getAndSet_returnsThePreviousValue() {
    SharedReference<Integer> ref = newReference();
    assertThat(ref.getAndSet(0)).isNull();
    assertThat(ref.getAndSet(-10)).isEqualTo(0);
    assertThat(ref.getAndSet(1)).isEqualTo(-10);
    assertThat(ref.getAndSet(null)).isEqualTo(1);
    assertThat(ref.get()).isNull();
  }

  @Test
  void compareAndSet_succeedsOnlyOnAnEqualValue() {
    SharedReference<Integer> ref = newReference();
    assertThat(ref.compareAndSet(null, 1)).isTrue();
    assertThat(ref.compareAndSet(1, 2)).isTrue();
    assertThat(ref.compareAndSet(2, -4)).isTrue();
    assertThat(ref.get()).isEqualTo(-4);
    assertThat(ref.compareAndSet(-5, 7)).isFalse();
    assertThat(ref.compareAndSet(null, 7)).isFalse();
    assertThat(ref.get()).isEqualTo(-4);
    assertThat(ref.compareAndSet(Integer.valueOf(1_000_000 - 1_000_004), null)).isTrue();
    assertThat(ref.get()).isNull();
  }

  @Test
  void compareAndSet_inAnotherThread_waitsForItsValue() {
    SharedReference<Integer> ref = newReference();
    ref.set(1);
    Thread other =
        threads.start(
            () -> {
              while (!ref.compareAndSet(2, 3)) {
                Thread.onSpinWait();
              }
            });
    assertThat(ref.compareAndSet(1, 2)).isTrue();
    threads.awaitTermination(other);
    assertThat(ref.get()).isEqualTo(3);
  }

  @Test
  void compareAndExchange_returnsTheWitness() {
    SharedReference<Integer> ref = newReference();
    assertThat(ref.compareAndExchange(null, 5)).isNull();
    assertThat(ref.compareAndExchange(4, 6)).isEqualTo(5);
    assertThat(ref.compareAndExchange(5, 6)).isEqualTo(5);
    assertThat(ref.get()).isEqualTo(6);
  }

  @Test
  void updateAndAccumulate_applyTheFunctionAtomically() {
    SharedReference<Integer> ref = newReference();
    assertThat(ref.getAndUpdate(v -> v == null ? 1 : v + 1)).isNull();
    assertThat(ref.updateAndGet(v -> v + 1)).isEqualTo(2);
    assertThat(ref.getAndAccumulate(10, Integer::sum)).isEqualTo(2);
    assertThat(ref.accumulateAndGet(10, Integer::sum)).isEqualTo(22);
    assertThat(ref.updateAndGet(v -> null)).isNull();
    assertThat(ref.get()).isNull();
  }

  @Test
  void updateAndGet_manyThreads_loseNoUpdate() {
    SharedReference<Integer> ref = newReference();
    ref.set(0);
    Thread[] workers = new Thread[4];
    for (int i = 0; i < workers.length; i++) {
      workers[i] =
          threads.start(
              () -> {
                for (int n = 0; n < 50; n++) {
                  ref.updateAndGet(v -> v + 1);
                }
              });
    }
    for (Thread worker : workers) {
      threads.awaitTermination(worker);
    }
    assertThat(ref.get()).isEqualTo(200);
  }

  @Test
  void toString_showsTheValue() {
    SharedReference<Integer> ref = newReference();
    assertThat(ref.toString()).contains("null");
    ref.set(42);
    assertThat(ref.toString()).contains("42");
  }
}
