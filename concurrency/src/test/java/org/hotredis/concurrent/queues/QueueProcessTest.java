package org.hotredis.concurrent.queues;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hotredis.HotClient;
import org.hotredis.Keys;
import org.hotredis.collections.HotList;
import org.hotredis.testing.Await;
import org.hotredis.testing.JvmProcess;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three producer JVMs and three consumer JVMs move 100,000 distinct elements through one bounded
 * {@link HotQueue}: with {@code take()} every element is consumed exactly once; with {@code
 * takeReliably()} and one consumer killed with {@code SIGKILL} mid-stream, every element is
 * consumed at least once, and only the killed consumer's pending elements twice.
 */
@RedisTest
final class QueueProcessTest {
  private static final String KEY = "mp";
  private static final int ELEMENTS = 100_000;
  private static final int PRODUCERS = 3;
  private static final int CONSUMERS = 3;
  private static final int CAPACITY = 1_000;
  private static final long VISIBILITY_MS = 5_000;
  private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(5);

  private HotClient client;
  private final List<JvmProcess> children = new ArrayList<>();

  @BeforeEach
  void open(RedisDeployment redis) {
    client = HotClient.create(redis.uri());
  }

  @AfterEach
  void close() {
    children.forEach(JvmProcess::close);
    client.close();
  }

  @Test
  @Timeout(600)
  void threeProducersThreeConsumers_take_everyElementConsumedExactlyOnce(RedisDeployment redis)
      throws InterruptedException {
    HotQueue<String> queue = queue();
    List<JvmProcess> consumers = startConsumers(redis, "plain");
    List<JvmProcess> producers = startProducers(redis);

    awaitSuccess(producers);
    stop(queue, CONSUMERS);
    awaitSuccess(consumers);

    Map<String, Integer> counts = new HashMap<>();
    for (int c = 0; c < CONSUMERS; c++) {
      List<String> taken = taken(c);
      assertThat(taken).as("consumer %s took some", c).isNotEmpty();
      taken.forEach(e -> counts.merge(e, 1, Integer::sum));
    }
    assertThat(duplicates(counts)).as("elements consumed twice").isEmpty();
    assertThat(missing(counts.keySet())).as("elements never consumed").isEmpty();
    assertThat(counts).hasSize(ELEMENTS);
    assertThat(queue.isEmpty()).isTrue();
  }

  @Test
  @Timeout(600)
  void takeReliably_consumerKilledMidStream_losesNothing(RedisDeployment redis)
      throws InterruptedException {
    HotQueue<String> queue = queue();
    List<JvmProcess> consumers = startConsumers(redis, "reliable");
    List<String> ids = new ArrayList<>();
    for (JvmProcess consumer : consumers) {
      ids.add(consumer.awaitOutput("consumer-id ", CHILD_TIMEOUT).substring(12).trim());
    }
    List<JvmProcess> producers = startProducers(redis);

    JvmProcess victim = consumers.get(0);
    HotList<String> victimTaken =
        HotList.builder(String.class).client(client).key("taken:0").build();
    String pendingKey = Keys.companion(KEY, "pending:" + ids.get(0));
    HotList<String> victimPending =
        HotList.builder(String.class).client(client).key(pendingKey).build();
    Await.until(
        CHILD_TIMEOUT,
        () -> victimTaken.size() >= 5_000 && victimPending.size() >= 100,
        "consumer 0 to have taken 5,000 and to hold 100 unacknowledged");
    victim.kill();
    Set<String> pendingAtDeath = new HashSet<>(victimPending);

    awaitSuccess(producers);
    Await.until(
        CHILD_TIMEOUT,
        () -> queue.isEmpty() && redis.execute("EXISTS", pendingKey).equals(0L),
        "the killed consumer's pending elements to be redelivered and the queue drained");
    stop(queue, CONSUMERS - 1);
    awaitSuccess(consumers.subList(1, CONSUMERS));

    Map<String, Integer> counts = new HashMap<>();
    for (int c = 0; c < CONSUMERS; c++) {
      taken(c).forEach(e -> counts.merge(e, 1, Integer::sum));
    }
    assertThat(missing(counts.keySet())).as("elements never consumed").isEmpty();
    assertThat(counts).hasSize(ELEMENTS);
    assertThat(pendingAtDeath).as("the victim held unacknowledged elements").isNotEmpty();
    Set<String> twice = duplicates(counts);
    assertThat(pendingAtDeath).containsAll(twice);
    for (int c = 1; c < CONSUMERS; c++) {
      assertThat(redis.execute("LLEN", Keys.companion(KEY, "pending:" + ids.get(c))))
          .as("survivor %s acknowledged everything", c)
          .isEqualTo(0L);
    }
    System.out.printf(
        "reliable: %d pending at the kill, %d consumed twice%n",
        pendingAtDeath.size(), twice.size());
  }

  private HotQueue<String> queue() {
    return HotQueue.builder(String.class).client(client).key(KEY).capacity(CAPACITY).build();
  }

  private List<JvmProcess> startConsumers(RedisDeployment redis, String mode) {
    List<JvmProcess> consumers = new ArrayList<>();
    for (int c = 0; c < CONSUMERS; c++) {
      JvmProcess consumer =
          JvmProcess.builder(QueueConsumer.class)
              .args(redis.uri(), KEY, Integer.toString(c), mode, Long.toString(VISIBILITY_MS))
              .start();
      children.add(consumer);
      consumers.add(consumer);
    }
    return consumers;
  }

  private List<JvmProcess> startProducers(RedisDeployment redis) {
    List<JvmProcess> producers = new ArrayList<>();
    for (int p = 0; p < PRODUCERS; p++) {
      JvmProcess producer =
          JvmProcess.builder(QueueProducer.class)
              .args(redis.uri(), KEY, Integer.toString(p), Integer.toString(share(p)))
              .start();
      children.add(producer);
      producers.add(producer);
    }
    return producers;
  }

  /** The number of elements producer {@code p} puts: the 100,000 split three ways. */
  private static int share(int p) {
    return ELEMENTS / PRODUCERS + (p < ELEMENTS % PRODUCERS ? 1 : 0);
  }

  private static void awaitSuccess(List<JvmProcess> processes) {
    for (JvmProcess process : processes) {
      assertThat(process.waitFor(CHILD_TIMEOUT)).as(process.output()).isZero();
      assertThat(process.output()).contains("done");
    }
  }

  private static void stop(HotQueue<String> queue, int consumers) throws InterruptedException {
    for (int i = 0; i < consumers; i++) {
      queue.put(QueueConsumer.STOP);
    }
  }

  private List<String> taken(int consumer) {
    return HotList.builder(String.class).client(client).key("taken:" + consumer).build().snapshot();
  }

  private static Set<String> duplicates(Map<String, Integer> counts) {
    Set<String> twice = new LinkedHashSet<>();
    counts.forEach(
        (e, n) -> {
          if (n > 1) {
            twice.add(e);
          }
        });
    return twice;
  }

  private static Set<String> missing(Set<String> consumed) {
    Set<String> missing = new LinkedHashSet<>();
    for (int p = 0; p < PRODUCERS; p++) {
      for (int i = 0; i < share(p); i++) {
        String element = "p" + p + "-" + i;
        if (!consumed.contains(element)) {
          missing.add(element);
        }
      }
    }
    Set<String> unknown = new HashSet<>(consumed);
    for (int p = 0; p < PRODUCERS; p++) {
      for (int i = 0; i < share(p); i++) {
        unknown.remove("p" + p + "-" + i);
      }
    }
    assertThat(unknown).as("elements never produced").isEmpty();
    return missing;
  }
}
