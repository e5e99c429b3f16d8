package org.hotredis.concurrent.atomic;

import static java.util.Objects.requireNonNull;

import java.util.Objects;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.hotredis.HotBuilder;
import org.hotredis.HotClient;
import org.hotredis.HotObject;
import org.hotredis.RedisBinding;
import org.hotredis.Replies;
import org.hotredis.ScriptCall;
import org.hotredis.StoredKeys;
import org.hotredis.codec.Codec;
import org.hotredis.codec.Codecs;
import org.hotredis.shaded.redis.clients.jedis.BuilderFactory;
import org.hotredis.shaded.redis.clients.jedis.params.SetParams;
import org.hotredis.toolkit.Encoding;
import org.hotredis.toolkit.SharedScripts;
import org.jspecify.annotations.Nullable;

/**
 * {@link java.util.concurrent.atomic.AtomicReference}'s methods on a value held in Redis, shared by
 * every process that uses its key (Redisson's {@code RBucket}, Hazelcast's {@code
 * IAtomicReference}).
 *
 * <pre>{@code
 * HotAtomicReference<String> leader = HotConcurrency.on(client).atomicReference("leader", String.class);
 * leader.compareAndSet(null, "node-1");              // one script: only if nobody leads
 * leader.updateAndGet(v -> v == null ? "node-2" : v); // compare-and-set, retried on conflict
 * }</pre>
 *
 * <p>The value is stored with the reference's {@link Codec} as a Redis string; null is an absent
 * key. Values are compared by their encoding, which for value types is {@code equals}: a value read
 * back from Redis is never the instance that was stored, so identity cannot be what is compared.
 * Writes keep a time to live set with {@link #expire}. {@code get}, {@code set} and {@code
 * getAndSet} are one command each, {@code compareAndSet} one script; the update methods read, apply
 * their function in this JVM, and write with a compare-and-set script, retried with what the script
 * found when another process wrote in between (two round trips when uncontended, one more per
 * conflict). Inside a plain transaction only the one-command methods may be used (queued, or
 * through {@code tx.defer}); inside an optimistic transaction an update's write is queued and a
 * conflict fails the {@code EXEC} with {@link java.util.ConcurrentModificationException}.
 *
 * @param <V> the value type
 */
public final class HotAtomicReference<V> implements SharedReference<V>, HotObject {
  private static final String NULL_VALUE = "a HotAtomicReference stores null as an absent key";

  private final RedisBinding redis;
  private final Encoding<V> encoding;
  private final org.hotredis.shaded.redis.clients.jedis.Builder<@Nullable V> decoded;

  private HotAtomicReference(@Nullable HotClient client, @Nullable String key, Codec<V> codec) {
    this.redis = RedisBinding.of(client, key, "HotAtomicReference", "string");
    this.encoding = new Encoding<>(redis, codec, NULL_VALUE);
    this.decoded = Replies.map(BuilderFactory.BINARY, this::decode);
  }

  /**
   * Returns a builder for references to values of a type with its default codec ({@link
   * Codecs#forType}).
   *
   * @param type the value type
   * @param <V> the value type
   * @return the builder
   */
  public static <V> Builder<V> builder(Class<V> type) {
    return new Builder<>(Codecs.forType(type));
  }

  /**
   * Returns a builder for references whose values use a codec.
   *
   * @param codec the codec of the values
   * @param <V> the value type
   * @return the builder
   */
  public static <V> Builder<V> builder(Codec<V> codec) {
    return new Builder<>(requireNonNull(codec, "codec"));
  }

  @Override
  public StoredKeys storedKeys() {
    return redis;
  }

  /**
   * Returns the codec of the values. No round trip.
   *
   * @return the codec
   */
  public Codec<V> codec() {
    return encoding.codec();
  }

  /** One round trip ({@code GET}). */
  @Override
  public @Nullable V get() {
    return redis.read(Replies.withReply(redis.commands().get(redis.rawKey()), decoded));
  }

  /**
   * One round trip ({@code SET} keeping the time to live, or {@code DEL} for null). Atomic. Queued
   * inside a transaction.
   */
  @Override
  public void set(@Nullable V value) {
    if (value == null) {
      redis.send(redis.commands().del(redis.rawKey()));
    } else {
      redis.send(
          redis
              .commands()
              .set(redis.rawKey(), encoding.encode(value), SetParams.setParams().keepTtl()));
    }
  }

  /**
   * As {@link #set}: Redis has no weaker write to offer. One round trip.
   *
   * @param value the new value, or null
   */
  public void lazySet(@Nullable V value) {
    set(value);
  }

  /** One round trip ({@code SET ... GET}, or {@code GETDEL} for null). Atomic. */
  @Override
  public @Nullable V getAndSet(@Nullable V value) {
    if (value == null) {
      return redis.write(Replies.withReply(redis.commands().getDel(redis.rawKey()), decoded));
    }
    return redis.write(
        Replies.withReply(
            redis
                .commands()
                .setGet(redis.rawKey(), encoding.encode(value), SetParams.setParams().keepTtl()),
            decoded));
  }

