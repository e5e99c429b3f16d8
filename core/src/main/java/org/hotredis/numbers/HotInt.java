package org.hotredis.numbers;

import static java.util.Objects.requireNonNull;

import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamException;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;
import org.hotredis.HotBuilder;
import org.hotredis.HotClient;
import org.hotredis.HotObject;
import org.hotredis.RedisBinding;
import org.hotredis.Replies;
import org.hotredis.StoredKeys;
import org.hotredis.codec.CodecException;
import org.hotredis.codec.Codecs;
import org.hotredis.shaded.redis.clients.jedis.params.SetParams;
import org.jspecify.annotations.Nullable;

/**
 * A 64-bit integer in Redis that any number of processes update atomically: an {@link
 * java.util.concurrent.atomic.AtomicLong} over the network, and the Python HOT Redis {@code Int}.
 *
 * <pre>{@code
 * HotInt hits = client.integer("hits");
 * hits.incrementAndGet();                  // one round trip (INCR)
 * hits.multiplyAndGet(3);                  // Python's hits *= 3, exact in 64 bits
 * long now = hits.get();
 * }</pre>
 *
 * <p>Redis holds the value as a string of decimal digits ({@code "42"}), which {@code redis-cli},
 * {@code INCRBY} and the Python HOT Redis read and write; a missing key reads as 0. Every value of
 * {@code long} is exact: it is never parsed through a {@code double} nor stored in exponent
 * notation.
 *
 * <p>Addition ({@code addAndGet}, {@code incrementAndGet} and their {@code getAnd...} forms) is one
 * {@code INCRBY}: one round trip, atomic. Every other update (multiplication, Python's floor
 * division and modulo, powers, bitwise operators, shifts, {@code compareAndSet}, {@code
 * updateAndGet}...) is computed in Java with exact arithmetic and written by compare-and-set: read
 * the stored text, compute, then one script replaces the text only if the key still holds exactly
 * what was read, otherwise the computation is repeated on the new value. That is atomic and costs
 * two round trips when no other client writes in between. Inside an optimistic transaction ({@link
 * HotClient#optimistic}) the read runs at once and the conditional write is queued: call such a
 * method after the body's other reads, on an object the transaction watches (the write of an
 * unwatched object that changed fails the transaction). Inside a plain transaction these methods
 * throw {@link IllegalStateException}. Every update keeps the key's time to live, as {@code INCRBY}
 * does.
 *
 * <p>Results follow Python's integer semantics (floor division and modulo round towards negative
 * infinity; shifts never lose bits) within 64 bits: a result outside the range of {@code long}
 * throws {@link ArithmeticException} and leaves the stored value unchanged.
 *
 * <p>Like {@code AtomicLong}, a {@code HotInt} is equal only to itself: its value changes over time
 * and lives in Redis, so compare {@link #get()} values instead, and do not use it as a key in hash
 * maps expecting value semantics. It is a handle on a key and cannot be serialized; serialize its
 * {@link #key()} instead.
 */
public final class HotInt extends Number implements HotObject {
  /** The key this handle is bound to (a handle is never serialized). */
  private final RedisBinding redis;

  /** How the number is stored. */
  private final StoredNumber<Long> stored;

