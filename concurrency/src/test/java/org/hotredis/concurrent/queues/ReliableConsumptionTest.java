package org.hotredis.concurrent.queues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hotredis.concurrent.queues.QueueFixture.start;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hotredis.HotClient;
import org.hotredis.concurrent.queues.QueueFixture.Checked;
import org.hotredis.concurrent.queues.QueueFixture.Kind;
import org.hotredis.testing.Await;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * At-least-once consumption: {@code takeReliably}/{@code pollReliably} move the element into the
 * consumer's pending list until it is acknowledged, and the elements of a consumer whose heartbeat
 * expired go back to the head of the queue, oldest first. A consumer's death is simulated by
 * closing its client, which stops its heartbeat as a kill would ({@link QueueProcessTest} kills a
 * JVM).
 */
@RedisTest
final class ReliableConsumptionTest {
  private static final String KEY = "rq";
  private static final Duration SHORT_VISIBILITY = Duration.ofMillis(300);

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

  private static AbstractHotQueue<String> queue(Kind kind, HotClient client, Duration visibility) {
    return switch (kind) {
      case FIFO ->
          HotQueue.builder(String.class)
              .client(client)
              .key(KEY)
              .visibilityTimeout(visibility)
              .build();
      case LIFO ->
          HotLifoQueue.builder(String.class)
              .client(client)
              .key(KEY)
              .visibilityTimeout(visibility)
              .build();
      case SET ->
          HotSetQueue.builder(String.class)
              .client(client)
              .key(KEY)
              .visibilityTimeout(visibility)
              .build();
      case LIFO_SET ->
          HotLifoSetQueue.builder(String.class)
              .client(client)
              .key(KEY)
              .visibilityTimeout(visibility)
              .build();
    };
  }

