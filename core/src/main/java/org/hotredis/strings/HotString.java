package org.hotredis.strings;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.hotredis.Arguments;
import org.hotredis.HotTransaction;
import org.hotredis.RedisBinding;
import org.hotredis.Script;
import org.hotredis.shaded.redis.clients.jedis.BuilderFactory;
import org.hotredis.shaded.redis.clients.jedis.params.SetParams;
import org.jspecify.annotations.Nullable;

/**
 * A mutable string stored in Redis: a distributed {@link StringBuilder} whose every method is one
 * atomic Redis command or script, so many processes edit one text without losing each other's
 * changes.
 *
 * <pre>{@code
 * HotString log = HotString.builder().key("job:42:log").build();
 * log.append("started\n");                 // APPEND: one round trip, atomic
 * log.insert(0, "[job 42] ");              // one script: checks and edits inside Redis
 * int n = log.length();                    // chars, as String.length() counts them
 * }</pre>
 *
 * <p><b>Storage.</b> The key holds a Redis string of UTF-8 text, which {@code redis-cli} and the
 * Python HOT Redis {@code String} read. A missing key reads as {@code ""}. The empty string is
 * stored like any other: {@code set("")} and an initial {@code ""} leave the key holding {@code ""}
 * ({@code SET key ""}). Edits that leave the text as it was do not write, so they never create a
 * missing key; appending nothing sends nothing. Every edit keeps the key's time to live.
 *
 * <p><b>Chars, not bytes.</b> Every index and length counts UTF-16 chars, exactly as {@code String}
 * and {@code StringBuilder} do, for any text: a character outside the Basic Multilingual Plane
 * (most emoji) counts two. A script translates the offsets into byte offsets inside Redis, against
 * the value stored at that moment: a 1- to 3-byte UTF-8 sequence is one char, a 4-byte sequence
 * two. ASCII text takes a fast path; any call costs O(n) in Redis at worst.
 *
 * <p><b>Well-formed text only.</b> Redis holds UTF-8, which has no encoding for half a surrogate
 * pair, so a {@code HotString} never holds an unpaired surrogate. Text or a {@code char} with an
 * unpaired surrogate, and an edit whose index or range boundary falls between the two chars of a
 * surrogate pair, are refused with {@link IllegalArgumentException}, and nothing changes. Use
 * {@link #appendCodePoint} or {@link #append(CharSequence)} for characters outside the BMP. Reads
 * may start or end inside a pair and return that half, as {@code String} does.
 *
 * <p><b>Exceptions.</b> Indexes are checked inside Redis against the current text (another process
 * may have changed it since you read its length), with {@code StringBuilder}'s exception and
 * message: {@link StringIndexOutOfBoundsException} such as {@code "start 4, end 3, length 3"},
 * followed by the object's description. A failed edit changes nothing. Unlike {@code
 * StringBuilder}, null arguments throw {@link NullPointerException} instead of meaning {@code
 * "null"}.
 *
 * <p><b>Transactions.</b> The edits return this object whatever Redis does, so inside a {@link
 * HotTransaction} they are queued and return at once; their failures surface at {@code commit()}.
 * Reads ({@code length()}, {@code charAt}, {@code toString()}, ...) need {@code tx.defer(...)}.
 *
 * <p><b>Equality.</b> Like {@code StringBuilder}, a {@code HotString} uses identity for {@code
 * equals} and {@code hashCode}: its text changes under it, from any process, so a value-based
 * {@code equals} would need a round trip and break every hash-based collection. Compare texts with
 * {@link #contentEquals(CharSequence)} or {@code toString()}. It is not {@link Comparable} either:
 * sorting would cost a round trip per comparison; sort snapshots ({@code toString()}) instead.
 *
 * <p>Instances are immutable handles and thread-safe.
 */
public final class HotString extends AbstractHotString implements Appendable {
  /*
   * Implementation note. The index-based reads and edits share one script, string-chars.lua, whose
   * helpers (count the chars, find the byte where a char starts) would otherwise be copied into each
   * operation's file; it takes the operation's name as ARGV[1], so the bounds check and its message
   * stay per operation. Delete is replace with no text and deleteCharAt is setCharAt with no text.
   * AbstractHotString describes the translation and holds the reads HotImmutableString shares. An
   * edit is a splice of the UTF-8 bytes, written back with SET ... KEEPTTL; append is APPEND. Java
   * checks only what depends on the arguments alone: nulls, unpaired surrogates in the text, a
   * negative setLength, and append's sub-range of its argument.
   */

