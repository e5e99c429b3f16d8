package org.hotredis;

import org.jspecify.annotations.Nullable;

/** The base of every exception HOT Redis raises for a Redis-side failure. */
public class HotRedisException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message that says what was wrong and where.
   *
   * @param message what went wrong, naming the key or endpoint involved
   */
  public HotRedisException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and the low-level cause.
   *
   * @param message what went wrong, naming the key or endpoint involved
   * @param cause the underlying client or protocol exception
   */
  public HotRedisException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
