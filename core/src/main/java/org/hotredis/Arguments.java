package org.hotredis;

import java.nio.charset.StandardCharsets;
import org.hotredis.codec.Codecs;

/**
 * Encodes command and script arguments that are not user values: counts, indexes, amounts. Numbers
 * travel as the decimal text Redis parses; doubles never in exponent notation.
 */
public final class Arguments {
  private Arguments() {}

  /**
   * Encodes an integer as decimal ASCII.
   *
   * @param value the integer
   * @return its bytes
   */
  public static byte[] of(long value) {
    return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Encodes a finite double as plain decimal ASCII, without exponent, as {@link Codecs#doubles()}
   * stores it.
   *
   * @param value the number
   * @return its bytes
   * @throws org.hotredis.codec.CodecException if the value is NaN or infinite
   */
  public static byte[] of(double value) {
    return Codecs.doubles().encode(value);
  }

  /**
   * Encodes text as UTF-8.
   *
   * @param text the text
   * @return its bytes
   */
  public static byte[] of(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