  private static String pendingKey(HotClient client) {
    return "{" + KEY + "}:pending:" + client.id();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void takeReliably_movesTheHeadToThePendingList_untilAcknowledged(Kind kind, RedisDeployment redis)
      throws InterruptedException {
    AbstractHotQueue<String> q = queue(kind, client, Duration.ofSeconds(30));
    q.addAll(List.of("a", "b", "c"));
    String head = kind.lifo() ? "c" : "a";

    Delivery<String> delivery = q.takeReliably();

    assertThat(delivery.element()).isEqualTo(head);
    assertThat(redis.execute("LRANGE", pendingKey(client), "0", "-1")).isEqualTo(List.of(head));
    assertThat(q.size()).isEqualTo(2);
    assertThat(q.contains(head)).isFalse();
    assertThat(redis.execute("SMEMBERS", "{" + KEY + "}:consumers"))
        .isEqualTo(List.of(client.id()));
    assertThat((Long) redis.execute("PTTL", "{" + KEY + "}:consumer:" + client.id()))
        .isBetween(1L, 30_000L);

    Delivery<String> second = q.pollReliably();
    assertThat(second).isNotNull();
    assertThat(delivery.acknowledge()).isTrue();
    assertThat(delivery.acknowledge()).isFalse();
    assertThat(redis.execute("LRANGE", pendingKey(client), "0", "-1"))
        .isEqualTo(List.of(second.element()));
    assertThat(second.acknowledge()).isTrue();
    assertThat(redis.execute("EXISTS", pendingKey(client))).isEqualTo(0L);
    assertThat(q.snapshot()).hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void deadConsumer_pendingElementsReturnToTheHead_oldestFirst(Kind kind, RedisDeployment redis)
      throws InterruptedException {
    AbstractHotQueue<String> mine = queue(kind, client, SHORT_VISIBILITY);
    mine.addAll(List.of("a", "b", "c", "d"));
    Delivery<String> first = mine.takeReliably();
    Delivery<String> second = mine.takeReliably();
    List<String> rest = mine.snapshot();
    client.close();

    AbstractHotQueue<String> theirs = queue(kind, other, Duration.ofSeconds(30));
    Await.until(
        QueueFixture.GUARD,
        () -> theirs.requeueAbandoned() == 2,
        "the dead consumer's two elements");

    assertThat(theirs.snapshot())
        .containsExactly(first.element(), second.element(), rest.get(0), rest.get(1));
    assertThat(redis.execute("EXISTS", pendingKey(client))).isEqualTo(0L);
    assertThat(redis.execute("SMEMBERS", "{" + KEY + "}:consumers")).isEqualTo(List.of());
    assertThat(theirs.requeueAbandoned()).isZero();
    if (kind.unique()) {
      assertThat(theirs.offer(first.element())).as("a member again").isFalse();
    }
  }

  @Test
  void deadConsumer_isNoticedByAWaitingReliableConsumer_whoseHeartbeatRequeues() throws Exception {
    AbstractHotQueue<String> dying = queue(Kind.FIFO, client, SHORT_VISIBILITY);
    dying.add("job");
    assertThat(dying.takeReliably().element()).isEqualTo("job");
    AbstractHotQueue<String> survivor = queue(Kind.FIFO, other, SHORT_VISIBILITY);
    Checked waiting =
        start(
            "survivor",
            () -> {
              Delivery<String> redelivered = survivor.takeReliably();
              assertThat(redelivered.element()).isEqualTo("job");
              assertThat(redelivered.acknowledge()).isTrue();
            });
    waiting.awaitState(Thread.State.WAITING);

    client.close();

    waiting.join();
    assertThat(survivor.isEmpty()).isTrue();
  }

  @Test
  void liveConsumer_keepsItsPendingElements_pastTheVisibilityTimeout(RedisDeployment redis)
      throws InterruptedException {
    Duration visibility = Duration.ofSeconds(1);
    AbstractHotQueue<String> q = queue(Kind.FIFO, client, visibility);
    q.add("a");
    Delivery<String> delivery = q.takeReliably();
    AbstractHotQueue<String> checker = queue(Kind.FIFO, other, Duration.ofSeconds(30));
    long end = System.nanoTime() + visibility.multipliedBy(5).dividedBy(2).toNanos();
    while (System.nanoTime() - end < 0) {
      assertThat(checker.requeueAbandoned()).isZero();
      TimeUnit.MILLISECONDS.sleep(50); // letting time pass: the heartbeat must keep renewing
    }
    assertThat(q.isEmpty()).isTrue();
    assertThat(delivery.acknowledge()).isTrue();
  }

  @Test
  void acknowledge_afterTheElementWasRequeued_returnsFalse(RedisDeployment redis)
      throws InterruptedException {
    AbstractHotQueue<String> q = queue(Kind.FIFO, client, Duration.ofSeconds(30));
    q.add("a");
    Delivery<String> delivery = q.takeReliably();
    // the heartbeat lapses, as in a long pause: another consumer takes the element back
    redis.execute("DEL", "{" + KEY + "}:consumer:" + client.id());
    AbstractHotQueue<String> theirs = queue(Kind.FIFO, other, Duration.ofSeconds(30));
    assertThat(theirs.requeueAbandoned()).isEqualTo(1);

    assertThat(delivery.acknowledge()).isFalse();
    assertThat(theirs.snapshot()).containsExactly("a");
  }

  @Test
  void setQueue_requeue_skipsAnElementQueuedAgainMeanwhile() throws InterruptedException {
    AbstractHotQueue<String> q = queue(Kind.SET, client, SHORT_VISIBILITY);
    q.addAll(List.of("a", "b"));
    assertThat(q.takeReliably().element()).isEqualTo("a");
    assertThat(q.takeReliably().element()).isEqualTo("b");
    assertThat(q.offer("a")).as("a pending element is not queued").isTrue();
    client.close();

    AbstractHotQueue<String> theirs = queue(Kind.SET, other, Duration.ofSeconds(30));
    Await.until(QueueFixture.GUARD, () -> theirs.requeueAbandoned() == 1, "b to be requeued");
    assertThat(theirs.snapshot()).containsExactly("b", "a");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void pollReliably_empty_returnsNullNoEarlierThanTheTimeout(Kind kind)
      throws InterruptedException {
    AbstractHotQueue<String> q = queue(kind, client, Duration.ofSeconds(30));
    assertThat(q.pollReliably()).isNull();
    long start = System.nanoTime();
    assertThat(q.pollReliably(120, TimeUnit.MILLISECONDS)).isNull();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(120);
    q.add("x");
    Delivery<String> delivery = q.pollReliably(1, TimeUnit.SECONDS);
    assertThat(delivery).isNotNull();
    assertThat(delivery.element()).isEqualTo("x");
    assertThat(delivery.toString()).contains("x").contains(KEY);
  }

  @Test
  void takeReliably_onAFullBoundedQueue_wakesAProducerOfAnotherClient(RedisDeployment redis)
      throws Exception {
    HotQueue<String> q = HotQueue.builder(String.class).client(client).key(KEY).capacity(1).build();
    q.put("a");
    HotQueue<String> producerSide = HotQueue.builder(String.class).client(other).key(KEY).build();
    assertThat(producerSide.capacity()).isEqualTo(1);
    Checked producer = start("producer", () -> producerSide.put("b"));
    producer.awaitState(Thread.State.WAITING);
    Delivery<String> delivery = q.takeReliably();
    producer.join();
    assertThat(delivery.acknowledge()).isTrue();
    assertThat(q.snapshot()).containsExactly("b");
  }
}
