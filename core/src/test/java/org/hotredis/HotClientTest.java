package org.hotredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisServer;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@RedisTest
final class HotClientTest {

  @Test
  void create_reachableServer_pingsAndDescribesItself(RedisDeployment server) {
    String endpoints = server.uri().substring(server.uri().indexOf("://") + 3);
    try (HotClient client = HotClient.create(server.uri())) {
      assertThat(client.ping()).isPositive();
      assertThat(client)
          .hasToString(
              "HotClient["
                  + (server.isCluster() ? "cluster " : "")
                  + endpoints
                  + ", id "
                  + client.id()
                  + "]");
      assertThat(client.isClosed()).isFalse();
    }
  }

  @Test
  void create_selectsTheDatabaseAndClientName(RedisServer server) {
    try (HotClient client = HotClient.create(server.uri() + "/3?clientName=orders-service")) {
      new TestCounter(client, "k").set(1);
      assertThat(server.execute("EXISTS", "k")).isEqualTo(0L);
      assertThat(server.execute("SELECT", "0")).isEqualTo("OK");
      assertThat(String.valueOf(server.execute("CLIENT", "LIST"))).contains("name=orders-service");
    }
  }

  @Test
  void create_badUri_failsWithoutRevealingThePassword() {
    assertThatThrownBy(() -> HotClient.create("redis://user:hunter2@localhost:notaport"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid Redis URI")
        .hasMessageContaining("'notaport' is not a number")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void call_afterServerRestart_readsRecoverWithoutError(RedisServer server) {
    try (HotClient client = HotClient.create(server.uri())) {
      TestList list = new TestList(client, "l");
      list.add("a");
      list.add("b");
      server.restart();
      assertThat(list.size()).isZero();
      list.add("c");
      assertThat(list.all()).containsExactly("c");
    }
  }

  @Test
  @Timeout(60)
  void call_moreThreadsThanConnections_everyCallGetsAConnectionInTurn(RedisDeployment server)
      throws Exception {
    // 16 threads share 2 connections: most calls find none idle and wait for one given back. A
    // borrower left waiting when a connection came back would fail after the borrow timeout.
    int threads = 16;
    int calls = 300;
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(threads);
    try (HotClient client = HotClient.builder().uri(server.uri()).poolSize(2).build()) {
      TestCounter counter = new TestCounter(client, "c");
      CountDownLatch start = new CountDownLatch(1);
      java.util.List<CompletableFuture<Void>> callers = new java.util.ArrayList<>();
      for (int t = 0; t < threads; t++) {
        callers.add(
            CompletableFuture.runAsync(
                () -> {
                  try {
                    start.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                  }
                  for (int i = 0; i < calls; i++) {
                    counter.incrementAndGet();
                  }
                },
                pool));
      }
      start.countDown();
      CompletableFuture.allOf(callers.toArray(CompletableFuture[]::new)).get(50, TimeUnit.SECONDS);
      assertThat(counter.get()).isEqualTo((long) threads * calls);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @Timeout(30)
  void call_poolExhausted_failsAfterTheBorrowTimeout(RedisDeployment server) throws Exception {
    try (HotClient client =
        HotClient.builder()
            .uri(server.uri())
            .poolSize(1)
            .borrowTimeout(Duration.ofMillis(200))
            .build()) {
      TestCounter counter = new TestCounter(client, "c");
      CountDownLatch holding = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<Object> holder =
          CompletableFuture.supplyAsync(
              () ->
                  client.optimistic(
                      java.util.List.of(counter),
                      tx -> {
                        holding.countDown();
                        try {
                          release.await(20, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                        return "done";
                      }));
      assertThat(holding.await(20, TimeUnit.SECONDS)).isTrue();
      try {
        assertThatThrownBy(counter::get)
            .isInstanceOf(HotConnectionException.class)
            .hasMessageContaining("no free connection")
            .hasMessageContaining("nothing was sent");
      } finally {
        release.countDown();
      }
      assertThat(holder.get(20, TimeUnit.SECONDS)).isEqualTo("done");
      assertThat(counter.get()).isZero();
    }
  }

  @Test
  void close_thenCall_throwsIllegalState(RedisDeployment server) {
    HotClient client = HotClient.create(server.uri());
    TestCounter counter = new TestCounter(client, "c");
    client.close();
    assertThat(client.isClosed()).isTrue();
    assertThatThrownBy(counter::get)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is closed");
    assertThatThrownBy(client::transaction)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is closed");
  }

  @Test
  void value_largerThanTheLimit_isRefusedBeforeSending(RedisDeployment server) {
    try (HotClient client = HotClient.builder().uri(server.uri()).maxValueSize(10).build()) {
      TestList list = new TestList(client, "l");
      assertThatThrownBy(() -> list.add("0123456789A"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("value of 11 bytes for TestList 'l' exceeds the limit of 10 bytes");
      assertThat(server.execute("EXISTS", "l")).isEqualTo(0L);
    }
  }

  @Test
  void iteratorMemory_negative_isRefused() {
    assertThatThrownBy(() -> HotClient.builder().iteratorMemory(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("iteratorMemory");
  }
}
