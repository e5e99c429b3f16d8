package org.hotredis.codec;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.UUID;

/**
 * The codecs HOT Redis offers, and the default codec for a Java type.
 *
 * <p>Defaults ({@link #forType}) store values the way {@code redis-cli} and the Python HOT Redis
 * read them:
 *
 * <table>
 *   <caption>Default codecs</caption>
 *   <tr><th>Java type</th><th>Stored as</th></tr>
 *   <tr><td>{@code String}</td><td>UTF-8 text</td></tr>
 *   <tr><td>{@code Long}, {@code Integer}, {@code Short}, {@code Byte}, {@code BigInteger}</td>
 *       <td>decimal integer text ({@code "42"}), so {@code INCRBY} and {@code HINCRBY} work</td></tr>
 *   <tr><td>{@code Double}, {@code Float}, {@code BigDecimal}</td>
 *       <td>decimal text without exponent ({@code "0.5"}), so {@code INCRBYFLOAT} works</td></tr>
 *   <tr><td>{@code Boolean}</td><td>{@code "1"} or {@code "0"}</td></tr>
 *   <tr><td>{@code UUID}</td><td>its canonical text</td></tr>
 *   <tr><td>an {@code enum}</td><td>the constant's name</td></tr>
 *   <tr><td>{@code byte[]}</td><td>the bytes as they are</td></tr>
 * </table>
 *
 * <p>Any other type needs an explicit choice: {@link #json(Class)} or {@link
 * #javaSerialization(Class, String...)}. Bytes from Redis are never deserialized into a class the
 * caller did not name.
 */
public final class Codecs {

  private static final Map<Class<?>, Codec<?>> DEFAULTS =
      Map.ofEntries(
          Map.entry(String.class, StringCodec.INSTANCE),
          Map.entry(Long.class, NumberCodecs.LONG),
          Map.entry(Integer.class, NumberCodecs.INTEGER),
          Map.entry(Short.class, NumberCodecs.SHORT),
          Map.entry(Byte.class, NumberCodecs.BYTE),
          Map.entry(BigInteger.class, NumberCodecs.BIG_INTEGER),
          Map.entry(Double.class, NumberCodecs.DOUBLE),
          Map.entry(Float.class, NumberCodecs.FLOAT),
          Map.entry(BigDecimal.class, NumberCodecs.BIG_DECIMAL),
          Map.entry(Boolean.class, TextCodecs.BOOLEAN),
          Map.entry(UUID.class, TextCodecs.UUIDS),
          Map.entry(byte[].class, BytesCodec.INSTANCE),
          Map.entry(long.class, NumberCodecs.LONG),
          Map.entry(int.class, NumberCodecs.INTEGER),
          Map.entry(short.class, NumberCodecs.SHORT),
          Map.entry(byte.class, NumberCodecs.BYTE),
          Map.entry(double.class, NumberCodecs.DOUBLE),
          Map.entry(float.class, NumberCodecs.FLOAT),
          Map.entry(boolean.class, TextCodecs.BOOLEAN));

  private Codecs() {}

  /**
   * Returns the codec for UTF-8 text. Strings with unpaired surrogates are refused rather than
   * silently altered, and bytes that are not valid UTF-8 are refused when read.
   *
   * @return the string codec
   */
  public static Codec<String> strings() {
    return StringCodec.INSTANCE;
  }

  /**
   * Returns the codec for {@code Long} as decimal text, the form {@code INCRBY} works on.
   *
   * @return the long codec
   */
  public static Codec<Long> longs() {
    return NumberCodecs.LONG;
  }

  /**
   * Returns the codec for {@code Integer} as decimal text.
   *
   * @return the integer codec
   */
  public static Codec<Integer> integers() {
    return NumberCodecs.INTEGER;
  }

  /**
   * Returns the codec for {@code Double} as decimal text without exponent (text that reads back as
   * exactly the same double), the form {@code INCRBYFLOAT} works on. NaN and infinities are
   * refused: Redis cannot do arithmetic on them.
   *
   * @return the double codec
   */
  public static Codec<Double> doubles() {
    return NumberCodecs.DOUBLE;
  }

  /**
   * Returns the codec that stores byte arrays as they are.
   *
   * @return the bytes codec
   */
  public static Codec<byte[]> bytes() {
    return BytesCodec.INSTANCE;
  }

  /**
   * Returns the codec that stores an enum constant as its {@link Enum#name() name}.
   *
   * @param type the enum class
   * @param <E> the enum type
   * @return the enum codec
   */
  public static <E extends Enum<E>> Codec<E> enums(Class<E> type) {
    return new EnumCodec<>(requireNonNull(type, "type"));
  }

