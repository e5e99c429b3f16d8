package org.hotredis.concurrent.atomic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hotredis.Deferred;
import org.hotredis.HotClient;
import org.hotredis.HotRedisException;
import org.hotredis.HotTransaction;
import org.hotredis.HotWrongTypeException;
import org.hotredis.Keys;
import org.hotredis.concurrent.HotConcurrency;
import org.hotredis.testing.JvmProcess;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What {@link HotLongAdder} adds to {@code LongAdder}'s contract (which {@code
 * LongAdderContractTest} checks on both providers): processes, the layout and its slot groups,
 * foreign data, transactions.
 */
@RedisTest
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class HotLongAdderTest {
  private static final Duration STARTUP = Duration.ofMinutes(1);

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

  private HotLongAdder adder(String key, int stripes, int groups) {
    return HotLongAdder.builder()
        .stripes(stripes)
        .slotGroups(groups)
        .client(client)
        .key(key)
        .build();
  }

  @Test
  void add_fourJvmsOfFourThreads_sumIsExact(RedisDeployment redis) {
    int rounds = 200;
    HotLongAdder hits = adder("hits", 8, 3);
    for (int i = 0; i < 4; i++) {
      children.add(
          JvmProcess.builder(AdderWorker.class)
              .args(redis.uri(), "hits", "8", "3", "4", Integer.toString(rounds))
              .start());
    }
    for (JvmProcess child : children) {
      child.awaitOutput("ready", STARTUP);
    }
    redis.execute("SET", "start", "1");
    for (JvmProcess child : children) {
      assertThat(child.waitFor(Duration.ofMinutes(4))).as(child.output()).isZero();
    }
    // 16 threads, each rounds / 2 increments and rounds / 2 adds of 2: one lost or doubled shows.
    long expected = 16L * (rounds / 2) * 3;
    assertThat(hits.sum()).isEqualTo(expected);
    long stripesUsed =
        hits.storedKeys().keys().stream()
            .skip(1)
            .filter(k -> redis.execute("GET", k) != null)
            .count();
    assertThat(stripesUsed).as("threads of four JVMs spread over the stripes").isGreaterThan(1);
    assertThat(hits.sumThenReset()).isEqualTo(expected);
    assertThat(hits.sum()).isZero();
  }

  @Test
  void layout_slotGroups_stripesShareATagPerGroup(RedisDeployment redis) {
    HotLongAdder adder = adder("spread", 6, 3);
    assertThat(adder.storedKeys().keys())
        .containsExactly(
            "spread",
            "{spread}:0",
            "{spread/1}:1",
            "{spread/2}:2",
            "{spread}:3",
            "{spread/1}:4",
            "{spread/2}:5");
    Set<Integer> slots =
        adder.storedKeys().keys().stream().map(Keys::slot).collect(Collectors.toSet());
    assertThat(slots).as("one slot per group").hasSize(3);
    assertThat(redis.execute("HMGET", "spread", "stripes", "groups")).isEqualTo(List.of("6", "3"));
    assertThat(adder.stripes()).isEqualTo(6);
    assertThat(adder.slotGroups()).isEqualTo(3);

    for (int i = 0; i < 6; i++) {
      redis.execute("SET", adder.storedKeys().keys().get(i + 1), Integer.toString(i + 1));
    }
    assertThat(adder.sum()).isEqualTo(21);
    adder.increment();
    assertThat(adder.sum()).isEqualTo(22);
    assertThat(adder.sumThenReset()).isEqualTo(22);
    for (String stripe : adder.storedKeys().keys().subList(1, 7)) {
      assertThat(redis.execute("EXISTS", stripe)).as(stripe).isEqualTo(0L);
    }
    adder.add(5);
    adder.reset();
    assertThat(adder.sum()).isZero();
    assertThat(redis.execute("EXISTS", "spread")).as("the layout stays").isEqualTo(1L);

    adder.add(3);
    assertThat(adder.delete()).isTrue();
    assertThat(redis.execute("EXISTS", "spread")).isEqualTo(0L);
    assertThat(adder.sum()).isZero();
  }

  @Test
  void layout_keyWithAHashTag_groupZeroKeepsIt() {
    HotLongAdder adder = adder("{t}count", 2, 2);
    assertThat(adder.storedKeys().keys()).containsExactly("{t}count", "{t}count:0", "{tcount/1}:1");
  }

  @Test
  void create_otherLayout_throwsIllegalStateAndIllegalArguments() {
    HotConcurrency.on(client).longAdder("layout");
    assertThatThrownBy(() -> adder("layout", 8, 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("4 stripes in 1 slot groups")
        .hasMessageContaining("'layout'");
    assertThatThrownBy(() -> adder("layout", 4, 2)).isInstanceOf(IllegalStateException.class);
    assertThat(adder("layout", HotLongAdder.DEFAULT_STRIPES, 1).sum()).isZero();
    assertThatThrownBy(() -> HotLongAdder.builder().stripes(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HotLongAdder.builder().stripes(HotLongAdder.MAX_STRIPES + 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HotLongAdder.builder().slotGroups(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> adder("other", 2, 3)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void foreignData_clearErrorsNamingTheStripeAndNothingChanged(RedisDeployment redis) {
    redis.execute("SET", "a-string", "x");
    assertThatThrownBy(() -> adder("a-string", 1, 1)).isInstanceOf(HotWrongTypeException.class);
    redis.execute("HSET", "a-hash", "f", "v");
    assertThatThrownBy(() -> adder("a-hash", 1, 1))
        .isInstanceOf(HotRedisException.class)
        .hasMessageContaining("'a-hash'")
        .hasMessageContaining("not a striped adder");
    assertThat(redis.execute("HGETALL", "a-hash")).isEqualTo(List.of("f", "v"));

    HotLongAdder adder = adder("corrupt", 1, 1);
    redis.execute("SET", "{corrupt}:0", "many");
    assertThatThrownBy(adder::increment)
        .isInstanceOf(HotRedisException.class)
        .hasMessageContaining("{corrupt}:0");
    assertThatThrownBy(adder::sum)
        .isInstanceOf(HotRedisException.class)
        .hasMessageContaining("{corrupt}:0")
        .hasMessageContaining("\"many\"");
    assertThatThrownBy(adder::sumThenReset)
        .isInstanceOf(HotRedisException.class)
        .hasMessageContaining("{corrupt}:0")
        .hasMessageContaining("\"many\"");
    assertThat(redis.execute("GET", "{corrupt}:0")).isEqualTo("many");

    redis.execute("SET", "{corrupt}:0", "99999999999999999999");
    assertThatThrownBy(adder::sumThenReset).isInstanceOf(HotRedisException.class);
    assertThat(redis.execute("GET", "{corrupt}:0")).isEqualTo("99999999999999999999");

    redis.execute("DEL", "{corrupt}:0");
    redis.execute("RPUSH", "{corrupt}:0", "x");
    assertThatThrownBy(adder::increment).isInstanceOf(HotWrongTypeException.class);
    assertThatThrownBy(adder::sum)
        .isInstanceOf(HotRedisException.class)
        .hasMessageContaining("holds a list");
    assertThatThrownBy(adder::sumThenReset)
        .isInstanceOf(HotRedisException.class)
        .hasMessageContaining("holds a list");
    assertThat(redis.execute("LLEN", "{corrupt}:0")).isEqualTo(1L);
  }

  @Test
  void transaction_addsQueuedSumDeferred_multiStepRefused() {
    HotLongAdder one = adder("{t}one", 4, 1);
    HotLongAdder spread = adder("{t}spread", 4, 2);
    Deferred<Long> sum;
    try (HotTransaction tx = client.transaction()) {
      one.increment();
      one.add(2);
      sum = tx.defer(one::sum);
      one.reset();
      one.add(7);
      assertThatThrownBy(one::sumThenReset).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(spread::sum).isInstanceOf(IllegalStateException.class);
      tx.commit();
    }
    assertThat(sum.get()).isEqualTo(3);
    assertThat(one.sum()).isEqualTo(7);
  }
}
