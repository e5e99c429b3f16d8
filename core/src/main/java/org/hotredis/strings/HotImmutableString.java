package org.hotredis.strings;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.hotredis.Arguments;
import org.hotredis.HotClient;
import org.hotredis.HotObject;
import org.hotredis.HotTransaction;
import org.hotredis.Keys;
import org.hotredis.RedisBinding;
import org.hotredis.Script;
import org.hotredis.shaded.redis.clients.jedis.BuilderFactory;
import org.jspecify.annotations.Nullable;

/**
 * A read-only view of a string stored in Redis, with the reads of {@link HotString} (the same
 * UTF-16 char semantics) and no method that changes its key: what {@code java.lang.String} is to
 * {@code StringBuilder}.
 *
 * <pre>{@code
 * HotImmutableString greeting =
 *     HotImmutableString.builder().key("greeting").initial("héllo").build();
 * HotImmutableString loud = greeting.concat("!", Duration.ofMinutes(5)); // a new key, expiring
 * loud.toString();      // "héllo!"
 * greeting.toString();  // "héllo": never modified
 * }</pre>
 *
 * <p><b>Read-only, not frozen.</b> This object never writes its key (except {@link
 * HotObject#delete()} and the TTL methods every HOT Redis object has), but another process may:
 * each read sees the text stored at that moment.
 *
 * <p><b>Derived strings own new keys.</b> {@link #concat} and {@link #repeat} are {@code String}'s
 * {@code concat} and {@code repeat}: they return a new {@code HotImmutableString} holding the
 * result at a new key and leave the original untouched. One script reads the original and writes
 * the new key, so the result is exactly the original's text at that moment, in one round trip. The
 * new key is {@link Keys#companion(String, String) Keys.companion(key(), uuid)}, in the original's
 * cluster slot (a script may only touch keys of one slot). <b>The caller owns it:</b> delete it
 * with {@link #delete()} or let it expire. Pass a time to live to have the key expire; the script
 * sets the expiry with the value ({@code SET ... PX}), so no crash can leave a derived key without
 * its expiry. The TTL is the caller's choice, never copied from the original: a derived value
 * usually serves a purpose of its own, and a persistent original would give it no expiry at all.
 * Without a TTL the key persists, like anything {@code SET} stores. A derived string is always a
 * new key, even when the text is unchanged ({@code concat("")}, {@code repeat(1)}), so deleting it
 * never deletes the original.
 *
 * <p><b>Transactions.</b> {@code concat} and {@code repeat} know the new key before Redis runs
 * anything, so inside a {@link HotTransaction} they are queued and return the new object at once.
 *
 * <p><b>Equality.</b> Two {@code HotImmutableString}s are equal when they name the same key on the
 * same {@link HotClient}: they are then the same view, and stay interchangeable whatever the key
 * holds. Equality by text would cost a round trip, and would change whenever another process
 * rewrites the key, so such objects could not live in hash-based collections. Compare texts with
 * {@link #contentEquals(CharSequence)}. Never equal to a {@code String} or a {@link HotString}. Not
 * {@link Comparable}, for the same reason: ordering by text would cost a round trip per comparison;
 * sort snapshots ({@code toString()}) instead.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class HotImmutableString extends AbstractHotString {
  private static final Script DERIVE =
      Script.load(HotImmutableString.class, "lua/string-derive.lua");
  private static final String TYPE = "HotImmutableString";

  private HotImmutableString(RedisBinding redis) {
    super(redis);
  }

  /**
   * Returns a builder, for a client other than the default, or an initial text.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a new string holding this text followed by {@code str}, at a new persistent key that
   * the caller owns; this string is unchanged. One round trip (a script). Atomic.
   *
   * @param str the text to add
   * @return the new string
   * @throws IllegalArgumentException if the text has an unpaired surrogate, or the result would
   *     outgrow a Redis string (512 MB)
   */
  public HotImmutableString concat(CharSequence str) {
    return derive(encode(str, "str"), 1, 0);
  }

  /**
   * Returns a new string holding this text followed by {@code str}, at a new key that expires after
   * {@code ttl}; this string is unchanged. One round trip (a script that sets the value and the
   * expiry together). Atomic.
   *
   * @param str the text to add
   * @param ttl the new key's time to live, with millisecond precision
   * @return the new string
   * @throws IllegalArgumentException if the text has an unpaired surrogate, {@code ttl} is not
   *     positive, or the result would outgrow a Redis string (512 MB)
   */
  public HotImmutableString concat(CharSequence str, Duration ttl) {
    return derive(encode(str, "str"), 1, millis(ttl));
  }

  /**
   * Returns a new string holding {@code count} copies of this text (empty for 0 or less, as
   * Python's {@code s * n}), at a new persistent key that the caller owns; this string is
   * unchanged. One round trip (a script). Atomic.
   *
   * @param count how many copies
   * @return the new string
   * @throws IllegalArgumentException if the result would outgrow a Redis string (512 MB)
   */
  public HotImmutableString repeat(int count) {
    return derive(NO_TEXT, count, 0);
  }

  /**
   * Returns a new string holding {@code count} copies of this text, at a new key that expires after
   * {@code ttl}; this string is unchanged. One round trip (a script). Atomic.
   *
   * @param count how many copies
   * @param ttl the new key's time to live, with millisecond precision
   * @return the new string
   * @throws IllegalArgumentException if {@code ttl} is not positive, or the result would outgrow a
   *     Redis string (512 MB)
   */
  public HotImmutableString repeat(int count, Duration ttl) {
    return derive(NO_TEXT, count, millis(ttl));
  }

  /**
   * Returns whether another object is a {@code HotImmutableString} with the same key and client. No
   * round trip.
   *
   * @param obj the other object
   * @return true if both are views of the same key through the same client
   */
  @Override
  public boolean equals(@Nullable Object obj) {
    return obj instanceof HotImmutableString other
        && other.client() == client()
        && other.key().equals(key());
  }

  /**
   * Returns the hash code of the key. No round trip.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return key().hashCode();
  }

  private HotImmutableString derive(byte[] suffix, int times, long ttlMillis) {
    HotImmutableString result =
        new HotImmutableString(
            RedisBinding.of(
                client(), Keys.companion(key(), UUID.randomUUID().toString()), TYPE, "string"));
    redis()
        .send(
            DERIVE.call(
                BuilderFactory.LONG,
                List.of(redis().rawKey(), result.redis().rawKey()),
                List.of(suffix, Arguments.of(times), Arguments.of(ttlMillis))));
    return result;
  }

  private static long millis(Duration ttl) {
    requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, was " + ttl);
    }
    return Math.max(1, ttl.toMillis());
  }

  /** Builds a {@link HotImmutableString}: its key, client and initial text. */
  public static final class Builder extends TextBuilder<HotImmutableString, Builder> {
    private Builder() {
      super(TYPE, HotImmutableString::new);
    }
  }
}
