package org.hotredis.concurrent.queues;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.AbstractQueue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.hotredis.Arguments;
import org.hotredis.BlockingCalls;
import org.hotredis.HotBuilder;
import org.hotredis.HotObject;
import org.hotredis.HotRedisException;
import org.hotredis.Keys;
import org.hotredis.RedisBinding;
import org.hotredis.Replies;
import org.hotredis.Script;
import org.hotredis.ScriptCall;
import org.hotredis.StoredKeys;
import org.hotredis.Toolkit;
import org.hotredis.codec.Codec;
import org.hotredis.concurrent.Observers;
import org.hotredis.shaded.redis.clients.jedis.Builder;
import org.hotredis.shaded.redis.clients.jedis.BuilderFactory;
import org.hotredis.shaded.redis.clients.jedis.CommandObject;
import org.hotredis.shaded.redis.clients.jedis.args.ListDirection;
import org.hotredis.toolkit.Encoding;
import org.hotredis.toolkit.SharedScripts;
import org.jspecify.annotations.Nullable;

/**
 * What the four HOT Redis queues share: a {@link BlockingQueue} over a Redis list, optionally
 * bounded by a capacity stored in Redis, optionally holding each element at most once, with
 * at-least-once consumption as an option.
 *
 * @param <E> the element type
 */
