package org.hotredis;

import org.jspecify.annotations.Nullable;

/**
 * A write was applied on the master, but fewer replicas than the client requires acknowledged it
 * within the timeout ({@code WAIT}; see {@link HotClientBuilder#replicaAcknowledgement}). The write
 * is not undone: it is visible now, and it is lost if the master fails before a replica has it.
 * Retrying it applies it again.
 */
public class HotReplicationException extends HotRedisException {
  private static final long serialVersionUID = 1L;

  /** How many replicas acknowledged the write. */
  private final int acknowledged;

  /** How many replicas the client requires. */
  private final int required;

  /** The write's result, as its method would have returned it; not serialized. */
  private final transient @Nullable Object result;

  /**
   * Creates the exception.
   *
   * @param message what was written and where, and how many replicas acknowledged it
   * @param acknowledged how many replicas acknowledged the write
   * @param required how many the client requires
   */
  public HotReplicationException(String message, int acknowledged, int required) {
    this(message, acknowledged, required, null);
  }

  /**
   * Creates the exception, keeping the write's result so that a caller can undo the write.
   *
   * @param message what was written and where, and how many replicas acknowledged it
   * @param acknowledged how many replicas acknowledged the write
   * @param required how many the client requires
   * @param result the write's decoded reply, or null if there is none (a transaction)
   */
  public HotReplicationException(
      String message, int acknowledged, int required, @Nullable Object result) {
    super(message);
    this.acknowledged = acknowledged;
    this.required = required;
    this.result = result;
  }

  /**
   * Returns the write's result on the master, decoded as the command's reply: what the method would
   * have worked with had the replicas acknowledged it. Null after a transaction, and after the
   * exception was serialized.
   *
   * @return the result, or null
   */
  public @Nullable Object result() {
    return result;
  }

  /**
   * Returns how many replicas acknowledged the write.
   *
   * @return the count
   */
  public int acknowledged() {
    return acknowledged;
  }

  /**
   * Returns how many replicas the client requires.
   *
   * @return the count
   */
  public int required() {
    return required;
  }
}