  /**
   * Returns the default codec for a type, as listed in the class description.
   *
   * @param type the Java type of the values
   * @param <T> the Java type
   * @return its default codec
   * @throws IllegalArgumentException if the type has no default codec; the message suggests {@link
   *     #json(Class)} or {@link #javaSerialization(Class, String...)}
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static <T> Codec<T> forType(Class<T> type) {
    requireNonNull(type, "type");
    Codec<?> codec = DEFAULTS.get(type);
    if (codec != null) {
      return (Codec<T>) codec;
    }
    if (type.isEnum()) {
      return (Codec<T>) new EnumCodec(type);
    }
    throw new IllegalArgumentException(
        "no default codec for "
            + type.getName()
            + ": choose one explicitly, e.g. Codecs.json("
            + type.getSimpleName()
            + ".class) or Codecs.javaSerialization("
            + type.getSimpleName()
            + ".class, \"your.package.*\")");
  }

  /**
   * Returns a JSON codec for a type, using Jackson (an optional dependency: add {@code
   * com.fasterxml.jackson.core:jackson-databind}). Polymorphic type information is not read unless
   * the type itself asks for it with Jackson annotations. Properties and map entries are written in
   * sorted order, so equal values encode to equal bytes.
   *
   * @param type the class of the values
   * @param <T> the Java type
   * @return the JSON codec
   * @see JsonCodec
   */
  public static <T> Codec<T> json(Class<T> type) {
    return JsonCodec.of(type);
  }

  /**
   * Returns a codec that uses Java serialization, restricted to an allow-list. Reading accepts only
   * the named type, the classes matching the given patterns, and a fixed set of JDK value classes
   * ({@code java.lang.*}, {@code java.math.BigInteger}, {@code java.math.BigDecimal}, {@code
   * java.time.*}); any other class in the stream is refused before it is instantiated. Depth and
   * reference count are bounded, and so are arrays, before they are allocated, by the size of the
   * stored value (an array of primitives must fit in the bytes that follow its length, and all the
   * arrays of one value, including the tables JDK collections size from a count, may take at most
   * 16 bytes per stored byte), so a crafted value of a few bytes cannot exhaust memory.
   *
   * <p>Patterns use {@link java.io.ObjectInputFilter.Config#createFilter} syntax: {@code
   * com.acme.Order} names a class, {@code com.acme.*} a package, {@code com.acme.**} a package and
   * its subpackages; {@code java.util.*} admits the JDK collections.
   *
   * @param type the class of the values
   * @param allowedPatterns further classes that may appear in the serialized graph
   * @param <T> the Java type
   * @return the codec
   * @throws IllegalArgumentException if a pattern is malformed or tries to widen the filter with
   *     limits or {@code *}
   */
  public static <T> Codec<T> javaSerialization(Class<T> type, String... allowedPatterns) {
    return new JavaSerializationCodec<>(type, allowedPatterns);
  }

  /**
   * Returns a filter that admits the arrays of one Java-serialized stream of {@code storedBytes}
   * bytes only as far as its size can justify them, before they are allocated: for readers of Java
   * serialization outside a codec (a stored configuration, say). Combine it with an allow-list; it
   * decides nothing but arrays. One instance per stream. No round trip.
   *
   * @param storedBytes the size of the stream
   * @return the filter, {@link java.io.ObjectInputFilter.Status#REJECTED} for an array beyond the
   *     bounds and {@link java.io.ObjectInputFilter.Status#UNDECIDED} for anything else
   */
  public static java.io.ObjectInputFilter arrayBounds(long storedBytes) {
    return new ArrayBounds(storedBytes);
  }

  /**
   * Decodes stored bytes with a codec, so that whatever the bytes hold, a failure reaches the
   * caller as {@link CodecException}. HOT Redis objects decode through this method and add their
   * key to the exception; a type written on top of HOT Redis should too. No round trip.
   *
   * <p>A {@code CodecException} passes unchanged. Any other {@link RuntimeException} the codec
   * throws ({@code ClassCastException}, {@code IllegalStateException} from a {@code readObject},
   * ...) becomes a {@code CodecException} whose cause it is, and so do two errors that the shape of
   * the stored value can cause: {@link StackOverflowError} (a value nested deeper than the thread's
   * stack) and {@link OutOfMemoryError}. HOT Redis's codecs bound what decoding allocates by the
   * size of the stored value, so the latter means a codec of your own allocated without bound, or a
   * heap that was already nearly full; either way only this decode's allocations are lost with it,
   * and the caller learns which key it was reading rather than receiving an {@code Error} from a
   * {@code get}. The JVM's own handling of that error ({@code -XX:+HeapDumpOnOutOfMemoryError},
   * {@code -XX:+ExitOnOutOfMemoryError}) happens when it is thrown, before this method sees it.
   * Other errors propagate unchanged.
   *
   * @param codec the codec
   * @param bytes the stored bytes
   * @param <T> the Java type
   * @return the value
   * @throws CodecException if the codec fails in any of these ways; its cause is the original
   *     exception or error
   */
  public static <T> T decode(Codec<T> codec, byte[] bytes) {
    requireNonNull(codec, "codec");
    requireNonNull(bytes, "bytes");
    try {
      return codec.decode(bytes);
    } catch (CodecException e) {
      throw e;
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      throw decodeFailure(codec.type(), bytes.length, e);
    }
  }

  /**
   * Describes a failure of decoding other than a {@link CodecException}, for {@link #decode} and
   * for the codecs that catch the same failures themselves.
   */
  static CodecException decodeFailure(Class<?> type, int storedBytes, Throwable failure) {
    String what = "cannot decode " + storedBytes + " stored bytes as " + type.getName() + ": ";
    if (failure instanceof StackOverflowError) {
      return new CodecException(
          what + "the value nests deeper than this thread's stack allows (StackOverflowError)",
          failure);
    }
    if (failure instanceof OutOfMemoryError) {
      return new CodecException(what + "decoding ran out of memory (" + failure + ")", failure);
    }
    return new CodecException(what + failure, failure);
  }
}
