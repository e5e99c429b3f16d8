package org.hotredis.concurrent.locks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hotredis.HotClient;
import org.hotredis.HotRedisException;
import org.hotredis.HotTransaction;
import org.hotredis.HotWrongTypeException;
import org.hotredis.concurrent.HotConcurrency;
import org.hotredis.testing.JvmProcess;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisServer;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What {@link HotCountDownLatch} adds to {@code CountDownLatch}'s contract (which {@code
 * CountDownLatchContractTest} checks on both providers): processes, tokens, rounds, deletion,
 * hostile data, transactions and a restarting server.
 */
@RedisTest
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class HotCountDownLatchTest {
  private static final Duration STARTUP = Duration.ofMinutes(1);

  private HotClient client;
  private HotClient other;
  private ContractThreads threads;
  private final List<JvmProcess> children = new ArrayList<>();

  @BeforeEach
  void open(RedisDeployment redis) {
    client = HotClient.create(redis.uri());
    other = HotClient.create(redis.uri());
    threads = new ContractThreads();
  }

  @AfterEach
  void close() {
    try {
      threads.close();
    } finally {
      children.forEach(JvmProcess::close);
      other.close();
      client.close();
    }
  }

  private HotCountDownLatch latch(HotClient through, String key, int count) {
    return HotConcurrency.on(through).countDownLatch(key, count);
  }

  @Test
  void countDown_fourJvmsOfFourThreads_countExactly(RedisDeployment redis) {
    HotCountDownLatch latch = latch(client, "jobs-done", 401);
    Thread waiter = threads.start(latch::await);
    for (int i = 0; i < 4; i++) {
      children.add(
          JvmProcess.builder(LatchWorker.class)
              .args(redis.uri(), "jobs-done", "401", "count", "4", "25")
              .start());
    }
    for (JvmProcess child : children) {
      assertThat(child.waitFor(Duration.ofMinutes(4))).as(child.output()).isZero();
    }
    // 4 JVMs x 4 threads x 25 = 400 count-downs: one lost would leave 2, one doubled 0.
    assertThat(latch.getCount()).isEqualTo(1);
    assertThat(waiter.isAlive()).as("the waiter before the last count-down").isTrue();
    latch.countDown();
    threads.awaitTermination(waiter);
    assertThat(latch.getCount()).isZero();
  }

  @Test
  void countDown_waiterJvmKilled_theOtherJvmsWaitersStillOpen(RedisDeployment redis) {
    HotCountDownLatch latch = latch(client, "gate", 1);
    JvmProcess killed =
        JvmProcess.builder(LatchWorker.class)
            .args(redis.uri(), "gate", "1", "await", "2", "0")
            .start();
    JvmProcess alive =
        JvmProcess.builder(LatchWorker.class)
            .args(redis.uri(), "gate", "1", "await", "2", "0")
            .start();
    children.add(killed);
    children.add(alive);
    killed.awaitOutput("ready", STARTUP);
    alive.awaitOutput("ready", STARTUP);
    killed.kill();
    latch.countDown();
    assertThat(alive.waitFor(Duration.ofMinutes(1))).as(alive.output()).isZero();
    assertThat(alive.output().lines().filter("opened"::equals).count()).isEqualTo(2);
  }

  @Test
  void await_anotherClientCountsDown_wakesWithoutPolling() throws Exception {
    HotCountDownLatch mine = latch(client, "shared", 2);
    HotCountDownLatch theirs = latch(other, "shared", 2);
    Thread waiter = threads.start(() -> assertThat(mine.await(1, TimeUnit.MINUTES)).isTrue());
    ContractThreads.awaitBlocked(waiter);
    theirs.countDown();
    theirs.countDown();
    threads.awaitTermination(waiter);
  }

  @Test
  void countDownWithToken_repeated_countsOncePerRound() {
    HotCountDownLatch latch = latch(client, "tokens", 3);
    latch.countDown("worker-1");
    latch.countDown("worker-1");
    latch.countDown("worker-2");
    assertThat(latch.getCount()).isEqualTo(1);
    latch.countDown();
    assertThat(latch.getCount()).isZero();
    assertThat(latch.trySetCount(2)).isTrue();
    latch.countDown("worker-1"); // a new round forgets the last round's tokens
    assertThat(latch.getCount()).isEqualTo(1);
    assertThatThrownBy(() -> latch.countDown("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void trySetCount_whileCounting_refusesElseStartsANewRound(RedisDeployment redis) {
    HotCountDownLatch latch = latch(client, "rounds", 1);
    assertThat(latch.trySetCount(5)).isFalse();
    assertThat(latch.getCount()).isEqualTo(1);
    latch.countDown();
    assertThat(latch.trySetCount(5)).isTrue();
    assertThat(latch.getCount()).isEqualTo(5);
    assertThat(redis.execute("HGET", "rounds", "generation")).isEqualTo("2");
    assertThatThrownBy(() -> latch.trySetCount(0)).isInstanceOf(IllegalArgumentException.class);
    // Building it again now asks for the count of the new round.
    assertThatThrownBy(() -> latch(other, "rounds", 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exists with count 5");
    assertThat(latch(other, "rounds", 5).getCount()).isEqualTo(5);
  }

  @Test
  void trySetCount_rightAfterOpening_releasesTheWaitersOfTheLastRound() throws Exception {
    HotCountDownLatch latch = latch(client, "reused", 1);
    HotCountDownLatch elsewhere = latch(other, "reused", 1);
    Thread waiter = threads.start(() -> assertThat(latch.await(1, TimeUnit.MINUTES)).isTrue());
    ContractThreads.awaitBlocked(waiter);
    elsewhere.countDown();
    assertThat(elsewhere.trySetCount(3)).isTrue(); // perhaps before the waiter read the count
    threads.awaitTermination(waiter);
    assertThat(latch.getCount()).isEqualTo(3);
  }

  @Test
  void delete_releasesTheWaitersAndReadsAsOpen(RedisDeployment redis) throws Exception {
    HotCountDownLatch latch = latch(client, "deleted", 3);
    latch.countDown("a");
    Thread waiter = threads.start(() -> assertThat(latch.await(1, TimeUnit.MINUTES)).isTrue());
    ContractThreads.awaitBlocked(waiter);
    assertThat(latch(other, "deleted", 3).delete()).isTrue();
    threads.awaitTermination(waiter);
    assertThat(redis.execute("EXISTS", "deleted", "{deleted}:tokens")).isEqualTo(0L);
    assertThat(latch.getCount()).isZero();
  }

  @Test
  void hostileData_clearErrorsAndNothingLost(RedisDeployment redis) {
    redis.execute("SET", "a-string", "x");
    assertThatThrownBy(() -> latch(client, "a-string", 1))
        .isInstanceOf(HotWrongTypeException.class);
    assertThat(redis.execute("GET", "a-string")).isEqualTo("x");

    redis.execute("HSET", "a-hash", "f", "v");
    assertThatThrownBy(() -> latch(client, "a-hash", 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not a count-down latch");
    assertThat(redis.execute("HGET", "a-hash", "f")).isEqualTo("v");

    HotCountDownLatch latch = latch(client, "corrupt", 2);
    redis.execute("HSET", "corrupt", "count", "many");
    assertThatThrownBy(latch::getCount)
        .isInstanceOf(HotRedisException.class)
        .hasMessageContaining("'corrupt'")
        .hasMessageContaining("'many'");
    assertThatThrownBy(latch::countDown)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("\"many\"");
    assertThat(redis.execute("HGET", "corrupt", "count")).isEqualTo("many");
  }

  @Test
  void transaction_countDownIsQueuedAndAwaitRefused() {
    HotCountDownLatch latch = latch(client, "{t}latch", 2);
    try (HotTransaction tx = client.transaction()) {
      latch.countDown();
      latch.countDown("token");
      tx.commit();
    }
    assertThat(latch.getCount()).isZero();
    try (HotTransaction tx = client.transaction()) {
      assertThatThrownBy(latch::await).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void await_redisRestartsAndLosesTheLatch_waitersReturnAsOpen(RedisServer server)
      throws Exception {
    try (HotClient own = HotClient.create(server.uri())) {
      HotCountDownLatch latch = latch(own, "lost", 1);
      Thread waiter = threads.start(() -> assertThat(latch.await(1, TimeUnit.MINUTES)).isTrue());
      ContractThreads.awaitBlocked(waiter);
      server.restart(); // the new server is empty: the latch reads as open
      threads.awaitTermination(waiter);
      assertThat(latch.getCount()).isZero();
    }
  }
}
