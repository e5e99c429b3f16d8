package org.hotredis.numbers;

import static java.util.Objects.requireNonNull;

import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamException;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.hotredis.Arguments;
import org.hotredis.HotBuilder;
import org.hotredis.HotClient;
import org.hotredis.HotObject;
import org.hotredis.RedisBinding;
import org.hotredis.Replies;
import org.hotredis.Script;
import org.hotredis.ScriptCall;
import org.hotredis.StoredKeys;
import org.hotredis.codec.CodecException;
import org.hotredis.codec.Codecs;
import org.hotredis.shaded.redis.clients.jedis.BuilderFactory;
import org.hotredis.shaded.redis.clients.jedis.params.SetParams;
import org.jspecify.annotations.Nullable;

/**
 * A {@code double} in Redis that any number of processes update atomically: Guava's {@code
 * AtomicDouble} over the network, and the Python HOT Redis {@code Float}.
 *
 * <pre>{@code
 * HotFloat balance = client.floating("balance");
 * balance.addAndGet(2.5);                  // one round trip (one script)
 * balance.divideAndGet(4);                 // Python's balance /= 4
 * double now = balance.get();
 * }</pre>
 *
 * <p>Redis holds the value as decimal text without exponent ({@code "0.30000000000000004"}, as
 * {@link Codecs#doubles()} writes it: digits that read back as exactly the same {@code double}),
 * which {@code INCRBYFLOAT}, {@code redis-cli}, Python's {@code float()} and the Python HOT Redis
 * read; reading accepts what they write ({@code "1e+20"}, {@code "10"}). A missing key reads as
 * 0.0. NaN and the infinities cannot be stored, because Redis refuses to do arithmetic on them:
 * {@link #set} refuses them, and an update whose result would be one throws {@link
 * ArithmeticException} without changing anything.
 *
 * <p>Every update gives exactly what the same operation on {@code double} gives in Java, {@code
 * -0.0}, subnormal numbers and large exponents included. Addition ({@link #addAndGet}, {@link
 * #getAndAdd}) is one script, one round trip, atomic: Redis parses the stored text and the amount
 * as doubles, adds them with IEEE double arithmetic (Lua numbers are doubles) and stores the sum as
 * the shortest plain decimal that reads back as the same double, so {@code 0.2 + 0.1} stores {@code
 * "0.30000000000000004"} and {@code 1e-18 + 1e-18} stores {@code "0.000000000000000002"}. It does
 * not use {@code INCRBYFLOAT}, which adds in {@code long double} and keeps 17 decimal places (it
 * would lose {@code 1e-18} entirely); values that other clients change with {@code INCRBYFLOAT} are
 * read all the same. Every other update ({@code compareAndSet}, {@code updateAndGet},
 * multiplication, division, Python's floor division, modulo and power) is computed in Java with
 * {@code double} arithmetic and written by compare-and-set: read the stored text, compute, then one
 * script replaces the text only if the key still holds exactly what was read, otherwise the
 * computation is repeated. That is atomic and costs two round trips when no other client writes in
 * between. Inside an optimistic transaction ({@link HotClient#optimistic}) the read runs at once
 * and the conditional write is queued: call such a method after the body's other reads, on an
 * object the transaction watches (the write of an unwatched object that changed fails the
 * transaction). Inside a plain transaction these methods throw {@link IllegalStateException}. Every
 * update keeps the key's time to live, as {@code INCRBYFLOAT} does.
 *
 * <p>Values are compared as {@link Double#compare} does: {@code 0.0} and {@code -0.0} differ (both
 * are stored, as {@code "0.0"} and {@code "-0.0"}).
 *
 * <p>A {@code HotFloat} is equal only to itself: its value changes over time and lives in Redis, so
 * compare {@link #get()} values instead. It is a handle on a key and cannot be serialized;
 * serialize its {@link #key()} instead.
 */
public final class HotFloat extends Number implements HotObject {
  private static final Script ADD = Script.load(HotFloat.class, "lua/float-add.lua");

  /** The key this handle is bound to (a handle is never serialized). */
  private final RedisBinding redis;

  /** How the number is stored. */
  private final StoredNumber<Double> stored;

  private HotFloat(RedisBinding redis) {
    this.redis = redis;
    this.stored = new StoredNumber<>(redis, Codecs.doubles(), 0.0);
  }

