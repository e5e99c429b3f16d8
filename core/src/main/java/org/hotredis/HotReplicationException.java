package org.hotredis;

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

  /**
   * Creates the exception.
   *
   * @param message what was written and where, and how many replicas acknowledged it
   * @param acknowledged how many replicas acknowledged the write
   * @param required how many the client requires
   */
  public HotReplicationException(String message, int acknowledged, int required) {
    super(message);
    this.acknowledged = acknowledged;
    this.required = required;
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
