package org.hotredis.concurrent.queues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hotredis.concurrent.queues.QueueFixture.start;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import org.hotredis.HotClient;
import org.hotredis.collections.HotList;
import org.hotredis.concurrent.queues.QueueFixture.Checked;
import org.hotredis.concurrent.queues.QueueFixture.Kind;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Fifty threads blocked in {@code take()} on a client whose pool holds eight connections: they wait
 * on dedicated connections, so the client's other operations still get pooled connections at once.
 */
@RedisTest
final class ManyTakersTest {
  private static final int TAKERS = 50;
  private static final int POOL = 8;

  private HotClient client;

  @BeforeEach
  void open(RedisDeployment redis) {
    client =
        HotClient.builder()
            .uri(redis.uri())
            .poolSize(POOL)
            .borrowTimeout(Duration.ofMillis(500))
            .build();
  }

  @AfterEach
  void close() {
    client.close();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  @Timeout(120)
  void fiftyBlockedTakers_poolOfEight_otherOperationsStillRun_thenAllTakersGetElements(
      Kind kind, RedisDeployment redis) throws InterruptedException {
    BlockingQueue<Integer> queue = kind.build(client, "q", 0);
    Set<Integer> taken = ConcurrentHashMap.newKeySet();
    List<Checked> takers = new ArrayList<>();
    for (int i = 0; i < TAKERS; i++) {
      takers.add(start("taker-" + i, () -> taken.add(queue.take())));
    }
    for (Checked taker : takers) {
      taker.awaitState(Thread.State.WAITING);
    }
    String blocked = kind.unique() ? "blmove" : "blpop";
    QueueFixture.awaitBlockedClients(redis, "q", blocked, TAKERS);

    HotList<String> other = HotList.builder(String.class).client(client).key("other").build();
    for (int i = 0; i < 100; i++) {
      other.add("x" + i);
      assertThat(other.size()).isEqualTo(i + 1);
      assertThat(queue.size()).isZero();
    }
    assertThat(taken).isEmpty();

    Set<Integer> offered = new HashSet<>();
    for (int i = 0; i < TAKERS; i++) {
      assertThat(queue.offer(i)).isTrue();
      offered.add(i);
    }
    for (Checked taker : takers) {
      taker.join();
    }
    assertThat(taken).isEqualTo(offered);
    assertThat(queue.isEmpty()).isTrue();
  }
}
