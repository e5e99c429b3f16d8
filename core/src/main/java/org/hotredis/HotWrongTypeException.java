package org.hotredis;

/**
 * A key holds a different kind of Redis value than the object expects (Redis's {@code WRONGTYPE}):
 * for example a {@code HotList} whose key holds a hash. Nothing was changed.
 */
public class HotWrongTypeException extends HotRedisException {
  private static final long serialVersionUID = 1L;

  /** The key that holds the unexpected type. */
  private final String key;

  /** The Redis type the object needs. */
  private final String expected;

  /** The Redis type the key holds. */
  private final String actual;

  /**
   * Creates the exception.
   *
   * @param key the key that holds the unexpected type
   * @param expected the Redis type the object needs ({@code list}, {@code hash}, ...)
   * @param actual the Redis type the key holds
   */
  public HotWrongTypeException(String key, String expected, String actual) {
    super(
        "WRONGTYPE on key '"
            + key
            + "': expected "
            + Keys.article(expected)
            + ", found "
            + Keys.article(actual));
    this.key = key;
    this.expected = expected;
    this.actual = actual;
  }

  /**
   * Returns the key that holds the unexpected type.
   *
   * @return the key
   */
  public String key() {
    return key;
  }

  /**
   * Returns the Redis type the object expected.
   *
   * @return a Redis type name such as {@code list}
   */
  public String expected() {
    return expected;
  }

  /**
   * Returns the Redis type the key holds.
   *
   * @return a Redis type name such as {@code hash}
   */
  public String actual() {
    return actual;
  }
}
