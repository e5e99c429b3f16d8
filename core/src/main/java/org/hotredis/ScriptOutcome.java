package org.hotredis;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * One outcome a Lua script replies as a short code (a number such as {@code 1} or {@code -2}, or a
 * word such as {@code ok} or {@code C}): implemented by an enum declared beside the Java code that
 * runs the script, so that replies are read by name and each code is written once.
 *
 * <pre>{@code
 * enum Acquired implements ScriptOutcome {
 *   @Code("1") NEW,
 *   @Code("2") REENTERED,
 *   @Code("0") HELD_BY_OTHER
 * }
 * Acquired outcome = ScriptOutcome.of(Acquired.class, reply.get(0), "lock-acquire.lua");
 * }</pre>
 */
public interface ScriptOutcome {

  /** The code a script replies for the outcome this enum constant names. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.FIELD)
  @interface Code {
    /**
     * Returns the code, as text: {@code "1"}, {@code "-2"}, {@code "ok"}.
     *
     * @return the code
     */
    String value();
  }

  /**
   * Returns the code the script replies for this outcome, as text: the constant's {@link Code}.
   *
   * @return the code
   */
  @SuppressWarnings("EnumOrdinal") // the codes are read once per enum, in declaration order
  default String code() {
    Enum<?> constant = (Enum<?>) this;
    return OutcomeConstants.codes(constant.getDeclaringClass())[constant.ordinal()];
  }

  /**
   * Returns the outcome a reply item stands for. No round trip.
   *
   * @param type the enum of the script's outcomes
   * @param item the reply item: an integer or a bulk string
   * @param script the script's file name, for the error
   * @param <E> the enum
   * @return the outcome whose code the item is
   * @throws HotRedisException naming the script, the item and the expected codes, if none matches
   */
  static <E extends Enum<E> & ScriptOutcome> E of(
      Class<E> type, @Nullable Object item, String script) {
    String[] codes = OutcomeConstants.codes(type);
    for (int i = 0; i < codes.length; i++) {
      if (matches(codes[i], item)) {
        return type.cast(OutcomeConstants.constants(type)[i]);
      }
    }
    StringJoiner expected = new StringJoiner(", ");
    for (String code : codes) {
      expected.add("'" + code + "'");
    }
    throw new HotRedisException(
        script + " replied " + describe(item) + " where one of " + expected + " was expected");
  }

  /**
   * Returns the outcome the first item of an array reply of a fixed length stands for. No round
   * trip.
   *
   * @param type the enum of the script's outcomes
   * @param reply the array reply
   * @param length the length the script always replies
   * @param script the script's file name, for the error
   * @param <E> the enum
   * @return the outcome whose code the first item is
   * @throws HotRedisException naming the script and the reply, if the length or the code is wrong
   */
  static <E extends Enum<E> & ScriptOutcome> E first(
      Class<E> type, List<?> reply, int length, String script) {
    if (reply.size() != length) {
      throw new HotRedisException(
          script + " replied " + reply.size() + " items where " + length + " were expected");
    }
    return of(type, reply.get(0), script);
  }

  /** Whether a reply item is a code, compared without allocating: codes are ASCII. */
  private static boolean matches(String code, @Nullable Object item) {
    if (item instanceof byte[] bytes) {
      if (bytes.length != code.length()) {
        return false;
      }
      for (int i = 0; i < bytes.length; i++) {
        if (bytes[i] != code.charAt(i)) {
          return false;
        }
      }
      return true;
    }
    if (item instanceof Long number) {
      return code.equals(Long.toString(number));
    }
    return code.equals(item);
  }

  private static String describe(@Nullable Object item) {
    return item instanceof byte[] bytes ? "'" + new String(bytes, UTF_8) + "'" : "'" + item + "'";
  }
}
