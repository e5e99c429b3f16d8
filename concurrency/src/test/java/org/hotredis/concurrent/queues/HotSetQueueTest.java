package org.hotredis.concurrent.queues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hotredis.concurrent.queues.QueueFixture.start;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.hotredis.HotClient;
import org.hotredis.concurrent.queues.QueueFixture.Checked;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What set-queues add to a queue: an element is queued at most once while it is in the queue, the
 * list and the membership set change together, and the Python {@code SetQueue} defects (reference
 * §2.11, §8) are absent.
 */
@RedisTest
final class HotSetQueueTest {
  private static final String KEY = "sq";
  private static final String SET = "{sq}:set";

  private HotClient client;

  @BeforeEach
  void open(RedisDeployment redis) {
    client = HotClient.create(redis.uri());
  }

  @AfterEach
  void close() {
    client.close();
  }

  @SuppressWarnings(
      "unchecked") // RedisDeployment.execute answers arrays of bulk strings as List<Object>
  private static List<Object> list(Object reply) {
    return (List<Object>) reply;
  }

  private HotSetQueue<String> queue(int capacity) {
    HotSetQueue.Builder<String> builder = HotSetQueue.builder(String.class).client(client).key(KEY);
    if (capacity > 0) {
      builder.capacity(capacity);
    }
    return builder.build();
  }

  @Test
  void duplicates_refusedWhileQueued_acceptedAgainAfterBeingTaken(RedisDeployment redis)
      throws InterruptedException {
    HotSetQueue<String> q = queue(0);
    assertThat(q.offer("a")).isTrue();
    assertThat(q.offer("a")).isFalse();
    assertThat(q.add("a")).isFalse();
    q.put("a");
    assertThat(q.offer("a", 10, TimeUnit.MILLISECONDS)).isFalse();
    assertThat(q.offer("b")).isTrue();
    assertThat(q.snapshot()).containsExactly("a", "b");
    assertThat(list(redis.execute("SMEMBERS", SET))).containsExactlyInAnyOrder("a", "b");

    assertThat(q.take()).isEqualTo("a");
    assertThat(redis.execute("SISMEMBER", SET, "a")).isEqualTo(0L);
    assertThat(q.offer("a")).isTrue();
    assertThat(q.snapshot()).containsExactly("b", "a");

    assertThat(q.poll()).isEqualTo("b");
    assertThat(q.poll(1, TimeUnit.SECONDS)).isEqualTo("a");
    assertThat(q.offer("a")).isTrue();
    assertThat(q.offer("b")).isTrue();
    assertThat(q.drainTo(new ArrayList<>())).isEqualTo(2);
    assertThat(redis.execute("EXISTS", SET)).isEqualTo(0L);
    assertThat(q.offer("a")).isTrue();
  }

  @Test
  void putOfAQueuedElement_onAFullQueue_returnsAtOnce() throws InterruptedException {
    HotSetQueue<String> q = queue(1);
    q.put("a");
    q.put("a");
    assertThat(q.offer("a", 1, TimeUnit.DAYS)).isFalse();
    assertThat(q.size()).isEqualTo(1);
  }

  @Test
  void rejectedPut_full_leavesNoTrace(RedisDeployment redis) throws InterruptedException {
    HotSetQueue<String> q = queue(2);
    q.put("a");
    q.put("b");

    assertThat(q.offer("c")).isFalse();
    assertThat(q.offer("c", 20, TimeUnit.MILLISECONDS)).isFalse();
    assertThatThrownBy(() -> q.add("c")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> q.addAll(List.of("a", "c"))).isInstanceOf(IllegalStateException.class);

    assertThat(redis.execute("SISMEMBER", SET, "c")).isEqualTo(0L);
    assertThat(redis.execute("SCARD", SET)).isEqualTo(2L);
    assertThat(redis.execute("LRANGE", KEY, "0", "-1")).isEqualTo(List.of("a", "b"));
    assertThat(q.contains("c")).isFalse();

    assertThat(q.take()).isEqualTo("a");
    assertThat(q.offer("c")).as("c can be queued once there is room").isTrue();
    assertThat(q.snapshot()).containsExactly("b", "c");
  }

  @Test
  void putBlockedOnFull_isWokenByATake_andAddsToBothKeys(RedisDeployment redis) throws Exception {
    HotSetQueue<String> q = queue(1);
    q.put("a");
    Checked putter = start("putter", () -> q.put("b"));
    putter.awaitState(Thread.State.WAITING);
    assertThat(redis.execute("SISMEMBER", SET, "b")).isEqualTo(0L);
    assertThat(q.take()).isEqualTo("a");
    putter.join();
    assertThat(redis.execute("SMEMBERS", SET)).isEqualTo(List.of("b"));
    assertThat(q.snapshot()).containsExactly("b");
  }

