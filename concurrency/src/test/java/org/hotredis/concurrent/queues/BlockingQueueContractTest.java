package org.hotredis.concurrent.queues;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hotredis.concurrent.queues.QueueFixture.populated;
import static org.hotredis.concurrent.queues.QueueFixture.start;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.hotredis.HotClient;
import org.hotredis.concurrent.queues.QueueFixture.Checked;
import org.hotredis.concurrent.queues.QueueFixture.Kind;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract checks of the JSR-166 TCK's {@code BlockingQueueTest}, {@code
 * ArrayBlockingQueueTest} and {@code LinkedBlockingQueueTest}, written anew from their documented
 * behaviour and run against each of the four queue types on a real {@code redis-server}: capacity,
 * full and empty queues, timeouts (lower bounds only), interrupts of threads blocked in {@code
 * take}, {@code put}, {@code poll} and {@code offer} (checked to be waiting first), {@code drainTo}
 * with and without a maximum, bulk methods, iteration and the exceptions of each method. Where the
 * TCK checks FIFO order, LIFO queues are checked for LIFO order.
 */
@RedisTest
final class BlockingQueueContractTest {
  private static final int SIZE = 20;
  private static final long SHORT_MS = 100;
  private static final long LONG_MS = 20_000;

  private HotClient client;

  @BeforeEach
  void open(RedisDeployment redis) {
    client = HotClient.create(redis.uri());
  }

  @AfterEach
  void close() {
    client.close();
  }

  private BlockingQueue<Integer> empty(Kind kind) {
    return kind.build(client, "q", 0);
  }

  private BlockingQueue<Integer> bounded(Kind kind, int capacity) {
    return kind.build(client, "q", capacity);
  }

  private BlockingQueue<Integer> full(Kind kind) {
    return populated(kind, client, "q", SIZE);
  }

  /** What an empty queue answers, as the TCK's checkEmpty. */
  private static void checkEmpty(BlockingQueue<Integer> q) {
    assertThat(q.isEmpty()).isTrue();
    assertThat(q.size()).isZero();
    assertThat(q.peek()).isNull();
    assertThat(q.poll()).isNull();
    assertThatThrownBy(q::element).isInstanceOf(NoSuchElementException.class);
    assertThatThrownBy(q::remove).isInstanceOf(NoSuchElementException.class);
    assertThat(q.toArray()).isEmpty();
    assertThat(q.iterator().hasNext()).isFalse();
    assertThatThrownBy(() -> q.iterator().next()).isInstanceOf(NoSuchElementException.class);
  }

  // ---- capacity ----

