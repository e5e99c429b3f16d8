package org.hotredis.jcache.configuration;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hotredis.codec.Codec;
import org.hotredis.codec.CodecException;
import org.hotredis.codec.Codecs;

/**
 * The self-describing codec of untyped ({@code Object}) caches: a one-letter type tag and a colon,
 * then the value in HOT Redis's default codec for its type ({@code s:hello}, {@code l:42}), or
 * {@code j:} and Java serialization behind the configured allow-list for any other type.
 *
 * <p>Equal values encode to equal bytes as long as their type's encoding does: always for the
 * tagged types, and for serialized classes whose serialized form depends only on their state (not
 * for {@code HashMap} keys, whose serialized order depends on their history).
 */
final class TaggedCodec implements Codec<Object> {
  private static final byte SEPARATOR = ':';
  private static final byte SERIALIZED = 'j';

  /** The tagged types: tag, type, codec. */
  private static final List<Tagged<?>> TAGGED =
      List.of(
          new Tagged<>('s', String.class, Codecs.strings()),
          new Tagged<>('l', Long.class, Codecs.longs()),
          new Tagged<>('i', Integer.class, Codecs.integers()),
          new Tagged<>('h', Short.class, Codecs.forType(Short.class)),
          new Tagged<>('b', Byte.class, Codecs.forType(Byte.class)),
          new Tagged<>('n', BigInteger.class, Codecs.forType(BigInteger.class)),
          new Tagged<>('d', Double.class, Codecs.doubles()),
          new Tagged<>('f', Float.class, Codecs.forType(Float.class)),
          new Tagged<>('m', BigDecimal.class, Codecs.forType(BigDecimal.class)),
          new Tagged<>('z', Boolean.class, Codecs.forType(Boolean.class)),
          new Tagged<>('u', UUID.class, Codecs.forType(UUID.class)),
          new Tagged<>('y', byte[].class, Codecs.bytes()));

  private static final Map<Class<?>, Tagged<?>> BY_TYPE = byType();

  private final Codec<Object> serialized;
  private final List<String> allowed;

  TaggedCodec(List<String> allowedPatterns) {
    this.allowed = List.copyOf(allowedPatterns);
    this.serialized = Codecs.javaSerialization(Object.class, allowed.toArray(new String[0]));
  }

  private static Map<Class<?>, Tagged<?>> byType() {
    Map.Entry<?, ?>[] entries = new Map.Entry<?, ?>[TAGGED.size()];
    for (int i = 0; i < entries.length; i++) {
      entries[i] = Map.entry(TAGGED.get(i).type, TAGGED.get(i));
    }
    @SuppressWarnings("unchecked")
    Map.Entry<Class<?>, Tagged<?>>[] typed = (Map.Entry<Class<?>, Tagged<?>>[]) entries;
    return Map.ofEntries(typed);
  }

  @Override
  public byte[] encode(Object value) {
    requireNonNull(value, "value");
    Tagged<?> tagged = BY_TYPE.get(value.getClass());
    if (tagged != null) {
      return tagged.encode(value);
    }
    return withTag(SERIALIZED, serialized.encode(value));
  }

  @Override
  public Object decode(byte[] bytes) {
    if (bytes.length < 2 || bytes[1] != SEPARATOR) {
      throw new CodecException(
          "cannot decode a value of an untyped cache: it does not start with a type tag", null);
    }
    byte[] body = Arrays.copyOfRange(bytes, 2, bytes.length);
    if (bytes[0] == SERIALIZED) {
      return serialized.decode(body);
    }
    for (Tagged<?> tagged : TAGGED) {
      if (tagged.tag == bytes[0]) {
        return tagged.codec.decode(body);
      }
    }
    throw new CodecException(
        "cannot decode a value of an untyped cache: unknown type tag '"
            + new String(bytes, 0, 1, StandardCharsets.ISO_8859_1)
            + "'",
        null);
  }

  @Override
  public Class<Object> type() {
    return Object.class;
  }

  @Override
  public String toString() {
    return "TaggedCodec[serialization allows " + allowed + "]";
  }

  private static byte[] withTag(byte tag, byte[] body) {
    byte[] bytes = new byte[body.length + 2];
    bytes[0] = tag;
    bytes[1] = SEPARATOR;
    System.arraycopy(body, 0, bytes, 2, body.length);
    return bytes;
  }

  /** One tagged type. */
  private static final class Tagged<T> {
    final byte tag;
    final Class<T> type;
    final Codec<T> codec;

    Tagged(char tag, Class<T> type, Codec<T> codec) {
      this.tag = (byte) tag;
      this.type = type;
      this.codec = codec;
    }

    byte[] encode(Object value) {
      return withTag(tag, codec.encode(type.cast(value)));
    }

    @Override
    public String toString() {
      return (char) tag + ":" + type.getSimpleName();
    }
  }
}
