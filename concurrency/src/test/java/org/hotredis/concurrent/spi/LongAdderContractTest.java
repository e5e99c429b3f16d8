package org.hotredis.concurrent.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.LongAdder;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The JSR-166 TCK's {@code LongAdderTest}, adapted and run against both providers: the JDK's {@code
 * LongAdder} (local) and {@link org.hotredis.concurrent.atomic.HotLongAdder} (Redis).
 */
@RedisTest
@ParameterizedClass
@EnumSource(ProviderKind.class)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class LongAdderContractTest extends ProviderContract {
  private int names;

  LongAdderContractTest(ProviderKind kind) {
    super(kind);
  }

  private LongAdder newAdder() {
    return opened.provider.longAdder("adder-" + names++);
  }

  @Test
  void sum_new_isZero() {
    LongAdder adder = newAdder();
    assertThat(adder.sum()).isZero();
    assertThat(adder.longValue()).isZero();
    assertThat(adder.toString()).isEqualTo("0");
  }

  @Test
  void add_addsTheValue() {
    LongAdder adder = newAdder();
    adder.add(2);
    assertThat(adder.sum()).isEqualTo(2);
    adder.add(-4);
    assertThat(adder.sum()).isEqualTo(-2);
  }

  @Test
  void incrementAndDecrement_countByOne() {
    LongAdder adder = newAdder();
    adder.increment();
    adder.increment();
    assertThat(adder.sum()).isEqualTo(2);
    adder.decrement();
    adder.decrement();
    adder.decrement();
    assertThat(adder.sum()).isEqualTo(-1);
  }

  @Test
  void reset_setsTheSumToZero() {
    LongAdder adder = newAdder();
    adder.add(42);
    adder.reset();
    assertThat(adder.sum()).isZero();
  }

  @Test
  void sumThenReset_returnsTheSumAndResets() {
    LongAdder adder = newAdder();
    adder.add(42);
    assertThat(adder.sumThenReset()).isEqualTo(42);
    assertThat(adder.sum()).isZero();
    assertThat(adder.sumThenReset()).isZero();
  }

  @Test
  void numberConversions_areTheSum() {
    LongAdder adder = newAdder();
    adder.add(1L << 33);
    adder.add(5);
    long sum = (1L << 33) + 5;
    assertThat(adder.longValue()).isEqualTo(sum);
    assertThat(adder.intValue()).isEqualTo((int) sum);
    assertThat(adder.floatValue()).isEqualTo((float) sum);
    assertThat(adder.doubleValue()).isEqualTo((double) sum);
    assertThat(adder.shortValue()).isEqualTo((short) sum);
    assertThat(adder.byteValue()).isEqualTo((byte) sum);
    assertThat(adder.toString()).isEqualTo(Long.toString(sum));
  }

  @Test
  void add_overflow_wrapsAsLongArithmetic() {
    LongAdder adder = newAdder();
    adder.add(Long.MAX_VALUE);
    assertThat(adder.sum()).isEqualTo(Long.MAX_VALUE);
    adder.add(-1);
    assertThat(adder.sum()).isEqualTo(Long.MAX_VALUE - 1);
  }

  @Test
  void increment_eightThreads_sumIsExact() throws Exception {
    LongAdder adder = newAdder();
    Thread[] workers = new Thread[8];
    for (int t = 0; t < workers.length; t++) {
      workers[t] =
          threads.start(
              () -> {
                for (int i = 0; i < 250; i++) {
                  adder.increment();
                }
                adder.add(1000);
                adder.decrement();
              });
    }
    for (Thread worker : workers) {
      threads.awaitTermination(worker);
    }
    assertThat(adder.sum()).isEqualTo(8 * (250 + 1000 - 1));
    assertThat(adder.sumThenReset()).isEqualTo(8 * (250 + 1000 - 1));
    assertThat(adder.sum()).isZero();
  }

  @Test
  void create_sameName_sameObjectAndOneKind() {
    LongAdder adder = opened.provider.longAdder("same");
    assertThat(opened.provider.longAdder("same")).isSameAs(adder);
    assertThatThrownBy(() -> opened.provider.countDownLatch("same", 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
