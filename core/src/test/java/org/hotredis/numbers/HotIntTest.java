package org.hotredis.numbers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.hotredis.Deferred;
import org.hotredis.HotClient;
import org.hotredis.HotRedis;
import org.hotredis.HotTransaction;
import org.hotredis.HotTransactionException;
import org.hotredis.HotWrongTypeException;
import org.hotredis.codec.CodecException;
import org.hotredis.testing.JvmProcess;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@RedisTest
final class HotIntTest {
  private static final long TWO_TO_53 = 1L << 53;

  /** A second key in the slot of "n" (its hash tag), so transactions over both run on a cluster. */
  private static final String M = "{n}m";

  private HotClient client;
  private HotInt n;

  @BeforeEach
  void open(RedisDeployment server) {
    client = HotClient.create(server.uri());
    n = at("n");
  }

  @AfterEach
  void close() {
    client.close();
    HotRedis.reset();
  }

  private HotInt at(String key) {
    return HotInt.builder().client(client).key(key).build();
  }

  private HotInt holding(long value) {
    return HotInt.builder().client(client).key("n").initial(value).build();
  }

  private static Object raw(RedisDeployment server) {
    return server.execute("GET", "n");
  }

  // ---- construction ----

  @Test
  void builder_noClient_usesHotRedisClient(RedisDeployment server) {
    HotRedis.configure(server.uri());
    HotInt.builder().key("k").build().set(5);
    assertThat(server.execute("GET", "k")).isEqualTo("5");
    assertThat(HotInt.builder().key("k").build().client()).isSameAs(HotRedis.client());
  }

  @Test
  void builder_noKey_randomKeyReadsZeroWithoutWriting(RedisDeployment server) {
    HotRedis.configure(server.uri());
    HotInt created = HotInt.builder().build();
    assertThat(UUID.fromString(created.key())).isNotNull();
    assertThat(created.get()).isZero();
    assertThat(created.exists()).isFalse();
    assertThat(server.commandCalls("set")).isZero();
  }

  @Test
  void builder_keyAndInitial_replacesValueAndTtlWithOneSet(RedisDeployment server) {
    server.execute("SET", "n", "abc", "EX", "100");
    server.resetStats();
    HotInt replaced = holding(7);
    assertThat(server.commandCalls("set")).isEqualTo(1);
    assertThat(server.commandCalls("multi")).isZero();
    assertThat(raw(server)).isEqualTo("7");
    assertThat(server.execute("PTTL", "n")).isEqualTo(-1L);
    assertThat(replaced.get()).isEqualTo(7);
  }

  @Test
  void builder_initialZero_isStored(RedisDeployment server) {
    holding(0);
    assertThat(raw(server)).isEqualTo("0");
  }

  @Test
  void builder_initialWithoutKey_storesAtRandomKey(RedisDeployment server) {
    HotInt created = HotInt.builder().client(client).initial(-3).build();
    assertThat(server.execute("GET", created.key())).isEqualTo("-3");
  }

