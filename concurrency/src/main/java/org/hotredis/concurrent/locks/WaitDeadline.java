package org.hotredis.concurrent.locks;

/**
 * When a blocking call gives up: never, after a timeout measured on {@link System#nanoTime()}, or
 * at a wall-clock date (for {@link java.util.concurrent.locks.Condition#awaitUntil}).
 */
final class WaitDeadline {
  private static final WaitDeadline NONE = new WaitDeadline(Kind.NONE, 0);

  private enum Kind {
    NONE,
    NANOS,
    WALL
  }

  private final Kind kind;
  private final long at;

  private WaitDeadline(Kind kind, long at) {
    this.kind = kind;
    this.at = at;
  }

  /** Returns the deadline that never passes. */
  static WaitDeadline none() {
    return NONE;
  }

  /**
   * Returns the deadline {@code nanos} from now; zero or less has already passed, and more than a
   * century never passes.
   */
  static WaitDeadline in(long nanos) {
    if (nanos >= Long.MAX_VALUE / 2) {
      return NONE;
    }
    return new WaitDeadline(Kind.NANOS, System.nanoTime() + Math.max(nanos, 0));
  }

  /** Returns the deadline at a wall-clock time, in milliseconds since the epoch. */
  static WaitDeadline atEpochMilli(long epochMilli) {
    return new WaitDeadline(Kind.WALL, epochMilli);
  }

  /** Returns whether this deadline ever passes. */
  boolean isTimed() {
    return kind != Kind.NONE;
  }

  /** Returns the nanoseconds left, at most zero once passed, {@link Long#MAX_VALUE} if untimed. */
  long remainingNanos() {
    return switch (kind) {
      case NONE -> Long.MAX_VALUE;
      case NANOS -> at - System.nanoTime();
      case WALL -> saturatedMillisToNanos(at - System.currentTimeMillis());
    };
  }

  /** Returns whether the deadline has passed. */
  boolean hasPassed() {
    return remainingNanos() <= 0;
  }

  private static long saturatedMillisToNanos(long millis) {
    if (millis > Long.MAX_VALUE / 1_000_000) {
      return Long.MAX_VALUE;
    }
    if (millis < Long.MIN_VALUE / 1_000_000) {
      return Long.MIN_VALUE;
    }
    return millis * 1_000_000;
  }
}