  @ParameterizedTest
  @EnumSource(Kind.class)
  void capacity_notPositive_throwsIllegalArgument(Kind kind) {
    for (int capacity : new int[] {0, -1, Integer.MIN_VALUE}) {
      assertThatThrownBy(() -> kind.builder().capacity(capacity))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("capacity must be at least 1");
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void emptyAndFull_followCapacity(Kind kind) {
    BlockingQueue<Integer> q = bounded(kind, 2);
    assertThat(q.isEmpty()).isTrue();
    assertThat(q.remainingCapacity()).isEqualTo(2);
    q.add(1);
    assertThat(q.isEmpty()).isFalse();
    q.add(2);
    assertThat(q.isEmpty()).isFalse();
    assertThat(q.remainingCapacity()).isZero();
    assertThat(q.offer(3)).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void remainingCapacity_growsAsElementsLeave_andUnboundedIsMaxValue(Kind kind) {
    BlockingQueue<Integer> q = full(kind);
    for (int i = 0; i < SIZE; i++) {
      assertThat(q.remainingCapacity()).isEqualTo(i);
      assertThat(q.size() + q.remainingCapacity()).isEqualTo(SIZE);
      assertThat(q.remove()).isNotNull();
    }
    for (int i = 0; i < SIZE; i++) {
      assertThat(q.remainingCapacity()).isEqualTo(SIZE - i);
      assertThat(q.add(i)).isTrue();
      assertThat(q.size() + q.remainingCapacity()).isEqualTo(SIZE);
    }
    assertThat(kind.build(client, "other", 0).remainingCapacity()).isEqualTo(Integer.MAX_VALUE);
  }

  // ---- nulls ----

  @ParameterizedTest
  @EnumSource(Kind.class)
  void nullElements_throwNullPointer_andAreNeverContained(Kind kind) {
    BlockingQueue<Integer> q = full(kind);
    q.poll();
    assertThatThrownBy(() -> q.offer(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> q.add(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> q.put(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> q.offer(null, SHORT_MS, MILLISECONDS))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> q.addAll(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> q.addAll(Arrays.asList(100, null)))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> q.drainTo(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> q.drainTo(null, 1)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> q.toArray((Object[]) null)).isInstanceOf(NullPointerException.class);
    assertThat(q.contains(null)).isFalse();
    assertThat(q.remove(null)).isFalse();
    assertThat(q.size()).as("nothing was added").isEqualTo(SIZE - 1);
  }

  // ---- adding ----

  @ParameterizedTest
  @EnumSource(Kind.class)
  void add_full_throwsIllegalState(Kind kind) {
    BlockingQueue<Integer> q = full(kind);
    assertThatThrownBy(() -> q.add(SIZE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Queue full");
    assertThat(q.offer(SIZE)).isFalse();
    assertThat(q.size()).isEqualTo(SIZE);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  @SuppressWarnings("ModifyingCollectionWithItself") // what the test is about
  void addAll_self_throwsIllegalArgument(Kind kind) {
    BlockingQueue<Integer> q = full(kind);
    assertThatThrownBy(() -> q.addAll(q)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void addAll_insufficientSpace_throwsIllegalState_andAddsNothing(Kind kind) {
    BlockingQueue<Integer> q = bounded(kind, SIZE - 1);
    List<Integer> elements = kind.takeOrder(SIZE);
    assertThatThrownBy(() -> q.addAll(elements)).isInstanceOf(IllegalStateException.class);
    assertThat(q.size()).isZero();
    assertThat(q.addAll(elements.subList(0, SIZE - 1))).isTrue();
    assertThat(q.remainingCapacity()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void addAll_thenTakes_inQueueOrder(Kind kind) {
    BlockingQueue<Integer> q = bounded(kind, SIZE);
    List<Integer> elements = new ArrayList<>();
    for (int i = 0; i < SIZE; i++) {
      elements.add(i);
    }
    assertThat(q.addAll(List.of())).isFalse();
    assertThat(q.addAll(elements)).isTrue();
    List<Integer> taken = new ArrayList<>();
    for (int i = 0; i < SIZE; i++) {
      taken.add(q.poll());
    }
    assertThat(taken).isEqualTo(kind.takeOrder(SIZE));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void put_thenTake_inQueueOrder(Kind kind) throws InterruptedException {
    BlockingQueue<Integer> q = bounded(kind, SIZE);
    for (int i = 0; i < SIZE; i++) {
      q.put(i);
      assertThat(q.contains(i)).isTrue();
    }
    assertThat(q.remainingCapacity()).isZero();
    List<Integer> taken = new ArrayList<>();
    for (int i = 0; i < SIZE; i++) {
      taken.add(q.take());
    }
    assertThat(taken).isEqualTo(kind.takeOrder(SIZE));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void put_full_blocksWaiting_andInterruptThrows(Kind kind) throws Exception {
    BlockingQueue<Integer> q = bounded(kind, SIZE);
    CountDownLatch pleaseInterrupt = new CountDownLatch(1);
    Checked t =
        start(
            "putter",
            () -> {
              for (int i = 0; i < SIZE; i++) {
                q.put(i);
              }
              assertThat(q.size()).isEqualTo(SIZE);
              assertThat(q.remainingCapacity()).isZero();

              Thread.currentThread().interrupt();
              assertThatThrownBy(() -> q.put(99)).isInstanceOf(InterruptedException.class);
              assertThat(Thread.interrupted()).isFalse();

              pleaseInterrupt.countDown();
              assertThatThrownBy(() -> q.put(99)).isInstanceOf(InterruptedException.class);
              assertThat(Thread.interrupted()).isFalse();
            });
    pleaseInterrupt.await();
    t.awaitState(Thread.State.WAITING);
    t.thread.interrupt();
    t.join();
    assertThat(q.size()).isEqualTo(SIZE);
    assertThat(q.remainingCapacity()).isZero();
    assertThat(q.contains(99)).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void put_interruptedWithRoom_throwsAtOnce(Kind kind) {
    BlockingQueue<Integer> q = empty(kind);
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> q.put(1)).isInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).isFalse();
    assertThat(q.isEmpty()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void put_blockedOnFull_isWokenByTakes(Kind kind) throws Exception {
    int capacity = 2;
    BlockingQueue<Integer> q = bounded(kind, capacity);
    CountDownLatch pleaseTake = new CountDownLatch(1);
    CountDownLatch pleaseInterrupt = new CountDownLatch(1);
    Checked t =
        start(
            "putter",
            () -> {
              for (int i = 0; i < capacity; i++) {
                q.put(i);
              }
              pleaseTake.countDown();
              q.put(86);

              pleaseInterrupt.countDown();
              assertThatThrownBy(() -> q.put(87)).isInstanceOf(InterruptedException.class);
              assertThat(Thread.interrupted()).isFalse();
            });
    pleaseTake.await();
    assertThat(q.remainingCapacity()).isZero();
    assertThat(q.take()).isEqualTo(kind.lifo() ? 1 : 0);

    pleaseInterrupt.await();
    t.awaitState(Thread.State.WAITING);
    t.thread.interrupt();
    t.join();
    assertThat(q.remainingCapacity()).isZero();
    assertThat(q.contains(86)).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void timedOffer_full_returnsFalseAfterTheTimeout_andInterruptThrows(Kind kind) throws Exception {
    BlockingQueue<Integer> q = bounded(kind, 2);
    CountDownLatch pleaseInterrupt = new CountDownLatch(1);
    Checked t =
        start(
            "offerer",
            () -> {
              q.put(1);
              q.put(2);
              long start = System.nanoTime();
              assertThat(q.offer(3, SHORT_MS, MILLISECONDS)).isFalse();
              assertThat(elapsedMillis(start)).isGreaterThanOrEqualTo(SHORT_MS);

              Thread.currentThread().interrupt();
              assertThatThrownBy(() -> q.offer(3, LONG_MS, MILLISECONDS))
                  .isInstanceOf(InterruptedException.class);
              assertThat(Thread.interrupted()).isFalse();

              pleaseInterrupt.countDown();
              assertThatThrownBy(() -> q.offer(3, LONG_MS, MILLISECONDS))
                  .isInstanceOf(InterruptedException.class);
              assertThat(Thread.interrupted()).isFalse();
            });
    pleaseInterrupt.await();
    t.awaitState(Thread.State.TIMED_WAITING);
    t.thread.interrupt();
    t.join();
    assertThat(q.size()).isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void timedOffer_zeroOrNegativeTimeout_triesOnce(Kind kind) throws InterruptedException {
    BlockingQueue<Integer> q = bounded(kind, 1);
    assertThat(q.offer(1, 0, MILLISECONDS)).isTrue();
    assertThat(q.offer(2, 0, MILLISECONDS)).isFalse();
    assertThat(q.offer(2, -5, TimeUnit.DAYS)).isFalse();
    assertThat(q.offer(2, Long.MIN_VALUE, TimeUnit.NANOSECONDS)).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void offerInExecutor_isTakenByAnotherThread(Kind kind) throws Exception {
    BlockingQueue<Integer> q = bounded(kind, 2);
    q.add(1);
    q.add(2);
    ExecutorService executor = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch threadsStarted = new CountDownLatch(2);
      Future<?> offerer =
          executor.submit(
              () -> {
                assertThat(q.offer(3)).isFalse();
                threadsStarted.countDown();
                assertThat(q.offer(3, LONG_MS, MILLISECONDS)).isTrue();
                assertThat(q.remainingCapacity()).isZero();
                return null;
              });
      Future<?> taker =
          executor.submit(
              () -> {
                threadsStarted.countDown();
                assertThat(q.remainingCapacity()).isZero();
                assertThat(q.take()).isEqualTo(kind.lifo() ? 2 : 1);
                return null;
              });
      offerer.get(QueueFixture.GUARD.toMillis(), MILLISECONDS);
      taker.get(QueueFixture.GUARD.toMillis(), MILLISECONDS);
    } finally {
      executor.shutdownNow();
    }
    assertThat(q.size()).isEqualTo(2);
  }

  // ---- taking ----

  @ParameterizedTest
  @EnumSource(Kind.class)
  void take_empty_blocksWaiting_andInterruptThrows(Kind kind) throws Exception {
    BlockingQueue<Integer> q = full(kind);
    CountDownLatch pleaseInterrupt = new CountDownLatch(1);
    Checked t =
        start(
            "taker",
            () -> {
              List<Integer> taken = new ArrayList<>();
              for (int i = 0; i < SIZE; i++) {
                taken.add(q.take());
              }
              assertThat(taken).isEqualTo(kind.takeOrder(SIZE));

              Thread.currentThread().interrupt();
              assertThatThrownBy(q::take).isInstanceOf(InterruptedException.class);
              assertThat(Thread.interrupted()).isFalse();

              pleaseInterrupt.countDown();
              assertThatThrownBy(q::take).isInstanceOf(InterruptedException.class);
              assertThat(Thread.interrupted()).isFalse();
            });
    pleaseInterrupt.await();
    t.awaitState(Thread.State.WAITING);
    t.thread.interrupt();
    t.join();
    checkEmpty(q);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void take_interruptedWithElements_throwsAtOnce(Kind kind) {
    BlockingQueue<Integer> q = full(kind);
    Thread.currentThread().interrupt();
    assertThatThrownBy(q::take).isInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).isFalse();
    assertThat(q.size()).isEqualTo(SIZE);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void take_blockedOnEmpty_isWokenByAnOffer(Kind kind) throws Exception {
    BlockingQueue<Integer> q = empty(kind);
    List<Integer> taken = new ArrayList<>();
    Checked t = start("taker", () -> taken.add(q.take()));
    t.awaitState(Thread.State.WAITING);
    assertThat(q.offer(42)).isTrue();
    t.join();
    assertThat(taken).containsExactly(42);
    checkEmpty(q);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void poll_returnsInQueueOrder_thenNull(Kind kind) {
    BlockingQueue<Integer> q = full(kind);
    List<Integer> taken = new ArrayList<>();
    for (int i = 0; i < SIZE; i++) {
      taken.add(q.poll());
    }
    assertThat(taken).isEqualTo(kind.takeOrder(SIZE));
    assertThat(q.poll()).isNull();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void timedPoll_zeroTimeout_returnsElementsThenNull(Kind kind) throws InterruptedException {
    BlockingQueue<Integer> q = full(kind);
    List<Integer> taken = new ArrayList<>();
    for (int i = 0; i < SIZE; i++) {
      taken.add(q.poll(0, MILLISECONDS));
    }
    assertThat(taken).isEqualTo(kind.takeOrder(SIZE));
    assertThat(q.poll(0, MILLISECONDS)).isNull();
    assertThat(q.poll(-1, TimeUnit.DAYS)).isNull();
    checkEmpty(q);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void timedPoll_empty_returnsNullNoEarlierThanTheTimeout(Kind kind) throws InterruptedException {
    BlockingQueue<Integer> q = full(kind);
    List<Integer> taken = new ArrayList<>();
    for (int i = 0; i < SIZE; i++) {
      taken.add(q.poll(SHORT_MS, MILLISECONDS));
    }
    assertThat(taken).isEqualTo(kind.takeOrder(SIZE));
    for (long timeout : new long[] {1, 37, SHORT_MS}) {
      long start = System.nanoTime();
      assertThat(q.poll(timeout, MILLISECONDS)).isNull();
      assertThat(elapsedMillis(start)).isGreaterThanOrEqualTo(timeout);
    }
    checkEmpty(q);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void timedPoll_blocksTimedWaiting_andInterruptThrows(Kind kind) throws Exception {
    BlockingQueue<Integer> q = full(kind);
    CountDownLatch pleaseInterrupt = new CountDownLatch(1);
    Checked t =
        start(
            "poller",
            () -> {
              for (int i = 0; i < SIZE; i++) {
                assertThat(q.poll(LONG_MS, MILLISECONDS)).isNotNull();
              }

              Thread.currentThread().interrupt();
              assertThatThrownBy(() -> q.poll(LONG_MS, MILLISECONDS))
                  .isInstanceOf(InterruptedException.class);
              assertThat(Thread.interrupted()).isFalse();

              pleaseInterrupt.countDown();
              assertThatThrownBy(() -> q.poll(2 * LONG_MS, MILLISECONDS))
                  .isInstanceOf(InterruptedException.class);
              assertThat(Thread.interrupted()).isFalse();
            });
    pleaseInterrupt.await();
    t.awaitState(Thread.State.TIMED_WAITING);
    t.thread.interrupt();
    t.join();
    checkEmpty(q);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void timedPoll_isGivenAnElementOfferedWhileItWaits(Kind kind) throws Exception {
    BlockingQueue<Integer> q = bounded(kind, 2);
    CountDownLatch pleaseOffer = new CountDownLatch(1);
    Checked t =
        start(
            "poller",
            () -> {
              long start = System.nanoTime();
              assertThat(q.poll(SHORT_MS, MILLISECONDS)).isNull();
              assertThat(elapsedMillis(start)).isGreaterThanOrEqualTo(SHORT_MS);
              pleaseOffer.countDown();
              assertThat(q.poll(LONG_MS, MILLISECONDS)).isEqualTo(0);

              Thread.currentThread().interrupt();
              assertThatThrownBy(() -> q.poll(LONG_MS, MILLISECONDS))
                  .isInstanceOf(InterruptedException.class);
              assertThat(Thread.interrupted()).isFalse();
            });
    pleaseOffer.await();
    assertThat(q.offer(0, LONG_MS, MILLISECONDS)).isTrue();
    t.join();
    assertThat(q.isEmpty()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void pollInExecutor_receivesAnElementPutLater(Kind kind) throws Exception {
    BlockingQueue<Integer> q = bounded(kind, 2);
    ExecutorService executor = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch threadsStarted = new CountDownLatch(2);
      Future<?> poller =
          executor.submit(
              () -> {
                assertThat(q.poll()).isNull();
                threadsStarted.countDown();
                assertThat(q.poll(LONG_MS, MILLISECONDS)).isEqualTo(7);
                assertThat(q.isEmpty()).isTrue();
                return null;
              });
      Future<?> putter =
          executor.submit(
              () -> {
                threadsStarted.countDown();
                threadsStarted.await();
                q.put(7);
                return null;
              });
      poller.get(QueueFixture.GUARD.toMillis(), MILLISECONDS);
      putter.get(QueueFixture.GUARD.toMillis(), MILLISECONDS);
    } finally {
      executor.shutdownNow();
    }
    checkEmpty(q);
  }

  // ---- peek, element, remove ----

  @ParameterizedTest
  @EnumSource(Kind.class)
  void peek_returnsTheHeadWithoutRemovingIt(Kind kind) {
    BlockingQueue<Integer> q = full(kind);
    for (int expected : kind.takeOrder(SIZE)) {
      assertThat(q.peek()).isEqualTo(expected);
      assertThat(q.poll()).isEqualTo(expected);
      Integer next = q.peek();
      assertThat(next == null || !next.equals(expected)).isTrue();
    }
    assertThat(q.peek()).isNull();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void element_returnsTheHead_andThrowsWhenEmpty(Kind kind) {
    BlockingQueue<Integer> q = full(kind);
    for (int expected : kind.takeOrder(SIZE)) {
      assertThat(q.element()).isEqualTo(expected);
      assertThat(q.poll()).isEqualTo(expected);
    }
    assertThatThrownBy(q::element).isInstanceOf(NoSuchElementException.class);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void remove_returnsTheHead_andThrowsWhenEmpty(Kind kind) {
    BlockingQueue<Integer> q = full(kind);
    for (int expected : kind.takeOrder(SIZE)) {
      assertThat(q.remove()).isEqualTo(expected);
    }
    assertThatThrownBy(q::remove).isInstanceOf(NoSuchElementException.class);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void removeElement_removesOnlyThatElement(Kind kind) {
    BlockingQueue<Integer> q = empty(kind);
    int size = SIZE;
    assertThat(q.contains(99)).isFalse();
    assertThat(q.remove(99)).isFalse();
    assertThat(((Collection<?>) q).remove("not an integer")).isFalse();
    checkEmpty(q);
    for (int i = 0; i < size; i++) {
      q.add(i);
    }
    for (int i = 1; i < size; i += 2) {
      for (int pass = 0; pass < 2; pass++) {
        assertThat(q.contains(i)).isEqualTo(pass == 0);
        assertThat(q.remove(i)).isEqualTo(pass == 0);
        assertThat(q.contains(i)).isFalse();
        assertThat(q.contains(i - 1)).isTrue();
        if (i < size - 1) {
          assertThat(q.contains(i + 1)).isTrue();
        }
      }
    }
    assertThat(q.contains(0)).isTrue();
    for (int i = size - 2; i >= 0; i -= 2) {
      assertThat(q.contains(i)).isTrue();
      assertThat(q.contains(i + 1)).isFalse();
      assertThat(q.remove(i)).isTrue();
      assertThat(q.contains(i)).isFalse();
      assertThat(q.remove(i + 1)).isFalse();
      assertThat(q.contains(i + 1)).isFalse();
    }
    checkEmpty(q);
  }

  // ---- bulk methods ----

  @ParameterizedTest
  @EnumSource(Kind.class)
  void contains_and_clear(Kind kind) {
    BlockingQueue<Integer> q = full(kind);
    for (int i = 0; i < SIZE; i++) {
      assertThat(q.contains(i)).isTrue();
    }
    assertThat(q.contains(SIZE)).isFalse();
    assertThat(((Collection<?>) q).contains("0")).isFalse();
    q.clear();
    checkEmpty(q);
    assertThat(q.remainingCapacity()).as("the capacity stays").isEqualTo(SIZE);
    q.add(1);
    assertThat(q.isEmpty()).isFalse();
    assertThat(q.contains(1)).isTrue();
    q.clear();
    assertThat(q.isEmpty()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void containsAll_followsTheElements(Kind kind) {
    BlockingQueue<Integer> q = full(kind);
    BlockingQueue<Integer> p = kind.build(client, "p", SIZE);
    for (int i = 0; i < SIZE; i++) {
      assertThat(q.containsAll(p)).isTrue();
      assertThat(p.containsAll(q)).isFalse();
      p.add(i);
    }
    assertThat(p.containsAll(q)).isTrue();
    assertThat(q.containsAll(List.of())).isTrue();
    assertThat(q.containsAll(List.of(1, "x"))).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void retainAll_keepsTheCommonElements(Kind kind) {
    BlockingQueue<Integer> q = full(kind);
    BlockingQueue<Integer> p = populated(kind, client, "p", SIZE);
    for (int i = 0; i < SIZE; i++) {
      boolean changed = q.retainAll(p);
      assertThat(changed).isEqualTo(i != 0);
      assertThat(q.containsAll(p)).isTrue();
      assertThat(q.size()).isEqualTo(SIZE - i);
      p.remove();
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void removeAll_removesTheGivenElements(Kind kind) {
    for (int i = 1; i < SIZE; i++) {
      BlockingQueue<Integer> q = populated(kind, client, "q" + i, SIZE);
      BlockingQueue<Integer> p = populated(kind, client, "p" + i, i);
      assertThat(q.removeAll(p)).isTrue();
      assertThat(q.size()).isEqualTo(SIZE - i);
      for (int j = 0; j < i; j++) {
        assertThat(q.contains(p.remove())).isFalse();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void removeIf_removesTheMatchingElements_inQueueOrder(Kind kind) {
    BlockingQueue<Integer> q = full(kind);
    assertThat(q.removeIf(i -> i % 3 == 0)).isTrue();
    assertThat(q.removeIf(i -> i > 100)).isFalse();
    List<Integer> expected = new ArrayList<>(kind.takeOrder(SIZE));
    expected.removeIf(i -> i % 3 == 0);
    assertThat(new ArrayList<>(q)).isEqualTo(expected);
    assertThat(q.remainingCapacity()).isEqualTo(SIZE - expected.size());
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  @SuppressWarnings("CollectionToArraySafeParameter") // an incompatible array is part of the test
  void toArray_containsTheElementsInQueueOrder(Kind kind) {
    BlockingQueue<Integer> q = full(kind);
    assertThat(q.toArray()).containsExactly(kind.takeOrder(SIZE).toArray());
    Integer[] ints = new Integer[SIZE];
    assertThat(q.toArray(ints))
        .isSameAs(ints)
        .containsExactly(kind.takeOrder(SIZE).toArray(new Integer[0]));
    assertThatThrownBy(() -> q.toArray(new String[0])).isInstanceOf(ArrayStoreException.class);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void iterator_walksInQueueOrder_andRemoves(Kind kind) {
    BlockingQueue<Integer> q = full(kind);
    List<Integer> seen = new ArrayList<>();
    for (Iterator<Integer> it = q.iterator(); it.hasNext(); ) {
      seen.add(it.next());
    }
    assertThat(seen).isEqualTo(kind.takeOrder(SIZE));
    assertThat(q.stream().toList()).isEqualTo(kind.takeOrder(SIZE));

    Iterator<Integer> it = q.iterator();
    assertThatThrownBy(it::remove).isInstanceOf(IllegalStateException.class);
    int removed = it.next();
    it.remove();
    assertThatThrownBy(it::remove).isInstanceOf(IllegalStateException.class);
    assertThat(q.contains(removed)).isFalse();
    assertThat(it.next()).isEqualTo(kind.takeOrder(SIZE).get(1));
    assertThat(q.size()).isEqualTo(SIZE - 1);
    assertThat(q.remainingCapacity()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void iterator_weaklyConsistent_survivesConcurrentRemoval(Kind kind) {
    BlockingQueue<Integer> q = bounded(kind, 3);
    q.add(1);
    q.add(2);
    q.add(3);
    for (Iterator<Integer> it = q.iterator(); it.hasNext(); ) {
      q.remove();
      it.next();
    }
    assertThat(q.size()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void toString_containsEveryElement(Kind kind) {
    BlockingQueue<Integer> q = full(kind);
    String s = q.toString();
    for (int i = 0; i < SIZE; i++) {
      assertThat(s).contains(String.valueOf(i));
    }
    assertThat(s).isEqualTo(kind.takeOrder(SIZE).toString());
  }

  // ---- drainTo ----

  @ParameterizedTest
  @EnumSource(Kind.class)
  void drainTo_self_throwsIllegalArgument(Kind kind) {
    BlockingQueue<Integer> q = full(kind);
    assertThatThrownBy(() -> q.drainTo(q)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> q.drainTo(q, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(q.size()).isEqualTo(SIZE);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void drainTo_emptiesTheQueueInOrder(Kind kind) {
    BlockingQueue<Integer> q = full(kind);
    List<Integer> l = new ArrayList<>();
    assertThat(q.drainTo(l)).isEqualTo(SIZE);
    assertThat(q.size()).isZero();
    assertThat(l).isEqualTo(kind.takeOrder(SIZE));
    q.add(0);
    q.add(1);
    assertThat(q.isEmpty()).isFalse();
    assertThat(q.contains(0)).isTrue();
    assertThat(q.contains(1)).isTrue();
    l.clear();
    assertThat(q.drainTo(l)).isEqualTo(2);
    assertThat(q.size()).isZero();
    assertThat(l).isEqualTo(kind.takeOrder(2));
    assertThat(q.drainTo(l)).isZero();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void drainTo_withMaxElements_drainsAtMostThatMany(Kind kind) {
    BlockingQueue<Integer> q = bounded(kind, SIZE * 2);
    for (int i = 0; i < SIZE + 2; i++) {
      for (int j = 0; j < SIZE; j++) {
        assertThat(q.offer(j)).isTrue();
      }
      List<Integer> l = new ArrayList<>();
      int drained = q.drainTo(l, i);
      int k = Math.min(i, SIZE);
      assertThat(drained).isEqualTo(k);
      assertThat(l).isEqualTo(kind.takeOrder(SIZE).subList(0, k));
      assertThat(q.size()).isEqualTo(SIZE - k);
      q.clear();
    }
    q.add(1);
    assertThat(q.drainTo(new ArrayList<>(), 0)).isZero();
    assertThat(q.drainTo(new ArrayList<>(), -3)).isZero();
    assertThat(q.size()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void drainTo_manyBatches_drainsEverything(Kind kind) {
    int n = 2_500;
    BlockingQueue<Integer> q = kind.build(client, "big", 0);
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.add(i);
    }
    q.addAll(all);
    List<Integer> l = new ArrayList<>();
    assertThat(q.drainTo(l, 1_500)).isEqualTo(1_500);
    assertThat(q.drainTo(l)).isEqualTo(1_000);
    assertThat(l).isEqualTo(kind.takeOrder(n));
    assertThat(q.isEmpty()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void drainTo_whileAnotherThreadPuts_getsEverything(Kind kind) throws Exception {
    BlockingQueue<Integer> q = full(kind);
    Checked t = start("putter", () -> q.put(SIZE + 1));
    List<Integer> l = new ArrayList<>();
    q.drainTo(l);
    t.join();
    assertThat(l.size()).isGreaterThanOrEqualTo(SIZE);
    assertThat(l.subList(0, SIZE)).isEqualTo(kind.takeOrder(SIZE));
    l.addAll(q);
    assertThat(l).hasSize(SIZE + 1).contains(SIZE + 1);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void drainTo_collectionRefuses_putsTheRestBackInOrder(Kind kind) {
    BlockingQueue<Integer> q = full(kind);
    Collection<Integer> refusing =
        new ArrayList<>() {
          @Override
          public boolean add(Integer e) {
            if (size() == 3) {
              throw new UnsupportedOperationException("full");
            }
            return super.add(e);
          }
        };
    assertThatThrownBy(() -> q.drainTo(refusing)).isInstanceOf(UnsupportedOperationException.class);
    assertThat(refusing).isEqualTo(kind.takeOrder(SIZE).subList(0, 3));
    assertThat(q.toArray()).containsExactly(kind.takeOrder(SIZE).subList(3, SIZE).toArray());
  }

  private static long elapsedMillis(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}
