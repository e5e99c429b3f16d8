package org.hotredis.concurrent.locks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotredis.HotClient;
import org.hotredis.HotRedisException;
import org.hotredis.HotTransaction;
import org.hotredis.HotWrongTypeException;
import org.hotredis.concurrent.HotConcurrency;
import org.hotredis.testing.Await;
import org.hotredis.testing.JvmProcess;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisServer;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What {@link HotCyclicBarrier} adds to {@code CyclicBarrier}'s contract (which {@code
 * CyclicBarrierContractTest} checks on both providers): parties in several JVMs, a killed party's
 * lease, deletion, hostile data, transactions and a restarting server.
 */
@RedisTest
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class HotCyclicBarrierTest {
  private static final Duration SHORT_LEASE = Duration.ofMillis(1500);

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

  private HotCyclicBarrier barrier(HotClient through, String key, int parties) {
    return HotConcurrency.on(through).cyclicBarrier(key, parties);
  }

  private Thread startBroken(HotCyclicBarrier barrier) {
    return threads.start(
        () -> assertThatThrownBy(barrier::await).isInstanceOf(BrokenBarrierException.class));
  }

  private static void awaitNumberWaiting(HotCyclicBarrier barrier, int waiting) {
    Await.until(
        ContractThreads.GUARD,
        () -> barrier.getNumberWaiting() == waiting,
        waiting + " parties to wait at " + barrier);
  }

  @Test
  void await_fourJvmsOfFourThreads_everyGenerationTripsOnce(RedisDeployment redis) {
    for (int i = 0; i < 4; i++) {
      children.add(
          JvmProcess.builder(BarrierWorker.class)
              .args(redis.uri(), "steps", "16", "30000", "run", "4", "50")
              .start());
    }
    for (JvmProcess child : children) {
      child.awaitOutput("ready", Duration.ofMinutes(1));
    }
    redis.execute("SET", "start", "1");
    for (JvmProcess child : children) {
      assertThat(child.waitFor(Duration.ofMinutes(4))).as(child.output()).isZero();
    }
    // 16 parties x 50 generations: each worker checked, after each generation, that the barrier
    // had tripped exactly as often as it had passed; the action ran once per trip.
    assertThat(redis.execute("GET", "trips")).isEqualTo("50");
    HotCyclicBarrier barrier = barrier(client, "steps", 16);
    assertThat(barrier.isBroken()).isFalse();
    assertThat(barrier.getNumberWaiting()).isZero();
  }

  @Test
  void await_waitingPartysJvmKilled_theOthersFindItBrokenWithinTheLease(RedisDeployment redis) {
    HotCyclicBarrier barrier =
        HotCyclicBarrier.builder(4).client(client).key("crew").lease(SHORT_LEASE).build();
    JvmProcess killed =
        JvmProcess.builder(BarrierWorker.class)
            .args(redis.uri(), "crew", "4", "1500", "wait", "1", "1")
            .start();
    children.add(killed);
    awaitNumberWaiting(barrier, 1);
    JvmProcess alive =
        JvmProcess.builder(BarrierWorker.class)
            .args(redis.uri(), "crew", "4", "1500", "wait", "1", "1")
            .start();
    children.add(alive);
    Thread here = startBroken(barrier);
    awaitNumberWaiting(barrier, 3);
    killed.kill();
    // Nobody resets or times out: only the killed party's lease running out breaks the barrier.
    threads.awaitTermination(here);
    assertThat(alive.waitFor(Duration.ofMinutes(1))).as(alive.output()).isZero();
    assertThat(alive.output().lines().filter("broken"::equals).count()).isEqualTo(1);
    assertThat(barrier.isBroken()).isTrue();
    assertThat(barrier.getNumberWaiting()).isZero();
    barrier.reset();
    assertThat(barrier.isBroken()).isFalse();
  }

  @Test
  void await_lastPartysJvmKilledDuringTheAction_theOthersFindItBroken(RedisDeployment redis) {
    HotCyclicBarrier barrier =
        HotCyclicBarrier.builder(3).client(client).key("relay").lease(SHORT_LEASE).build();
    JvmProcess alive =
        JvmProcess.builder(BarrierWorker.class)
            .args(redis.uri(), "relay", "3", "1500", "wait", "1", "1")
            .start();
    children.add(alive);
    Thread here = startBroken(barrier);
    awaitNumberWaiting(barrier, 2);
    JvmProcess killed =
        JvmProcess.builder(BarrierWorker.class)
            .args(redis.uri(), "relay", "3", "1500", "hang", "1", "1")
            .start();
    children.add(killed);
    killed.awaitOutput("action", Duration.ofMinutes(1));
    assertThat(barrier.getNumberWaiting()).isEqualTo(3); // the generation is full, not tripped
    killed.kill();
    // The trip never comes: the killed party's lease runs out and breaks the barrier instead.
    threads.awaitTermination(here);
    assertThat(alive.waitFor(Duration.ofMinutes(1))).as(alive.output()).isZero();
    assertThat(alive.output().lines().filter("broken"::equals).count()).isEqualTo(1);
    assertThat(barrier.isBroken()).isTrue();
  }

  @Test
  void await_partiesOfTwoClients_tripTogetherWithoutPolling() throws Exception {
    HotCyclicBarrier mine = barrier(client, "shared", 2);
    HotCyclicBarrier theirs = barrier(other, "shared", 2);
    Thread waiter = threads.start(() -> assertThat(mine.await(1, TimeUnit.MINUTES)).isEqualTo(1));
    awaitNumberWaiting(theirs, 1);
    ContractThreads.awaitBlocked(waiter);
    assertThat(theirs.await()).isZero();
    threads.awaitTermination(waiter);
  }

  @Test
  void await_actionOfTheLastPartysProcess_runsThere() throws Exception {
    int[] here = {0};
    int[] there = {0};
    HotCyclicBarrier mine =
        HotCyclicBarrier.builder(2).client(client).key("actions").action(() -> here[0]++).build();
    HotCyclicBarrier theirs =
        HotCyclicBarrier.builder(2).client(other).key("actions").action(() -> there[0]++).build();
    Thread waiter = threads.start(mine::await);
    awaitNumberWaiting(theirs, 1);
    theirs.await();
    threads.awaitTermination(waiter);
    assertThat(here[0]).isZero();
    assertThat(there[0]).isEqualTo(1);
  }

  @Test
  void await_arrivingWhileTheActionRuns_waitsForTheNextGeneration() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch proceed = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    HotCyclicBarrier barrier =
        HotCyclicBarrier.builder(2)
            .client(client)
            .key("busy")
            .action(
                () -> {
                  runs.incrementAndGet();
                  started.countDown();
                  try {
                    proceed.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                })
            .build();
    Thread first = threads.start(() -> assertThat(barrier.await()).isEqualTo(1));
    awaitNumberWaiting(barrier, 1);
    Thread last = threads.start(() -> assertThat(barrier.await()).isZero());
    started.await();
    assertThat(barrier.getNumberWaiting()).isEqualTo(2); // as CyclicBarrier: all, while it runs
    Thread next = threads.start(() -> assertThat(barrier.await()).isEqualTo(1));
    ContractThreads.awaitBlocked(next);
    assertThat(barrier.getNumberWaiting()).isEqualTo(2); // the next one did not count yet
    proceed.countDown();
    threads.awaitTermination(first);
    threads.awaitTermination(last);
    awaitNumberWaiting(barrier, 1); // the next generation's first party
    assertThat(barrier.await()).isZero();
    threads.awaitTermination(next);
    assertThat(runs.get()).isEqualTo(2);
    assertThat(barrier.isBroken()).isFalse();
  }

  @Test
  void build_otherParties_throwsIllegalStateNamingBoth() {
    barrier(client, "fixed", 3);
    assertThatThrownBy(() -> barrier(other, "fixed", 4))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exists with 3 parties, not 4")
        .hasMessageContaining("'fixed'");
    assertThatThrownBy(() -> HotCyclicBarrier.builder(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HotCyclicBarrier.builder(2).lease(Duration.ofMillis(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void delete_whilePartiesWait_theyThrowBrokenAndTheKeysAreGone(RedisDeployment redis) {
    HotCyclicBarrier barrier = barrier(client, "deleted", 3);
    Thread waiter = startBroken(barrier);
    awaitNumberWaiting(barrier, 1);
    assertThat(barrier(other, "deleted", 3).delete()).isTrue();
    threads.awaitTermination(waiter);
    assertThat(redis.execute("EXISTS", "deleted", "{deleted}:leases")).isEqualTo(0L);
  }

  @Test
  void redisState_holdsTheWaitingPartiesAndTheirLeases(RedisDeployment redis) {
    HotCyclicBarrier barrier = barrier(client, "layout", 3);
    Thread waiter = startBroken(barrier);
    awaitNumberWaiting(barrier, 1);
    assertThat(redis.execute("HGET", "layout", "parties")).isEqualTo("3");
    assertThat(redis.execute("HGET", "layout", "arrived")).isEqualTo("1");
    assertThat(redis.execute("ZCARD", "{layout}:leases")).isEqualTo(1L);
    barrier.reset();
    threads.awaitTermination(waiter);
    assertThat(redis.execute("EXISTS", "{layout}:leases")).isEqualTo(0L);
    assertThat(redis.execute("HGET", "layout", "arrived")).isEqualTo("0");
  }

  @Test
  void hostileData_clearErrorsNamingTheKeyAndNothingChanged(RedisDeployment redis) {
    redis.execute("SET", "a-string", "x");
    assertThatThrownBy(() -> barrier(client, "a-string", 2))
        .isInstanceOf(HotWrongTypeException.class);
    assertThat(redis.execute("GET", "a-string")).isEqualTo("x");

    redis.execute("HSET", "a-hash", "f", "v");
    assertThatThrownBy(() -> barrier(client, "a-hash", 2))
        .isInstanceOf(HotRedisException.class)
        .hasMessageContaining("'a-hash'")
        .hasMessageContaining("not a cyclic barrier")
        .hasMessageContaining("delete()");
    assertThat(redis.execute("HGET", "a-hash", "f")).isEqualTo("v");

    HotCyclicBarrier barrier = barrier(client, "corrupt", 2);
    redis.execute("HSET", "corrupt", "arrived", "many");
    assertThatThrownBy(barrier::await)
        .isInstanceOf(HotRedisException.class)
        .hasMessageContaining("'corrupt'")
        .hasMessageContaining("\"many\"")
        .hasMessageContaining("delete()");
    assertThatThrownBy(barrier::getNumberWaiting)
        .isInstanceOf(HotRedisException.class)
        .hasMessageContaining("'corrupt'");
    assertThat(redis.execute("HGET", "corrupt", "arrived")).isEqualTo("many");

    redis.execute("HSET", "corrupt", "arrived", "0", "parties", "two");
    assertThatThrownBy(barrier::reset)
        .isInstanceOf(HotRedisException.class)
        .hasMessageContaining("'corrupt'")
        .hasMessageContaining("\"two\"");
    assertThat(barrier.delete()).isTrue();
    assertThat(barrier.getNumberWaiting()).isZero(); // created afresh
    assertThat(redis.execute("HGET", "corrupt", "parties")).isEqualTo("2");
  }

  @Test
  void transaction_awaitAndQueriesRefused() {
    HotCyclicBarrier barrier = barrier(client, "{t}barrier", 2);
    try (HotTransaction tx = client.transaction()) {
      assertThatThrownBy(barrier::await).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(barrier::reset).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(barrier::isBroken).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void await_lastArrivalsReplyLost_countedOnceAndTrippedOnce(RedisServer server) throws Exception {
    try (HotClient patient = HotClient.create(server.uri());
        HotClient impatient =
            HotClient.builder().uri(server.uri()).socketTimeout(Duration.ofMillis(500)).build()) {
      HotCyclicBarrier first = barrier(patient, "lossy", 2);
      HotCyclicBarrier last = barrier(impatient, "lossy", 2);
      Thread waiter = threads.start(() -> assertThat(first.await()).isEqualTo(1));
      awaitNumberWaiting(first, 1);
      long created = Long.parseLong(String.valueOf(server.execute("HGET", "lossy", "created")));
      // Writes wait 700 ms: the last arrival times out after 500 ms, then trips the barrier; the
      // arrival sent again waits behind it, and finds that this party passed.
      server.execute("CLIENT", "PAUSE", "700", "WRITE");
      assertThat(last.await()).isZero();
      threads.awaitTermination(waiter);
      assertThat(server.execute("HGET", "lossy", "generation"))
          .isEqualTo(String.valueOf(created + 1));
      assertThat(last.getNumberWaiting()).isZero();
      assertThat(last.isBroken()).isFalse();
    }
  }

  @Test
  void await_actionPartysArrivalReplyLost_actionRunsOnce(RedisServer server) throws Exception {
    try (HotClient impatient =
        HotClient.builder().uri(server.uri()).socketTimeout(Duration.ofMillis(500)).build()) {
      AtomicInteger runs = new AtomicInteger();
      HotCyclicBarrier single =
          HotCyclicBarrier.builder(1)
              .client(impatient)
              .key("solo")
              .action(runs::incrementAndGet)
              .build();
      long created = Long.parseLong(String.valueOf(server.execute("HGET", "solo", "created")));
      server.execute("CLIENT", "PAUSE", "700", "WRITE");
      assertThat(single.await()).isZero();
      assertThat(runs.get()).isEqualTo(1);
      assertThat(server.execute("HGET", "solo", "generation"))
          .isEqualTo(String.valueOf(created + 1));
      assertThat(single.await()).isZero();
      assertThat(runs.get()).isEqualTo(2);
    }
  }

  @Test
  void await_redisRestartsAndLosesTheBarrier_waitersThrowBroken(RedisServer server) {
    try (HotClient own = HotClient.create(server.uri())) {
      HotCyclicBarrier barrier = barrier(own, "lost", 2);
      Thread waiter = startBroken(barrier);
      awaitNumberWaiting(barrier, 1);
      ContractThreads.awaitBlocked(waiter);
      server.restart(); // the new server is empty: the generation waited in is gone
      threads.awaitTermination(waiter);
      assertThat(barrier.isBroken()).isFalse(); // created afresh
    }
  }
}
