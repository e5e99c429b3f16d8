package org.hotredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.hotredis.testing.Await;
import org.hotredis.testing.RedisCluster;
import org.hotredis.testing.RedisSentinelGroup;
import org.hotredis.testing.RedisServer;
import org.hotredis.testing.SingleServerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Calls on a server that stops answering ({@code SIGSTOP}): each ends with {@link
 * HotConnectionException} within the socket timeout plus a margin, on every pooled connection,
 * whichever path it takes (a command, a script, a transaction, a blocking call, a subscription),
 * and calls succeed again once the server resumes. The figures are printed; the margin asserted is
 * generous (500 ms) so that a loaded machine does not fail the test, while the typical overshoot is
 * a few milliseconds.
 */
@SingleServerTest
final class FrozenServerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  private static final Duration MARGIN = Duration.ofMillis(500);
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final int POOL = 4;
  private static final String NAME = "frozen-test";

  private static HotClient client(String uri) {
    return HotClient.builder()
        .uri(uri)
        .socketTimeout(TIMEOUT)
        .connectTimeout(TIMEOUT)
        .poolSize(POOL)
        .clientName(NAME)
        .build();
  }

  @Test
  @Timeout(120)
  void call_frozenServer_failsWithinTheSocketTimeoutOnEveryPooledConnection() {
    try (RedisServer server = RedisServer.start();
        HotClient client = client(server.uri())) {
      TestCounter counter = new TestCounter(client, "c");
      counter.set(1);
      warmUp(client, counter);
      Timings timings = new Timings("frozen server, calls one after another, pool of " + POOL);

      server.freeze();
      try {
        for (int i = 0; i < 2 * POOL; i++) {
          timings.fails(i % 2 == 0 ? counter::get : () -> counter.set(2));
        }
      } finally {
        server.unfreeze();
      }

      timings.report();
      assertRecovers(server, counter);
    }
  }

  @Test
  @Timeout(120)
  void calls_frozenServerFromManyThreads_eachFailsWithinTheSocketTimeout() throws Exception {
    try (RedisServer server = RedisServer.start();
        HotClient client = client(server.uri())) {
      TestCounter counter = new TestCounter(client, "c");
      counter.set(1);
      warmUp(client, counter);
      Timings timings = new Timings("frozen server, 8 threads x 3 calls, pool of " + POOL);

      server.freeze();
      try {
        inParallel(
            8,
            thread -> {
              for (int i = 0; i < 3; i++) {
                timings.fails((thread + i) % 2 == 0 ? counter::get : () -> counter.set(2));
              }
            });
      } finally {
        server.unfreeze();
      }

      timings.report();
      assertThat(timings.count()).isEqualTo(24);
      assertRecovers(server, counter);
    }
  }

  @Test
  @Timeout(120)
  void call_frozenAgainAfterBrokenConnectionsWereReplaced_failsWithinTheSocketTimeout()
      throws Exception {
    try (RedisServer server = RedisServer.start();
        HotClient client = client(server.uri())) {
      TestCounter counter = new TestCounter(client, "c");
      counter.set(1);
      warmUp(client, counter);
      Timings timings = new Timings("frozen again after broken connections were replaced");

      server.freeze();
      try {
        for (int i = 0; i < POOL / 2; i++) {
          timings.fails(counter::get);
        }
      } finally {
        server.unfreeze();
      }
      assertThat(counter.get()).isEqualTo(1);
      warmUp(client, counter); // the broken connections are replaced, the pool is full again
      server.freeze();
      try {
        inParallel(
            POOL,
            thread -> {
              timings.fails(counter::get);
              timings.fails(() -> counter.set(2));
            });
      } finally {
        server.unfreeze();
      }

      timings.report();
      assertRecovers(server, counter);
    }
  }

  @Test
  @Timeout(120)
  void script_frozenServer_failsWithinTheSocketTimeout() {
    try (RedisServer server = RedisServer.start();
        HotClient client = client(server.uri())) {
      TestCounter counter = new TestCounter(client, "c");
      counter.set(1);
      assertThat(counter.getViaScript()).isEqualTo(1); // the script is cached: EVALSHA
      warmUp(client, counter);
      Timings timings = new Timings("frozen server, scripts (EVALSHA)");

      server.freeze();
      try {
        for (int i = 0; i < 2 * POOL; i++) {
          timings.fails(i % 2 == 0 ? counter::getViaScript : () -> counter.addAndGet(1));
        }
      } finally {
        server.unfreeze();
      }

      timings.report();
      assertThat(counter.addAndGet(0)).isBetween(1L, 1L + POOL);
      assertRecovers(server, counter);
    }
  }

  @Test
  @Timeout(120)
  void transaction_frozenServer_failsWithinTheSocketTimeout() {
    try (RedisServer server = RedisServer.start();
        HotClient client = client(server.uri())) {
      TestCounter counter = new TestCounter(client, "c");
      counter.set(1);
      warmUp(client, counter);
      Timings timings = new Timings("frozen server, MULTI/EXEC and WATCH");

      server.freeze();
      try {
        for (int i = 0; i < POOL; i++) {
          timings.fails(() -> client.transaction(tx -> counter.set(2)));
          timings.fails(() -> client.optimistic(List.of(counter), tx -> counter.get()));
        }
      } finally {
        server.unfreeze();
      }

      timings.report();
      client.transaction(tx -> counter.set(3));
      long watched = client.optimistic(List.of(counter), tx -> counter.get());
      assertThat(watched).isEqualTo(3);
      assertRecovers(server, counter);
    }
  }

  @Test
  @Timeout(120)
  void largeWrite_frozenServer_failsWithinTheSocketTimeout() throws Exception {
    try (RedisServer server = RedisServer.start();
        HotClient client = client(server.uri())) {
      TestList list = new TestList(client, "l");
      RedisBinding binding = list.redis();
      TestCounter counter = new TestCounter(client, "c");
      counter.set(1);
      warmUp(client, counter);
      // More than the sockets' buffers take, encoded already: the call's budget starts with it.
      byte[] large = new byte[16 << 20];
      Timings timings = new Timings("frozen server, 16 MiB writes, alone and in a transaction");

      server.freeze();
      try {
        // On a blocked socket write the call cannot end by itself: wait for it on another thread.
        CompletableFuture.runAsync(
                () -> {
                  timings.fails(
                      () -> binding.send(binding.commands().rpush(binding.rawKey(), large)));
                  timings.fails(
                      () ->
                          client.transaction(
                              tx ->
                                  binding.send(binding.commands().rpush(binding.rawKey(), large))));
                })
            .get(2 * (TIMEOUT.toMillis() + MARGIN.toMillis()), TimeUnit.MILLISECONDS);
      } finally {
        server.unfreeze();
      }

      timings.report();
      list.add("after");
      assertThat(list.get(-1)).isEqualTo("after");
      assertRecovers(server, counter);
    }
  }

  @Test
  @Timeout(120)
  void blockingCall_frozenServer_failsWithinTheSocketTimeout() throws Exception {
    try (RedisServer server = RedisServer.start();
        HotClient client = client(server.uri())) {
      RedisBinding list = RedisBinding.of(client, "q", "HotList", "list");
      BlockingCalls calls = client.blockingCalls();
      server.execute("RPUSH", "q", "warm-up");
      assertThat(calls.call(list, list.commands().blpop(5, list.rawKey()), null)).isNotNull();
      Timings timings =
          new Timings("frozen server, BLPOP on a reused connection, with and without a deadline");

      server.freeze();
      try {
        timings.fails(() -> blpop(calls, list, 0));
        timings.fails(() -> blpop(calls, list, 5));
        timings.fails(() -> blpop(calls, list, 0));
      } finally {
        server.unfreeze();
      }

      timings.report();
      server.execute("RPUSH", "q", "after");
      Object popped = blpop(calls, list, 5);
      assertThat(popped).isNotNull();
    }
  }

  @Test
  @Timeout(120)
  void blockingCallWithDeadline_serverFreezesDuringTheWait_failsSoonAfterTheDeadline()
      throws Exception {
    try (RedisServer server = RedisServer.start();
        HotClient client = client(server.uri())) {
      RedisBinding list = RedisBinding.of(client, "q", "HotList", "list");
      BlockingCalls calls = client.blockingCalls();
      long deadlineMillis = 2000;
      CompletableFuture<Long> ended =
          CompletableFuture.supplyAsync(
              () -> {
                long start = System.nanoTime();
                Throwable failure =
                    catchThrowable(
                        () ->
                            calls.call(
                                list,
                                list.commands().blpop(5, list.rawKey()),
                                null,
                                start + TimeUnit.MILLISECONDS.toNanos(deadlineMillis)));
                assertThat(failure).isInstanceOf(HotConnectionException.class);
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
              });
      Await.until(
          WAIT,
          () -> server.info("clients").contains("blocked_clients:1"),
          "BLPOP to block in Redis");

      server.freeze();
      long elapsed;
      try {
        elapsed = ended.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } finally {
        server.unfreeze();
      }

      System.out.printf(
          "server frozen during a BLPOP with a %d ms deadline: the call failed after %d ms%n",
          deadlineMillis, elapsed);
      assertThat(elapsed).isLessThan(deadlineMillis + TIMEOUT.plus(MARGIN).toMillis());
      server.execute("RPUSH", "q", "after");
      Object popped = blpop(calls, list, 5);
      assertThat(popped).isNotNull();
    }
  }

  @Test
  @Timeout(120)
  void subscribe_frozenServer_failsWithinTheSocketTimeout() {
    try (RedisServer server = RedisServer.start();
        HotClient client = client(server.uri())) {
      client.notifications().subscribe(bytes("before"), message -> {});
      Timings timings = new Timings("frozen server, SUBSCRIBE on the shared subscription");

      server.freeze();
      try {
        timings.fails(() -> client.notifications().subscribe(bytes("during"), message -> {}));
      } finally {
        server.unfreeze();
      }

      timings.report();
      CountDownLatch received = new CountDownLatch(1);
      Await.until(
          WAIT,
          () -> {
            try {
              client.notifications().subscribe(bytes("after"), message -> received.countDown());
              return true;
            } catch (HotConnectionException e) {
              return false; // the subscription is still reconnecting
            }
          },
          "a subscription after the server resumed");
      Await.until(
          WAIT,
          () -> Long.valueOf(1).equals(server.execute("PUBLISH", "after", "x")),
          "the subscriber of 'after'");
      assertThat(awaitLatch(received)).isTrue();
    }
  }

  @Test
  @Timeout(300)
  void call_frozenClusterMaster_failsWithinTheSocketTimeoutWhileOtherMastersServe()
      throws Exception {
    try (RedisCluster cluster =
            RedisCluster.builder().replicas(0).nodeTimeout(Duration.ofSeconds(60)).start();
        HotClient client = client(cluster.uri())) {
      TestCounter frozen = new TestCounter(client, "{a}c");
      TestCounter other = null;
      RedisServer master = cluster.serving("{a}c");
      for (int i = 0; other == null; i++) {
        if (cluster.serving("{b" + i + "}c").port() != master.port()) {
          other = new TestCounter(client, "{b" + i + "}c");
        }
      }
      TestCounter healthy = other;
      frozen.set(1);
      healthy.set(1);
      warmUp(client, frozen);
      Timings timings = new Timings("cluster, calls to a frozen master");
      Timings served = new Timings("cluster, calls to another master meanwhile");

      master.freeze();
      try {
        inParallel(
            POOL + 2,
            thread -> {
              for (int i = 0; i < 2; i++) {
                timings.fails((thread + i) % 2 == 0 ? frozen::get : () -> frozen.set(2));
                served.succeeds(() -> assertThat(healthy.incrementAndGet()).isPositive());
              }
            });
      } finally {
        master.unfreeze();
      }

      timings.report();
      served.report();
      assertThat(frozen.get()).isIn(1L, 2L);
      assertThat(healthy.get()).isEqualTo(1 + 2 * (POOL + 2));
      Await.until(
          WAIT,
          () -> clients(master) <= POOL,
          "at most " + POOL + " connections to the frozen master once it resumed");
    }
  }

  @Test
  @Timeout(300)
  void call_frozenClusterMasterFailsOver_callsMoveToThePromotedReplica() {
    try (RedisCluster cluster = RedisCluster.start();
        HotClient client = client(cluster.uri())) {
      TestCounter counter = new TestCounter(client, "{a}c");
      counter.set(1);
      warmUp(client, counter);
      RedisServer master = cluster.serving("{a}c");
      Timings timings = new Timings("cluster, frozen master, calls until its replica serves");

      master.freeze();
      try {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        boolean served = false;
        while (!served && System.nanoTime() - until < 0) {
          served = timings.ends(counter::get);
        }
        assertThat(served).as("a call served by the promoted replica").isTrue();
      } finally {
        master.unfreeze();
      }

      timings.report();
      assertThat(cluster.serving("{a}c").port()).isNotEqualTo(master.port());
      counter.set(2);
      assertThat(counter.get()).isEqualTo(2);
    }
  }

  @Test
  @Timeout(120)
  void call_afterRestart_recoversWithABoundedPool() throws Exception {
    try (RedisServer server = RedisServer.start();
        HotClient client = client(server.uri())) {
      TestCounter counter = new TestCounter(client, "c");
      counter.set(1);
      warmUp(client, counter);
      Timings timings = new Timings("restarted server, reads on stale connections, then 8 threads");

      server.restart();

      timings.succeeds(() -> assertThat(counter.get()).isZero()); // retried on a new connection
      inParallel(
          2 * POOL,
          thread -> {
            for (int i = 0; i < 5; i++) {
              timings.succeeds(counter::get);
            }
          });
      timings.report();
      counter.set(3);
      assertThat(counter.get()).isEqualTo(3);
      assertThat(clients(server)).isBetween(1L, (long) POOL);
    }
  }

  @Test
  @Timeout(300)
  void call_frozenSentinelMaster_endsWithinTheSocketTimeout() throws Exception {
    try (RedisSentinelGroup group = RedisSentinelGroup.start();
        HotClient client = client(group.uri())) {
      TestCounter counter = new TestCounter(client, "c");
      counter.set(1);
      warmUp(client, counter);
      RedisServer master = group.master();
      Timings timings = new Timings("sentinel, writes while the master is frozen");

      master.freeze();
      try {
        inParallel(
            POOL + 2,
            thread -> {
              for (int i = 0; i < 2; i++) {
                timings.ends(() -> counter.set(2));
              }
            });
      } finally {
        master.unfreeze();
      }

      timings.report();
      Await.until(
          Duration.ofSeconds(60),
          () -> {
            try {
              counter.set(3);
              return counter.get() == 3;
            } catch (HotConnectionException e) {
              return false; // the sentinels are still promoting or demoting
            }
          },
          "writes to succeed after the master resumed");
    }
  }

  // ---- helpers ----

  /**
   * Fills the pool: {@link #POOL} optimistic transactions hold a connection each at the same time,
   * then give them back.
   */
  private static void warmUp(HotClient client, TestCounter counter) {
    CountDownLatch holding = new CountDownLatch(POOL);
    CountDownLatch release = new CountDownLatch(1);
    List<CompletableFuture<Long>> holders = new ArrayList<>();
    for (int i = 0; i < POOL; i++) {
      holders.add(
          CompletableFuture.supplyAsync(
              () ->
                  client.optimistic(
                      List.of(counter),
                      tx -> {
                        long value = counter.get();
                        holding.countDown();
                        awaitLatch(release);
                        return value;
                      })));
    }
    try {
      assertThat(awaitLatch(holding)).as("%d connections held at once", POOL).isTrue();
    } finally {
      release.countDown();
    }
    holders.forEach(CompletableFuture::join);
  }

  private static boolean awaitLatch(CountDownLatch latch) {
    try {
      return latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Runs a body on several threads at once and rethrows the first failure. */
  private static void inParallel(int threads, ThreadBody body) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<Void>> running = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      running.add(
          CompletableFuture.runAsync(
              () -> {
                awaitLatch(start);
                body.run(thread);
              },
              task -> {
                Thread worker = new Thread(task, "frozen-test-" + thread);
                worker.setDaemon(true);
                worker.start();
              }));
    }
    start.countDown();
    CompletableFuture.allOf(running.toArray(new CompletableFuture<?>[0]))
        .get(WAIT.toSeconds() * 3, TimeUnit.SECONDS);
  }

  private interface ThreadBody {
    void run(int thread);
  }

  private interface Call {
    void run() throws Exception;
  }

  private static @org.jspecify.annotations.Nullable Object blpop(
      BlockingCalls calls, RedisBinding list, int deadlineSeconds) throws InterruptedException {
    var command = list.commands().blpop(5, list.rawKey());
    return deadlineSeconds == 0
        ? calls.call(list, command, null)
        : calls.call(
            list, command, null, System.nanoTime() + TimeUnit.SECONDS.toNanos(deadlineSeconds));
  }

  /**
   * After the server resumed: calls succeed (once the server has worked through the connections
   * queued while it was frozen, which takes a moment on a loaded machine), and the client holds no
   * more than a full pool.
   */
  private static void assertRecovers(RedisServer server, TestCounter counter) {
    long value =
        Await.until(
            WAIT,
            () -> {
              try {
                return counter.get();
              } catch (HotConnectionException e) {
                return null;
              }
            },
            "a call to succeed once the server resumed");
    counter.set(value);
    assertThat(counter.get()).isEqualTo(value);
    Await.until(
        WAIT,
        () -> clients(server) <= POOL,
        "at most " + POOL + " pooled connections once the server resumed");
  }

  /** Counts this test's client connections on a server ({@code CLIENT LIST}). */
  private static long clients(RedisServer server) {
    return String.valueOf(server.execute("CLIENT", "LIST"))
        .lines()
        .filter(line -> line.contains(" name=" + NAME + " "))
        .count();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** How long calls took, checked against the socket timeout plus the margin, and reported. */
  private static final class Timings {
    private final String what;
    private final List<Long> millis = new CopyOnWriteArrayList<>();

    Timings(String what) {
      this.what = what;
    }

    /** Runs a call that must fail with HotConnectionException within the bound. */
    void fails(Call call) {
      long start = System.nanoTime();
      Throwable failure = catchThrowable(call::run);
      long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      millis.add(elapsed);
      assertThat(failure).as(what).isInstanceOf(HotConnectionException.class);
      assertThat(elapsed)
          .as("%s: %s took %d ms", what, failure.getMessage(), elapsed)
          .isLessThan(TIMEOUT.plus(MARGIN).toMillis());
    }

    /**
     * Runs a call that either succeeds or fails with HotConnectionException within the bound, and
     * returns whether it succeeded.
     */
    boolean ends(Call call) {
      long start = System.nanoTime();
      Throwable failure = catchThrowable(call::run);
      long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      millis.add(elapsed);
      if (failure != null) {
        assertThat(failure).as(what).isInstanceOf(HotConnectionException.class);
      }
      assertThat(elapsed)
          .as("%s: took %d ms", what, elapsed)
          .isLessThan(TIMEOUT.plus(MARGIN).toMillis());
      return failure == null;
    }

    /** Runs a call that must succeed within the bound. */
    void succeeds(Call call) {
      long start = System.nanoTime();
      Throwable failure = catchThrowable(call::run);
      long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      millis.add(elapsed);
      assertThat(failure).as(what).isNull();
      assertThat(elapsed)
          .as("%s: took %d ms", what, elapsed)
          .isLessThan(TIMEOUT.plus(MARGIN).toMillis());
    }

    int count() {
      return millis.size();
    }

    void report() {
      List<Long> sorted = new ArrayList<>(millis);
      Collections.sort(sorted);
      System.out.printf(
          "%s: %d calls, min %d ms, median %d ms, p90 %d ms, max %d ms"
              + " (socket timeout %d ms)%n",
          what,
          sorted.size(),
          sorted.get(0),
          sorted.get(sorted.size() / 2),
          sorted.get((int) Math.ceil(sorted.size() * 0.9) - 1),
          sorted.get(sorted.size() - 1),
          TIMEOUT.toMillis());
    }
  }
}
