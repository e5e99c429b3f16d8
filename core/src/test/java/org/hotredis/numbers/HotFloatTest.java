package org.hotredis.numbers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.hotredis.Deferred;
import org.hotredis.HotClient;
import org.hotredis.HotRedis;
import org.hotredis.HotTransaction;
import org.hotredis.HotWrongTypeException;
import org.hotredis.codec.CodecException;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@RedisTest
final class HotFloatTest {
  private HotClient client;
  private HotFloat f;

  @BeforeEach
  void open(RedisDeployment server) {
    client = HotClient.create(server.uri());
    f = at("f");
  }

  @AfterEach
  void close() {
    client.close();
    HotRedis.reset();
  }

  private HotFloat at(String key) {
    return HotFloat.builder().client(client).key(key).build();
  }

  private static Object raw(RedisDeployment server) {
    return server.execute("GET", "f");
  }

  private static long scriptRuns(RedisDeployment server) {
    return server.commandCalls("evalsha") + server.commandCalls("eval");
  }

  // ---- construction ----

  @Test
  void of_defaultClient_usesHotRedisClient(RedisDeployment server) {
    HotRedis.configure(server.uri());
    HotFloat.builder().key("k").build().set(2.5);
    assertThat(server.execute("GET", "k")).isEqualTo("2.5");
    HotFloat created = HotFloat.builder().build();
    assertThat(UUID.fromString(created.key())).isNotNull();
    assertThat(created.get()).isZero();
  }

  @Test
  void builder_keyAndInitial_replacesAnyValue(RedisDeployment server) {
    server.execute("RPUSH", "f", "a");
    HotFloat.builder().client(client).key("f").initial(0.0).build();
    assertThat(raw(server)).isEqualTo("0.0");
    assertThat(f.get()).isZero();
  }

