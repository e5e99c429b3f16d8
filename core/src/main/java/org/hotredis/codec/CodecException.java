package org.hotredis.codec;

import org.hotredis.HotRedisException;
import org.jspecify.annotations.Nullable;

/**
 * A value could not be encoded for Redis, or bytes read from Redis could not be decoded. The
 * message names the Java type and, where known, the key.
 */
public class CodecException extends HotRedisException {
  private static final long serialVersionUID = 1L;

  /** The key whose value was wrong, or null if not known. */
  private final @Nullable String key;

  /** What was wrong with the value or the bytes. */
  private final String reason;

  /**
   * Creates the exception without a key; HOT Redis objects add their key before it reaches you.
   *
   * @param reason what was wrong with the value or the bytes
   * @param cause the underlying exception, if any
   */
  public CodecException(String reason, @Nullable Throwable cause) {
    this(null, reason, cause);
  }

  private CodecException(@Nullable String key, String reason, @Nullable Throwable cause) {
    super(key == null ? reason : "key '" + key + "': " + reason, cause);
    this.key = key;
    this.reason = reason;
  }

  /**
   * Returns the same failure, naming the key it happened at.
   *
   * @param key the Redis key whose value failed
   * @return a new exception whose message starts with the key
   */
  public CodecException atKey(String key) {
    if (this.key != null) {
      return this;
    }
    CodecException located = new CodecException(key, reason, getCause());
    located.setStackTrace(getStackTrace());
    return located;
  }

  /**
   * Returns the key the failure happened at, if known.
   *
   * @return the key, or null
   */
  public @Nullable String key() {
    return key;
  }
}
