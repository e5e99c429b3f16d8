package org.hotredis.toolkit;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hotredis.RedisBinding;
import org.hotredis.codec.Codec;
import org.hotredis.codec.CodecException;
import org.hotredis.codec.Codecs;
import org.jspecify.annotations.Nullable;

/**
 * How one kind of value of a HOT Redis object travels: its codec, bound to the object so that a
 * failure names the object's key, with the collection rules every type shares. Nulls are refused
 * with {@link NullPointerException}; a query with an object of another type simply finds nothing;
 * bulk queries skip nulls and such objects and send each distinct value once.
 */
public final class Encoding<T> {
  private final RedisBinding redis;
  private final Codec<T> codec;
  private final String nullMessage;

  /**
   * Creates the encoding of one kind of value. No round trip.
   *
   * @param redis the binding of the object whose values these are: failures name its key
   * @param codec the codec of the values
   * @param nullMessage the message of the NullPointerException for a null value, such as "HOT Redis
   *     lists do not hold null elements"
   */
  public Encoding(RedisBinding redis, Codec<T> codec, String nullMessage) {
    this.redis = redis;
    this.codec = requireNonNull(codec, "codec");
    this.nullMessage = nullMessage;
  }

  /**
   * Returns the codec of the values. No round trip.
   *
   * @return the codec
   */
  public Codec<T> codec() {
    return codec;
  }

  /**
   * Encodes a value. No round trip.
   *
   * @param value the value
   * @return its bytes
   * @throws NullPointerException if the value is null, with the type's own message
   */
  public byte[] encode(T value) {
    return redis.encode(codec, requireNonNull(value, nullMessage));
  }

  /**
   * Decodes stored bytes. No round trip.
   *
   * @param raw the bytes read from Redis
   * @return the value
   * @throws CodecException naming the object's key, for every decoding failure
   */
  public T decode(byte[] raw) {
    try {
      return Codecs.decode(codec, raw);
    } catch (CodecException e) {
      throw e.atKey(redis.key());
    }
  }

  /**
   * Encodes every value, refusing a null one before anything is sent. No round trip.
   *
   * @param values the values
   * @return their bytes, in order
   */
  public List<byte[]> encodeAll(Collection<? extends T> values) {
    List<byte[]> encoded = new ArrayList<>(values.size());
    for (T value : values) {
      encoded.add(encode(value));
    }
    return encoded;
  }

  /**
   * Encodes an object given to a query, or returns null if it cannot be a value of this type.
   *
   * @param o the object
   * @return its bytes, or null if it is not of the value type
   * @throws NullPointerException if the object is null
   */
  public byte @Nullable [] query(@Nullable Object o) {
    requireNonNull(o, nullMessage);
    return codec.type().isInstance(o) ? encode(codec.type().cast(o)) : null;
  }

  /**
   * Encodes every object of a collection for a {@code containsAll}, or returns null if one of them
   * (a null, an object of another type) cannot be a value, so the answer is false without asking
   * Redis. No round trip.
   *
   * @param c the objects
   * @return their bytes, or null if one cannot be a value
   */
  public @Nullable List<byte[]> queriesIfAll(Collection<?> c) {
    List<byte[]> encoded = new ArrayList<>();
    for (Object o : requireNonNull(c, "c")) {
      byte[] raw = o == null ? null : query(o);
      if (raw == null) {
        return null;
      }
      encoded.add(raw);
    }
    return encoded;
  }

  /**
   * Returns the distinct encodings of the objects of a collection that can be values. No round
   * trip.
   *
   * @param c the objects
   * @return the distinct encodings, in first-seen order
   */
  public Set<ByteKey> distinctQueries(Collection<?> c) {
    Set<ByteKey> distinct = new LinkedHashSet<>();
    for (Object o : requireNonNull(c, "c")) {
      byte[] raw = o == null ? null : query(o);
      if (raw != null) {
        distinct.add(new ByteKey(raw));
      }
    }
    return distinct;
  }

  /**
   * Returns the bytes of the distinct encodings of the objects of a collection that can be values.
   * No round trip.
   *
   * @param c the objects
   * @return the distinct encodings, in first-seen order
   */
  public List<byte[]> queries(Collection<?> c) {
    return ByteKey.bytes(distinctQueries(c));
  }
}