  /** One round trip (one script). Atomic. */
  @Override
  public boolean compareAndSet(@Nullable V expect, @Nullable V update) {
    return exchange(expect, update).replaced();
  }

  /** One round trip (one script). Atomic. */
  @Override
  public @Nullable V compareAndExchange(@Nullable V expect, @Nullable V update) {
    Witness witness = exchange(expect, update);
    return witness.replaced() ? expect : decode(witness.current());
  }

  private Witness exchange(@Nullable V expect, @Nullable V update) {
    return redis.write(
        SharedScripts.compareAndSet(
            redis.rawKey(), encodeOrNull(expect), encodeOrNull(update), false, Witness.BUILDER));
  }

  /** Two round trips when uncontended, one more per conflict. Atomic (compare-and-set). */
  @Override
  public @Nullable V getAndUpdate(UnaryOperator<@Nullable V> function) {
    requireNonNull(function, "function");
    return update((current, unused) -> function.apply(current), null).previous();
  }

  /** Two round trips when uncontended, one more per conflict. Atomic (compare-and-set). */
  @Override
  public @Nullable V updateAndGet(UnaryOperator<@Nullable V> function) {
    requireNonNull(function, "function");
    return update((current, unused) -> function.apply(current), null).next();
  }

  /** Two round trips when uncontended, one more per conflict. Atomic (compare-and-set). */
  @Override
  public @Nullable V getAndAccumulate(@Nullable V x, BinaryOperator<@Nullable V> function) {
    requireNonNull(function, "function");
    return update(function, x).previous();
  }

  /** Two round trips when uncontended, one more per conflict. Atomic (compare-and-set). */
  @Override
  public @Nullable V accumulateAndGet(@Nullable V x, BinaryOperator<@Nullable V> function) {
    requireNonNull(function, "function");
    return update(function, x).next();
  }

  /**
   * Reads, applies the function, and writes with a compare-and-set, retried with what the script
   * found.
   */
  private Change<V> update(BinaryOperator<@Nullable V> function, @Nullable V x) {
    redis.multiStep();
    boolean queued = redis.inOptimisticTransaction();
    byte[] raw = redis.read(redis.commands().get(redis.rawKey()));
    while (true) {
      V previous = decode(raw);
      V next = function.apply(previous, x);
      ScriptCall<Witness> call =
          SharedScripts.compareAndSet(
              redis.rawKey(), raw, encodeOrNull(next), queued, Witness.BUILDER);
      Change<V> change = new Change<>(previous, next);
      if (queued) {
        redis.send(call);
        return change;
      }
      Witness witness = redis.write(call);
      if (witness.replaced()) {
        return change;
      }
      raw = witness.current();
    }
  }

  private byte @Nullable [] encodeOrNull(@Nullable V value) {
    return value == null ? null : encoding.encode(value);
  }

  private @Nullable V decode(byte @Nullable [] raw) {
    return raw == null ? null : encoding.decode(raw);
  }

  /**
   * Returns the description and the current value, as {@code AtomicReference} shows its value. One
   * round trip.
   *
   * @return for example {@code HotAtomicReference 'leader' = node-1}
   */
  @Override
  public String toString() {
    return redis.describe() + " = " + Objects.toString(get());
  }

  /** The value an update read and the value it wrote. */
  private record Change<V>(@Nullable V previous, @Nullable V next) {}

  /**
   * What {@code value-compare-and-set.lua} answered: replaced, or the bytes the key holds now.
   *
   * @param replaced whether the value was replaced
   * @param current when not replaced, the bytes the key holds, or null if it is absent
   */
  @SuppressWarnings("ArrayRecordComponent") // raw bytes, never compared
  private record Witness(boolean replaced, byte @Nullable [] current) {
    static final org.hotredis.shaded.redis.clients.jedis.Builder<Witness> BUILDER =
        new org.hotredis.shaded.redis.clients.jedis.Builder<>() {
          @Override
          public Witness build(@Nullable Object data) {
            return data instanceof Long
                ? new Witness(true, null)
                : new Witness(false, (byte[]) data);
          }
        };
  }

  /**
   * Builds a {@link HotAtomicReference}: key and client, then {@link #build()}.
   *
   * @param <V> the value type
   */
  public static final class Builder<V> extends HotBuilder<Builder<V>> {
    private final Codec<V> codec;

    private Builder(Codec<V> codec) {
      this.codec = codec;
    }

    /**
     * Returns the reference. No round trip: an absent key is a null value.
     *
     * @return the reference
     */
    public HotAtomicReference<V> build() {
      return new HotAtomicReference<>(client(), key(), codec);
    }
  }
}
