package org.hotredis.strings;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.hotredis.Arguments;
import org.hotredis.HotBuilder;
import org.hotredis.HotObject;
import org.hotredis.RedisBinding;
import org.hotredis.Replies;
import org.hotredis.Script;
import org.hotredis.ScriptCall;
import org.hotredis.StoredKeys;
import org.hotredis.codec.Codec;
import org.hotredis.codec.Codecs;
import org.hotredis.shaded.redis.clients.jedis.Builder;
import org.hotredis.shaded.redis.clients.jedis.BuilderFactory;
import org.hotredis.shaded.redis.clients.jedis.CommandObject;
import org.jspecify.annotations.Nullable;

/**
 * What {@link HotString} and {@link HotImmutableString} share: a Redis string of UTF-8 text read by
 * UTF-16 char offsets, the way {@code java.lang.String} counts, as {@code AbstractStringBuilder}
 * serves {@code StringBuilder}.
 *
 * <p>Redis counts bytes; Java counts chars. Every index-based call runs {@code string-chars.lua},
 * which translates char offsets into byte offsets inside Redis against the value stored at that
 * moment: a 1- to 3-byte UTF-8 sequence is one char, a 4-byte sequence two (a surrogate pair).
 * ASCII text is detected with one {@code string.find} in C and skips the translation; otherwise
 * runs of ASCII are skipped in C and only the other sequences are walked in Lua, so every call is
 * O(n) at worst. Bounds are checked in the script too, so they hold against the current value
 * whatever other processes did, and fail with {@code StringBuilder}'s own exception and message.
 * Reads may start or end between the two chars of a surrogate pair and return that half, as {@code
 * String} does; the script returns such a half as a number beside the UTF-8 bytes of the whole code
 * points. Searches for text with an unpaired surrogate (which UTF-8 cannot carry) run in Java over
 * one {@code GET} instead. Bytes that are not UTF-8 make the scripts fail with {@link
 * IllegalStateException}, and {@link #toString()} with {@link org.hotredis.codec.CodecException}.
 */
