package org.hotredis.concurrent.queues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hotredis.concurrent.queues.QueueFixture.start;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.hotredis.Deferred;
import org.hotredis.HotClient;
import org.hotredis.HotTransaction;
import org.hotredis.HotWrongTypeException;
import org.hotredis.concurrent.queues.QueueFixture.Checked;
import org.hotredis.concurrent.queues.QueueFixture.Kind;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the queues promise beyond {@code BlockingQueue}: the capacity lives in Redis, the layout is
 * the Python HOT Redis one (without its defects, reference §2.9, §2.10, §8), waiting producers and
 * consumers do not poll, a producer in another client is woken by every kind of removal, an
 * interrupt never loses an element, and the queues behave in transactions.
 */
@RedisTest
final class QueueBehaviourTest {
  private static final String KEY = "bq";

  private HotClient client;
  private HotClient other;

  @BeforeEach
  void open(RedisDeployment redis) {
    client = HotClient.create(redis.uri());
    other = HotClient.create(redis.uri());
  }

  @AfterEach
  void close() {
    client.close();
    other.close();
  }

  // ---- capacity ----

  @ParameterizedTest
  @EnumSource(Kind.class)
  void capacity_isStoredInRedis_andEveryClientEnforcesIt(Kind kind, RedisDeployment redis) {
    AbstractHotQueue<Integer> first = kind.build(client, KEY, 2);
    assertThat(redis.execute("GET", "{" + KEY + "}:capacity")).isEqualTo("2");
    assertThat(first.capacity()).isEqualTo(2);

    AbstractHotQueue<Integer> attached = kind.build(other, KEY, 0);
    assertThat(attached.capacity()).isEqualTo(2);
    assertThat(attached.offer(1)).isTrue();
    assertThat(first.offer(2)).isTrue();
    assertThat(attached.offer(3)).isFalse();
    assertThat(attached.remainingCapacity()).isZero();
    assertThat(kind.build(other, KEY, 2).offer(3)).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void capacity_differentFromTheStoredOne_throwsIllegalState_untilDeleted(Kind kind) {
    AbstractHotQueue<Integer> q = kind.build(client, KEY, 2);
    q.add(1);
    assertThatThrownBy(() -> kind.build(other, KEY, 3))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already exists with capacity 2, not 3");
    assertThat(q.size()).isEqualTo(1);

    assertThat(q.delete()).isTrue();
    AbstractHotQueue<Integer> rebuilt = kind.build(other, KEY, 3);
    assertThat(rebuilt.capacity()).isEqualTo(3);
    assertThat(rebuilt.isEmpty()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void unbounded_isRecordedAtCreation_andNoBuildCanBoundItWhileTheRecordLasts(
      Kind kind, RedisDeployment redis) {
    AbstractHotQueue<Integer> q = kind.build(client, KEY, 0);
    assertThat(redis.execute("GET", "{" + KEY + "}:capacity")).isEqualTo("unbounded");
    assertThat(q.capacity()).isZero();
    assertThatThrownBy(() -> kind.build(other, KEY, 2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already exists unbounded, not with capacity 2");
    assertThat(kind.build(other, KEY, 0).capacity()).isZero();
    q.addAll(List.of(1, 2, 3));
    assertThat(q.poll()).isEqualTo(kind.lifo() ? 3 : 1);
    assertThat(q.remainingCapacity()).isEqualTo(Integer.MAX_VALUE);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aHandleBuiltUnbounded_meetsTheCapacityOfTheQueueBuiltAgainBounded_afterItsRecordWasLost(
      Kind kind, RedisDeployment redis) {
    AbstractHotQueue<Integer> stale = kind.build(client, KEY, 0);
    stale.addAll(List.of(1, 2));
    redis.execute("DEL", "{" + KEY + "}:capacity"); // as FLUSHALL or a restart would lose it
    AbstractHotQueue<Integer> bounded = kind.build(other, KEY, 3);
    assertThat(bounded.capacity()).isEqualTo(3);
    assertThat(stale.offer(3)).isTrue();
    assertThat(stale.offer(4)).as("the capacity is checked in Redis").isFalse();
    assertThat(bounded.size()).isEqualTo(3);
    assertThat(stale.poll()).isEqualTo(kind.lifo() ? 3 : 1);
    assertThat(stale.offer(4)).isTrue();
    assertThat(bounded.offer(5)).isFalse();

    assertThat(bounded.delete()).isTrue();
    AbstractHotQueue<Integer> rebuilt = kind.build(other, KEY, 1);
    assertThat(stale.offer(6)).isTrue();
    assertThat(stale.offer(7)).isFalse();
    assertThat(rebuilt.snapshot()).containsExactly(6);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void initial_replacesTheQueueAtomically_andMustFitTheCapacity(Kind kind, RedisDeployment redis) {
    AbstractHotQueue<Integer> q = kind.build(client, KEY, 3);
    q.addAll(List.of(7, 8));
    AbstractHotQueue.QueueBuilder<Integer, ?, ?> tooMany = kind.builder();
    tooMany.client(client).key(KEY).initial(List.of(1, 2, 3, 4));
    assertThatThrownBy(tooMany::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("4 initial elements exceed the capacity 3");
    assertThat(q.size()).as("unchanged").isEqualTo(2);

    AbstractHotQueue.QueueBuilder<Integer, ?, ?> builder = kind.builder();
    builder.client(client).key(KEY).initial(List.of(1, 2, 3));
    AbstractHotQueue<Integer> replaced = builder.build();
    assertThat(replaced.snapshot()).isEqualTo(order(kind, 1, 2, 3));
    assertThat(replaced.capacity()).isEqualTo(3);
    assertThat(redis.execute("GET", "{" + KEY + "}:capacity")).isEqualTo("3");
  }

  private static List<Integer> order(Kind kind, Integer... put) {
    List<Integer> order = new ArrayList<>(List.of(put));
    if (kind.lifo()) {
      Collections.reverse(order);
    }
    return order;
  }

  // ---- layout ----

  @Test
  void hotQueue_hasThePythonQueueLayout(RedisDeployment redis) throws InterruptedException {
    HotQueue<String> q = HotQueue.builder(String.class).client(client).key(KEY).build();
    q.put("a");
    q.put("b");
    assertThat(redis.execute("TYPE", KEY)).isEqualTo("list");
    assertThat(redis.execute("LRANGE", KEY, "0", "-1")).isEqualTo(List.of("a", "b"));
    redis.execute("RPUSH", KEY, "from-python");
    assertThat(q.poll()).as("the head, where Python's get() takes").isEqualTo("a");
    assertThat(q.take()).isEqualTo("b");
    assertThat(q.take()).isEqualTo("from-python");
    q.put("c");
    assertThat(redis.execute("LPOP", KEY)).as("a Python consumer takes the head").isEqualTo("c");
  }

  @Test
  void hotLifoQueue_hasThePythonLifoQueueLayout_boundedOrNot(RedisDeployment redis)
      throws InterruptedException {
    for (int capacity : new int[] {0, 5}) {
      redis.flushAll();
      HotLifoQueue.Builder<String> builder =
          HotLifoQueue.builder(String.class).client(client).key(KEY);
      if (capacity > 0) {
        builder.capacity(capacity);
      }
      HotLifoQueue<String> q = builder.build();
      q.put("a");
      q.put("b");
      assertThat(redis.execute("LRANGE", KEY, "0", "-1")).isEqualTo(List.of("b", "a"));
      redis.execute("LPUSH", KEY, "from-python");
      assertThat(q.take()).isEqualTo("from-python");
      assertThat(q.poll()).as("bounded or not, last in first out").isEqualTo("b");
      assertThat(q.poll(1, TimeUnit.SECONDS)).isEqualTo("a");
    }
  }

  @Test
  void wrongType_failsNamingTheKey(RedisDeployment redis) {
    redis.execute("HSET", KEY, "f", "v");
    HotQueue<String> q = HotQueue.builder(String.class).client(client).key(KEY).build();
    assertThatThrownBy(() -> q.offer("x"))
        .isInstanceOf(HotWrongTypeException.class)
        .hasMessageContaining(KEY)
        .hasMessageContaining("expected a list, found a hash");
    assertThatThrownBy(q::take)
        .isInstanceOf(HotWrongTypeException.class)
        .hasMessageContaining("expected a list, found a hash");
    assertThatThrownBy(() -> q.poll(1, TimeUnit.SECONDS)).isInstanceOf(HotWrongTypeException.class);
  }

  // ---- waiting without polling ----

  @Test
  void blockedProducer_doesNotPoll(RedisDeployment redis) throws Exception {
    HotQueue<String> q = HotQueue.builder(String.class).client(client).key(KEY).capacity(1).build();
    q.put("a");
    Checked producer = start("producer", () -> q.put("b"));
    producer.awaitState(Thread.State.WAITING);
    long attempts = redis.commandCalls("evalsha");

    TimeUnit.MILLISECONDS.sleep(1_000); // letting time pass: nothing may be sent meanwhile

    assertThat(redis.commandCalls("evalsha"))
        .as("offer attempts while waiting")
        .isEqualTo(attempts);
    assertThat(q.poll()).isEqualTo("a");
    producer.join();
    assertThat(q.snapshot()).containsExactly("b");
  }

  @Test
  void blockedConsumer_doesNotPoll(RedisDeployment redis) throws Exception {
    HotQueue<String> q = HotQueue.builder(String.class).client(client).key(KEY).build();
    Checked consumer = start("consumer", q::take);
    consumer.awaitState(Thread.State.WAITING);
    QueueFixture.awaitBlockedClients(redis, KEY, "blpop", 1);
    long calls = redis.commandCalls("blpop");
    long others = redis.commandCalls("lpop") + redis.commandCalls("evalsha");

    TimeUnit.MILLISECONDS.sleep(1_000); // letting time pass: nothing may be sent meanwhile

    assertThat(redis.commandCalls("blpop")).isEqualTo(calls);
    assertThat(redis.commandCalls("lpop") + redis.commandCalls("evalsha")).isEqualTo(others);
    q.add("x");
    consumer.join();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void producerOfAnotherClient_isWokenByEveryKindOfRemoval(Kind kind) throws Exception {
    AbstractHotQueue<Integer> q = kind.build(client, KEY, 1);
    AbstractHotQueue<Integer> producerSide = kind.build(other, KEY, 0);
    List<Runnable> removals =
        List.of(
            q::poll,
            () -> uninterruptibly(q::take),
            () -> uninterruptibly(() -> q.poll(1, TimeUnit.SECONDS)),
            () -> q.remove(q.peek()),
            () -> q.drainTo(new ArrayList<>()),
            q::clear,
            () -> q.removeAll(List.copyOf(q)),
            () -> q.retainAll(List.of()),
            () -> q.removeIf(e -> true),
            () -> {
              var it = q.iterator();
              it.next();
              it.remove();
            },
            () -> uninterruptibly(() -> q.takeReliably().acknowledge()),
            () -> q.pollReliably());
    int next = 0;
    q.add(next);
    for (Runnable removal : removals) {
      int element = ++next;
      Checked producer = start("producer", () -> producerSide.put(element));
      producer.awaitState(Thread.State.WAITING);
      removal.run();
      producer.join();
      assertThat(q.snapshot()).containsExactly(element);
    }
  }

  @Test
  @Timeout(60)
  void blockedProducer_isWokenEvenByAConsumerThatDoesNotPublish(RedisDeployment redis)
      throws Exception {
    HotQueue<String> q = HotQueue.builder(String.class).client(client).key(KEY).capacity(1).build();
    q.put("a");
    Checked producer = start("producer", () -> q.put("b"));
    producer.awaitState(Thread.State.WAITING);
    assertThat(redis.execute("LPOP", KEY)).as("a Python consumer").isEqualTo("a");
    producer.join();
    assertThat(q.snapshot()).containsExactly("b");
  }

  // ---- interrupts ----

  @Test
  @Timeout(120)
  void interruptingATaker_neverLosesOrRepeatsAnElement() throws Exception {
    HotQueue<Integer> q = HotQueue.builder(Integer.class).client(client).key(KEY).build();
    HotQueue<Integer> producerSide = HotQueue.builder(Integer.class).client(other).key(KEY).build();
    List<Integer> taken = Collections.synchronizedList(new ArrayList<>());
    int[] interrupts = new int[2];
    Checked taker =
        start(
            "taker",
            () -> {
              while (true) {
                try {
                  Integer e = q.take();
                  if (Thread.interrupted()) {
                    interrupts[1]++; // an interrupt that came with an element
                  }
                  if (e < 0) {
                    return;
                  }
                  taken.add(e);
                } catch (InterruptedException e) {
                  interrupts[0]++;
                }
              }
            });
    List<Integer> offered = new ArrayList<>();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < 400; i++) {
      if (random.nextBoolean()) {
        producerSide.offer(i);
        offered.add(i);
      }
      taker.thread.interrupt();
      TimeUnit.MICROSECONDS.sleep(random.nextInt(3_000)); // varying the race, not waiting
    }
    producerSide.offer(-1);
    taker.join();

    System.out.printf(
        "%d elements; %d interrupts thrown, %d returned with an element%n",
        offered.size(), interrupts[0], interrupts[1]);
    assertThat(interrupts[0]).as("interrupts answered with InterruptedException").isPositive();
    assertThat(taken).as("FIFO, nothing lost or repeated").isEqualTo(offered);
    assertThat(q.isEmpty()).isTrue();
  }

  // ---- transactions ----

  @ParameterizedTest
  @EnumSource(Kind.class)
  void transaction_offerAndPollThroughDefer_waitingMethodsRefused(Kind kind) {
    AbstractHotQueue<Integer> q = kind.build(client, KEY, 2);
    q.add(1);
    Deferred<Boolean> offered;
    Deferred<Integer> polled;
    try (HotTransaction tx = client.transaction()) {
      offered = tx.defer(() -> q.offer(2));
      polled = tx.defer(q::poll);
      assertThatThrownBy(() -> q.put(3)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(q::take).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> q.poll(1, TimeUnit.SECONDS))
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> q.drainTo(new ArrayList<>()))
          .isInstanceOf(IllegalStateException.class);
      q.clear();
      tx.commit();
    }
    assertThat(offered.get()).isTrue();
    assertThat(polled.get()).isEqualTo(kind.lifo() ? 2 : 1);
    assertThat(q.isEmpty()).isTrue();
  }

  /** A step that may be interrupted, which the test does not do. */
  private interface Interruptible {
    Object run() throws InterruptedException;
  }

  private static void uninterruptibly(Interruptible step) {
    try {
      step.run();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
