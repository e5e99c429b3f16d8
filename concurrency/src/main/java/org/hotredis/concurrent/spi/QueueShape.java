package org.hotredis.concurrent.spi;

import static java.util.Objects.requireNonNull;

/**
 * What must match between uses of one queue name in a {@link ConcurrencyProvider}: the element type
 * and the capacity.
 *
 * @param type the element type's name
 * @param capacity the capacity, {@link Integer#MAX_VALUE} for unbounded
 */
record QueueShape(String type, int capacity) {
  static QueueShape of(Class<?> type, int capacity) {
    requireNonNull(type, "type");
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    return new QueueShape(type.getName(), capacity);
  }

  boolean bounded() {
    return capacity != Integer.MAX_VALUE;
  }

  @Override
  public String toString() {
    return type + " elements and " + (bounded() ? "capacity " + capacity : "no capacity");
  }
}
