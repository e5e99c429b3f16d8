package org.hotredis;

import org.jspecify.annotations.Nullable;

/**
 * Redis could not be reached or refused the client: the server is down or unreachable, a timeout
 * expired, the credentials were refused, or the connection broke during a command.
 *
 * <p>The message names the endpoint ({@code host:port}). When the connection broke after a write
 * was sent, the message says that the write may or may not have been applied: Redis gives no way to
 * tell, and HOT Redis never retries a write on its own.
 */
public class HotConnectionException extends HotRedisException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception naming what failed.
   *
   * @param message what failed, naming the endpoint
   * @param cause the underlying client exception
   */
  public HotConnectionException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
