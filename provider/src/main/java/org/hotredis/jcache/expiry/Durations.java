package org.hotredis.jcache.expiry;

/**
 * The expiry durations of one cache operation, in the text form scripts take ({@link Expiry}): each
 * is {@code ?} until the operation asks the policy for it, then stays fixed for the rest of the
 * operation, so the policy is asked at most once per kind per operation.
 *
 * <p>Not thread-safe: one operation uses it, on one thread. The durations of the fixed policies are
 * shared and never change.
 */
public final class Durations {
  /** The duration text of a duration the operation has not asked the policy for yet. */
  public static final String UNKNOWN = "?";

  /**
   * The duration text that leaves a deadline as it is: the update or access duration of a policy
   * that returns null, and the access duration of reads that must not touch the entries they read.
   */
  public static final String KEEP = "k";

  private final Expiry expiry;
  private String creation = UNKNOWN;
  private String update = UNKNOWN;
  private String access = UNKNOWN;

  Durations(Expiry expiry) {
    this.expiry = expiry;
  }

  /**
   * Returns the creation duration: {@code ?}, {@code e} or milliseconds.
   *
   * @return the duration's text
   */
  public String creation() {
    return creation;
  }

  /**
   * Returns the update duration: {@code ?}, {@code k}, {@code e} or milliseconds.
   *
   * @return the duration's text
   */
  public String update() {
    return update;
  }

  /**
   * Returns the access duration: {@code ?}, {@code k}, {@code e} or milliseconds.
   *
   * @return the duration's text
   */
  public String access() {
    return access;
  }

  /**
   * Returns whether the access duration is known and changes deadlines.
   *
   * @return true if an access must be applied
   */
  public boolean accessChangesDeadline() {
    return !access.equals(UNKNOWN) && !access.equals(KEEP);
  }

  /**
   * Asks the policy for the durations named and not yet known.
   *
   * @param creation whether the creation duration is needed
   * @param update whether the update duration is needed
   * @param access whether the access duration is needed
   */
  public void evaluate(boolean creation, boolean update, boolean access) {
    if (creation && this.creation.equals(UNKNOWN)) {
      this.creation = expiry.creation();
    }
    if (update && this.update.equals(UNKNOWN)) {
      this.update = expiry.update();
    }
    if (access && this.access.equals(UNKNOWN)) {
      this.access = expiry.access();
    }
  }

  @Override
  public String toString() {
    return "Durations[creation=" + creation + ", update=" + update + ", access=" + access + "]";
  }
}