  @Test
  void builder_nonFiniteInitial_throwsIllegalArgument() {
    assertThatThrownBy(() -> HotFloat.builder().initial(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
  }

  // ---- reading ----

  @Test
  void get_missingKey_isZero() {
    assertThat(f.get()).isEqualTo(0.0);
  }

  @Test
  void get_textWrittenByRedisAndPython_isRead(RedisDeployment server) {
    server.execute("SET", "f", "10");
    assertThat(f.get()).isEqualTo(10.0);
    server.execute("SET", "f", "1e+20");
    assertThat(f.get()).isEqualTo(1e20);
    server.execute("SET", "f", "0.30000000000000004");
    assertThat(f.get()).isEqualTo(0.1 + 0.2);
    server.execute("SET", "f", "-0.0");
    assertThat(f.get()).isEqualTo(-0.0);
    server.execute("SET", "f", "-3.5");
    server.execute("INCRBYFLOAT", "f", "1.25");
    assertThat(f.get()).isEqualTo(-2.25);
  }

  @Test
  void get_notANumber_throwsCodecExceptionNamingKey(RedisDeployment server) {
    server.execute("SET", "f", "abc");
    assertThatThrownBy(f::get)
        .isInstanceOfSatisfying(CodecException.class, e -> assertThat(e.key()).isEqualTo("f"))
        .hasMessageContaining("abc");
    assertThatThrownBy(() -> f.multiplyAndGet(2)).isInstanceOf(CodecException.class);
    assertThatThrownBy(() -> f.addAndGet(2))
        .isInstanceOfSatisfying(CodecException.class, e -> assertThat(e.key()).isEqualTo("f"));
    assertThat(raw(server)).isEqualTo("abc");
  }

  @Test
  void anyMethod_wrongRedisType_throwsHotWrongTypeException(RedisDeployment server) {
    server.execute("SADD", "f", "a");
    List<Runnable> calls =
        List.of(
            f::get,
            () -> f.getAndSet(1),
            () -> f.addAndGet(1),
            () -> f.getAndAdd(1),
            () -> f.divideAndGet(2),
            () -> f.compareAndSet(0, 1));
    for (Runnable call : calls) {
      assertThatThrownBy(call::run)
          .isInstanceOfSatisfying(
              HotWrongTypeException.class,
              e -> {
                assertThat(e.key()).isEqualTo("f");
                assertThat(e.expected()).isEqualTo("string");
                assertThat(e.actual()).isEqualTo("set");
              });
    }
  }

  // ---- set, getAndSet ----

  @Test
  void set_sumOfTenths_roundTripsExactly(RedisDeployment server) {
    f.set(0.1 + 0.2);
    assertThat(raw(server)).isEqualTo("0.30000000000000004");
    assertThat(f.get()).isEqualTo(0.1 + 0.2);
  }

  @Test
  void set_largeAndSmallValues_exactWithoutExponent(RedisDeployment server) {
    double[] values = {
      1e20,
      1e-7,
      -123.456e10,
      Double.MAX_VALUE,
      -Double.MAX_VALUE,
      Double.MIN_VALUE,
      Double.MIN_VALUE * 3
    };
    for (double value : values) {
      f.set(value);
      assertThat((String) raw(server)).as("%s", value).doesNotContainIgnoringCase("e");
      assertThat(f.get()).isEqualTo(value);
    }
    f.set(1e20);
    assertThat(raw(server)).isEqualTo("100000000000000000000");
    f.set(1e-7);
    assertThat(raw(server)).isEqualTo("0.0000001");
  }

  @Test
  void set_nonFinite_throwsIllegalArgumentWithoutWriting(RedisDeployment server) {
    for (double value :
        new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      assertThatThrownBy(() -> f.set(value))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("HotFloat 'f'");
      assertThatThrownBy(() -> f.getAndSet(value)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> f.compareAndSet(0.0, value))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(f.exists()).isFalse();
    assertThat(server.commandCalls("set") + server.commandCalls("get")).isZero();
  }

  @Test
  void getAndSet_returnsPreviousValue(RedisDeployment server) {
    assertThat(f.getAndSet(1.5)).isEqualTo(0.0);
    assertThat(f.getAndSet(-2.25)).isEqualTo(1.5);
    assertThat(f.get()).isEqualTo(-2.25);
    assertThat(raw(server)).isEqualTo("-2.25");
  }

  @Test
  void updates_keepTheTimeToLive(RedisDeployment server) {
    f.set(1);
    f.expire(Duration.ofSeconds(100));
    f.set(2);
    f.addAndGet(1);
    f.multiplyAndGet(2);
    assertThat(f.get()).isEqualTo(6.0);
    assertThat((Long) server.execute("PTTL", "f")).isPositive();
  }

  // ---- addition ----

  @Test
  void addAndGet_missingKey_startsFromZero(RedisDeployment server) {
    assertThat(f.addAndGet(2.5)).isEqualTo(2.5);
    assertThat(raw(server)).isEqualTo("2.5");
    assertThat(f.addAndGet(-4)).isEqualTo(-1.5);
    assertThat(scriptRuns(server)).isEqualTo(2);
  }

  @Test
  void addAndGet_tenths_addsAsJavaDoubles(RedisDeployment server) {
    f.set(0.2);
    assertThat(f.addAndGet(0.1)).isEqualTo(0.2 + 0.1);
    assertThat(raw(server)).isEqualTo("0.30000000000000004");
    assertThat(f.get()).isEqualTo(0.2 + 0.1);
  }

  @Test
  void addAndGet_tinyAmounts_keepEverySignificantDigit(RedisDeployment server) {
    assertThat(f.addAndGet(1e-18)).isEqualTo(1e-18);
    assertThat(f.addAndGet(1e-18)).isEqualTo(2e-18);
    assertThat(raw(server)).isEqualTo("0.000000000000000002");
    f.set(1e-9);
    assertThat(f.addAndGet(1.23e-12)).isEqualTo(1e-9 + 1.23e-12);
    assertThat(f.getAndAdd(-1e-9)).isEqualTo(1e-9 + 1.23e-12);
    assertThat(f.get()).isEqualTo(1e-9 + 1.23e-12 - 1e-9);
  }

  @Test
  void addAndGet_signedZerosSubnormalsAndLargeExponents_matchJava(RedisDeployment server) {
    double[][] cases = {
      {-0.0, -0.0},
      {0.0, -0.0},
      {-0.0, 0.0},
      {1.5, -1.5},
      {Double.MIN_VALUE, Double.MIN_VALUE},
      {Double.MIN_NORMAL, -Double.MIN_VALUE},
      {-Double.MIN_VALUE, 0.0},
      {1e300, 1e300},
      {-Double.MAX_VALUE, 1e292},
      {Math.pow(10, 23), 1},
      {9007199254740992.0, 1},
      {0.1, 1e-17}
    };
    for (double[] c : cases) {
      f.set(c[0]);
      double sum = f.addAndGet(c[1]);
      assertThat(Double.doubleToRawLongBits(sum))
          .as("%s + %s = %s, got %s", c[0], c[1], c[0] + c[1], sum)
          .isEqualTo(Double.doubleToRawLongBits(c[0] + c[1]));
      assertStoredExactly(server, c[0] + c[1]);
    }
    f.delete();
    assertThat(f.addAndGet(-0.0)).isEqualTo(0.0 + -0.0);
    assertThat(raw(server)).isEqualTo("0.0");
  }

  @Test
  void addAndGet_randomValues_matchJavaDoubleArithmetic(RedisDeployment server) {
    long seed = 20_260_417L;
    Random random = new Random(seed);
    for (int i = 0; i < 1_500; i++) {
      double start = randomDouble(random);
      double delta = randomDouble(random);
      double expected = start + delta;
      f.set(start);
      String what = String.format("seed %d, case %d: %s + %s", seed, i, start, delta);
      if (!Double.isFinite(expected)) {
        assertThatThrownBy(() -> f.addAndGet(delta))
            .as(what)
            .isInstanceOf(ArithmeticException.class);
        assertThat(f.get()).as(what).isEqualTo(start);
        continue;
      }
      if (i % 2 == 0) {
        double sum = f.addAndGet(delta);
        assertThat(Double.doubleToRawLongBits(sum))
            .as("%s = %s, got %s", what, expected, sum)
            .isEqualTo(Double.doubleToRawLongBits(expected));
      } else {
        assertThat(Double.doubleToRawLongBits(f.getAndAdd(delta)))
            .as(what)
            .isEqualTo(Double.doubleToRawLongBits(start));
      }
      assertStoredExactly(server, expected);
    }
  }

  /** Asserts the key holds plain decimal text (no exponent) that reads back as exactly a value. */
  private static void assertStoredExactly(RedisDeployment server, double value) {
    String text = (String) raw(server);
    assertThat(text).as("text of %s", value).matches("-?[0-9]+(\\.[0-9]+)?");
    assertThat(Double.doubleToRawLongBits(Double.parseDouble(text)))
        .as("%s read back from '%s'", value, text)
        .isEqualTo(Double.doubleToRawLongBits(value));
  }

  /** A finite double: any bit pattern, everyday magnitudes, subnormals or edge values. */
  private static double randomDouble(Random random) {
    while (true) {
      double d =
          switch (random.nextInt(4)) {
            case 0 -> Double.longBitsToDouble(random.nextLong());
            case 1 -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(60) - 30);
            case 2 -> (random.nextBoolean() ? 1 : -1) * Double.MIN_VALUE * random.nextInt(1 << 20);
            default ->
                List.of(0.0, -0.0, Double.MIN_NORMAL, Double.MAX_VALUE, -1e308, 0.1, 1e-18, 1e16)
                    .get(random.nextInt(8));
          };
      if (Double.isFinite(d)) {
        return d;
      }
    }
  }

  @Test
  void getAndAdd_returnsPreviousValue(RedisDeployment server) {
    assertThat(f.getAndAdd(1.5)).isEqualTo(0.0);
    assertThat(f.getAndAdd(1.5)).isEqualTo(1.5);
    assertThat(f.get()).isEqualTo(3.0);
    f.set(0.1 + 0.2);
    assertThat(f.getAndAdd(1)).isEqualTo(0.1 + 0.2);
    assertThat(scriptRuns(server)).isEqualTo(3);
  }

  @Test
  void addAndGet_resultBeyondDouble_throwsArithmeticAndKeepsValue(RedisDeployment server) {
    f.set(Double.MAX_VALUE);
    Object before = raw(server);
    assertThatThrownBy(() -> f.addAndGet(Double.MAX_VALUE))
        .isInstanceOf(ArithmeticException.class)
        .hasMessage("the result would be NaN or infinite (HotFloat 'f')");
    assertThatThrownBy(() -> f.getAndAdd(Double.MAX_VALUE)).isInstanceOf(ArithmeticException.class);
    assertThat(raw(server)).isEqualTo(before);
  }

  @Test
  void addAndGet_nonFiniteAmount_throwsArithmeticWithoutRoundTrip(RedisDeployment server) {
    f.set(1);
    server.resetStats();
    for (double delta :
        new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      assertThatThrownBy(() -> f.addAndGet(delta)).isInstanceOf(ArithmeticException.class);
      assertThatThrownBy(() -> f.getAndAdd(delta)).isInstanceOf(ArithmeticException.class);
    }
    assertThat(scriptRuns(server)).isZero();
    assertThat(f.get()).isEqualTo(1.0);
  }

  // ---- compare-and-set ----

  @Test
  void compareAndSet_numericComparison(RedisDeployment server) {
    f.set(1.5);
    assertThat(f.compareAndSet(1.25, 2)).isFalse();
    assertThat(raw(server)).isEqualTo("1.5");
    assertThat(f.compareAndSet(1.5, 2)).isTrue();
    assertThat(raw(server)).isEqualTo("2.0");
    server.execute("SET", "f", "1e+20");
    assertThat(f.compareAndSet(1e20, 3)).isTrue();
    assertThat(f.get()).isEqualTo(3.0);
  }

  @Test
  void compareAndSet_zeroAndNegativeZero_differ(RedisDeployment server) {
    f.set(-0.0);
    assertThat(raw(server)).isEqualTo("-0.0");
    assertThat(f.get()).isEqualTo(-0.0);
    assertThat(f.compareAndSet(0.0, 1)).isFalse();
    assertThat(f.compareAndSet(-0.0, 1)).isTrue();
    assertThat(f.get()).isEqualTo(1.0);
  }

  @Test
  void compareAndSet_missingKey_equalsPositiveZero(RedisDeployment server) {
    assertThat(f.compareAndSet(-0.0, 1)).isFalse();
    assertThat(f.exists()).isFalse();
    assertThat(f.compareAndSet(0.0, 1)).isTrue();
    assertThat(raw(server)).isEqualTo("1.0");
  }

  // ---- compare-and-set loops ----

  @Test
  void updateFamily_returnsNewOrPreviousValue() {
    f.set(3);
    assertThat(f.updateAndGet(v -> v / 2)).isEqualTo(1.5);
    assertThat(f.getAndUpdate(v -> v + 1)).isEqualTo(1.5);
    assertThat(f.accumulateAndGet(4, Math::max)).isEqualTo(4.0);
    assertThat(f.getAndAccumulate(0.5, Double::sum)).isEqualTo(4.0);
    assertThat(f.get()).isEqualTo(4.5);
  }

  @Test
  void updateAndGet_anotherWriterIntervenes_retriesOnTheNewValue(RedisDeployment server) {
    f.set(1);
    List<Double> seen = new ArrayList<>();
    double result =
        f.updateAndGet(
            v -> {
              seen.add(v);
              if (seen.size() == 1) {
                server.execute("INCRBYFLOAT", "f", "0.5");
              }
              return v * 10;
            });
    assertThat(seen).containsExactly(1.0, 1.5);
    assertThat(result).isEqualTo(15.0);
    assertThat(raw(server)).isEqualTo("15.0");
  }

  @Test
  void updateAndGet_nonFiniteResult_throwsArithmeticAndKeepsValue(RedisDeployment server) {
    f.set(2);
    assertThatThrownBy(() -> f.updateAndGet(v -> Double.NaN))
        .isInstanceOf(ArithmeticException.class)
        .hasMessage("the result would be NaN (HotFloat 'f')");
    assertThatThrownBy(() -> f.accumulateAndGet(0, (v, x) -> v / x))
        .isInstanceOf(ArithmeticException.class)
        .hasMessage("the result would be Infinity (HotFloat 'f')");
    assertThat(raw(server)).isEqualTo("2.0");
    assertThat(scriptRuns(server)).isZero();
  }

  // ---- Python's operators ----

  @Test
  void multiplyAndGet_javaDoubleArithmetic(RedisDeployment server) {
    f.set(0.1);
    assertThat(f.multiplyAndGet(3)).isEqualTo(0.1 * 3);
    assertThat(raw(server)).isEqualTo("0.30000000000000004");
    f.set(0);
    assertThat(f.multiplyAndGet(-1)).isEqualTo(-0.0);
    assertThat(raw(server)).isEqualTo("-0.0");
  }

  @Test
  void multiplyAndGet_missingKey_startsFromZero(RedisDeployment server) {
    assertThat(f.multiplyAndGet(5)).isEqualTo(0.0);
    assertThat(raw(server)).isEqualTo("0.0");
  }

  @Test
  void multiplyAndGet_overflow_throwsArithmeticAndKeepsValue(RedisDeployment server) {
    f.set(Double.MAX_VALUE);
    Object before = raw(server);
    assertThatThrownBy(() -> f.multiplyAndGet(2))
        .isInstanceOf(ArithmeticException.class)
        .hasMessage("the result would be Infinity (HotFloat 'f')");
    assertThat(raw(server)).isEqualTo(before);
  }

  @Test
  void divideAndGet_trueDivision(RedisDeployment server) {
    // Python 3's /= on the upstream Float rebound the variable and wrote nothing to Redis
    f.set(10);
    assertThat(f.divideAndGet(4)).isEqualTo(2.5);
    assertThat(raw(server)).isEqualTo("2.5");
    assertThat(f.divideAndGet(-0.5)).isEqualTo(-5.0);
  }

  @Test
  void divisions_byZero_throwArithmeticWithoutRoundTrip(RedisDeployment server) {
    f.set(10);
    server.resetStats();
    for (double zero : new double[] {0.0, -0.0}) {
      assertThatThrownBy(() -> f.divideAndGet(zero))
          .isInstanceOf(ArithmeticException.class)
          .hasMessage("division by zero (HotFloat 'f')");
      assertThatThrownBy(() -> f.floorDivAndGet(zero)).isInstanceOf(ArithmeticException.class);
      assertThatThrownBy(() -> f.floorModAndGet(zero)).isInstanceOf(ArithmeticException.class);
    }
    assertThat(server.commandCalls("get")).isZero();
    assertThat(raw(server)).isEqualTo("10.0");
  }

  @Test
  void divideAndGet_overflow_throwsArithmeticAndKeepsValue(RedisDeployment server) {
    f.set(1e308);
    assertThatThrownBy(() -> f.divideAndGet(1e-10)).isInstanceOf(ArithmeticException.class);
    assertThat(f.get()).isEqualTo(1e308);
  }

  @Test
  void floorDivAndGet_pythonSemantics() {
    double[][] cases = {
      // value, divisor, Python's value // divisor
      {-7.5, 2, -4.0},
      {7.5, -2, -4.0},
      {7.5, 2, 3.0},
      {-7.5, -2, 3.0},
      {1.0, 0.1, 9.0},
      {-0.0, 1, -0.0},
      {5.0, Double.POSITIVE_INFINITY, 0.0},
      {-5.0, Double.POSITIVE_INFINITY, -1.0},
    };
    for (double[] c : cases) {
      f.set(c[0]);
      assertThat(f.floorDivAndGet(c[1])).as("%s // %s", c[0], c[1]).isEqualTo(c[2]);
    }
  }

  @Test
  void floorModAndGet_pythonSemantics(RedisDeployment server) {
    double[][] cases = {
      // value, divisor, Python's value % divisor
      {-7.5, 2, 0.5},
      {7.5, -2, -0.5},
      {-7, 3, 2.0},
      {5.0, -3, -1.0},
      {1.0, 0.1, 0.09999999999999995},
      {0.0, -3, -0.0},
      {5.0, Double.POSITIVE_INFINITY, 5.0},
    };
    for (double[] c : cases) {
      f.set(c[0]);
      assertThat(f.floorModAndGet(c[1])).as("%s %% %s", c[0], c[1]).isEqualTo(c[2]);
    }
    f.set(0.0);
    f.floorModAndGet(-3);
    assertThat(raw(server)).isEqualTo("-0.0");
  }

  @Test
  void floorModAndGet_infiniteResult_throwsArithmetic() {
    // Python gives inf for -5.0 % inf, which Redis cannot store
    f.set(-5);
    assertThatThrownBy(() -> f.floorModAndGet(Double.POSITIVE_INFINITY))
        .isInstanceOf(ArithmeticException.class);
    assertThat(f.get()).isEqualTo(-5.0);
  }

  @Test
  void powAndGet_finiteResults() {
    f.set(2);
    assertThat(f.powAndGet(10)).isEqualTo(1024.0);
    assertThat(f.powAndGet(0.5)).isEqualTo(32.0);
    assertThat(f.powAndGet(-1)).isEqualTo(1 / 32.0);
    assertThat(f.powAndGet(0)).isEqualTo(1.0);
  }

  @Test
  void powAndGet_nanOrInfiniteResult_throwsArithmeticAndKeepsValue(RedisDeployment server) {
    f.set(-8);
    assertThatThrownBy(() -> f.powAndGet(1.0 / 3))
        .isInstanceOf(ArithmeticException.class)
        .hasMessage("the result would be NaN (HotFloat 'f')");
    f.set(10);
    assertThatThrownBy(() -> f.powAndGet(400)).isInstanceOf(ArithmeticException.class);
    f.set(0);
    assertThatThrownBy(() -> f.powAndGet(-1)).isInstanceOf(ArithmeticException.class);
    assertThat(raw(server)).isEqualTo("0.0");
  }

  // ---- Number and Object ----

  @Test
  void numberConversions_likeCasts() {
    f.set(-2.7);
    assertThat(f.intValue()).isEqualTo(-2);
    assertThat(f.longValue()).isEqualTo(-2L);
    assertThat(f.floatValue()).isEqualTo(-2.7f);
    assertThat(f.doubleValue()).isEqualTo(-2.7);
    assertThat(f).hasToString("-2.7");
    f.set(1e18);
    assertThat(f.longValue()).isEqualTo(1_000_000_000_000_000_000L);
    f.set(1e20);
    assertThat(f).hasToString("1.0E20");
  }

  @Test
  void equals_isIdentity() {
    HotFloat other = at("f");
    Object self = f;
    assertThat(f.equals(self)).isTrue();
    assertThat(f).isNotEqualTo(other);
  }

  @Test
  void serialization_isRefusedNamingTheAlternative() {
    assertThatThrownBy(() -> new ObjectOutputStream(new ByteArrayOutputStream()).writeObject(f))
        .isInstanceOf(NotSerializableException.class)
        .hasMessageContaining("serialize its key instead");
  }

  // ---- transactions ----

  @Test
  void transaction_setQueuedAndAdditionDeferred(RedisDeployment server) {
    f.set(1);
    Deferred<Double> added;
    Deferred<Double> previous;
    try (HotTransaction tx = client.transaction()) {
      f.set(2.5);
      assertThatThrownBy(() -> f.addAndGet(1))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("HotFloat.addAndGet");
      added = tx.defer(() -> f.addAndGet(0.25));
      previous = tx.defer(() -> f.getAndAdd(1));
      assertThat(raw(server)).isEqualTo("1.0");
      tx.commit();
    }
    assertThat(added.get()).isEqualTo(2.75);
    assertThat(previous.get()).isEqualTo(2.75);
    assertThat(f.get()).isEqualTo(3.75);
  }

  @Test
  void transaction_compareAndSetLoops_areRefused(RedisDeployment server) {
    f.set(2);
    try (HotTransaction tx = client.transaction()) {
      assertThatThrownBy(() -> f.divideAndGet(2))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("several round trips");
      assertThatThrownBy(() -> f.compareAndSet(2, 3)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> f.updateAndGet(v -> v)).isInstanceOf(IllegalStateException.class);
      assertThat(tx.size()).isZero();
    }
    assertThat(raw(server)).isEqualTo("2.0");
  }

  @Test
  void optimistic_multiplyAndGet_commitsWithTheBody(RedisDeployment server) {
    f.set(1.5);
    double result = client.optimistic(List.of(f), tx -> f.multiplyAndGet(4));
    assertThat(result).isEqualTo(6.0);
    assertThat(raw(server)).isEqualTo("6.0");
  }
}
