package org.hotredis.collections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.hotredis.HotClient;
import org.hotredis.HotTransaction;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Behaviour of {@link HotDefaultDict}: Python HOT Redis parity (reference §5.2 item 14), the
 * upstream DefaultDict defects shown absent (§8: a mixed return type, the factory called on every
 * access, a non-atomic {@code d[k] += x}), the Map contract of {@code get}, and transactions.
 */
@RedisTest
final class HotDefaultDictTest {
  private static final String KEY = "defaults";

  private HotClient client;

  @BeforeEach
  void open(RedisDeployment server) {
    client = HotClient.create(server.uri());
  }

  @AfterEach
  void close() {
    client.close();
  }

  // ---- Python parity (reference §5.2 item 14) ----

  @Test
  void augmentedAssignment_concatenatesOntoTheFactoryDefault() {
    HotDefaultDict<String, String> c = strings(() -> "");
    String a = "wagwaan";
    String b = "hot";

    assertThat(c.updateAndGet(b, v -> v + a)).isEqualTo(a);
    assertThat(c.getOrCreate(b)).isEqualTo(a);
    assertThat(c.updateAndGet(b, v -> v + a)).isEqualTo(a + a);
  }

  @Test
  void getOrCreate_absent_storesAndReturnsTheFactoryValue(RedisDeployment server) {
    HotDefaultDict<String, String> d = strings(() -> "fresh");

    assertThat(d.getOrCreate("k")).isEqualTo("fresh");

    assertThat(server.execute("HGET", KEY, "k")).isEqualTo("fresh");
  }

  // ---- the Python defects (reference §8) ----

  @Test
  void getOrCreate_present_neverCallsTheFactory_andIsOneRoundTrip(RedisDeployment server) {
    AtomicInteger calls = new AtomicInteger();
    HotDefaultDict<String, String> d =
        strings(
            () -> {
              calls.incrementAndGet();
              return "made";
            });
    d.set("k", "stored");
    server.resetStats();

    assertThat(d.getOrCreate("k")).isEqualTo("stored");
    assertThat(d.getOrCreate("k")).isEqualTo("stored");

    assertThat(calls.get()).isZero();
    assertThat(server.commandCalls("hget")).isEqualTo(2);
    assertThat(server.commandCalls("evalsha")).isZero();
  }

  @Test
  void getOrCreate_absent_callsTheFactoryOnce_inTwoRoundTrips(RedisDeployment server) {
    AtomicInteger calls = new AtomicInteger();
    HotDefaultDict<String, String> d =
        strings(
            () -> {
              calls.incrementAndGet();
              return "made";
            });
    server.resetStats();

    assertThat(d.getOrCreate("k")).isEqualTo("made");
    assertThat(d.getOrCreate("k")).isEqualTo("made");

    assertThat(calls.get()).isEqualTo(1);
    assertThat(server.commandCalls("evalsha")).isEqualTo(1);
  }

  @Test
  void getOrCreate_returnsTheStoredTypeEveryTime() {
    HotDefaultDict<String, Long> d =
        HotDefaultDict.builder(String.class, Long.class, () -> 0L).client(client).key(KEY).build();

    Object first = d.getOrCreate("n");
    Object second = d.getOrCreate("n");

    assertThat(first).isInstanceOf(Long.class).isEqualTo(0L);
    assertThat(second).isInstanceOf(Long.class).isEqualTo(0L);
  }

  @Test
  void getOrCreate_anotherClientWinsTheRace_returnsTheirValue(RedisDeployment server) {
    HotDefaultDict<String, Long> d =
        HotDefaultDict.builder(
                String.class,
                Long.class,
                () -> {
                  server.execute("HSET", KEY, "n", "42");
                  return 0L;
                })
            .client(client)
            .key(KEY)
            .build();

    assertThat(d.getOrCreate("n")).isEqualTo(42L);
    assertThat(d.get("n")).isEqualTo(42L);
  }

  @Test
  @Timeout(120)
  void getOrCreate_racingThreads_allReturnTheOneStoredValue() throws Exception {
    AtomicInteger made = new AtomicInteger();
    HotDefaultDict<String, String> d = strings(() -> "v" + made.incrementAndGet());
    for (int round = 0; round < 30; round++) {
      String key = "k" + round;

      List<String> seen = Race.run(8, t -> d.getOrCreate(key));

      assertThat(new HashSet<>(seen)).containsExactly(d.get(key));
    }
    assertThat(made.get()).isBetween(30, 30 * 8);
  }

