package org.hotredis.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;

/**
 * Numbers as decimal text. Integers are written as Redis's {@code INCRBY} writes them; floating
 * point numbers as the JDK's {@code toString} digits (a decimal that reads back as exactly the same
 * value), never in exponent notation (Redis's {@code INCRBYFLOAT} and Python's {@code float()} read
 * that form; neither needs Java's {@code 1.0E10}). Reading accepts Python's spellings too ({@code
 * 1e+20}, {@code inf}).
 */
final class NumberCodecs {

  static final Codec<Long> LONG =
      new TextCodec<>(
          Long.class, "Codecs.longs()", "a decimal integer", String::valueOf, Long::parseLong);

  static final Codec<Integer> INTEGER =
      new TextCodec<>(
          Integer.class,
          "Codecs.integers()",
          "a decimal integer in the range of int",
          String::valueOf,
          Integer::parseInt);

  static final Codec<Short> SHORT =
      new TextCodec<>(
          Short.class,
          "Codecs.forType(Short.class)",
          "a decimal integer in the range of short",
          String::valueOf,
          Short::parseShort);

  static final Codec<Byte> BYTE =
      new TextCodec<>(
          Byte.class,
          "Codecs.forType(Byte.class)",
          "a decimal integer in the range of byte",
          String::valueOf,
          Byte::parseByte);

  static final Codec<BigInteger> BIG_INTEGER =
      new TextCodec<>(
          BigInteger.class,
          "Codecs.forType(BigInteger.class)",
          "a decimal integer",
          BigInteger::toString,
          BigInteger::new);

  static final Codec<Double> DOUBLE =
      new TextCodec<>(
          Double.class,
          "Codecs.doubles()",
          "a decimal number",
          NumberCodecs::formatDouble,
          NumberCodecs::parseDouble);

  static final Codec<Float> FLOAT =
      new TextCodec<>(
          Float.class,
          "Codecs.forType(Float.class)",
          "a decimal number",
          NumberCodecs::formatFloat,
          text -> (float) parseDouble(text));

  static final Codec<BigDecimal> BIG_DECIMAL =
      new TextCodec<>(
          BigDecimal.class,
          "Codecs.forType(BigDecimal.class)",
          "a decimal number",
          BigDecimal::toPlainString,
          BigDecimal::new);

  private NumberCodecs() {}

  /**
   * Formats a finite double as a decimal that reads back as the same double, without exponent.
   *
   * @throws CodecException if the value is NaN or infinite
   */
  static String formatDouble(Double value) {
    double d = value;
    if (!Double.isFinite(d)) {
      throw new CodecException(
          "cannot store " + d + ": Redis can only do arithmetic on finite numbers", null);
    }
    return plain(Double.toString(d));
  }

  private static String formatFloat(Float value) {
    float f = value;
    if (!Float.isFinite(f)) {
      throw new CodecException(
          "cannot store " + f + ": Redis can only do arithmetic on finite numbers", null);
    }
    return plain(Float.toString(f));
  }

  private static String plain(String javaText) {
    return javaText.indexOf('E') < 0
        ? javaText
        : new BigDecimal(javaText).stripTrailingZeros().toPlainString();
  }

  /**
   * Parses decimal text as Redis and Python write it. Java-only spellings (hexadecimal, a trailing
   * {@code d} or {@code f}) are refused, so what this accepts is what other clients wrote.
   */
  static double parseDouble(String text) {
    String lower = text.trim().toLowerCase(Locale.ROOT);
    switch (lower) {
      case "inf", "+inf", "infinity", "+infinity" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-inf", "-infinity" -> {
        return Double.NEGATIVE_INFINITY;
      }
      case "nan" -> {
        return Double.NaN;
      }
      default -> {
        // a decimal number, checked below
      }
    }
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e')) {
        throw new NumberFormatException(text);
      }
    }
    return Double.parseDouble(lower);
  }
}
