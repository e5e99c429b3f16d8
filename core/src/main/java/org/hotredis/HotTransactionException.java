package org.hotredis;

import java.util.List;

/**
 * Some commands of a transaction failed when Redis executed it. Redis does not roll back: the other
 * commands of the same {@code EXEC} were applied. The message lists each failed command with its
 * key and error; {@link #getSuppressed()} holds the individual exceptions.
 */
public class HotTransactionException extends HotRedisException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception from the failures of one transaction.
   *
   * @param message a summary naming the failed commands
   * @param failures the exception of each failed command
   */
  public HotTransactionException(String message, List<? extends RuntimeException> failures) {
    super(message);
    failures.forEach(this::addSuppressed);
  }
}