  @Test
  @Timeout(120)
  void updateAndGet_racingThreads_loseNoUpdate() throws Exception {
    HotDefaultDict<String, Long> d =
        HotDefaultDict.builder(String.class, Long.class, () -> 0L).client(client).key(KEY).build();

    Race.run(
        8,
        t -> {
          for (int i = 0; i < 250; i++) {
            d.updateAndGet("n", n -> n + 1);
          }
          return null;
        });

    assertThat(d.get("n")).isEqualTo(2_000L);
  }

  // ---- the Map contract ----

  @Test
  void get_absent_returnsNullAndCreatesNothing(RedisDeployment server) {
    AtomicInteger calls = new AtomicInteger();
    HotDefaultDict<String, String> d =
        strings(
            () -> {
              calls.incrementAndGet();
              return "made";
            });

    assertThat(d.get("k")).isNull();
    assertThat(d.containsKey("k")).isFalse();
    assertThat(d.getOrDefault("k", "x")).isEqualTo("x");
    assertThat(d.keySet()).isEmpty();

    assertThat(calls.get()).isZero();
    assertThat(server.execute("EXISTS", KEY)).isEqualTo(0L);
  }

  @Test
  void factoryReturningNull_isRefusedAndStoresNothing(RedisDeployment server) {
    HotDefaultDict<String, String> d = strings(() -> null);

    assertThatThrownBy(() -> d.getOrCreate("k"))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("default factory returned null");
    assertThat(server.execute("EXISTS", KEY)).isEqualTo(0L);
  }

  @Test
  void builder_initial_replacesAndKeepsTheFactory() {
    strings(() -> "x").set("old", "1");

    HotDefaultDict<String, String> d =
        HotDefaultDict.builder(String.class, String.class, () -> "d")
            .client(client)
            .key(KEY)
            .initial(Map.of("a", "1"))
            .build();

    assertThat(d.snapshot()).isEqualTo(Map.of("a", "1"));
    assertThat(d.getOrCreate("b")).isEqualTo("d");
  }

  @Test
  void copyAndFromKeys_keepTypeAndFactory() {
    HotDefaultDict<String, String> d = strings(() -> "d");
    d.set("a", "1");

    HotDefaultDict<String, String> copy = d.copy();
    HotDefaultDict<String, String> made = d.fromKeys(List.of("x"), "0");

    assertThat(copy.key()).isNotEqualTo(KEY);
    assertThat(copy.snapshot()).isEqualTo(Map.of("a", "1"));
    assertThat(copy.getOrCreate("b")).isEqualTo("d");
    assertThat(copy.defaultFactory()).isSameAs(d.defaultFactory());
    assertThat(made.snapshot()).isEqualTo(Map.of("x", "0"));
    assertThat(made.getOrCreate("y")).isEqualTo("d");
    assertThat(d.snapshot()).isEqualTo(Map.of("a", "1"));
  }

  @Test
  void isAHotDict_sharingTheHashWithOne() {
    HotDict<String, String> asDict = strings(() -> "d");
    HotDict<String, String> plain =
        HotDict.builder(String.class, String.class).client(client).key(KEY).build();

    asDict.set("a", "1");

    assertThat(plain.get("a")).isEqualTo("1");
    assertThat(asDict).isEqualTo(plain);
  }

  // ---- transactions ----

  @Test
  void transaction_getOrCreate_isRefused_setIsQueued() {
    HotDefaultDict<String, String> d = strings(() -> "d");
    try (HotTransaction tx = client.transaction()) {
      assertThatThrownBy(() -> d.getOrCreate("k"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("several round trips");
      d.set("k", "v");
      tx.commit();
    }
    assertThat(d.getOrCreate("k")).isEqualTo("v");
  }

  @Test
  void optimistic_getOrCreate_queuesTheStore() {
    HotDefaultDict<String, String> d = strings(() -> "d");

    String value = client.optimistic(List.of(d), tx -> d.getOrCreate("k"));

    assertThat(value).isEqualTo("d");
    assertThat(d.get("k")).isEqualTo("d");
  }

  private HotDefaultDict<String, String> strings(Supplier<String> factory) {
    return HotDefaultDict.builder(String.class, String.class, factory)
        .client(client)
        .key(KEY)
        .build();
  }
}
