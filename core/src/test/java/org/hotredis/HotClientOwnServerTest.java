package org.hotredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.hotredis.testing.RedisServer;
import org.hotredis.testing.RedisTest;
import org.hotredis.testing.SingleServerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Tests of {@link HotClient} against {@code redis-server} processes they start themselves (stopped,
 * frozen, password-protected, with ACL users); they run once, on the single-server run.
 */
@RedisTest
@SingleServerTest
final class HotClientOwnServerTest {

  @Test
  @Timeout(30)
  void create_serverDown_failsFastNamingHostAndPort() {
    RedisServer stopped = RedisServer.start();
    int port = stopped.port();
    stopped.close();

    assertThatThrownBy(() -> HotClient.create("redis://127.0.0.1:" + port))
        .isInstanceOf(HotConnectionException.class)
        .hasMessageContaining(
            "cannot connect to Redis at 127.0.0.1:" + port + ": Connection refused")
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
        assertThatThrownBy(() -> counter.set(2))
            .isInstanceOf(HotConnectionException.class)
            .hasMessageContaining("did not answer SET within 300 ms")
            .hasMessageContaining("may or may not have been applied");
        // The pool's one connection broke; a new one cannot be opened on a frozen server.
        assertThatThrownBy(counter::get)
            .isInstanceOf(HotConnectionException.class)
            .hasMessageContaining("cannot connect to Redis at 127.0.0.1:" + own.port())
            .hasMessageContaining("nothing was sent");
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
  @Timeout(30)
  void notificationsSubscribe_serverDown_failsWithinTheTimeout() {
    try (RedisServer own = RedisServer.start();
        HotClient c =
            HotClient.builder()
                .uri(own.uri())
                .socketTimeout(Duration.ofMillis(500))
                .connectTimeout(Duration.ofMillis(500))
                .build()) {
      own.stop();
      assertThatThrownBy(
              () ->
                  c.notifications()
                      .subscribe("chan".getBytes(StandardCharsets.UTF_8), message -> {}))
          .isInstanceOf(HotConnectionException.class)
          .hasMessageContaining("did not confirm a subscription");
    }
  }
}