  private static final Script REVERSE = Script.load(HotString.class, "lua/string-reverse.lua");
  private static final Script REPEAT = Script.load(HotString.class, "lua/string-repeat.lua");
  private static final String TYPE = "HotString";

  private HotString(RedisBinding redis) {
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

  // ---- Appendable ----

  /**
   * Appends text. One round trip ({@code APPEND}); none if the text is empty. Atomic.
   *
   * @param s the text; a HOT Redis string is read first, in one more round trip
   * @return this object
   * @throws IllegalArgumentException if the text has an unpaired surrogate
   */
  @Override
  public HotString append(CharSequence s) {
    byte[] text = encode(s, "s");
    if (text.length > 0) {
      redis().send(redis().commands().append(redis().rawKey(), text));
    }
    return this;
  }

  /**
   * Appends the chars from {@code start} to {@code end} of a sequence. One round trip ({@code
   * APPEND}). Atomic; a HOT Redis string argument is read first (its range only), in one more round
   * trip.
   *
   * @param s the sequence
   * @param start the first index in {@code s}, inclusive
   * @param end the last index in {@code s}, exclusive
   * @return this object
   * @throws IndexOutOfBoundsException if {@code start < 0}, {@code start > end} or {@code end >
   *     s.length()}, with {@code StringBuilder}'s message
   * @throws IllegalArgumentException if the range splits a surrogate pair of {@code s}
   */
  @Override
  public HotString append(CharSequence s, int start, int end) {
    requireNonNull(s, "s");
    if (s instanceof AbstractHotString hot) {
      return append(hot.substring(start, end));
    }
    if (start < 0 || start > end || end > s.length()) {
      throw new IndexOutOfBoundsException(
          "start " + start + ", end " + end + ", length " + s.length());
    }
    return append(s.subSequence(start, end));
  }

  /**
   * Appends a char. One round trip ({@code APPEND}). Atomic.
   *
   * @param c the char, not a surrogate: append a character outside the BMP with {@link
   *     #appendCodePoint} or as a {@code String}
   * @return this object
   * @throws IllegalArgumentException if {@code c} is a surrogate
   */
  @Override
  public HotString append(char c) {
    return append(String.valueOf(c));
  }

  /**
   * Appends a character given as a code point, as {@link StringBuilder#appendCodePoint} does. One
   * round trip ({@code APPEND}). Atomic.
   *
   * @param codePoint the code point, not a surrogate
   * @return this object
   * @throws IllegalArgumentException if it is not a valid code point, or is a surrogate
   */
  public HotString appendCodePoint(int codePoint) {
    return append(new String(Character.toChars(codePoint)));
  }

  // ---- edits ----

  /**
   * Replaces the whole text, keeping the key's time to live. One round trip ({@code SET ...
   * KEEPTTL}). Atomic. The empty string is stored: the key then holds {@code ""}.
   *
   * @param s the new text
   * @return this object
   * @throws IllegalArgumentException if the text has an unpaired surrogate
   */
  public HotString set(CharSequence s) {
    byte[] text = encode(s, "s");
    redis().send(redis().commands().set(redis().rawKey(), text, SetParams.setParams().keepTtl()));
    return this;
  }

  /**
   * Inserts text at an offset, as {@link StringBuilder#insert(int, CharSequence)} does. One round
   * trip (a script). Atomic.
   *
   * @param offset where, from 0 to {@code length()}
   * @param s the text
   * @return this object
   * @throws StringIndexOutOfBoundsException if the offset is out of range of the current text
   * @throws IllegalArgumentException if the text has an unpaired surrogate, or the offset falls
   *     between the two chars of a surrogate pair
   */
  public HotString insert(int offset, CharSequence s) {
    redis().send(edit("insert", offset, encode(s, "s")));
    return this;
  }

  /**
   * Inserts a char at an offset. One round trip (a script). Atomic.
   *
   * @param offset where, from 0 to {@code length()}
   * @param c the char, not a surrogate
   * @return this object
   * @throws StringIndexOutOfBoundsException if the offset is out of range of the current text
   * @throws IllegalArgumentException if {@code c} is a surrogate, or the offset falls between the
   *     two chars of a surrogate pair
   */
  public HotString insert(int offset, char c) {
    return insert(offset, String.valueOf(c));
  }

  /**
   * Removes the chars from {@code start} to {@code end}, as {@link StringBuilder#delete} does: an
   * {@code end} past the text means its end. One round trip (a script). Atomic. Not to be confused
   * with {@link #delete()}, which deletes the key.
   *
   * @param start the first index, inclusive
   * @param end the last index, exclusive
   * @return this object
   * @throws StringIndexOutOfBoundsException if {@code start < 0} or {@code start > min(end,
   *     length())}
   * @throws IllegalArgumentException if a boundary falls between the two chars of a surrogate pair
   */
  public HotString delete(int start, int end) {
    redis().send(edit("replace", start, end, NO_TEXT));
    return this;
  }

  /**
   * Removes the char at an index, as {@link StringBuilder#deleteCharAt} does. One round trip (a
   * script). Atomic.
   *
   * @param index the index, from 0 to {@code length() - 1}
   * @return this object
   * @throws StringIndexOutOfBoundsException if the index is out of range of the current text
   * @throws IllegalArgumentException if the char is half of a surrogate pair
   */
  public HotString deleteCharAt(int index) {
    redis().send(edit("setCharAt", index, NO_TEXT));
    return this;
  }

  /**
   * Replaces the chars from {@code start} to {@code end} with text, as {@link
   * StringBuilder#replace} does, whether the text is longer or shorter than the range: an {@code
   * end} past the text means its end. One round trip (a script). Atomic.
   *
   * @param start the first index, inclusive
   * @param end the last index, exclusive
   * @param str the replacement
   * @return this object
   * @throws StringIndexOutOfBoundsException if {@code start < 0} or {@code start > min(end,
   *     length())}
   * @throws IllegalArgumentException if the text has an unpaired surrogate, or a boundary falls
   *     between the two chars of a surrogate pair
   */
  public HotString replace(int start, int end, CharSequence str) {
    redis().send(edit("replace", start, end, encode(str, "str")));
    return this;
  }

  /**
   * Replaces the char at an index, as {@link StringBuilder#setCharAt} does. One round trip (a
   * script). Atomic.
   *
   * @param index the index, from 0 to {@code length() - 1}
   * @param ch the new char, not a surrogate
   * @throws StringIndexOutOfBoundsException if the index is out of range of the current text
   * @throws IllegalArgumentException if {@code ch} is a surrogate, or the char at the index is half
   *     of a surrogate pair
   */
  public void setCharAt(int index, char ch) {
    redis().send(edit("setCharAt", index, encode(String.valueOf(ch), "ch")));
  }

  /**
   * Sets the length, as {@link StringBuilder#setLength} does: truncates, or pads with {@code '\0'}.
   * One round trip (a script). Atomic.
   *
   * @param newLength the new length
   * @throws StringIndexOutOfBoundsException if {@code newLength} is negative
   * @throws IllegalArgumentException if the new end falls between the two chars of a surrogate
   *     pair, or the text would outgrow a Redis string (512 MB)
   */
  public void setLength(int newLength) {
    if (newLength < 0) {
      throw new StringIndexOutOfBoundsException(newLength);
    }
    redis().send(edit("setLength", newLength, NO_TEXT));
  }

  /**
   * Repeats the text in place: it becomes {@code count} copies of itself, as Python's {@code s *=
   * count} does; a count of 0 or less makes it empty, and a missing key stays missing. One round
   * trip (a script). Atomic.
   *
   * @param count how many copies
   * @return this object
   * @throws IllegalArgumentException if the text would outgrow a Redis string (512 MB)
   */
  public HotString repeat(int count) {
    redis()
        .send(
            REPEAT.call(
                BuilderFactory.LONG, List.of(redis().rawKey()), List.of(Arguments.of(count))));
    return this;
  }

  /**
   * Reverses the text by code points, as {@link StringBuilder#reverse} does: the two chars of a
   * surrogate pair keep their order. One round trip (a script). Atomic.
   *
   * @return this object
   */
  public HotString reverse() {
    redis().send(REVERSE.call(BuilderFactory.LONG, List.of(redis().rawKey()), List.of()));
    return this;
  }

  // ---- object methods ----

  /** Identity, as {@code StringBuilder}: see the class description. */
  @Override
  public boolean equals(@Nullable Object obj) {
    return this == obj;
  }

  /** Identity, as {@code StringBuilder}: see the class description. */
  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }

  /** Builds a {@link HotString}: its key, client and initial text. */
  public static final class Builder extends TextBuilder<HotString, Builder> {
    private Builder() {
      super(TYPE, HotString::new);
    }
  }
}