  @Test
  void addAll_skipsQueuedAndRepeatedElements() {
    HotSetQueue<String> q = queue(3);
    q.add("a");
    assertThat(q.addAll(List.of("a", "b", "b", "c", "a"))).isTrue();
    assertThat(q.snapshot()).containsExactly("a", "b", "c");
    assertThat(q.addAll(List.of("a", "c")))
        .as("all queued already: no change, even full")
        .isFalse();
  }

  @Test
  void clear_removesTheListAndTheSet_keepsTheCapacity(RedisDeployment redis) {
    HotSetQueue<String> q = queue(5);
    q.addAll(List.of("a", "b"));
    q.clear();
    assertThat(redis.execute("EXISTS", KEY, SET)).isEqualTo(0L);
    assertThat(redis.execute("GET", "{sq}:capacity")).isEqualTo("5");
    assertThat(q.offer("a")).isTrue();
  }

  @Test
  void delete_removesEveryKey(RedisDeployment redis) throws InterruptedException {
    HotSetQueue<String> q = queue(5);
    q.addAll(List.of("a", "b"));
    Delivery<String> pending = q.takeReliably();
    assertThat(pending.element()).isEqualTo("a");

    assertThat(q.delete()).isTrue();

    assertThat(redis.execute("DBSIZE")).as("keys left, on every master").isEqualTo(0L);
    assertThat(q.delete()).isFalse();
    assertThat(pending.acknowledge()).isFalse();
  }

  @Test
  void removeAndRemoveAll_forgetTheElements(RedisDeployment redis) {
    HotSetQueue<String> q = queue(0);
    q.addAll(List.of("a", "b", "c", "d"));
    assertThat(q.remove("b")).isTrue();
    assertThat(q.removeAll(List.of("c", "x"))).isTrue();
    assertThat(q.retainAll(List.of("d"))).isTrue();
    assertThat(redis.execute("SMEMBERS", SET)).isEqualTo(List.of("d"));
    assertThat(q.offer("a")).isTrue();
    assertThat(q.offer("b")).isTrue();
    assertThat(q.offer("c")).isTrue();
    assertThat(q.snapshot()).containsExactly("d", "a", "b", "c");
  }

  @Test
  void builder_initialWithKey_replacesTheQueue_withoutDuplicates(RedisDeployment redis) {
    queue(0).addAll(List.of("old", "x"));
    HotSetQueue<String> q =
        HotSetQueue.builder(String.class)
            .client(client)
            .key(KEY)
            .initial(List.of("a", "b", "a"))
            .build();
    assertThat(q.snapshot()).containsExactly("a", "b");
    assertThat(list(redis.execute("SMEMBERS", SET))).containsExactlyInAnyOrder("a", "b");
    assertThat(q.offer("x")).isTrue();
  }

  @Test
  void lifoSetQueue_takesTheNewest_andRefusesQueuedOnes() throws InterruptedException {
    HotLifoSetQueue<String> q =
        HotLifoSetQueue.builder(String.class).client(client).key(KEY).build();
    q.put("a");
    q.put("b");
    q.put("a");
    assertThat(q.take()).isEqualTo("b");
    assertThat(q.take()).isEqualTo("a");
    assertThat(q.isEmpty()).isTrue();
  }

  @Test
  void everyRemovalPath_keepsTheSetEqualToTheList(RedisDeployment redis)
      throws InterruptedException {
    HotSetQueue<String> q = queue(0);
    for (int i = 0; i < 50; i++) {
      q.add("e" + i);
    }
    q.poll();
    q.take();
    q.poll(1, TimeUnit.SECONDS);
    q.remove("e10");
    q.removeAll(List.of("e11", "e12"));
    q.removeIf(e -> e.endsWith("7"));
    q.drainTo(new ArrayList<>(), 5);
    q.takeReliably().acknowledge();
    q.pollReliably();
    for (var it = q.iterator(); it.hasNext(); ) {
      if (it.next().endsWith("3")) {
        it.remove();
      }
    }
    List<String> list = q.snapshot();
    assertThat(Set.copyOf(list)).hasSize(list.size());
    assertThat(list(redis.execute("SMEMBERS", SET)))
        .containsExactlyInAnyOrderElementsOf(new ArrayList<Object>(list));
  }
}