  /**
   * Returns a builder, for a key, a client or an initial value.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public StoredKeys storedKeys() {
    return redis;
  }

  RedisBinding redis() {
    return redis;
  }

  // ---- AtomicDouble ----

  /**
   * Returns the current value; 0.0 if the key does not exist. One round trip ({@code GET}).
   *
   * @return the value
   * @throws CodecException if the key holds text that is not a decimal number
   */
  public double get() {
    return redis.read(Replies.withReply(redis.commands().get(redis.rawKey()), stored.value()));
  }

  /**
   * Sets the value, keeping the key's time to live. One round trip ({@code SET KEEPTTL}). Atomic.
   *
   * @param value the new value, finite
   * @throws IllegalArgumentException if the value is NaN or infinite; no round trip
   */
  public void set(double value) {
    redis.send(
        redis
            .commands()
            .set(redis.rawKey(), encodeArgument(value), SetParams.setParams().keepTtl()));
  }

  /**
   * Sets the value and returns the previous one, keeping the key's time to live. One round trip
   * ({@code SET GET KEEPTTL}). Atomic. If the key held text that is not a number, it is replaced
   * all the same and {@link CodecException} reports that text.
   *
   * @param value the new value, finite
   * @return the previous value; 0.0 if the key did not exist
   * @throws IllegalArgumentException if the value is NaN or infinite; no round trip
   */
  public double getAndSet(double value) {
    return redis.write(
        Replies.withReply(
            redis
                .commands()
                .setGet(redis.rawKey(), encodeArgument(value), SetParams.setParams().keepTtl()),
            stored.value()));
  }

  /**
   * Adds an amount and returns the new value, the sum Java's {@code +} on {@code double} gives:
   * Python's {@code +=} (and {@code -=} with a negated amount). One round trip (one script).
   * Atomic.
   *
   * @param delta the amount, negative to subtract
   * @return the new value
   * @throws ArithmeticException if the result would be NaN or infinite (a non-finite {@code delta}
   *     fails without a round trip); nothing is changed
   */
  public double addAndGet(double delta) {
    return redis.write(add(delta, 1));
  }

  /**
   * Adds an amount and returns the previous value; the new value is the sum Java's {@code +} on
   * {@code double} gives. One round trip (one script). Atomic.
   *
   * @param delta the amount, negative to subtract
   * @return the previous value; 0.0 if the key did not exist
   * @throws ArithmeticException if the result would be NaN or infinite (a non-finite {@code delta}
   *     fails without a round trip); nothing is changed
   */
  public double getAndAdd(double delta) {
    return redis.write(add(delta, 0));
  }

  /**
   * Sets the value to {@code update} if it equals {@code expect} as {@link Double#compare} decides:
   * {@code 0.0} and {@code -0.0} differ. Atomic (compare-and-set, retried on conflict): two round
   * trips when uncontended.
   *
   * @param expect the value expected
   * @param update the new value, finite
   * @return true if the value was {@code expect} and is now {@code update}
   * @throws IllegalArgumentException if {@code update} is NaN or infinite; no round trip
   * @throws IllegalStateException inside a plain transaction
   */
  public boolean compareAndSet(double expect, double update) {
    checkFinite(update);
    return stored.compareAndSet(value -> Double.compare(value, expect) == 0, update);
  }

  /**
   * Applies a function to the value and returns the new value. Atomic (compare-and-set, retried on
   * conflict): two round trips when uncontended. The function runs again each time another client
   * changed the value in between, so it must have no side effects.
   *
   * @param function computes the new value from the current one
   * @return the new value
   * @throws ArithmeticException if the function returns NaN or an infinity; nothing is changed
   * @throws IllegalStateException inside a plain transaction
   */
  public double updateAndGet(DoubleUnaryOperator function) {
    requireNonNull(function, "function");
    return update(function, true);
  }

  /**
   * Applies a function to the value and returns the previous value. Atomic (compare-and-set,
   * retried on conflict): two round trips when uncontended. The function may run several times, so
   * it must have no side effects.
   *
   * @param function computes the new value from the current one
   * @return the previous value
   * @throws ArithmeticException if the function returns NaN or an infinity; nothing is changed
   * @throws IllegalStateException inside a plain transaction
   */
  public double getAndUpdate(DoubleUnaryOperator function) {
    requireNonNull(function, "function");
    return update(function, false);
  }

