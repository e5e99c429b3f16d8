package org.hotredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.hotredis.testing.RedisServer;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@RedisTest
final class HotClientTest {

  @Test
  void create_reachableServer_pingsAndDescribesItself(RedisServer server) {
    try (HotClient client = HotClient.create(server.uri())) {
      assertThat(client.ping()).isPositive();
      assertThat(client).hasToString("HotClient[127.0.0.1:" + server.port() + "]");
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
  @Timeout(30)
  void create_serverDown_failsFastNamingHostAndPort() {
    RedisServer stopped = RedisServer.start();
    int port = stopped.port();
    stopped.close();

    assertThatThrownBy(() -> HotClient.create("redis://127.0.0.1:" + port))
        .isInstanceOf(HotConnectionException.class)
        .hasMessageContaining("cannot connect to Redis at 127.0.0.1:" + port)
        .hasMessageContaining("nothing was sent");
  }

  @Test
  @Timeout(30)
  void call_serverStopped_failsNamingHostAndPort() {
    try (RedisServer own = RedisServer.start();
        HotClient client = HotClient.create(own.uri())) {
      TestCounter counter = new TestCounter(client, "c");
      counter.set(1);
      own.stop();

      assertThatThrownBy(counter::get)
          .isInstanceOf(HotConnectionException.class)
          .hasMessageContaining("127.0.0.1:" + own.port());
      assertThatThrownBy(() -> counter.set(2))
          .isInstanceOf(HotConnectionException.class)
          .hasMessageContaining("127.0.0.1:" + own.port());
    }
  }

  @Test
  @Timeout(30)
  void call_frozenServer_timesOutWithinTheSocketTimeout() {
    try (RedisServer own = RedisServer.start();
        HotClient client =
            HotClient.builder().uri(own.uri()).socketTimeout(Duration.ofMillis(300)).build()) {
      TestCounter counter = new TestCounter(client, "c");
      counter.set(1);
      own.freeze();
      try {
        assertThatThrownBy(counter::get)
            .isInstanceOf(HotConnectionException.class)
            .hasMessageContaining("did not answer GET within 300 ms");
        assertThatThrownBy(() -> counter.set(2))
            .isInstanceOf(HotConnectionException.class)
            .hasMessageContaining("did not answer SET within 300 ms")
            .hasMessageContaining("may or may not have been applied");
      } finally {
        own.unfreeze();
      }
      assertThat(counter.get()).isIn(1L, 2L);
    }
  }

  @Test
  @Timeout(30)
  void create_frozenServer_failsWithinTheTimeoutInsteadOfHanging() {
    try (RedisServer own = RedisServer.start()) {
      own.freeze();
      try {
        assertThatThrownBy(
                () ->
                    HotClient.builder()
                        .uri(own.uri())
                        .connectTimeout(Duration.ofMillis(300))
                        .socketTimeout(Duration.ofMillis(300))
                        .build())
            .isInstanceOf(HotConnectionException.class)
            .hasMessageContaining("127.0.0.1:" + own.port());
      } finally {
        own.unfreeze();
      }
    }
  }

  @Test
  void create_wrongPassword_failsWithoutRevealingIt() {
    try (RedisServer own = RedisServer.builder().password("s3cret").start()) {
      assertThatThrownBy(() -> HotClient.create("redis://:hunter2@127.0.0.1:" + own.port()))
          .isInstanceOf(HotConnectionException.class)
          .hasMessageContaining("refused the credentials")
          .hasMessageContaining("127.0.0.1:" + own.port())
          .hasMessageNotContaining("hunter2");
    }
  }

  @Test
  void create_passwordMissing_saysAPasswordIsRequired() {
    try (RedisServer own = RedisServer.builder().password("s3cret").start()) {
      assertThatThrownBy(() -> HotClient.create("redis://127.0.0.1:" + own.port()))
          .isInstanceOf(HotConnectionException.class)
          .hasMessageContaining("requires a password (NOAUTH)");
    }
  }

  @Test
  void create_rightPassword_works() {
    try (RedisServer own = RedisServer.builder().password("s3cret").start();
        HotClient client = HotClient.create(own.uri())) {
      new TestCounter(client, "c").set(4);
      assertThat(new TestCounter(client, "c").get()).isEqualTo(4);
    }
  }

  @Test
  void create_aclUser_authenticatesAsThatUser() {
    try (RedisServer own =
        RedisServer.builder()
            .args("--user", "alice", "on", ">alice-pw", "~app:*", "+@all")
            .start()) {
      try (HotClient client = HotClient.create("redis://alice:alice-pw@127.0.0.1:" + own.port())) {
        TestCounter allowed = new TestCounter(client, "app:counter");
        allowed.set(3);
        assertThat(allowed.get()).isEqualTo(3);
        assertThatThrownBy(() -> new TestCounter(client, "other").set(1))
            .isInstanceOf(HotRedisException.class)
            .hasMessageContaining("ACL user may not run SET");
      }
      assertThatThrownBy(() -> HotClient.create("redis://alice:wrong@127.0.0.1:" + own.port()))
          .isInstanceOf(HotConnectionException.class)
          .hasMessageContaining("refused the credentials");
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
  void create_withoutVerification_reportsTheProblemOnFirstUse() {
    RedisServer stopped = RedisServer.start();
    int port = stopped.port();
    stopped.close();
    try (HotClient client =
        HotClient.builder().uri("redis://127.0.0.1:" + port).verifyOnBuild(false).build()) {
      assertThatThrownBy(client::ping)
          .isInstanceOf(HotConnectionException.class)
          .hasMessageContaining("127.0.0.1:" + port);
    }
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
  @Timeout(30)
  void call_poolExhausted_failsAfterTheBorrowTimeout(RedisServer server) throws Exception {
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
  void close_thenCall_throwsIllegalState(RedisServer server) {
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
  void value_largerThanTheLimit_isRefusedBeforeSending(RedisServer server) {
    try (HotClient client = HotClient.builder().uri(server.uri()).maxValueSize(10).build()) {
      TestList list = new TestList(client, "l");
      assertThatThrownBy(() -> list.add("0123456789A"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("value of 11 bytes for TestList 'l' exceeds the limit of 10 bytes");
      assertThat(server.execute("EXISTS", "l")).isEqualTo(0L);
    }
  }
}
