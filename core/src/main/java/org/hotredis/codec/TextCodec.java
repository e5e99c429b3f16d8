package org.hotredis.codec;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * A value stored as short ASCII text: numbers, booleans, UUIDs. Parsing failures become a {@link
 * CodecException} that quotes the stored text and names the type.
 */
final class TextCodec<T> implements Codec<T> {
  private final Class<T> type;
  private final String name;
  private final String expected;
  private final Function<T, String> format;
  private final Function<String, T> parse;

  TextCodec(
      Class<T> type,
      String name,
      String expected,
      Function<T, String> format,
      Function<String, T> parse) {
    this.type = type;
    this.name = name;
    this.expected = expected;
    this.format = format;
    this.parse = parse;
  }

  @Override
  public byte[] encode(T value) {
    return format.apply(value).getBytes(StandardCharsets.ISO_8859_1);
  }

  @Override
  public T decode(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    try {
      return parse.apply(text);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new CodecException(
          "cannot decode '"
              + TextCodecs.excerpt(bytes)
              + "' as "
              + type.getSimpleName()
              + ": not "
              + expected,
          e);
    }
  }

  @Override
  public Class<T> type() {
    return type;
  }

  @Override
  public String toString() {
    return name;
  }
}