abstract sealed class AbstractHotQueue<E> extends AbstractQueue<E>
    implements BlockingQueue<E>, HotObject
    permits HotQueue, HotLifoQueue, HotSetQueue, HotLifoSetQueue {
  /*
   * Implementation notes.
   *
   * Keys: the list at the key (the Python HOT Redis layout: put pushes at the tail, or at the head
   * for LIFO queues; take pops the head), the set-queues' membership set {key}:set, the capacity
   * {key}:capacity (the number, or 'unbounded': the first build fixes it), the registry of reliable consumers {key}:consumers, and
   * per reliable consumer a heartbeat {key}:consumer:<id> and a pending list {key}:pending:<id>.
   * Plain queues pass {key}:set to the scripts too, which never touch it.
   *
   * Waiting for an element: plain queues block in BLPOP (BLMOVE into the pending list for reliable
   * takes); set-queues must forget an element in the same step that removes it, which a blocking
   * command cannot do, so they wait with BLMOVE key key LEFT LEFT (which returns the head without
   * changing the list) and then remove the head with a script, waiting again if another consumer
   * won it. That wakes every waiter of the key for each element (a thundering herd), in exchange
   * for no window in which a taken element is still a member. Blocking commands run through
   * BlockingCalls: on dedicated connections, interruptible, to the millisecond.
   *
   * Waiting for space: the scripts that remove elements publish on the channel {key}:space when a
   * bounded queue stops being full; after a native blocking pop, which cannot publish atomically,
   * the helper connection publishes right after it (a hint: the producer checks the capacity
   * atomically). A waiting producer subscribes before its second attempt, so no message between the
   * attempt and the wait is lost, and also re-checks on reconnection and every
   * BlockingCalls.MAX_WAIT (consumers that do not publish, such as Python HOT Redis or redis-cli,
   * and a server that stopped answering, are noticed that way).
   *
   * Bare commands: a handle built on a queue recorded unbounded polls with LPOP (not a set-queue,
   * which must forget the member in the same step). No build can bound a queue while its record
   * says unbounded, so no producer waits for room on it; offers stay a script for every handle, so
   * a handle that outlived the record (delete, lost data) and the key built again bounded still
   * cannot pass the capacity: it only publishes no room hints, as a blocking pop of it does not.
   */

  /** Elements fetched per round trip by iterators and drained per round trip by drainTo. */
  static final int PAGE = 1000;

  private static final Script INIT = script("queue-init");
  private static final Script OFFER = script("queue-offer");
  private static final Script POLL = script("queue-poll");
  private static final Script POLL_RELIABLY = script("queue-poll-reliably");
  private static final Script REMOVE = script("queue-remove");
  private static final Script FILTER = script("queue-filter");
  private static final Script CLEAR = script("queue-clear");
  private static final Script REMAINING = script("queue-remaining");
  private static final Script RETURN = script("queue-return");
  private static final Script REGISTER = script("queue-register");
  private static final Script REQUEUE_ABANDONED = script("queue-requeue-abandoned");

  private static final byte[] ZERO = Arguments.of("0");
  private static final byte[] ONE = Arguments.of("1");
  private static final byte[] HEAD = Arguments.of("L");
  private static final byte[] TAIL = Arguments.of("R");
  private static final byte[] SPACE = Arguments.of("space");
  private static final String NULL_ELEMENT = "HOT Redis queues do not hold null";
  private static final Duration DEFAULT_VISIBILITY_TIMEOUT = Duration.ofSeconds(30);
  private static final Builder<Boolean> ADDED = Replies.map(Offered.BUILDER, Offered::changed);

  private final RedisBinding redis;
  private final Codec<E> codec;
  private final Encoding<E> encoding;
  private final boolean lifo;
  private final boolean unique;
  private final int capacity;
  private final Duration visibilityTimeout;
  private final byte[] setKey;
  private final byte[] capacityKey;
  private final byte[] registryKey;
  private final byte[] channel;
  private final List<byte[]> scriptKeys;

  AbstractHotQueue(Spec<E> spec) {
    this.redis = spec.redis;
    this.codec = spec.codec;
    this.encoding = new Encoding<>(redis, codec, NULL_ELEMENT);
    this.lifo = spec.lifo;
    this.unique = spec.unique;
    this.capacity = spec.capacity;
    this.visibilityTimeout = spec.visibilityTimeout;
    this.setKey = raw(Keys.companion(redis.key(), "set"));
    this.capacityKey = raw(redis.companion("capacity"));
    this.registryKey = raw(redis.companion("consumers"));
    this.channel = raw(Keys.companion(redis.key(), "space"));
    this.scriptKeys = List.of(redis.rawKey(), setKey, capacityKey);
  }

  private static Script script(String name) {
    return Script.load(AbstractHotQueue.class, "lua/" + name + ".lua");
  }

  private static byte[] raw(String key) {
    return Arguments.of(key);
  }

  @Override
  public final StoredKeys storedKeys() {
    return redis;
  }

  final RedisBinding redis() {
    return redis;
  }

  /**
   * Returns the codec of the elements.
   *
   * @return the codec
   */
  public final Codec<E> codec() {
    return codec;
  }

  /**
   * Returns the capacity stored in Redis when this handle was built, or 0 if the queue was
   * unbounded then. The capacity cannot change while the queue exists; {@link #remainingCapacity()}
   * reads it from Redis.
   *
   * @return the capacity, or 0 for an unbounded queue
   */
  public final int capacity() {
    return capacity;
  }

  // ---- adding ----

  /**
   * Inserts an element if the queue has room for it. One round trip (one script that checks the
   * stored capacity, and for a set-queue the membership, then pushes). Atomic.
   *
   * @return true if the element was added; false if the queue is full, or a set-queue holds it
   * @throws NullPointerException if the element is null
   */
  @Override
  public final boolean offer(E e) {
    return redis.write(offerCall(List.of(encoding.encode(e)), ADDED));
  }

  /**
   * Inserts an element, or throws if the queue is full. One round trip (one script). Atomic.
   *
   * @return true if the element was added; false if a set-queue holds it already
   * @throws IllegalStateException if the queue is full
   * @throws NullPointerException if the element is null
   */
  @Override
  public final boolean add(E e) {
    return redis.write(offerCall(List.of(encoding.encode(e)), addedOrFull()));
  }

  /**
   * Inserts an element, waiting for room if the queue is full; a set-queue that holds the element
   * already returns at once. One round trip (one script) when there is room; otherwise the thread
   * waits, without polling, until a consumer publishes that room appeared (a pub/sub notification,
   * subscribed once), and tries again. Each attempt is atomic.
   *
   * @throws InterruptedException if interrupted before or while waiting; the element was not added
   * @throws NullPointerException if the element is null
   * @throws IllegalStateException inside a transaction
   */
  @Override
  public final void put(E e) throws InterruptedException {
    List<byte[]> value = List.of(encoding.encode(e));
    checkInterrupt();
    redis.multiStep();
    if (redis.write(offerCall(value, Offered.BUILDER)).full()) {
      awaitSpace(value, false, 0L);
    }
  }

  /**
   * Inserts an element, waiting up to a timeout for room if the queue is full; a set-queue that
   * holds the element already returns false at once. Round trips as {@link #put}; the timeout is
   * honoured to the millisecond.
   *
   * @return true if the element was added; false if the timeout elapsed first, or a set-queue holds
   *     the element
   * @throws InterruptedException if interrupted before or while waiting; the element was not added
   * @throws NullPointerException if the element or the unit is null
   * @throws IllegalStateException inside a transaction
   */
  @Override
  public final boolean offer(E e, long timeout, TimeUnit unit) throws InterruptedException {
    List<byte[]> value = List.of(encoding.encode(e));
    long deadline = deadline(timeout, unit);
    checkInterrupt();
    redis.multiStep();
    Offered offered = redis.write(offerCall(value, Offered.BUILDER));
    if (offered.full() && deadline - System.nanoTime() > 0) {
      offered = awaitSpace(value, true, deadline);
    }
    return offered.changed();
  }

  /**
   * Inserts every element of a collection, in its iteration order, if they all fit: all or nothing.
   * A set-queue skips the elements it holds (and repeats within the collection). One round trip
   * (one script). Atomic.
   *
   * @return whether the queue changed
   * @throws IllegalStateException if the elements do not all fit; nothing was added
   * @throws IllegalArgumentException if the collection is this queue
   * @throws NullPointerException if the collection is or contains null
   */
  @Override
  public final boolean addAll(Collection<? extends E> c) {
    requireNonNull(c, "c");
    if (c == this) {
      throw new IllegalArgumentException("a queue cannot add itself");
    }
    List<byte[]> values = new ArrayList<>(c.size());
    for (E e : c) {
      values.add(encoding.encode(e));
    }
    if (values.isEmpty()) {
      return false;
    }
    return redis.write(offerCall(values, addedOrFull()));
  }

  private Offered awaitSpace(List<byte[]> value, boolean timed, long deadline)
      throws InterruptedException {
    Observers.queueWaitStarted(redis.key());
    try (SpaceWaiter waiter = SpaceWaiter.open(redis.client(), channel)) {
      while (true) {
        long seen = waiter.signals();
        Offered offered = redis.write(offerCall(value, Offered.BUILDER));
        if (!offered.full()) {
          return offered;
        }
        if (!timed) {
          waiter.await(seen);
        } else {
          long remaining = deadline - System.nanoTime();
          if (remaining <= 0) {
            return Offered.FULL;
          }
          waiter.await(seen, remaining);
        }
      }
    } finally {
      Observers.queueWaitEnded(redis.key());
    }
  }

  // ---- removing ----

  /**
   * Removes and returns the head, or returns null if the queue is empty. One round trip: {@code
   * LPOP} for a queue built unbounded that is not a set-queue (its capacity was fixed at creation,
   * so no producer can be waiting for room), else one script, which also forgets the element in a
   * set-queue and tells waiting producers when a bounded queue stops being full. Atomic.
   */
  @Override
  public final @Nullable E poll() {
    if (capacity == 0 && !unique) {
      return redis.write(Replies.withReply(redis.commands().lpop(redis.rawKey()), single()));
    }
    return redis.write(POLL.call(first(), scriptKeys, List.of(uniqueFlag(), channel, ONE)));
  }

  /**
   * Removes and returns the head, or throws if the queue is empty. One round trip (as {@link
   * #poll()}). Atomic.
   *
   * @throws NoSuchElementException if the queue is empty
   */
  @Override
  public final E remove() {
    E head = poll();
    if (head == null) {
      throw new NoSuchElementException(redis.describe() + " is empty");
    }
    return head;
  }

  /**
   * Removes and returns the head, waiting for an element if the queue is empty. One round trip
   * ({@code BLPOP}) for a plain queue; for a set-queue a wait ({@code BLMOVE key key LEFT LEFT},
   * which leaves the list unchanged) and one script that removes the head and forgets it, repeated
   * if another consumer took it first. The wait runs on a dedicated connection, in slices of at
   * most {@link BlockingCalls#MAX_WAIT}, and the thread waits in state {@code WAITING}, so an
   * interrupt ends it at once.
   *
   * @throws InterruptedException if interrupted before or while waiting, and no element was taken
   *     (an element taken in the meantime is returned, with the interrupt status set)
   * @throws IllegalStateException inside a transaction
   */
  @Override
  public final E take() throws InterruptedException {
    checkInterrupt();
    redis.multiStep();
    Observers.queueWaitStarted(redis.key());
    try {
      while (true) {
        E head = takeOnce(false, 0L);
        if (head != null) {
          return head;
        }
      }
    } finally {
      Observers.queueWaitEnded(redis.key());
    }
  }

  /**
   * Removes and returns the head, waiting up to a timeout for an element if the queue is empty. As
   * {@link #take()}, with the timeout honoured to the millisecond (at the deadline the blocking
   * command is ended with {@code CLIENT UNBLOCK}); the thread waits in state {@code TIMED_WAITING}.
   * A timeout of zero or less makes one {@link #poll()}.
   *
   * @return the head, or null if the timeout elapsed first
   * @throws InterruptedException if interrupted before or while waiting, and no element was taken
   * @throws NullPointerException if the unit is null
   * @throws IllegalStateException inside a transaction
   */
  @Override
  public final @Nullable E poll(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = deadline(timeout, unit);
    checkInterrupt();
    if (deadline - System.nanoTime() <= 0) {
      return poll();
    }
    redis.multiStep();
    Observers.queueWaitStarted(redis.key());
    try {
      while (deadline - System.nanoTime() > 0) {
        E head = takeOnce(true, deadline);
        if (head != null) {
          return head;
        }
      }
      return null;
    } finally {
      Observers.queueWaitEnded(redis.key());
    }
  }

  /** Waits once, for at most one slice, and takes the head; null if there was none. */
  private @Nullable E takeOnce(boolean timed, long deadline) throws InterruptedException {
    if (unique) {
      return awaitElement(timed, deadline) ? poll() : null;
    }
    CommandObject<@Nullable E> pop =
        Replies.withReply(
            redis.commands().blpop(seconds(timed, deadline), redis.rawKey()), popped());
    return block(pop, timed, deadline);
  }

  /**
   * Waits until the queue holds an element, without taking it: {@code BLMOVE key key LEFT LEFT}
   * returns the head and leaves the list as it was.
   */
  private boolean awaitElement(boolean timed, long deadline) throws InterruptedException {
    CommandObject<byte @Nullable []> peek =
        redis
            .commands()
            .blmove(
                redis.rawKey(),
                redis.rawKey(),
                ListDirection.LEFT,
                ListDirection.LEFT,
                seconds(timed, deadline));
    BlockingCalls calls = Toolkit.of(redis.client()).blockingCalls();
    byte[] head = timed ? calls.call(redis, peek, null, deadline) : calls.call(redis, peek, null);
    return head != null;
  }

  /**
   * Runs a blocking pop; after an element, a bounded queue's helper publishes that room appeared.
   */
  private <T> @Nullable T block(CommandObject<@Nullable T> pop, boolean timed, long deadline)
      throws InterruptedException {
    CommandObject<?> then = capacity > 0 ? redis.commands().publish(channel, SPACE) : null;
    BlockingCalls calls = Toolkit.of(redis.client()).blockingCalls();
    return timed ? calls.call(redis, pop, then, deadline) : calls.call(redis, pop, then);
  }

  /**
   * Removes every element and adds it to a collection. One round trip per {@value #PAGE} elements
   * (one script each, as {@link #poll()}); each batch is atomic, the whole drain is not. If adding
   * to the collection fails, the elements not yet added are put back at the head, in order, and the
   * exception propagates.
   *
   * @return how many elements were transferred
   * @throws IllegalArgumentException if the collection is this queue
   * @throws IllegalStateException inside a transaction
   */
  @Override
  public final int drainTo(Collection<? super E> c) {
    return drainTo(c, Integer.MAX_VALUE);
  }

  /**
   * Removes at most a number of elements and adds them to a collection, head first. Round trips and
   * atomicity as {@link #drainTo(Collection)}.
   *
   * @return how many elements were transferred
   * @throws IllegalArgumentException if the collection is this queue
   * @throws IllegalStateException inside a transaction
   */
  @Override
  public final int drainTo(Collection<? super E> c, int maxElements) {
    requireNonNull(c, "c");
    if (c == this) {
      throw new IllegalArgumentException("a queue cannot drain into itself");
    }
    if (maxElements <= 0) {
      return 0;
    }
    redis.multiStep();
    int drained = 0;
    while (drained < maxElements) {
      int batch = Math.min(PAGE, maxElements - drained);
      List<byte[]> items =
          redis.write(
              POLL.call(
                  BuilderFactory.BINARY_LIST,
                  scriptKeys,
                  List.of(uniqueFlag(), channel, Arguments.of(batch))));
      int added = 0;
      try {
        for (byte[] item : items) {
          c.add(encoding.decode(item));
          added++;
        }
      } catch (RuntimeException | Error e) {
        putBack(items.subList(added, items.size()), e);
        throw e;
      }
      drained += added;
      if (items.size() < batch) {
        break;
      }
    }
    return drained;
  }

  private void putBack(List<byte[]> items, Throwable failure) {
    List<byte[]> args = new ArrayList<>(items.size() + 1);
    args.add(uniqueFlag());
    args.addAll(items);
    try {
      redis.write(RETURN.call(BuilderFactory.LONG, List.of(redis.rawKey(), setKey), args));
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  /**
   * Removes the first occurrence of an element. One round trip (one script: {@code LREM}, and for a
   * set-queue {@code SREM}; tells waiting producers when a bounded queue stops being full). Atomic.
   *
   * @return whether an element was removed; false for null
   */
  @Override
  public final boolean remove(@Nullable Object o) {
    byte[] raw = query(o);
    return raw != null && removeRaw(raw);
  }

  private boolean removeRaw(byte[] raw) {
    return redis.write(
        REMOVE.call(Replies.isOne(), scriptKeys, List.of(uniqueFlag(), channel, raw)));
  }

  /**
   * Removes every element that equals one of a collection's. One round trip (one script that
   * rotates the list once, O(length)). Atomic.
   *
   * @return whether the queue changed
   */
  @Override
  public final boolean removeAll(Collection<?> c) {
    List<byte[]> values = encoding.queries(requireNonNull(c, "c"));
    return !values.isEmpty() && filter("remove", values);
  }

  /**
   * Keeps only the elements that equal one of a collection's. One round trip (one script, as {@link
   * #removeAll}). Atomic.
   *
   * @return whether the queue changed
   */
  @Override
  public final boolean retainAll(Collection<?> c) {
    return filter("retain", encoding.queries(requireNonNull(c, "c")));
  }

  /**
   * Removes the elements that satisfy a predicate. Reads the queue in pages under {@code WATCH} and
   * removes the matching values with one script in {@code MULTI}/{@code EXEC}, retried if another
   * client changed the queue meanwhile: atomic, and the predicate may run more than once per
   * element. Round trips: {@code WATCH}, one per {@value #PAGE} elements, one for the removal.
   *
   * @return whether the queue changed
   */
  @Override
  public final boolean removeIf(Predicate<? super E> filter) {
    requireNonNull(filter, "filter");
    redis.multiStep();
    return redis
        .client()
        .optimistic(
            List.of(this),
            tx -> {
              Map<ByteBuffer, byte[]> matching = new LinkedHashMap<>();
              for (long start = 0; ; start += PAGE) {
                List<byte[]> page = rawRange(start, start + PAGE - 1);
                for (byte[] raw : page) {
                  if (filter.test(encoding.decode(raw))) {
                    matching.putIfAbsent(ByteBuffer.wrap(raw), raw);
                  }
                }
                if (page.size() < PAGE) {
                  break;
                }
              }
              if (matching.isEmpty()) {
                return false;
              }
              redis.send(filterCall("remove", new ArrayList<>(matching.values())));
              return true;
            });
  }

  private boolean filter(String mode, List<byte[]> values) {
    return redis.write(filterCall(mode, values));
  }

  /** A {@code queue-filter} call; its reply is whether it removed anything. */
  private ScriptCall<Boolean> filterCall(String mode, List<byte[]> values) {
    List<byte[]> args = new ArrayList<>(values.size() + 3);
    args.add(uniqueFlag());
    args.add(channel);
    args.add(Arguments.of(mode));
    args.addAll(values);
    return FILTER.call(Replies.isPositive(), scriptKeys, args);
  }

  /**
   * Removes every element (and a set-queue's membership set); the capacity stays. One round trip
   * (one script: {@code DEL}; tells waiting producers when a bounded queue stops being full).
   * Atomic.
   */
  @Override
  public final void clear() {
    redis.send(CLEAR.call(BuilderFactory.LONG, scriptKeys, List.of(channel)));
  }

  // ---- reading ----

  /** Returns the head, or null if the queue is empty. One round trip ({@code LINDEX 0}). */
  @Override
  public final @Nullable E peek() {
    return redis.read(
        Replies.withReply(redis.commands().lindex(redis.rawKey(), 0), Replies.decoded(codec)));
  }

  /**
   * Returns the head, or throws if the queue is empty. One round trip ({@code LINDEX 0}).
   *
   * @throws NoSuchElementException if the queue is empty
   */
  @Override
  public final E element() {
    return redis.read(
        Replies.withReply(
            redis.commands().lindex(redis.rawKey(), 0),
            Replies.required(
                codec, () -> new NoSuchElementException(redis.describe() + " is empty"))));
  }

  /**
   * Returns the number of elements, at most {@link Integer#MAX_VALUE}. One round trip ({@code
   * LLEN}).
   */
  @Override
  public final int size() {
    return redis.read(
        Replies.map(
            redis.commands().llen(redis.rawKey()), n -> (int) Math.min(n, Integer.MAX_VALUE)));
  }

  /** Returns whether the queue is empty. One round trip ({@code LLEN}). */
  @Override
  public final boolean isEmpty() {
    return redis.read(Replies.map(redis.commands().llen(redis.rawKey()), n -> n == 0));
  }

  /**
   * Returns how many more elements the queue accepts now: the stored capacity minus the length, or
   * {@link Integer#MAX_VALUE} if the queue is unbounded. One round trip (one script reading both).
   */
  @Override
  public final int remainingCapacity() {
    return redis.read(
        REMAINING.call(
            Replies.map(BuilderFactory.LONG, n -> n < 0 ? Integer.MAX_VALUE : n.intValue()),
            List.of(redis.rawKey(), capacityKey),
            List.of()));
  }

  /**
   * Returns whether the queue holds an element. One round trip ({@code SISMEMBER} for a set-queue,
   * {@code LPOS} otherwise).
   *
   * @return whether the element is queued; false for null
   */
  @Override
  public final boolean contains(@Nullable Object o) {
    byte[] raw = query(o);
    if (raw == null) {
      return false;
    }
    if (unique) {
      return redis.read(redis.commands().sismember(setKey, raw));
    }
    return redis.read(
        Replies.map(redis.commands().lpos(redis.rawKey(), raw), (@Nullable Long i) -> i != null));
  }

  /**
   * Returns whether the queue holds every element of a collection. One round trip ({@code
   * SMISMEMBER} for a set-queue; one script that scans the list once otherwise).
   *
   * @throws NullPointerException if the collection is null
   */
  @Override
  public final boolean containsAll(Collection<?> c) {
    List<byte[]> values = new ArrayList<>();
    for (Object o : requireNonNull(c, "c")) {
      byte[] raw = query(o);
      if (raw == null) {
        return false;
      }
      values.add(raw);
    }
    if (values.isEmpty()) {
      return true;
    }
    if (unique) {
      return redis.read(
          Replies.map(
              redis.commands().smismember(setKey, values.toArray(new byte[0][])),
              found -> !found.contains(false)));
    }
    return redis.read(SharedScripts.listContainsAll(redis.rawKey(), 0, Long.MAX_VALUE, values));
  }

  /**
   * Returns an iterator from the head to the tail that reads the queue in pages of {@value #PAGE}
   * elements (one round trip per page, {@code LRANGE}). It is weakly consistent: it never fails
   * because the queue changed, but while other threads or processes take or add elements it may
   * skip or repeat some (pages are read by index). {@code remove()} is one round trip (as {@link
   * #remove(Object)}).
   */
  @Override
  public final Iterator<E> iterator() {
    return new Cursor();
  }

  /**
   * Returns a spliterator over the paging iterator; not {@code SIZED}, since the queue may change
   * while a stream runs.
   */
  @Override
  public final Spliterator<E> spliterator() {
    return Spliterators.spliteratorUnknownSize(
        iterator(), Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.CONCURRENT);
  }

  /** Returns the elements in an array, head first, from one snapshot. One round trip. */
  @Override
  public final Object[] toArray() {
    return snapshot().toArray();
  }

  /** Returns the elements in an array, head first, from one snapshot. One round trip. */
  @Override
  public final <T> T[] toArray(T[] a) {
    return snapshot().toArray(a);
  }

  /** Returns the elements as {@code [a, b, c]}, head first, from one snapshot. One round trip. */
  @Override
  public final String toString() {
    return snapshot().toString();
  }

  /**
   * Returns a copy of the elements, head first, from one snapshot. One round trip ({@code LRANGE 0
   * -1}).
   *
   * @return a new list
   */
  public final List<E> snapshot() {
    List<byte[]> raw = rawRange(0, -1);
    List<E> elements = new ArrayList<>(raw.size());
    raw.forEach(r -> elements.add(encoding.decode(r)));
    return elements;
  }

  // ---- at-least-once consumption ----

  /**
   * Takes the head reliably, waiting for an element if the queue is empty: the element moves, in
   * the same step, to this client's pending list, where it stays until {@link
   * Delivery#acknowledge()}. If this process dies first, its heartbeat expires, and after the
   * visibility timeout another reliable consumer puts the element back at the head of the queue.
   * Waiting as {@link #take()}: one round trip ({@code BLMOVE} into the pending list) for a plain
   * queue, a wait and one script for a set-queue. The first reliable take of a client registers it
   * as a consumer and puts back what dead consumers left (three round trips, once).
   *
   * @return the delivery of the element
   * @throws InterruptedException if interrupted before or while waiting, and no element was taken
   * @throws IllegalStateException inside a transaction
   */
  public final Delivery<E> takeReliably() throws InterruptedException {
    checkInterrupt();
    redis.multiStep();
    byte[] pending = consumer();
    while (true) {
      Delivery<E> delivery = takeReliablyOnce(pending, false, 0L);
      if (delivery != null) {
        return delivery;
      }
    }
  }

  /**
   * Takes the head reliably if there is one, as {@link #takeReliably()} without waiting. One round
   * trip (one script moving it into the pending list), after the registration of the first reliable
   * take.
   *
   * @return the delivery, or null if the queue is empty
   */
  public final @Nullable Delivery<E> pollReliably() {
    redis.multiStep();
    return pollReliably(consumer());
  }

  /**
   * Takes the head reliably, waiting up to a timeout for an element, as {@link #takeReliably()};
   * the timeout is honoured to the millisecond.
   *
   * @param timeout how long to wait, in {@code unit}s
   * @param unit the unit of {@code timeout}
   * @return the delivery, or null if the timeout elapsed first
   * @throws InterruptedException if interrupted before or while waiting, and no element was taken
   */
  public final @Nullable Delivery<E> pollReliably(long timeout, TimeUnit unit)
      throws InterruptedException {
    long deadline = deadline(timeout, unit);
    checkInterrupt();
    redis.multiStep();
    byte[] pending = consumer();
    if (deadline - System.nanoTime() <= 0) {
      return pollReliably(pending);
    }
    while (deadline - System.nanoTime() > 0) {
      Delivery<E> delivery = takeReliablyOnce(pending, true, deadline);
      if (delivery != null) {
        return delivery;
      }
    }
    return null;
  }

  private @Nullable Delivery<E> takeReliablyOnce(byte[] pending, boolean timed, long deadline)
      throws InterruptedException {
    if (unique) {
      return awaitElement(timed, deadline) ? pollReliably(pending) : null;
    }
    CommandObject<byte @Nullable []> move =
        redis
            .commands()
            .blmove(
                redis.rawKey(),
                pending,
                ListDirection.LEFT,
                ListDirection.RIGHT,
                seconds(timed, deadline));
    byte[] raw = block(move, timed, deadline);
    return raw == null ? null : delivery(raw, pending);
  }

  private @Nullable Delivery<E> pollReliably(byte[] pending) {
    List<byte[]> keys = List.of(redis.rawKey(), setKey, capacityKey, pending);
    byte[] raw =
        redis.write(
            POLL_RELIABLY.call(BuilderFactory.BINARY, keys, List.of(uniqueFlag(), channel)));
    return raw == null ? null : delivery(raw, pending);
  }

  /** Wraps a reliably taken element; one that cannot be decoded stays pending, and throws. */
  private Delivery<E> delivery(byte[] raw, byte[] pending) {
    return new Delivery<>(redis, pending, raw, encoding.decode(raw));
  }

  /**
   * Puts back, at the head of the queue, the elements pending for reliable consumers whose
   * heartbeat expired (processes that died or stopped renewing it), oldest first, and unregisters
   * those consumers; a set-queue skips an element it holds again meanwhile. Every reliable consumer
   * does this on its own heartbeat (every third of its visibility timeout); call it to do it now.
   * Two round trips ({@code SMEMBERS} of the registry, then one script that checks each consumer's
   * heartbeat and moves its elements). The script is atomic.
   *
   * @return how many elements were put back
   * @throws IllegalStateException inside a transaction
   */
  public final int requeueAbandoned() {
    redis.multiStep();
    Set<byte[]> ids = redis.read(redis.commands().smembers(registryKey));
    if (ids.isEmpty()) {
      return 0;
    }
    List<byte[]> keys = new ArrayList<>(3 + 2 * ids.size());
    keys.add(redis.rawKey());
    keys.add(setKey);
    keys.add(registryKey);
    List<byte[]> args = new ArrayList<>(1 + ids.size());
    args.add(uniqueFlag());
    for (byte[] id : ids) {
      addConsumerKeys(keys, id);
      args.add(id);
    }
    return redis.write(
        REQUEUE_ABANDONED.call(Replies.map(BuilderFactory.LONG, Long::intValue), keys, args));
  }

  /** Registers this client as a reliable consumer if needed; returns its pending list. */
  private byte[] consumer() {
    Heartbeats.ensureRegistered(
        redis.client(),
        redis.key(),
        visibilityTimeout,
        () -> {
          renewHeartbeat();
          requeueAbandoned();
        });
    return raw(pendingKey(redis.client().id()));
  }

  /** Renews this client's heartbeat and registration. One round trip (one script). */
  private void renewHeartbeat() {
    String id = redis.client().id();
    redis.write(
        REGISTER.call(
            BuilderFactory.LONG,
            List.of(registryKey, raw(heartbeatKey(id))),
            List.of(Arguments.of(id), Arguments.of(visibilityTimeout.toMillis()))));
  }

  /** Adds a registered consumer's heartbeat and pending list, in that order. */
  private void addConsumerKeys(List<byte[]> keys, byte[] consumerId) {
    String id = new String(consumerId, StandardCharsets.UTF_8);
    keys.add(raw(heartbeatKey(id)));
    keys.add(raw(pendingKey(id)));
  }

  private String heartbeatKey(String consumerId) {
    return Keys.companion(redis.key(), "consumer:" + consumerId);
  }

  private String pendingKey(String consumerId) {
    return Keys.companion(redis.key(), "pending:" + consumerId);
  }

  // ---- the object ----

  /**
   * Deletes the queue: its list, membership set, capacity, consumer registry, and the heartbeats
   * and pending lists of its registered consumers. Reads the registry under {@code WATCH} and
   * deletes every key in one {@code MULTI}/{@code EXEC}, retried if the queue changed meanwhile:
   * atomic. Round trips: {@code WATCH}, two reads, one for the deletion.
   *
   * @return true if anything was deleted
   * @throws IllegalStateException inside a transaction
   */
  @Override
  public final boolean delete() {
    redis.multiStep();
    return redis
        .client()
        .optimistic(
            List.of(this),
            tx -> {
              List<byte[]> keys = new ArrayList<>(redis.rawKeys());
              for (byte[] id : redis.read(redis.commands().smembers(registryKey))) {
                addConsumerKeys(keys, id);
              }
              byte[][] all = keys.toArray(new byte[0][]);
              boolean existed = redis.read(redis.commands().exists(all)) > 0;
              redis.send(redis.commands().del(all));
              return existed;
            });
  }

  // ---- internals ----

  private <T> ScriptCall<T> offerCall(List<byte[]> values, Builder<T> reply) {
    List<byte[]> args = new ArrayList<>(values.size() + 2);
    args.add(uniqueFlag());
    args.add(lifo ? HEAD : TAIL);
    args.addAll(values);
    return OFFER.call(reply, scriptKeys, args);
  }

  private byte[] uniqueFlag() {
    return unique ? ONE : ZERO;
  }

  private List<byte[]> rawRange(long start, long stop) {
    return redis.read(redis.commands().lrange(redis.rawKey(), start, stop));
  }

  /** A reply builder for {@code queue-offer}: whether something was added; throws when full. */
  private Builder<Boolean> addedOrFull() {
    return Replies.map(
        Offered.BUILDER,
        offered -> {
          if (offered.full()) {
            throw new IllegalStateException(
                "Queue full: " + redis.describe() + " is at its capacity");
          }
          return offered.changed();
        });
  }

  /**
   * The reply of {@code queue-offer.lua}: how many elements were added (0 when a set-queue held
   * them all), or -1 when they did not all fit and nothing was added.
   *
   * @param full whether the elements did not all fit, so none was added
   * @param added how many elements were added
   */
  record Offered(boolean full, long added) {
    static final Offered FULL = new Offered(true, 0);
    static final Builder<Offered> BUILDER = Replies.map(BuilderFactory.LONG, Offered::parse);

    /** Whether the queue changed. */
    boolean changed() {
      return added > 0;
    }

    static Offered parse(Long reply) {
      if (reply == -1) {
        return FULL;
      }
      if (reply < 0) {
        throw new HotRedisException("unexpected reply of queue-offer.lua: " + reply);
      }
      return new Offered(false, reply);
    }
  }

  /** A reply builder for the first element of a script's array reply, or null if it is empty. */
  private Builder<@Nullable E> first() {
    return new Builder<>() {
      @Override
      public @Nullable E build(@Nullable Object data) {
        List<?> items = (List<?>) data;
        return items == null || items.isEmpty() ? null : encoding.decode((byte[]) items.get(0));
      }
    };
  }

  /** A reply builder for a popped element: the element, or null. */
  private Builder<@Nullable E> single() {
    return new Builder<>() {
      @Override
      public @Nullable E build(@Nullable Object data) {
        return data == null ? null : encoding.decode((byte[]) data);
      }
    };
  }

  /** A reply builder for {@code BLPOP}: the value of its [key, value] reply, or null. */
  private Builder<@Nullable E> popped() {
    return new Builder<>() {
      @Override
      public @Nullable E build(@Nullable Object data) {
        List<?> reply = (List<?>) data;
        return reply == null
            ? null
            : encoding.decode((byte[]) requireNonNull(reply.get(1), "BLPOP value"));
      }
    };
  }

  /** Encodes an object given to a query, or returns null if it cannot be an element. */
  private byte @Nullable [] query(@Nullable Object o) {
    return o == null ? null : encoding.query(o);
  }

  private static void checkInterrupt() throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
  }

  /** Returns the deadline of a timeout on the {@link System#nanoTime()} clock, saturating. */
  private static long deadline(long timeout, TimeUnit unit) {
    long nanos = requireNonNull(unit, "unit").toNanos(timeout);
    long now = System.nanoTime();
    if (nanos <= 0) {
      return now;
    }
    long deadline = now + nanos;
    return deadline - now < 0 ? now + Long.MAX_VALUE / 2 : deadline;
  }

  /**
   * Returns the Redis timeout of one blocking command: the time to the deadline (at least 1 ms), or
   * a whole slice, at most {@link BlockingCalls#MAX_WAIT}.
   */
  private static double seconds(boolean timed, long deadline) {
    long slice = BlockingCalls.MAX_WAIT.toNanos();
    long nanos = timed ? Math.min(slice, deadline - System.nanoTime()) : slice;
    long millis = Math.max(1L, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999L));
    return millis / 1000.0;
  }

  /** An iterator reading pages of {@value #PAGE} elements from the head. */
  private final class Cursor implements Iterator<E> {
    private long next;
    private List<byte[]> page = List.of();
    private long pageStart;
    private byte @Nullable [] lastRaw;

    private byte @Nullable [] raw(long index) {
      if (index < pageStart || index >= pageStart + page.size()) {
        pageStart = index;
        page = rawRange(index, index + PAGE - 1);
        if (page.isEmpty()) {
          return null;
        }
      }
      return page.get((int) (index - pageStart));
    }

    @Override
    public boolean hasNext() {
      return raw(next) != null;
    }

    @Override
    public E next() {
      byte[] raw = raw(next);
      if (raw == null) {
        throw new NoSuchElementException();
      }
      next++;
      lastRaw = raw;
      return encoding.decode(raw);
    }

    @Override
    public void remove() {
      byte[] last = lastRaw;
      if (last == null) {
        throw new IllegalStateException("next() has not returned an element since the last remove");
      }
      lastRaw = null;
      if (removeRaw(last)) {
        next--;
        page = List.of();
        pageStart = 0;
      }
    }
  }

  /** What the builders of the four queues share. */
  abstract static class QueueBuilder<
          E, Q extends AbstractHotQueue<E>, B extends QueueBuilder<E, Q, B>>
      extends HotBuilder<B> {
    private final Codec<E> codec;
    private final String typeName;
    private final boolean lifo;
    private final boolean unique;
    private final Function<Spec<E>, Q> factory;
    private int capacity;
    private @Nullable List<? extends E> initial;
    private Duration visibilityTimeout = DEFAULT_VISIBILITY_TIMEOUT;

    QueueBuilder(
        Codec<E> codec,
        String typeName,
        boolean lifo,
        boolean unique,
        Function<Spec<E>, Q> factory) {
      this.codec = requireNonNull(codec, "codec");
      this.typeName = typeName;
      this.lifo = lifo;
      this.unique = unique;
      this.factory = factory;
    }

    /**
     * Bounds the queue: it holds at most this many elements. The capacity is stored in Redis with
     * the queue, so every process agrees on it; building a queue with a capacity on a key whose
     * stored capacity differs, or that is recorded unbounded, fails with {@link
     * IllegalStateException}. Without this setting, the queue has the stored capacity, or none; the
     * first build of a queue fixes its capacity, so a build without this setting on a key where
     * nothing is stored creates the queue unbounded for good (until it is deleted).
     *
     * @param capacity at least 1
     * @return this builder
     * @throws IllegalArgumentException if the capacity is less than 1
     */
    public final B capacity(int capacity) {
      if (capacity < 1) {
        throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
      }
      this.capacity = capacity;
      return self();
    }

    /**
     * Sets the initial contents: when the queue is built they replace, atomically, whatever the key
     * held, as if put in this order (a set-queue keeps the first of equal elements). The capacity
     * is kept.
     *
     * @param elements the elements
     * @return this builder
     */
    public final B initial(Collection<? extends E> elements) {
      this.initial = List.copyOf(requireNonNull(elements, "elements"));
      return self();
    }

    /**
     * Sets how long this client's reliably taken elements stay pending after it stops renewing its
     * heartbeat (every third of this time) before another consumer puts them back in the queue: 30
     * s by default. The first reliable take of a client on a queue fixes the value it uses.
     *
     * @param timeout a positive duration of at least 3 ms
     * @return this builder
     */
    public final B visibilityTimeout(Duration timeout) {
      requireNonNull(timeout, "timeout");
      if (timeout.toMillis() < 3) {
        throw new IllegalArgumentException(
            "visibilityTimeout must be at least 3 ms, was " + timeout);
      }
      this.visibilityTimeout = timeout;
      return self();
    }

    /**
     * Creates the queue: checks the stored capacity against the one asked for (or stores it), and
     * stores the initial contents if some were given. One round trip (one script). Atomic.
     *
     * @return the queue
     * @throws IllegalStateException if another capacity is stored at the key
     * @throws IllegalArgumentException if the initial contents exceed the capacity
     */
    public final Q build() {
      RedisBinding redis =
          RedisBinding.of(client(), key(), typeName, "list")
              .withCompanion("capacity", "string")
              .withCompanion("consumers", "set");
      if (unique) {
        redis = redis.withCompanion("set", "set");
      }
      List<byte[]> args = new ArrayList<>();
      args.add(unique ? ONE : ZERO);
      args.add(Arguments.of(capacity));
      args.add(initial == null ? ZERO : ONE);
      args.add(lifo ? HEAD : TAIL);
      if (initial != null) {
        args.addAll(new Encoding<>(redis, codec, NULL_ELEMENT).encodeAll(initial));
      }
      List<byte[]> keys =
          List.of(
              redis.rawKey(),
              raw(Keys.companion(redis.key(), "set")),
              raw(redis.companion("capacity")));
      long stored = redis.write(INIT.call(BuilderFactory.LONG, keys, args));
      Q queue =
          factory.apply(new Spec<>(redis, codec, lifo, unique, (int) stored, visibilityTimeout));
      Observers.queueOpened(redis.key(), queue);
      return queue;
    }
  }

  /** What a queue is made of, as its builder hands it over. */
  static final class Spec<E> {
    final RedisBinding redis;
    final Codec<E> codec;
    final boolean lifo;
    final boolean unique;
    final int capacity;
    final Duration visibilityTimeout;

    Spec(
        RedisBinding redis,
        Codec<E> codec,
        boolean lifo,
        boolean unique,
        int capacity,
        Duration visibilityTimeout) {
      this.redis = redis;
      this.codec = codec;
      this.lifo = lifo;
      this.unique = unique;
      this.capacity = capacity;
      this.visibilityTimeout = visibilityTimeout;
    }
  }
}
