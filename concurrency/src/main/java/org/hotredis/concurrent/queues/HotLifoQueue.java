package org.hotredis.concurrent.queues;

import static java.util.Objects.requireNonNull;

import org.hotredis.codec.Codec;
import org.hotredis.codec.Codecs;

/**
 * A LIFO {@link java.util.concurrent.BlockingQueue} (a stack) stored in a Redis list, shared by
 * every process that uses its key.
 *
 * <pre>{@code
 * HotLifoQueue<String> stack = HotLifoQueue.builder(String.class).key("undo").build();
 * stack.put("a");
 * stack.put("b");                          // LPUSH undo b
 * stack.take();                            // "b": BLPOP undo
 * }</pre>
 *
 * <p><b>Order and layout.</b> {@code put} pushes at the head ({@code LPUSH}) and {@code take}
 * removes the head ({@code LPOP}/{@code BLPOP}): last in, first out, bounded or not. This is the
 * layout of the Python HOT Redis {@code LifoQueue} (whose bounded {@code put} appended at the tail,
 * making it FIFO, a defect this class does not share).
 *
 * <p><b>Atomicity and waiting.</b> Every method that changes the queue is one Redis command or one
 * Lua script; bulk methods ({@code addAll}, {@code removeAll}, {@code retainAll}, {@code clear})
 * are one round trip, and {@code addAll} on a bounded queue adds all or nothing. {@code take} and
 * {@code poll} with a timeout wait in Redis with a blocking command on a dedicated connection
 * (never one of the client's pooled connections), and answer {@link Thread#interrupt()} at once;
 * {@code put} and {@code offer} with a timeout on a full queue wait for a notification that a
 * consumer made room, without polling. Timeouts are honoured to the millisecond. Methods that wait
 * or need several round trips cannot run inside a transaction. Each method states its round trips.
 *
 * <p><b>Capacity.</b> A queue is unbounded unless built with a {@linkplain Builder#capacity
 * capacity}, which is stored in Redis at {@code {key}:capacity}, so every process enforces the same
 * one. It stays until {@link #delete()}; building the queue again with another capacity fails.
 *
 * <p><b>At-least-once consumption.</b> {@code take} and {@code poll} keep {@code BlockingQueue}'s
 * semantics: a consumer that dies after taking an element loses it. {@code takeReliably} and {@code
 * pollReliably} instead move the element into the consumer's pending list and return a {@link
 * Delivery} to acknowledge; the elements of a consumer that dies return to the queue after the
 * visibility timeout. See {@link Delivery}.
 *
 * <p>Elements are stored with the queue's {@link Codec}; null elements are refused with {@link
 * NullPointerException}. Iteration reads pages of 1,000 elements and is weakly consistent. {@code
 * equals} and {@code hashCode} are identity-based, as for the JDK's queues. See {@code
 * docs/queues.md} for the key layout and the guarantees.
 *
 * @param <E> the element type
 */
public final class HotLifoQueue<E> extends AbstractHotQueue<E> {
  private HotLifoQueue(Spec<E> spec) {
    super(spec);
  }

  /**
   * Returns a builder for queues of a type with its default codec ({@link Codecs#forType}).
   *
   * @param type the element type
   * @param <E> the element type
   * @return the builder
   */
  public static <E> Builder<E> builder(Class<E> type) {
    return new Builder<>(Codecs.forType(type));
  }

  /**
   * Returns a builder for queues whose elements use a codec.
   *
   * @param codec the codec of the elements
   * @param <E> the element type
   * @return the builder
   */
  public static <E> Builder<E> builder(Codec<E> codec) {
    return new Builder<>(requireNonNull(codec, "codec"));
  }

  /**
   * Builds a {@link HotLifoQueue}: key, client, {@link #capacity capacity}, {@link #initial
   * initial} contents and {@link #visibilityTimeout visibility timeout}, then {@link #build()}.
   *
   * @param <E> the element type
   */
  public static final class Builder<E> extends QueueBuilder<E, HotLifoQueue<E>, Builder<E>> {
    private Builder(Codec<E> codec) {
      super(codec, "HotLifoQueue", true, false, HotLifoQueue::new);
    }
  }
}