  /**
   * Combines the value with {@code x} and returns the new value. Atomic (compare-and-set, retried
   * on conflict): two round trips when uncontended. The function may run several times, so it must
   * have no side effects.
   *
   * @param x the second operand
   * @param function computes the new value from the current one (first argument) and {@code x}
   * @return the new value
   * @throws ArithmeticException if the function returns NaN or an infinity; nothing is changed
   * @throws IllegalStateException inside a plain transaction
   */
  public double accumulateAndGet(double x, DoubleBinaryOperator function) {
    requireNonNull(function, "function");
    return update(value -> function.applyAsDouble(value, x), true);
  }

  /**
   * Combines the value with {@code x} and returns the previous value. Atomic (compare-and-set,
   * retried on conflict): two round trips when uncontended. The function may run several times, so
   * it must have no side effects.
   *
   * @param x the second operand
   * @param function computes the new value from the current one (first argument) and {@code x}
   * @return the previous value
   * @throws ArithmeticException if the function returns NaN or an infinity; nothing is changed
   * @throws IllegalStateException inside a plain transaction
   */
  public double getAndAccumulate(double x, DoubleBinaryOperator function) {
    requireNonNull(function, "function");
    return update(value -> function.applyAsDouble(value, x), false);
  }

  // ---- Python's in-place operators ----

  /**
   * Multiplies the value and returns the result: Python's {@code *=}. Atomic (compare-and-set,
   * retried on conflict): two round trips when uncontended.
   *
   * @param factor the factor
   * @return the new value
   * @throws ArithmeticException if the result would be NaN or infinite; nothing is changed
   */
  public double multiplyAndGet(double factor) {
    return update(value -> value * factor, true);
  }

  /**
   * Divides the value and returns the result: Python 3's true division {@code /=}. Atomic
   * (compare-and-set, retried on conflict): two round trips when uncontended.
   *
   * @param divisor the divisor
   * @return the new value
   * @throws ArithmeticException if the divisor is zero (no round trip), or the result would be NaN
   *     or infinite; nothing is changed
   */
  public double divideAndGet(double divisor) {
    checkDivisor(divisor);
    return update(value -> value / divisor, true);
  }

  /**
   * Divides the value, rounding towards negative infinity, and returns the result: Python's {@code
   * //=} on floats, computed as Python computes it ({@code -7.5 // 2 == -4.0}; {@code 1.0 // 0.1 ==
   * 9.0}, because 0.1 is slightly more than one tenth). Atomic (compare-and-set, retried on
   * conflict): two round trips when uncontended.
   *
   * @param divisor the divisor
   * @return the new value
   * @throws ArithmeticException if the divisor is zero (no round trip), or the result would be NaN
   *     or infinite; nothing is changed
   */
  public double floorDivAndGet(double divisor) {
    checkDivisor(divisor);
    return update(value -> floorDiv(value, divisor), true);
  }

  /**
   * Replaces the value with its modulo, which has the divisor's sign, and returns it: Python's
   * {@code %=} on floats, computed as Python computes it ({@code -7.5 % 2 == 0.5}). Atomic
   * (compare-and-set, retried on conflict): two round trips when uncontended.
   *
   * @param divisor the divisor
   * @return the new value
   * @throws ArithmeticException if the divisor is zero (no round trip), or the result would be NaN
   *     or infinite; nothing is changed
   */
  public double floorModAndGet(double divisor) {
    checkDivisor(divisor);
    return update(value -> floorMod(value, divisor), true);
  }

  /**
   * Raises the value to a power and returns the result: Python's {@code **=}, as {@link Math#pow}
   * computes it. Atomic (compare-and-set, retried on conflict): two round trips when uncontended.
   *
   * @param exponent the exponent
   * @return the new value
   * @throws ArithmeticException if the result would be NaN (a negative value to a fractional power)
   *     or infinite (overflow, or zero to a negative power); nothing is changed
   */
  public double powAndGet(double exponent) {
    return update(value -> Math.pow(value, exponent), true);
  }

  // ---- Number ----

  /**
   * Returns the value as an {@code int}, as the {@code (int)} cast converts it. One round trip
   * ({@code GET}).
   */
  @Override
  public int intValue() {
    return (int) get();
  }

  /**
   * Returns the value as a {@code long}, as the {@code (long)} cast converts it. One round trip
   * ({@code GET}).
   */
  @Override
  public long longValue() {
    return (long) get();
  }

  /** Returns the value as the nearest {@code float}. One round trip ({@code GET}). */
  @Override
  public float floatValue() {
    return (float) get();
  }

  /** Returns the value. One round trip ({@code GET}). */
  @Override
  public double doubleValue() {
    return get();
  }

  // ---- Object ----