  private HotInt(RedisBinding redis) {
    this.redis = redis;
    this.stored = new StoredNumber<>(redis, Codecs.longs(), 0L);
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

  // ---- AtomicLong ----

  /**
   * Returns the current value; 0 if the key does not exist. One round trip ({@code GET}).
   *
   * @return the value
   * @throws CodecException if the key holds text that is not a decimal {@code long}
   */
  public long get() {
    return redis.read(Replies.withReply(redis.commands().get(redis.rawKey()), stored.value()));
  }

  /**
   * Sets the value, keeping the key's time to live. One round trip ({@code SET KEEPTTL}). Atomic.
   *
   * @param value the new value
   */
  public void set(long value) {
    redis.send(
        redis.commands().set(redis.rawKey(), encode(value), SetParams.setParams().keepTtl()));
  }

  /**
   * Sets the value and returns the previous one, keeping the key's time to live. One round trip
   * ({@code SET GET KEEPTTL}). Atomic. If the key held text that is not an integer, it is replaced
   * all the same and {@link CodecException} reports that text.
   *
   * @param value the new value
   * @return the previous value; 0 if the key did not exist
   */
  public long getAndSet(long value) {
    return redis.write(
        Replies.withReply(
            redis.commands().setGet(redis.rawKey(), encode(value), SetParams.setParams().keepTtl()),
            stored.value()));
  }

  /**
   * Adds one and returns the new value. One round trip ({@code INCR}). Atomic.
   *
   * @return the new value
   * @throws ArithmeticException if the value is {@code Long.MAX_VALUE}
   */
  public long incrementAndGet() {
    return redis.write(redis.commands().incr(redis.rawKey()));
  }

  /**
   * Subtracts one and returns the new value. One round trip ({@code DECR}). Atomic.
   *
   * @return the new value
   * @throws ArithmeticException if the value is {@code Long.MIN_VALUE}
   */
  public long decrementAndGet() {
    return redis.write(redis.commands().decr(redis.rawKey()));
  }

  /**
   * Adds one and returns the previous value. One round trip ({@code INCR}). Atomic.
   *
   * @return the previous value
   * @throws ArithmeticException if the value is {@code Long.MAX_VALUE}
   */
  public long getAndIncrement() {
    return redis.write(Replies.map(redis.commands().incr(redis.rawKey()), next -> next - 1));
  }

  /**
   * Subtracts one and returns the previous value. One round trip ({@code DECR}). Atomic.
   *
   * @return the previous value
   * @throws ArithmeticException if the value is {@code Long.MIN_VALUE}
   */
  public long getAndDecrement() {
    return redis.write(Replies.map(redis.commands().decr(redis.rawKey()), next -> next + 1));
  }

  /**
   * Adds an amount and returns the new value: Python's {@code +=} (and {@code -=} with a negated
   * amount). One round trip ({@code INCRBY}). Atomic.
   *
   * @param delta the amount, negative to subtract
   * @return the new value
   * @throws ArithmeticException if the result overflows {@code long}; nothing is changed
   */
  public long addAndGet(long delta) {
    return redis.write(redis.commands().incrBy(redis.rawKey(), delta));
  }

  /**
   * Adds an amount and returns the previous value. One round trip ({@code INCRBY}). Atomic.
   *
   * @param delta the amount, negative to subtract
   * @return the previous value
   * @throws ArithmeticException if the result overflows {@code long}; nothing is changed
   */
  public long getAndAdd(long delta) {
    return redis.write(
        Replies.map(redis.commands().incrBy(redis.rawKey(), delta), next -> next - delta));
  }

  /**
   * Sets the value to {@code update} if it equals {@code expect}. Atomic (compare-and-set, retried
   * on conflict): two round trips when uncontended. The stored value is compared as a number, so
   * text another client wrote as {@code "007"} equals 7.
   *
   * @param expect the value expected
   * @param update the new value
   * @return true if the value was {@code expect} and is now {@code update}
   * @throws IllegalStateException inside a plain transaction
   */
  public boolean compareAndSet(long expect, long update) {
    return stored.compareAndSet(value -> value == expect, update);
  }

  /**
   * Applies a function to the value and returns the new value. Atomic (compare-and-set, retried on
   * conflict): two round trips when uncontended. The function runs again each time another client
   * changed the value in between, so it must have no side effects.
   *
   * @param function computes the new value from the current one
   * @return the new value
   * @throws IllegalStateException inside a plain transaction
   */
  public long updateAndGet(LongUnaryOperator function) {
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
   * @throws IllegalStateException inside a plain transaction
   */
  public long getAndUpdate(LongUnaryOperator function) {
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
   * @throws IllegalStateException inside a plain transaction
   */
  public long accumulateAndGet(long x, LongBinaryOperator function) {
    requireNonNull(function, "function");
    return update(value -> function.applyAsLong(value, x), true);
  }

  /**
   * Combines the value with {@code x} and returns the previous value. Atomic (compare-and-set,
   * retried on conflict): two round trips when uncontended. The function may run several times, so
   * it must have no side effects.
   *
   * @param x the second operand
   * @param function computes the new value from the current one (first argument) and {@code x}
   * @return the previous value
   * @throws IllegalStateException inside a plain transaction
   */
  public long getAndAccumulate(long x, LongBinaryOperator function) {
    requireNonNull(function, "function");
    return update(value -> function.applyAsLong(value, x), false);
  }

  // ---- Python's in-place operators, exact in 64 bits ----

  /**
   * Multiplies the value and returns the result: Python's {@code *=}. Atomic (compare-and-set,
   * retried on conflict): two round trips when uncontended.
   *
   * @param factor the factor
   * @return the new value
   * @throws ArithmeticException if the result overflows {@code long}; nothing is changed
   */
  public long multiplyAndGet(long factor) {
    return exact(value -> Math.multiplyExact(value, factor));
  }

  /**
   * Divides the value, rounding towards negative infinity, and returns the result: Python's {@code
   * //=}, as {@link Math#floorDiv(long, long)} ({@code -7 // 2 == -4}). Atomic (compare-and-set,
   * retried on conflict): two round trips when uncontended.
   *
   * @param divisor the divisor
   * @return the new value
   * @throws ArithmeticException if the divisor is 0 (no round trip), or for {@code Long.MIN_VALUE
   *     // -1}, which overflows; nothing is changed
   */
  public long floorDivAndGet(long divisor) {
    checkDivisor(divisor);
    return exact(
        value -> {
          if (value == Long.MIN_VALUE && divisor == -1) {
            throw new ArithmeticException("long overflow");
          }
          return Math.floorDiv(value, divisor);
        });
  }

  /**
   * Replaces the value with its modulo, which has the divisor's sign, and returns it: Python's
   * {@code %=}, as {@link Math#floorMod(long, long)} ({@code -7 % 3 == 2}). Atomic
   * (compare-and-set, retried on conflict): two round trips when uncontended.
   *
   * @param divisor the divisor
   * @return the new value
   * @throws ArithmeticException if the divisor is 0 (no round trip); nothing is changed
   */
  public long floorModAndGet(long divisor) {
    checkDivisor(divisor);
    return exact(value -> Math.floorMod(value, divisor));
  }

  /**
   * Raises the value to a power and returns the result: Python's {@code **=}, exact. Atomic
   * (compare-and-set, retried on conflict): two round trips when uncontended.
   *
   * @param exponent the exponent, not negative ({@code 0 ** 0 == 1})
   * @return the new value
   * @throws IllegalArgumentException if the exponent is negative (the result would not be an
   *     integer); no round trip
   * @throws ArithmeticException if the result overflows {@code long}; nothing is changed
   */
  public long powAndGet(int exponent) {
    if (exponent < 0) {
      throw new IllegalArgumentException(
          "negative exponent "
              + exponent
              + " ("
              + redis.describe()
              + "): the result is no integer");
    }
    return exact(value -> pow(value, exponent));
  }

  /**
   * Replaces the value with its bitwise AND with a mask: Python's {@code &=}, on all 64 bits (two's
   * complement, negative values included). Atomic (compare-and-set, retried on conflict): two round
   * trips when uncontended.
   *
   * @param mask the mask
   * @return the new value
   */
  public long andAndGet(long mask) {
    return update(value -> value & mask, true);
  }

  /**
   * Replaces the value with its bitwise OR with a mask: Python's {@code |=}, on all 64 bits. Atomic
   * (compare-and-set, retried on conflict): two round trips when uncontended.
   *
   * @param mask the mask
   * @return the new value
   */
  public long orAndGet(long mask) {
    return update(value -> value | mask, true);
  }

  /**
   * Replaces the value with its bitwise XOR with a mask: Python's {@code ^=}, on all 64 bits.
   * Atomic (compare-and-set, retried on conflict): two round trips when uncontended.
   *
   * @param mask the mask
   * @return the new value
   */
  public long xorAndGet(long mask) {
    return update(value -> value ^ mask, true);
  }

  /**
   * Shifts the value left, multiplying it by {@code 2^bits}, and returns the result: Python's
   * {@code <<=}, which never loses bits ({@code 1 << 40 == 2^40}). Atomic (compare-and-set, retried
   * on conflict): two round trips when uncontended.
   *
   * @param bits how far to shift, not negative
   * @return the new value
   * @throws IllegalArgumentException if {@code bits} is negative; no round trip
   * @throws ArithmeticException if bits would be lost, because the result overflows {@code long};
   *     nothing is changed
   */
  public long shiftLeftAndGet(int bits) {
    checkShift(bits);
    return exact(value -> shiftLeft(value, bits));
  }

  /**
   * Shifts the value right, dividing it by {@code 2^bits} rounded towards negative infinity, and
   * returns the result: Python's {@code >>=}, arithmetic ({@code -1 >> 1 == -1}; any shift of 64
   * bits or more gives 0 or -1). Atomic (compare-and-set, retried on conflict): two round trips
   * when uncontended.
   *
   * @param bits how far to shift, not negative
   * @return the new value
   * @throws IllegalArgumentException if {@code bits} is negative; no round trip
   */
  public long shiftRightAndGet(int bits) {
    checkShift(bits);
    return update(value -> value >> Math.min(bits, 63), true);
  }

  // ---- Number ----

  /**
   * Returns the value as an {@code int}, keeping its low 32 bits as {@code (int)} does, like {@code
   * AtomicLong}. One round trip ({@code GET}).
   */
  @Override
  public int intValue() {
    return (int) get();
  }

  /** Returns the value. One round trip ({@code GET}). */
  @Override
  public long longValue() {
    return get();
  }

  /** Returns the value as the nearest {@code float}. One round trip ({@code GET}). */
  @Override
  public float floatValue() {
    return get();
  }

  /** Returns the value as the nearest {@code double}. One round trip ({@code GET}). */
  @Override
  public double doubleValue() {
    return get();
  }

  // ---- Object ----

  /**
   * Returns the value in decimal, as Redis stores it. One round trip ({@code GET}).
   *
   * @return the decimal value
   */
  @Override
  public String toString() {
    return Long.toString(get());
  }

  // ---- the read-compute-write loop ----

  /** Applies a built-in operation; an overflow it reports names this object. */
  private long exact(LongUnaryOperator operation) {
    return update(
        value -> {
          try {
            return operation.applyAsLong(value);
          } catch (ArithmeticException e) {
            ArithmeticException named =
                new ArithmeticException(e.getMessage() + " (" + redis.describe() + ")");
            named.initCause(e);
            throw named;
          }
        },
        true);
  }

  private long update(LongUnaryOperator function, boolean returnNew) {
    StoredNumber.Change<Long> change = stored.update(value -> function.applyAsLong(value));
    return returnNew ? change.next() : change.previous();
  }

  private byte[] encode(long value) {
    return redis.encode(Codecs.longs(), value);
  }

  private void checkDivisor(long divisor) {
    if (divisor == 0) {
      throw new ArithmeticException("division by zero (" + redis.describe() + ")");
    }
  }

  private void checkShift(int bits) {
    if (bits < 0) {
      throw new IllegalArgumentException(
          "negative shift count " + bits + " (" + redis.describe() + ")");
    }
  }

  private static long pow(long base, int exponent) {
    long result = 1;
    long square = base;
    for (int e = exponent; e > 0; ) {
      if ((e & 1) != 0) {
        result = Math.multiplyExact(result, square);
      }
      e >>>= 1;
      if (e > 0) {
        square = Math.multiplyExact(square, square);
      }
    }
    return result;
  }

  private static long shiftLeft(long value, int bits) {
    if (value == 0) {
      return 0;
    }
    long shifted = value << bits;
    if (bits >= Long.SIZE || shifted >> bits != value) {
      throw new ArithmeticException("long overflow");
    }
    return shifted;
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
        "HotInt is a handle on a Redis key; serialize its key instead");
  }

  /**
   * Refuses to deserialize a handle on a Redis key.
   *
   * @param in the stream, not read
   * @throws NotSerializableException always
   */
  private void readObject(ObjectInputStream in) throws NotSerializableException {
    throw new NotSerializableException(
        "HotInt is a handle on a Redis key; serialize its key instead");
  }

  /** Builds a {@link HotInt}: its key, client and initial value. */
  public static final class Builder extends HotBuilder<Builder> {
    private @Nullable Long initial;

    private Builder() {}

    /**
     * Sets the initial value, stored when the object is built; with a key, it replaces whatever the
     * key held (a single {@code SET}, so atomic), its time to live included.
     *
     * @param initial the initial value; 0 is stored too
     * @return this builder
     */
    public Builder initial(long initial) {
      this.initial = initial;
      return this;
    }

    /**
     * Builds the integer. One round trip ({@code SET}) with an initial value, queued inside a
     * transaction; none otherwise.
     *
     * @return the integer
     */
    public HotInt build() {
      HotInt value = new HotInt(RedisBinding.of(client(), key(), "HotInt", "string"));
      Long start = initial;
      if (start != null) {
        value.redis.send(value.redis.commands().set(value.redis.rawKey(), value.encode(start)));
      }
      return value;
    }
  }
}