  @Test
  void builder_nullKey_throwsNullPointerException() {
    assertThatThrownBy(() -> HotInt.builder().key(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> HotInt.builder().key(null).build())
        .isInstanceOf(NullPointerException.class);
  }

  // ---- reading ----

  @Test
  void get_missingKey_isZero() {
    assertThat(n.get()).isZero();
    assertThat(n.exists()).isFalse();
  }

  @Test
  void get_textWrittenByOtherClients_isRead(RedisDeployment server) {
    server.execute("SET", "n", "42");
    assertThat(n.get()).isEqualTo(42);
    server.execute("SET", "n", "007");
    assertThat(n.get()).isEqualTo(7);
    server.execute("SET", "n", "-9223372036854775808");
    assertThat(n.get()).isEqualTo(Long.MIN_VALUE);
    server.execute("SET", "n", "9223372036854775807");
    assertThat(n.get()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void get_aboveTwoTo53_isExact(RedisDeployment server) {
    server.execute("SET", "n", "9007199254740993");
    assertThat(n.get()).isEqualTo(TWO_TO_53 + 1);
  }

  @Test
  void get_notAnInteger_throwsCodecExceptionNamingKey(RedisDeployment server) {
    for (String text : List.of("abc", "1e+20", "2.5", "9223372036854775808")) {
      server.execute("SET", "n", text);
      assertThatThrownBy(n::get)
          .as(text)
          .isInstanceOfSatisfying(CodecException.class, e -> assertThat(e.key()).isEqualTo("n"))
          .hasMessageContaining("key 'n'")
          .hasMessageContaining(text);
    }
  }

  @Test
  void anyMethod_wrongRedisType_throwsHotWrongTypeException(RedisDeployment server) {
    server.execute("RPUSH", "n", "a");
    List<Runnable> calls =
        List.of(
            n::get,
            () -> n.getAndSet(1),
            n::incrementAndGet,
            () -> n.addAndGet(2),
            () -> n.multiplyAndGet(2),
            () -> n.compareAndSet(0, 1));
    for (Runnable call : calls) {
      assertThatThrownBy(call::run)
          .isInstanceOfSatisfying(
              HotWrongTypeException.class,
              e -> {
                assertThat(e.key()).isEqualTo("n");
                assertThat(e.expected()).isEqualTo("string");
                assertThat(e.actual()).isEqualTo("list");
              });
    }
    assertThat(server.execute("LRANGE", "n", "0", "-1")).isEqualTo(List.of("a"));
    // SET replaces a value of any type, as it does for every Redis client
    n.set(1);
    assertThat(n.get()).isEqualTo(1);
  }

  // ---- set, getAndSet ----

  @Test
  void set_extremesAndZero_storedAsDecimalText(RedisDeployment server) {
    n.set(Long.MIN_VALUE);
    assertThat(raw(server)).isEqualTo("-9223372036854775808");
    assertThat(n.get()).isEqualTo(Long.MIN_VALUE);
    n.set(Long.MAX_VALUE);
    assertThat(raw(server)).isEqualTo("9223372036854775807");
    n.set(0);
    assertThat(raw(server)).isEqualTo("0");
  }

  @Test
  void updates_keepTheTimeToLive(RedisDeployment server) {
    n.set(1);
    n.expire(Duration.ofSeconds(100));
    n.set(2);
    n.getAndSet(3);
    n.addAndGet(1);
    n.multiplyAndGet(2);
    assertThat(n.get()).isEqualTo(8);
    assertThat((Long) server.execute("PTTL", "n")).isPositive();
  }

  @Test
  void getAndSet_returnsPreviousValue(RedisDeployment server) {
    assertThat(n.getAndSet(5)).isZero();
    assertThat(n.getAndSet(Long.MIN_VALUE)).isEqualTo(5);
    assertThat(n.getAndSet(9)).isEqualTo(Long.MIN_VALUE);
    assertThat(server.commandCalls("set")).isEqualTo(3);
    assertThat(server.commandCalls("get")).isZero();
    assertThat(raw(server)).isEqualTo("9");
  }

  // ---- INCRBY family ----

  @Test
  void incrementAndDecrement_returnNewOrPreviousValue() {
    assertThat(n.incrementAndGet()).isEqualTo(1);
    assertThat(n.getAndIncrement()).isEqualTo(1);
    assertThat(n.get()).isEqualTo(2);
    assertThat(n.decrementAndGet()).isEqualTo(1);
    assertThat(n.getAndDecrement()).isEqualTo(1);
    assertThat(n.getAndDecrement()).isZero();
    assertThat(n.get()).isEqualTo(-1);
  }

  @Test
  void addAndGet_oneIncrby_returnsNewValue(RedisDeployment server) {
    assertThat(n.addAndGet(10)).isEqualTo(10);
    assertThat(n.addAndGet(-25)).isEqualTo(-15);
    assertThat(server.commandCalls("incrby")).isEqualTo(2);
    assertThat(server.commandCalls("get")).isZero();
  }

  @Test
  void getAndAdd_returnsPreviousValue() {
    n.set(7);
    assertThat(n.getAndAdd(5)).isEqualTo(7);
    assertThat(n.getAndAdd(-20)).isEqualTo(12);
    assertThat(n.get()).isEqualTo(-8);
    n.set(0);
    assertThat(n.getAndAdd(Long.MIN_VALUE)).isZero();
    assertThat(n.get()).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void addAndGet_aboveTwoTo53_staysExact(RedisDeployment server) {
    n.set(9007199254740993L);
    assertThat(n.addAndGet(2)).isEqualTo(9007199254740995L);
    assertThat(raw(server)).isEqualTo("9007199254740995");
  }

  @Test
  void addFamily_overflow_throwsArithmeticExceptionAndKeepsValue(RedisDeployment server) {
    n.set(Long.MAX_VALUE);
    assertThatThrownBy(n::incrementAndGet)
        .isInstanceOf(ArithmeticException.class)
        .hasMessageContaining("HotInt 'n'");
    assertThatThrownBy(() -> n.addAndGet(1)).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> n.getAndAdd(1)).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(n::getAndIncrement).isInstanceOf(ArithmeticException.class);
    assertThat(raw(server)).isEqualTo("9223372036854775807");
    n.set(Long.MIN_VALUE);
    assertThatThrownBy(n::decrementAndGet).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> n.addAndGet(-1)).isInstanceOf(ArithmeticException.class);
    assertThat(raw(server)).isEqualTo("-9223372036854775808");
  }

  @Test
  void updates_textNotAnInteger_throwCodecExceptionNamingKeyAndKeepIt(RedisDeployment server) {
    server.execute("SET", "n", "abc");
    List<Runnable> updates =
        List.of(() -> n.addAndGet(1), () -> n.multiplyAndGet(2), () -> n.compareAndSet(0, 1));
    for (Runnable update : updates) {
      assertThatThrownBy(update::run)
          .isInstanceOfSatisfying(CodecException.class, e -> assertThat(e.key()).isEqualTo("n"));
    }
    assertThat(raw(server)).isEqualTo("abc");
  }

  // ---- compare-and-set ----

  @Test
  void compareAndSet_matches_setsAndReturnsTrue(RedisDeployment server) {
    n.set(5);
    assertThat(n.compareAndSet(5, 6)).isTrue();
    // two round trips: GET, then one script (which runs a GET of its own)
    assertThat(server.commandCalls("evalsha") + server.commandCalls("eval")).isEqualTo(1);
    assertThat(server.commandCalls("get")).isEqualTo(2);
    assertThat(raw(server)).isEqualTo("6");
  }

  @Test
  void compareAndSet_differs_returnsFalseWithoutWriting(RedisDeployment server) {
    n.set(5);
    assertThat(n.compareAndSet(4, 6)).isFalse();
    assertThat(raw(server)).isEqualTo("5");
    assertThat(server.commandCalls("evalsha") + server.commandCalls("eval")).isZero();
  }

  @Test
  void compareAndSet_missingKey_equalsZero(RedisDeployment server) {
    assertThat(n.compareAndSet(1, 2)).isFalse();
    assertThat(n.exists()).isFalse();
    assertThat(n.compareAndSet(0, 2)).isTrue();
    assertThat(raw(server)).isEqualTo("2");
  }

  @Test
  void compareAndSet_textNotInCanonicalForm_comparesAsNumber(RedisDeployment server) {
    server.execute("SET", "n", "007");
    assertThat(n.compareAndSet(7, 8)).isTrue();
    assertThat(raw(server)).isEqualTo("8");
  }

  @Test
  void compareAndSet_extremes_exact(RedisDeployment server) {
    n.set(Long.MAX_VALUE);
    assertThat(n.compareAndSet(Long.MAX_VALUE - 1, 0)).isFalse();
    assertThat(n.compareAndSet(Long.MAX_VALUE, Long.MIN_VALUE)).isTrue();
    assertThat(raw(server)).isEqualTo("-9223372036854775808");
  }

  // ---- compare-and-set loops ----

  @Test
  void updateFamily_returnsNewOrPreviousValue() {
    n.set(3);
    assertThat(n.updateAndGet(v -> v * 10)).isEqualTo(30);
    assertThat(n.getAndUpdate(v -> v + 1)).isEqualTo(30);
    assertThat(n.accumulateAndGet(4, Math::max)).isEqualTo(31);
    assertThat(n.getAndAccumulate(100, Long::sum)).isEqualTo(31);
    assertThat(n.get()).isEqualTo(131);
  }

  @Test
  void updateAndGet_anotherWriterIntervenes_retriesOnTheNewValue(RedisDeployment server) {
    n.set(1);
    List<Long> seen = new ArrayList<>();
    long result =
        n.updateAndGet(
            v -> {
              seen.add(v);
              if (seen.size() == 1) {
                server.execute("SET", "n", "100");
              }
              return v + 1;
            });
    assertThat(seen).containsExactly(1L, 100L);
    assertThat(result).isEqualTo(101);
    // the failed compare-and-set answered with the new text, so the retry is one round trip:
    // one GET by the client, one inside each of the two script runs
    assertThat(server.commandCalls("evalsha") + server.commandCalls("eval")).isEqualTo(2);
    assertThat(server.commandCalls("get")).isEqualTo(3);
    assertThat(raw(server)).isEqualTo("101");
  }

  @Test
  void updateAndGet_sameNumberRespelledMeanwhile_retriesOnce(RedisDeployment server) {
    server.execute("SET", "n", "5");
    List<Long> seen = new ArrayList<>();
    long result =
        n.updateAndGet(
            v -> {
              seen.add(v);
              if (seen.size() == 1) {
                server.execute("SET", "n", "05");
              }
              return v + 1;
            });
    assertThat(seen).containsExactly(5L, 5L);
    assertThat(result).isEqualTo(6);
    assertThat(raw(server)).isEqualTo("6");
  }

  @Test
  void updateAndGet_functionThrows_writesNothing(RedisDeployment server) {
    n.set(1);
    IllegalStateException failure = new IllegalStateException("no");
    assertThatThrownBy(
            () ->
                n.updateAndGet(
                    v -> {
                      throw failure;
                    }))
        .isSameAs(failure);
    assertThat(raw(server)).isEqualTo("1");
    assertThat(server.commandCalls("evalsha") + server.commandCalls("eval")).isZero();
  }

  @Test
  void updateAndGet_missingKey_startsFromZero(RedisDeployment server) {
    assertThat(n.updateAndGet(v -> v - 4)).isEqualTo(-4);
    assertThat(raw(server)).isEqualTo("-4");
  }

  // ---- Python's operators ----

  @Test
  void multiplyAndGet_exactIn64Bits(RedisDeployment server) {
    n.set(6);
    assertThat(n.multiplyAndGet(7)).isEqualTo(42);
    assertThat(n.multiplyAndGet(-1)).isEqualTo(-42);
    n.set(TWO_TO_53 + 1);
    assertThat(n.multiplyAndGet(3)).isEqualTo(27021597764222979L);
    assertThat(raw(server)).isEqualTo("27021597764222979");
    n.set(1L << 62);
    assertThat(n.multiplyAndGet(-2)).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void multiplyAndGet_overflow_throwsNamingObjectAndKeepsValue(RedisDeployment server) {
    n.set(Long.MIN_VALUE);
    assertThatThrownBy(() -> n.multiplyAndGet(-1))
        .isInstanceOf(ArithmeticException.class)
        .hasMessage("long overflow (HotInt 'n')");
    n.set(10);
    assertThatThrownBy(() -> n.multiplyAndGet(1_000_000_000_000_000_000L))
        .isInstanceOf(ArithmeticException.class);
    assertThat(raw(server)).isEqualTo("10");
  }

  @Test
  void floorDivAndGet_pythonFloorSemantics() {
    n.set(-7);
    assertThat(n.floorDivAndGet(2)).isEqualTo(-4);
    n.set(7);
    assertThat(n.floorDivAndGet(-2)).isEqualTo(-4);
    n.set(-7);
    assertThat(n.floorDivAndGet(-2)).isEqualTo(3);
    n.set(7);
    assertThat(n.floorDivAndGet(2)).isEqualTo(3);
    n.set(Long.MIN_VALUE);
    assertThat(n.floorDivAndGet(2)).isEqualTo(Long.MIN_VALUE / 2);
  }

  @Test
  void floorDivAndGet_byZero_throwsWithoutRoundTrip(RedisDeployment server) {
    n.set(7);
    server.resetStats();
    assertThatThrownBy(() -> n.floorDivAndGet(0))
        .isInstanceOf(ArithmeticException.class)
        .hasMessage("division by zero (HotInt 'n')");
    assertThatThrownBy(() -> n.floorModAndGet(0)).isInstanceOf(ArithmeticException.class);
    assertThat(server.commandCalls("get")).isZero();
    assertThat(raw(server)).isEqualTo("7");
  }

  @Test
  void floorDivAndGet_minValueByMinusOne_overflows(RedisDeployment server) {
    n.set(Long.MIN_VALUE);
    assertThatThrownBy(() -> n.floorDivAndGet(-1))
        .isInstanceOf(ArithmeticException.class)
        .hasMessage("long overflow (HotInt 'n')");
    assertThat(raw(server)).isEqualTo("-9223372036854775808");
  }

  @Test
  void floorModAndGet_pythonSignOfDivisor() {
    n.set(-7);
    assertThat(n.floorModAndGet(3)).isEqualTo(2);
    n.set(7);
    assertThat(n.floorModAndGet(-3)).isEqualTo(-2);
    n.set(-7);
    assertThat(n.floorModAndGet(-3)).isEqualTo(-1);
    n.set(Long.MIN_VALUE);
    assertThat(n.floorModAndGet(-1)).isZero();
    n.set(Long.MIN_VALUE);
    assertThat(n.floorModAndGet(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE - 1);
  }

  @Test
  void powAndGet_exact(RedisDeployment server) {
    n.set(10);
    assertThat(n.powAndGet(18)).isEqualTo(1_000_000_000_000_000_000L);
    assertThat(raw(server)).isEqualTo("1000000000000000000");
    n.set(-2);
    assertThat(n.powAndGet(63)).isEqualTo(Long.MIN_VALUE);
    n.set(3);
    assertThat(n.powAndGet(39)).isEqualTo(4052555153018976267L);
    n.set(0);
    assertThat(n.powAndGet(0)).isEqualTo(1);
    n.set(-1);
    assertThat(n.powAndGet(Integer.MAX_VALUE)).isEqualTo(-1);
    n.set(1L << 32);
    assertThat(n.powAndGet(1)).isEqualTo(1L << 32);
  }

  @Test
  void powAndGet_overflow_throwsInsteadOfExponentText(RedisDeployment server) {
    // upstream stored "1e+20" here, which broke every later INCRBY
    n.set(10);
    assertThatThrownBy(() -> n.powAndGet(20))
        .isInstanceOf(ArithmeticException.class)
        .hasMessage("long overflow (HotInt 'n')");
    n.set(2);
    assertThatThrownBy(() -> n.powAndGet(63)).isInstanceOf(ArithmeticException.class);
    assertThat(raw(server)).isEqualTo("2");
    assertThat(n.addAndGet(1)).isEqualTo(3);
  }

  @Test
  void powAndGet_negativeExponent_throwsIllegalArgumentWithoutRoundTrip(RedisDeployment server) {
    n.set(2);
    server.resetStats();
    assertThatThrownBy(() -> n.powAndGet(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HotInt 'n'");
    assertThat(server.commandCalls("get")).isZero();
  }

  @Test
  void bitwise_all64BitsWithNegatives(RedisDeployment server) {
    n.set(-1);
    assertThat(n.andAndGet(0xFF)).isEqualTo(255);
    n.set(-8);
    assertThat(n.orAndGet(3)).isEqualTo(-5);
    assertThat(n.xorAndGet(-1)).isEqualTo(4);
    n.set(1L << 40);
    assertThat(n.orAndGet(1)).isEqualTo((1L << 40) + 1);
    n.set(Long.MIN_VALUE);
    assertThat(n.xorAndGet(Long.MAX_VALUE)).isEqualTo(-1);
    assertThat(n.andAndGet(Long.MIN_VALUE)).isEqualTo(Long.MIN_VALUE);
    assertThat(raw(server)).isEqualTo("-9223372036854775808");
  }

  @Test
  void shiftLeftAndGet_beyond32Bits_neverLosesBits(RedisDeployment server) {
    n.set(1);
    assertThat(n.shiftLeftAndGet(40)).isEqualTo(1L << 40);
    assertThat(raw(server)).isEqualTo("1099511627776");
    n.set(-1);
    assertThat(n.shiftLeftAndGet(63)).isEqualTo(Long.MIN_VALUE);
    n.set(-3);
    assertThat(n.shiftLeftAndGet(2)).isEqualTo(-12);
    n.set(0);
    assertThat(n.shiftLeftAndGet(1000)).isZero();
    n.set(5);
    assertThat(n.shiftLeftAndGet(0)).isEqualTo(5);
  }

  @Test
  void shiftLeftAndGet_bitsWouldBeLost_throwsAndKeepsValue(RedisDeployment server) {
    for (long value : new long[] {1, 3, -3}) {
      for (int bits : new int[] {62, 63, 64, 100}) {
        if (value == 1 && bits == 62) {
          continue;
        }
        n.set(value);
        assertThatThrownBy(() -> n.shiftLeftAndGet(bits))
            .as(value + " << " + bits)
            .isInstanceOf(ArithmeticException.class)
            .hasMessage("long overflow (HotInt 'n')");
        assertThat(n.get()).isEqualTo(value);
      }
    }
    assertThatThrownBy(() -> n.shiftLeftAndGet(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shiftRightAndGet_arithmeticLikePython() {
    n.set(-1);
    assertThat(n.shiftRightAndGet(1)).isEqualTo(-1);
    n.set(-7);
    assertThat(n.shiftRightAndGet(1)).isEqualTo(-4);
    n.set(7);
    assertThat(n.shiftRightAndGet(1)).isEqualTo(3);
    n.set(7);
    assertThat(n.shiftRightAndGet(100)).isZero();
    n.set(-7);
    assertThat(n.shiftRightAndGet(64)).isEqualTo(-1);
    n.set(Long.MIN_VALUE);
    assertThat(n.shiftRightAndGet(63)).isEqualTo(-1);
    assertThatThrownBy(() -> n.shiftRightAndGet(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyUpdate_storesPlainDecimalDigits(RedisDeployment server) {
    n.set(TWO_TO_53 - 1);
    List<Consumer<HotInt>> updates =
        List.of(
            i -> i.multiplyAndGet(1000),
            i -> i.floorDivAndGet(-3),
            i -> i.addAndGet(Long.MAX_VALUE / 2),
            i -> i.floorModAndGet(1L << 60),
            i -> i.shiftLeftAndGet(2),
            i -> i.xorAndGet(-12345),
            i -> i.powAndGet(1),
            i -> i.shiftRightAndGet(5));
    for (Consumer<HotInt> update : updates) {
      update.accept(n);
      assertThat((String) raw(server)).matches("-?[0-9]+").isEqualTo(Long.toString(n.get()));
    }
  }

  // ---- Number and Object ----

  @Test
  void numberConversions_likeAtomicLong() {
    n.set((1L << 32) + 5);
    assertThat(n.intValue()).isEqualTo(5);
    assertThat(n.longValue()).isEqualTo((1L << 32) + 5);
    assertThat(n.doubleValue()).isEqualTo(4294967301.0);
    assertThat(n.floatValue()).isEqualTo((float) ((1L << 32) + 5));
    assertThat(n.byteValue()).isEqualTo((byte) 5);
    n.set(-42);
    assertThat(n).hasToString("-42");
  }

  @Test
  void equals_isIdentity() {
    HotInt other = at("n");
    n.set(3);
    Object self = n;
    assertThat(n.equals(self)).isTrue();
    assertThat(n).isNotEqualTo(other);
    assertThat(n.hashCode()).isEqualTo(System.identityHashCode(n));
  }

  @Test
  void serialization_isRefusedNamingTheAlternative() {
    assertThatThrownBy(() -> new ObjectOutputStream(new ByteArrayOutputStream()).writeObject(n))
        .isInstanceOf(NotSerializableException.class)
        .hasMessageContaining("serialize its key instead");
  }

  // ---- transactions ----

  @Test
  void transaction_blindCallsAreQueued(RedisDeployment server) {
    try (HotTransaction tx = client.transaction()) {
      n.set(5);
      HotInt.builder().client(client).key(M).initial(9).build();
      assertThat(tx.size()).isEqualTo(2);
      assertThat(server.execute("EXISTS", "n", M)).isEqualTo(0L);
      tx.commit();
    }
    assertThat(raw(server)).isEqualTo("5");
    assertThat(server.execute("GET", M)).isEqualTo("9");
  }

  @Test
  void transaction_computedResultNeedsDefer() {
    n.set(41);
    Deferred<Long> incremented;
    Deferred<Long> previous;
    Deferred<Long> swapped;
    Deferred<Long> read;
    try (HotTransaction tx = client.transaction()) {
      assertThatThrownBy(n::incrementAndGet)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("HotInt.incrementAndGet")
          .hasMessageContaining("tx.defer");
      assertThatThrownBy(n::get).isInstanceOf(IllegalStateException.class);
      incremented = tx.defer(n::incrementAndGet);
      previous = tx.defer(() -> n.getAndAdd(10));
      swapped = tx.defer(() -> n.getAndSet(-1));
      read = tx.defer(n::get);
      tx.commit();
    }
    assertThat(incremented.get()).isEqualTo(42);
    assertThat(previous.get()).isEqualTo(42);
    assertThat(swapped.get()).isEqualTo(52);
    assertThat(read.get()).isEqualTo(-1);
  }

  @Test
  void transaction_compareAndSetLoops_areRefused(RedisDeployment server) {
    n.set(2);
    List<Runnable> loops =
        List.of(
            () -> n.multiplyAndGet(2),
            () -> n.compareAndSet(2, 3),
            () -> n.updateAndGet(v -> v + 1),
            () -> n.shiftLeftAndGet(1));
    try (HotTransaction tx = client.transaction()) {
      for (Runnable loop : loops) {
        assertThatThrownBy(loop::run)
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("HotInt 'n'")
            .hasMessageContaining("several round trips");
        assertThatThrownBy(() -> tx.defer(() -> n.multiplyAndGet(2)))
            .isInstanceOf(IllegalStateException.class);
      }
      assertThat(tx.size()).isZero();
    }
    assertThat(raw(server)).isEqualTo("2");
  }

  @Test
  void optimistic_readThenSet_commits() {
    n.set(21);
    long doubled =
        client.optimistic(
            List.of(n),
            tx -> {
              long value = n.get();
              n.set(value * 2);
              return value * 2;
            });
    assertThat(doubled).isEqualTo(42);
    assertThat(n.get()).isEqualTo(42);
  }

  @Test
  void optimistic_compareAndSetMethods_readNowAndQueueTheWrite(RedisDeployment server) {
    n.set(3);
    HotInt other = at(M);
    other.set(100);
    long result =
        client.optimistic(
            List.of(n, other),
            tx -> {
              long rest = other.get();
              long moved = n.multiplyAndGet(2);
              other.set(rest - moved);
              assertThat(tx.size()).isEqualTo(2);
              assertThatThrownBy(() -> other.compareAndSet(100, 0))
                  .isInstanceOf(IllegalStateException.class)
                  .hasMessageContaining("Do all reads before the first write");
              return moved;
            });
    assertThat(result).isEqualTo(6);
    assertThat(raw(server)).isEqualTo("6");
    assertThat(server.execute("GET", M)).isEqualTo("94");
  }

  @Test
  void optimistic_watchedValueChanges_rerunsTheBody(RedisDeployment server) {
    n.set(3);
    int[] attempts = {0};
    long result =
        client.optimistic(
            List.of(n),
            tx -> {
              long value = n.multiplyAndGet(2);
              if (attempts[0]++ == 0) {
                server.execute("SET", "n", "10");
              }
              return value;
            });
    assertThat(attempts[0]).isEqualTo(2);
    assertThat(result).isEqualTo(20);
    assertThat(raw(server)).isEqualTo("20");
  }

  @Test
  void optimistic_unwatchedValueChanges_failsTheExecInsteadOfLosingTheUpdate(
      RedisDeployment server) {
    n.set(3);
    HotInt watched = at(M);
    assertThatThrownBy(
            () ->
                client.optimistic(
                    List.of(watched),
                    tx -> {
                      n.multiplyAndGet(2);
                      server.execute("SET", "n", "10");
                      return null;
                    }))
        .isInstanceOfSatisfying(
            HotTransactionException.class, e -> assertThat(e.getMessage()).contains("HotInt 'n'"))
        .hasMessageContaining("changed after the optimistic transaction read it");
    assertThat(raw(server)).isEqualTo("10");
  }

  @Test
  void optimistic_compareAndSetLoopInDefer_isRefused(RedisDeployment server) {
    n.set(3);
    assertThatThrownBy(
            () -> client.optimistic(List.of(n), tx -> tx.defer(() -> n.multiplyAndGet(2))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("several round trips");
    assertThat(raw(server)).isEqualTo("3");
  }

  // ---- many processes ----

  @Test
  @Timeout(180)
  void manyProcesses_concurrentUpdates_loseNothing(RedisDeployment server) {
    int processes = 4;
    int threads = 2;
    int increments = 2_500;
    int additions = 500;
    int multiplications = 200;
    List<JvmProcess> children = new ArrayList<>();
    try {
      for (int p = 0; p < processes; p++) {
        children.add(
            JvmProcess.builder(IntHammer.class)
                .args(
                    server.uri(),
                    "n",
                    Integer.toString(threads),
                    Integer.toString(increments),
                    Integer.toString(additions),
                    Integer.toString(multiplications))
                .start());
      }
      for (JvmProcess child : children) {
        assertThat(child.waitFor(Duration.ofMinutes(2))).as(child.output()).isZero();
        assertThat(child.output()).contains("done");
      }
    } finally {
      children.forEach(JvmProcess::close);
    }
    assertThat(n.get()).isEqualTo((long) processes * threads * (increments + additions * 3));
    assertThat(n.get()).isEqualTo(32_000);
    assertThat(server.commandCalls("incr")).isEqualTo((long) processes * threads * increments);
    assertThat(server.commandCalls("incrby")).isEqualTo((long) processes * threads * additions);
    // each multiplication ran the compare-and-set script at least once, more when it lost a race
    assertThat(server.commandCalls("evalsha") + server.commandCalls("eval"))
        .isGreaterThanOrEqualTo((long) processes * threads * multiplications);
  }
}
