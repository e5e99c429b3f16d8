package org.hotredis.concurrent.queues;

import static java.util.Objects.requireNonNull;

import org.hotredis.RedisBinding;
import org.hotredis.Replies;

/**
 * An element taken reliably from a HOT Redis queue ({@code takeReliably}, {@code pollReliably}):
 * until it is acknowledged it stays in the consumer's pending list in Redis, and if the consumer's
 * process dies first, the element returns to the queue after the visibility timeout.
 *
 * <pre>{@code
 * Delivery<String> delivery = queue.takeReliably();
 * process(delivery.element());
 * delivery.acknowledge();            // now it is gone for good
 * }</pre>
 *
 * <p>Consumption is at least once: an element whose consumer died after processing it but before
 * acknowledging it is delivered again, and so is one whose consumer stopped renewing its heartbeat
 * for longer than the visibility timeout (a long pause, a network partition) while it still worked.
 * A redelivered element goes back to the head of the queue, so it is taken before the elements
 * queued after it, but after the ones other consumers took meanwhile.
 *
 * @param <E> the element type
 */
public final class Delivery<E> {
  private final RedisBinding queue;
  private final byte[] pending;
  private final byte[] raw;
  private final E element;

  Delivery(RedisBinding queue, byte[] pending, byte[] raw, E element) {
    this.queue = requireNonNull(queue, "queue");
    this.pending = requireNonNull(pending, "pending");
    this.raw = requireNonNull(raw, "raw");
    this.element = requireNonNull(element, "element");
  }

  /**
   * Returns the element taken.
   *
   * @return the element
   */
  public E element() {
    return element;
  }

  /**
   * Acknowledges the element: removes it from the consumer's pending list, so it is never delivered
   * again. One round trip ({@code LREM} of one occurrence). Atomic.
   *
   * @return true if it was still pending; false if it was already acknowledged, or put back in the
   *     queue because this consumer's heartbeat had expired (it may then be delivered again)
   */
  public boolean acknowledge() {
    return queue.write(
        Replies.withReply(queue.commands().lrem(pending, 1, raw), Replies.isPositive()));
  }

  /**
   * Describes the delivery by its element and queue.
   *
   * @return for example {@code Delivery[job-7 from HotQueue 'jobs']}
   */
  @Override
  public String toString() {
    return "Delivery[" + element + " from " + queue.describe() + "]";
  }
}