  /**
   * Returns the value as {@link Double#toString(double)} writes it. One round trip ({@code GET}).
   *
   * @return the value's text
   */
  @Override
  public String toString() {
    return Double.toString(get());
  }

  // ---- the read-compute-write loop ----

  private double update(DoubleUnaryOperator function, boolean returnNew) {
    StoredNumber.Change<Double> change =
        stored.update(
            value -> {
              double next = function.applyAsDouble(value);
              if (!Double.isFinite(next)) {
                throw new ArithmeticException(
                    "the result would be " + next + " (" + redis.describe() + ")");
              }
              return next;
            });
    return returnNew ? change.next() : change.previous();
  }

  /** Encodes a value given by the caller: NaN and the infinities are illegal arguments. */
  private byte[] encodeArgument(double value) {
    checkFinite(value);
    return redis.encode(Codecs.doubles(), value);
  }

  private void checkFinite(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(
          "cannot store "
              + value
              + " ("
              + redis.describe()
              + "): Redis can only do arithmetic on finite numbers");
    }
  }

  /** Prepares {@code float-add.lua}, whose reply is the text before (index 0) and after (1). */
  private ScriptCall<Double> add(double delta, int index) {
    if (!Double.isFinite(delta)) {
      throw new ArithmeticException(
          "the result would be NaN or infinite: adding " + delta + " (" + redis.describe() + ")");
    }
    return ADD.call(
        Replies.map(
            BuilderFactory.RAW_OBJECT_LIST, texts -> stored.value().build(texts.get(index))),
        List.of(redis.rawKey()),
        List.of(Arguments.of(delta)));
  }

  private void checkDivisor(double divisor) {
    if (divisor == 0.0) {
      throw new ArithmeticException("division by zero (" + redis.describe() + ")");
    }
  }

  /** Python's float {@code //}: CPython's {@code float_floor_div}, exact where Python is. */
  private static double floorDiv(double a, double b) {
    double mod = a % b;
    double div = (a - mod) / b;
    if (mod != 0.0 && (b < 0) != (mod < 0)) {
      div -= 1.0;
    }
    if (div == 0.0) {
      return Math.copySign(0.0, a / b);
    }
    double floor = Math.floor(div);
    return div - floor > 0.5 ? floor + 1.0 : floor;
  }

  /** Python's float {@code %}: CPython's {@code float_rem}; the result has the divisor's sign. */
  private static double floorMod(double a, double b) {
    double mod = a % b;
    if (mod == 0.0) {
      return Math.copySign(0.0, b);
    }
    return (b < 0) != (mod < 0) ? mod + b : mod;
  }

  // ---- serialization ----

  /**
   * Refuses to serialize a handle on a Redis key: serialize its key instead.
   *
   * @return never
   * @throws ObjectStreamException always, a {@link NotSerializableException}
   */
  private Object writeReplace() throws ObjectStreamException {
    throw new NotSerializableException(
        "HotFloat is a handle on a Redis key; serialize its key instead");
  }

  /**
   * Refuses to deserialize a handle on a Redis key.
   *
   * @param in the stream, not read
   * @throws NotSerializableException always
   */
  private void readObject(ObjectInputStream in) throws NotSerializableException {
    throw new NotSerializableException(
        "HotFloat is a handle on a Redis key; serialize its key instead");
  }

  /** Builds a {@link HotFloat}: its key, client and initial value. */
  public static final class Builder extends HotBuilder<Builder> {
    private @Nullable Double initial;

    private Builder() {}

    /**
     * Sets the initial value, stored when the object is built; with a key, it replaces whatever the
     * key held (a single {@code SET}, so atomic), its time to live included.
     *
     * @param initial the initial value, finite; 0.0 is stored too
     * @return this builder
     * @throws IllegalArgumentException if the value is NaN or infinite
     */
    public Builder initial(double initial) {
      if (!Double.isFinite(initial)) {
        throw new IllegalArgumentException(
            "cannot store " + initial + ": Redis can only do arithmetic on finite numbers");
      }
      this.initial = initial;
      return this;
    }

    /**
     * Builds the number. One round trip ({@code SET}) with an initial value, queued inside a
     * transaction; none otherwise.
     *
     * @return the number
     */
    public HotFloat build() {
      HotFloat value = new HotFloat(RedisBinding.of(client(), key(), "HotFloat", "string"));
      Double start = initial;
      if (start != null) {
        value.redis.send(
            value.redis.commands().set(value.redis.rawKey(), value.encodeArgument(start)));
      }
      return value;
    }
  }
}
