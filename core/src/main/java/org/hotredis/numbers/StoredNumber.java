package org.hotredis.numbers;

import static java.util.Objects.requireNonNull;

import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.hotredis.HotTransaction;
import org.hotredis.RedisBinding;
import org.hotredis.Replies;
import org.hotredis.ScriptCall;
import org.hotredis.codec.Codec;
import org.hotredis.codec.CodecException;
import org.hotredis.codec.Codecs;
import org.hotredis.shaded.redis.clients.jedis.Builder;
import org.hotredis.toolkit.SharedScripts;
import org.jspecify.annotations.Nullable;

/**
 * A number stored as text at a key, and the read-compute-write loop that {@link HotInt} and {@link
 * HotFloat} use for every update Redis has no command for.
 *
 * <p>Lua numbers are doubles, so such updates are computed in Java and written by compare-and-set:
 * read the stored text ({@code GET}), compute, then one script replaces the text only if the key
 * still holds exactly the text read. The text is compared byte for byte, never re-formatted, so a
 * value another client wrote as {@code "007"} cannot make the loop spin. A failed compare-and-set
 * answers with the text the key holds now, so each retry costs one round trip.
 *
 * <p>Inside an optimistic transaction the conditional write is queued instead and the loop ends:
 * the transaction's {@code WATCH} reruns the body when the key changes, and the write of an
 * unwatched key that changed fails the {@code EXEC} with {@link
 * java.util.ConcurrentModificationException}. Inside a plain transaction, or inside {@link
 * HotTransaction#defer}, the loop is refused ({@link RedisBinding#multiStep()}).
 *
 * @param <T> the number type
 */
final class StoredNumber<T> {

  /** The reply of the script: null when the text was replaced, otherwise the current text. */
  private static final Builder<@Nullable Snapshot> OUTCOME =
      new Builder<>() {
        @Override
        public @Nullable Snapshot build(@Nullable Object data) {
          return data instanceof Long ? null : new Snapshot((byte[]) data);
        }
      };

  /** The value a loop read and the value it wrote. */
  record Change<T>(T previous, T next) {}

  /** What the key held when read: its text, or null when it was absent. */
  private static final class Snapshot {
    final byte @Nullable [] text;

    Snapshot(byte @Nullable [] text) {
      this.text = text;
    }
  }

  private final RedisBinding redis;
  private final Codec<T> codec;
  private final T zero;
  private final Builder<T> value;

  /**
   * Binds the loop to an object's key.
   *
   * @param zero the value of a missing key
   */
  StoredNumber(RedisBinding redis, Codec<T> codec, T zero) {
    this.redis = requireNonNull(redis, "redis");
    this.codec = requireNonNull(codec, "codec");
    this.zero = requireNonNull(zero, "zero");
    this.value = Replies.map(Replies.decoded(codec), stored -> stored == null ? zero : stored);
  }

  /** Returns the builder that decodes a {@code GET} reply: the value, or zero when absent. */
  Builder<T> value() {
    return value;
  }

  /**
   * Replaces the value with what a function computes from it. Atomic (compare-and-set, retried on
   * conflict): two round trips when uncontended. The function runs once per attempt.
   */
  Change<T> update(UnaryOperator<T> function) {
    redis.multiStep();
    Snapshot seen = read();
    while (true) {
      T previous = decode(seen);
      T next = requireNonNull(function.apply(previous), "the update returned null");
      Snapshot now = replace(seen, redis.encode(codec, next));
      if (now == null) {
        return new Change<>(previous, next);
      }
      seen = now;
    }
  }

  /**
   * Sets the value to {@code update} if the current value matches. Atomic (compare-and-set, retried
   * while the text changes but still matches): two round trips when uncontended.
   */
  boolean compareAndSet(Predicate<T> matches, T update) {
    byte[] text = redis.encode(codec, update);
    redis.multiStep();
    Snapshot seen = read();
    while (matches.test(decode(seen))) {
      Snapshot now = replace(seen, text);
      if (now == null) {
        return true;
      }
      seen = now;
    }
    return false;
  }

  private Snapshot read() {
    byte @Nullable [] text = redis.read(redis.commands().get(redis.rawKey()));
    return new Snapshot(text);
  }

  private T decode(Snapshot snapshot) {
    byte[] text = snapshot.text;
    if (text == null) {
      return zero;
    }
    try {
      return Codecs.decode(codec, text);
    } catch (CodecException e) {
      throw e.atKey(redis.key());
    }
  }

  /**
   * Replaces the stored text with {@code update} if the key still holds what {@code seen} read. One
   * round trip (one script), or queued inside an optimistic transaction.
   *
   * @return null if replaced (or queued), otherwise what the key holds now
   */
  private @Nullable Snapshot replace(Snapshot seen, byte[] update) {
    boolean queued = redis.inOptimisticTransaction();
    byte[] text = seen.text;
    ScriptCall<@Nullable Snapshot> call =
        SharedScripts.compareAndSet(redis.rawKey(), text, update, queued, OUTCOME);
    if (queued) {
      redis.send(call);
      return null;
    }
    return redis.write(call);
  }
}
