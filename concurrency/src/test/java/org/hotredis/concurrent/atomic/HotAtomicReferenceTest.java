package org.hotredis.concurrent.atomic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hotredis.HotClient;
import org.hotredis.HotTransaction;
import org.hotredis.HotWrongTypeException;
import org.hotredis.codec.CodecException;
import org.hotredis.concurrent.HotConcurrency;
import org.hotredis.testing.JvmProcess;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What {@link HotAtomicReference} adds to the contract {@code AtomicReferenceContractTest} checks
 * on both providers: processes, stored bytes, foreign data, time to live and transactions.
 */
@RedisTest
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class HotAtomicReferenceTest {
  private HotClient client;
  private final List<JvmProcess> children = new ArrayList<>();

  @BeforeEach
  void open(RedisDeployment redis) {
    client = HotClient.create(redis.uri());
  }

  @AfterEach
  void close() {
    children.forEach(JvmProcess::close);
    client.close();
  }

  private HotAtomicReference<Integer> ref(String key) {
    return HotConcurrency.on(client).atomicReference(key, Integer.class);
  }

  @Test
  void updateAndGet_fourJvmsOfFourThreads_loseNoUpdate(RedisDeployment redis) {
    for (int i = 0; i < 4; i++) {
      children.add(
          JvmProcess.builder(AtomicWorker.class).args(redis.uri(), "counted", "4", "25").start());
    }
    for (JvmProcess child : children) {
      assertThat(child.waitFor(Duration.ofMinutes(4))).as(child.output()).isZero();
    }
    assertThat(ref("counted").get()).isEqualTo(400);
  }

  @Test
  void storedValue_isTheCodecsTextAndNullIsAnAbsentKey(RedisDeployment redis) {
    HotAtomicReference<Integer> ref = ref("stored");
    ref.set(42);
    assertThat(redis.execute("GET", "stored")).isEqualTo("42");
    redis.execute("SET", "stored", "7");
    assertThat(ref.get()).isEqualTo(7);
    assertThat(ref.compareAndSet(7, null)).isTrue();
    assertThat(redis.execute("EXISTS", "stored")).isEqualTo(0L);
    assertThat(ref.toString()).isEqualTo("HotAtomicReference 'stored' = null");
  }

  @Test
  void writes_keepTheTimeToLive(RedisDeployment redis) {
    HotAtomicReference<Integer> ref = ref("ttl");
    ref.set(1);
    assertThat(ref.expire(Duration.ofMinutes(10))).isTrue();
    ref.set(2);
    ref.getAndSet(3);
    ref.compareAndSet(3, 4);
    ref.updateAndGet(v -> v + 1);
    assertThat((Long) redis.execute("PTTL", "ttl")).isPositive();
    assertThat(ref.get()).isEqualTo(5);
  }

  @Test
  void foreignData_clearErrorsAndNothingLost(RedisDeployment redis) {
    redis.execute("HSET", "a-hash", "f", "v");
    HotAtomicReference<Integer> hash = ref("a-hash");
    assertThatThrownBy(hash::get).isInstanceOf(HotWrongTypeException.class);
    assertThatThrownBy(() -> hash.compareAndSet(null, 1)).isInstanceOf(HotWrongTypeException.class);
    assertThat(redis.execute("HGET", "a-hash", "f")).isEqualTo("v");

    redis.execute("SET", "not-a-number", "abc");
    HotAtomicReference<Integer> text = ref("not-a-number");
    assertThatThrownBy(text::get)
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("not-a-number");
    assertThatThrownBy(() -> text.updateAndGet(v -> 1)).isInstanceOf(CodecException.class);
    assertThat(text.compareAndSet(5, 6)).isFalse(); // compared by bytes: nothing to decode
    assertThat(redis.execute("GET", "not-a-number")).isEqualTo("abc");
  }

  @Test
  void transaction_oneCommandMethodsQueueAndUpdatesAreRefused() {
    HotAtomicReference<Integer> ref = ref("{t}ref");
    try (HotTransaction tx = client.transaction()) {
      ref.set(1);
      var previous = tx.defer(() -> ref.getAndSet(2));
      tx.commit();
      assertThat(previous.get()).isEqualTo(1);
    }
    assertThat(ref.get()).isEqualTo(2);
    try (HotTransaction tx = client.transaction()) {
      assertThatThrownBy(() -> ref.updateAndGet(v -> v + 1))
          .isInstanceOf(IllegalStateException.class);
    }
    assertThat(ref.get()).isEqualTo(2);
  }

  @Test
  void optimistic_updateQueuesItsWriteAndAConflictRerunsTheBody(RedisDeployment redis) {
    HotAtomicReference<Integer> ref = ref("{t}watched");
    ref.set(3);
    int[] attempts = {0};
    Integer result =
        client.optimistic(
            List.of(ref),
            tx -> {
              Integer doubled = ref.updateAndGet(v -> v * 2);
              if (attempts[0]++ == 0) {
                redis.execute("SET", "{t}watched", "10");
              }
              return doubled;
            });
    assertThat(result).isEqualTo(20);
    assertThat(ref.get()).isEqualTo(20);
    assertThat(attempts[0]).isEqualTo(2);
  }
}