abstract sealed class AbstractHotString implements HotObject, CharSequence
    permits HotString, HotImmutableString {
  static final Script CHARS = Script.load(AbstractHotString.class, "lua/string-chars.lua");
  static final Codec<String> TEXT = Codecs.strings();
  static final byte[] NO_TEXT = new byte[0];

  private static final byte[] TO_THE_END = new byte[0];
  private static final Builder<Integer> INT = Replies.map(BuilderFactory.LONG, Long::intValue);
  private static final Builder<String> TEXT_OR_EMPTY =
      Replies.map(Replies.decoded(TEXT), value -> value == null ? "" : value);
  private static final Builder<String> SLICE =
      new Builder<>() {
        @Override
        public String build(@Nullable Object data) {
          List<?> reply = (List<?>) requireNonNull(data, "string-chars slice");
          char lead = (char) ((Long) reply.get(0)).longValue();
          char trail = (char) ((Long) reply.get(2)).longValue();
          String whole = TEXT.decode((byte[]) requireNonNull(reply.get(1), "slice text"));
          if (lead == 0 && trail == 0) {
            return whole;
          }
          StringBuilder text = new StringBuilder(whole.length() + 2);
          if (lead != 0) {
            text.append(lead);
          }
          text.append(whole);
          if (trail != 0) {
            text.append(trail);
          }
          return text.toString();
        }
      };

  private final RedisBinding redis;

  AbstractHotString(RedisBinding redis) {
    this.redis = requireNonNull(redis, "redis");
  }

  @Override
  public final StoredKeys storedKeys() {
    return redis;
  }

  final RedisBinding redis() {
    return redis;
  }

  // ---- CharSequence ----

  /**
   * Returns the length in UTF-16 chars, as {@link String#length()} counts: a character outside the
   * Basic Multilingual Plane (an emoji) counts two. One round trip (a script that counts the chars
   * in Redis; the text does not travel). Atomic.
   *
   * @return the length; 0 if the key does not exist
   */
  @Override
  public final int length() {
    return redis.read(script(INT, "length", 0, TO_THE_END, NO_TEXT));
  }

  /**
   * Returns whether the text is empty. One round trip ({@code STRLEN}). Atomic.
   *
   * @return true if the text is empty or the key does not exist
   */
  @Override
  public final boolean isEmpty() {
    return redis.read(Replies.map(redis.commands().strlen(redis.rawKey()), bytes -> bytes == 0));
  }

  /**
   * Returns the char at an index; between the two chars of a surrogate pair, that half, as {@link
   * String#charAt} does. One round trip (a script). Atomic.
   *
   * @param index the index, from 0 to {@code length() - 1}
   * @return the char
   * @throws StringIndexOutOfBoundsException if the index is out of range of the current text
   */
  @Override
  public final char charAt(int index) {
    return redis.read(
        script(Replies.map(SLICE, slice -> slice.charAt(0)), "charAt", index, TO_THE_END, NO_TEXT));
  }

  /**
   * Returns the chars from {@code start} to {@code end} as a {@code String}, as {@link
   * #substring(int, int)} does. One round trip (a script). Atomic.
   *
   * @param start the first index, inclusive
   * @param end the last index, exclusive
   * @return the chars, a snapshot
   * @throws StringIndexOutOfBoundsException if {@code start < 0}, {@code start > end} or {@code end
   *     > length()}
   */
  @Override
  public final String subSequence(int start, int end) {
    return substring(start, end);
  }

  /**
   * Returns the chars from {@code start} to the end, as {@link String#substring(int)} does. One
   * round trip (a script). Atomic.
   *
   * @param start the first index, inclusive
   * @return the chars, a snapshot
   * @throws StringIndexOutOfBoundsException if {@code start < 0} or {@code start > length()}
   */
  public final String substring(int start) {
    return redis.read(script(SLICE, "substring", start, TO_THE_END, NO_TEXT));
  }

  /**
   * Returns the chars from {@code start} to {@code end}, as {@link String#substring(int, int)}
   * does: an empty range gives {@code ""}; a range that starts or ends between the two chars of a
   * surrogate pair includes that half. One round trip (a script; only the range travels). Atomic.
   *
   * @param start the first index, inclusive
   * @param end the last index, exclusive
   * @return the chars, a snapshot
   * @throws StringIndexOutOfBoundsException if {@code start < 0}, {@code start > end} or {@code end
   *     > length()}
   */
  public final String substring(int start, int end) {
    return redis.read(script(SLICE, "substring", start, Arguments.of(end), NO_TEXT));
  }

  /**
   * Returns the text. One round trip ({@code GET}). Atomic.
   *
   * @return the text, a snapshot; {@code ""} if the key does not exist
   * @throws org.hotredis.codec.CodecException if the key holds bytes that are not UTF-8
   */
  @Override
  public final String toString() {
    return redis.read(get(TEXT_OR_EMPTY));
  }

  /**
   * Returns the chars of one snapshot of the text. One round trip ({@code GET}) when called; the
   * stream reads the snapshot.
   *
   * @return the chars
   */
  @Override
  public final IntStream chars() {
    return toString().chars();
  }

  /**
   * Returns the code points of one snapshot of the text. One round trip ({@code GET}) when called;
   * the stream reads the snapshot.
   *
   * @return the code points
   */
  @Override
  public final IntStream codePoints() {
    return toString().codePoints();
  }

  // ---- searching and comparing ----

  /**
   * Returns the index of the first occurrence of a string, as {@link String#indexOf(String)} does.
   * One round trip (a script: the search runs in Redis and only the index travels). Atomic.
   *
   * @param str the string to find
   * @return the char index, or -1
   */
  public final int indexOf(String str) {
    return indexOf(str, 0);
  }

  /**
   * Returns the index of the first occurrence of a string at or after {@code fromIndex}, as {@link
   * String#indexOf(String, int)} does: a negative {@code fromIndex} counts as 0; the empty string
   * is found at {@code min(fromIndex, length())}. One round trip (a script). Atomic.
   *
   * @param str the string to find
   * @param fromIndex where the search starts
   * @return the char index, or -1
   */
  public final int indexOf(String str, int fromIndex) {
    return search("indexOf", str, fromIndex, Function.identity());
  }

  /**
   * Returns the index of the last occurrence of a string, as {@link String#lastIndexOf(String)}
   * does. One round trip (a script). Atomic.
   *
   * @param str the string to find
   * @return the char index, or -1
   */
  public final int lastIndexOf(String str) {
    return lastIndexOf(str, Integer.MAX_VALUE);
  }

  /**
   * Returns the index of the last occurrence of a string that starts at or before {@code
   * fromIndex}, as {@link String#lastIndexOf(String, int)} does. One round trip (a script). Atomic.
   *
   * @param str the string to find
   * @param fromIndex where the backward search starts
   * @return the char index, or -1
   */
  public final int lastIndexOf(String str, int fromIndex) {
    return search("lastIndexOf", str, fromIndex, Function.identity());
  }

  /**
   * Returns whether the text contains a sequence of chars, as {@link String#contains} does. One
   * round trip (a script). Atomic.
   *
   * @param s the chars to find; a HOT Redis string is read first, in one more round trip
   * @return true if {@code s} occurs in the text
   */
  public final boolean contains(CharSequence s) {
    String str = requireNonNull(s, "s").toString();
    return search("indexOf", str, 0, found -> found >= 0);
  }

  /**
   * Returns whether the text equals a sequence of chars, as {@link String#contentEquals} does. One
   * round trip ({@code GET}). Atomic.
   *
   * @param cs the chars to compare with; a HOT Redis string is read first, in one more round trip
   * @return true if the text has the same chars
   */
  public final boolean contentEquals(CharSequence cs) {
    String other = requireNonNull(cs, "cs").toString();
    return redis.read(get(Replies.map(TEXT_OR_EMPTY, text -> text.equals(other))));
  }

  // ---- for the subclasses ----

  /**
   * Prepares a call of {@code string-chars.lua}.
   *
   * @param end the encoded end index, or {@link #TO_THE_END}
   */
  private <T> ScriptCall<T> script(
      Builder<T> reply, String op, int index, byte[] end, byte[] text) {
    return CHARS.call(
        reply, List.of(redis.rawKey()), List.of(Arguments.of(op), Arguments.of(index), end, text));
  }

  /** Prepares a {@code string-chars.lua} edit of the range {@code [start, end)}. */
  final ScriptCall<Integer> edit(String op, int start, int end, byte[] text) {
    return script(INT, op, start, Arguments.of(end), text);
  }

  /** Prepares a {@code string-chars.lua} edit at one index. */
  final ScriptCall<Integer> edit(String op, int index, byte[] text) {
    return script(INT, op, index, TO_THE_END, text);
  }

  /**
   * Encodes text as UTF-8, refusing text that UTF-8 cannot carry.
   *
   * @throws IllegalArgumentException if the text has an unpaired surrogate
   */
  final byte[] encode(CharSequence text, String what) {
    String value = requireNonNull(text, what).toString();
    int unpaired = unpairedSurrogate(value);
    if (unpaired >= 0) {
      throw new IllegalArgumentException(
          what
              + " has an unpaired surrogate at index "
              + unpaired
              + "; "
              + redis.describe()
              + " holds only well-formed text, stored as UTF-8");
    }
    return redis.encode(TEXT, value);
  }

  /** Stores text, replacing what the key held, its type and its TTL. One command ({@code SET}). */
  final void store(String text) {
    redis.send(redis.commands().set(redis.rawKey(), encode(text, "initial")));
  }

  private <T> CommandObject<T> get(Builder<T> reply) {
    return Replies.withReply(redis.commands().get(redis.rawKey()), reply);
  }

  /**
   * Runs a search: {@code string-chars.lua} for well-formed text; for text with an unpaired
   * surrogate, which UTF-8 cannot carry, {@code GET} and the same search in Java.
   */
  private <T> T search(String op, String str, int fromIndex, Function<Integer, T> result) {
    requireNonNull(str, "str");
    if (unpairedSurrogate(str) >= 0) {
      boolean forward = op.equals("indexOf");
      return redis.read(
          get(
              Replies.map(
                  TEXT_OR_EMPTY,
                  text ->
                      result.apply(
                          forward
                              ? text.indexOf(str, fromIndex)
                              : text.lastIndexOf(str, fromIndex)))));
    }
    return redis.read(
        script(Replies.map(INT, result), op, fromIndex, TO_THE_END, Arguments.of(str)));
  }

  /** Returns the index of the first unpaired surrogate, or -1. */
  static int unpairedSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * What the builders of the two string types share: the key and client, and the initial text.
   *
   * @param <T> the string type built
   * @param <B> the concrete builder type
   */
  abstract static class TextBuilder<T extends AbstractHotString, B extends TextBuilder<T, B>>
      extends HotBuilder<B> {
    private final String typeName;
    private final Function<RedisBinding, T> factory;
    private @Nullable String initial;

    TextBuilder(String typeName, Function<RedisBinding, T> factory) {
      this.typeName = typeName;
      this.factory = factory;
    }

    /**
     * Sets the initial text: {@link #build()} stores it with one {@code SET}, which replaces,
     * atomically, whatever the key held (its value, its type and its TTL). The empty string is
     * stored too: the key then exists and holds {@code ""}.
     *
     * @param initial the text, without unpaired surrogates
     * @return this builder
     */
    @SuppressWarnings("unchecked")
    public final B initial(CharSequence initial) {
      this.initial = requireNonNull(initial, "initial").toString();
      return (B) this;
    }

    /**
     * Creates the object; with an initial text, stores it. One round trip ({@code SET}) with an
     * initial text, none without. Atomic.
     *
     * @return the object
     * @throws IllegalArgumentException if the initial text has an unpaired surrogate
     */
    public final T build() {
      T string = factory.apply(RedisBinding.of(client(), key(), typeName, "string"));
      if (initial != null) {
        string.store(initial);
      }
      return string;
    }
  }
}
