package org.hotredis.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

final class RedisServerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Test
  void start_defaults_answersPingAndStoresValues() {
    try (RedisServer server = RedisServer.start()) {
      assertThat(server.isRunning()).isTrue();
      assertThat(server.host()).isEqualTo("127.0.0.1");
      assertThat(server.port()).isNotEqualTo(6379);
      assertThat(server.uri()).isEqualTo("redis://127.0.0.1:" + server.port());
      assertThat(server.execute("PING")).isEqualTo("PONG");
      assertThat(server.execute("SET", "greeting", "héllo")).isEqualTo("OK");
      assertThat(server.execute("GET", "greeting")).isEqualTo("héllo");
      assertThat(server.execute("GET", "missing")).isNull();
    }
  }

  @Test
  void execute_replyTypes_mapToJavaTypes() {
    try (RedisServer server = RedisServer.start()) {
      assertThat(server.execute("RPUSH", "list", "a", "b")).isEqualTo(2L);
      assertThat(server.execute("LRANGE", "list", "0", "-1")).isEqualTo(List.of("a", "b"));
      assertThat(server.execute("LRANGE", "none", "0", "-1")).isEqualTo(List.of());
      assertThat(server.execute("CONFIG", "GET", "save")).isEqualTo(List.of("save", ""));
      assertThat(server.execute("CONFIG", "GET", "appendonly"))
          .isEqualTo(List.of("appendonly", "no"));
    }
  }

  @Test
  void execute_errorReply_throwsReplyError() {
    try (RedisServer server = RedisServer.start()) {
      server.execute("SET", "string", "value");

      assertThatThrownBy(() -> server.execute("LPUSH", "string", "x"))
          .isInstanceOfSatisfying(
              RedisServer.ReplyError.class, e -> assertThat(e.code()).isEqualTo("WRONGTYPE"))
          .hasMessageStartingWith("WRONGTYPE");
    }
  }

  @Test
  void start_twice_usesDistinctPortsAndDirectories() {
    try (RedisServer first = RedisServer.start();
        RedisServer second = RedisServer.start()) {
      assertThat(first.port()).isNotEqualTo(second.port());
      assertThat(first.directory()).isNotEqualTo(second.directory());
      assertThat(first.pid()).isNotEqualTo(second.pid());
    }
  }

  @Test
  void start_portTaken_failsWithLogTail() throws Exception {
    try (ServerSocket taken =
        new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
      assertThatThrownBy(() -> RedisServer.builder().port(taken.getLocalPort()).start())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("did not start")
          .hasMessageContaining("Address already in use");
    }
  }

  @Test
  void start_badOption_failsWithRedisOutput() {
    assertThatThrownBy(() -> RedisServer.builder().arg("no-such-option", "1").start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no-such-option");
  }

  @Test
  void logTail_started_containsReadyLine() {
    try (RedisServer server = RedisServer.start()) {
      assertThat(server.logTail(50)).contains("Ready to accept connections");
      assertThat(server.directory().resolve("redis.log")).exists();
    }
  }

  @Test
  void stop_running_portRefusesConnections() {
    try (RedisServer server = RedisServer.start()) {
      long pid = server.pid();

      server.stop();

      assertThat(server.isRunning()).isFalse();
      assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
      assertThat(server.logTail(5)).contains("ready to exit");
      assertThatThrownBy(() -> new Socket(server.host(), server.port()).close())
          .isInstanceOf(ConnectException.class);
      assertThatThrownBy(() -> server.execute("PING")).isInstanceOf(UncheckedIOException.class);
    }
  }

  @Test
  void restart_afterKill_emptyServerOnSamePort() {
    try (RedisServer server = RedisServer.start()) {
      int port = server.port();
      long pid = server.pid();
      server.execute("SET", "key", "value");

      server.kill();
      assertThat(server.isRunning()).isFalse();
      server.restart();

      assertThat(server.isRunning()).isTrue();
      assertThat(server.port()).isEqualTo(port);
      assertThat(server.pid()).isNotEqualTo(pid);
      assertThat(server.execute("PING")).isEqualTo("PONG");
      assertThat(server.execute("DBSIZE")).isEqualTo(0L);
    }
  }

  @Test
  void restart_running_stopsAndStartsEmpty() {
    try (RedisServer server = RedisServer.start()) {
      server.execute("SET", "key", "value");

      server.restart();

      assertThat(server.execute("EXISTS", "key")).isEqualTo(0L);
    }
  }

  @Test
  void freeze_running_executeTimesOutUntilUnfrozen() {
    try (RedisServer server = RedisServer.start()) {
      server.execute("SET", "key", "value");

      server.freeze();

      assertThat(server.isFrozen()).isTrue();
      assertThat(server.isRunning()).isTrue();
      assertThatThrownBy(() -> server.execute("GET", "key"))
          .isInstanceOf(UncheckedIOException.class)
          .hasCauseInstanceOf(SocketTimeoutException.class)
          .hasMessageContaining("frozen");

      server.unfreeze();

      assertThat(server.isFrozen()).isFalse();
      assertThat(server.execute("GET", "key")).isEqualTo("value");
    }
  }

  @Test
  void stop_frozen_stops() {
    try (RedisServer server = RedisServer.start()) {
      server.freeze();

      server.stop();

      assertThat(server.isRunning()).isFalse();
      assertThat(server.isFrozen()).isFalse();
    }
  }

  @Test
  void close_frozen_killsProcessAndDeletesDirectory() {
    RedisServer server = RedisServer.start();
    long pid = server.pid();
    Path directory = server.directory();
    server.freeze();

    server.close();

    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
    assertThat(Files.exists(directory)).isFalse();
    assertThatThrownBy(() -> server.execute("PING")).isInstanceOf(IllegalStateException.class);
    server.close();
  }

  @Test
  void execute_passwordServer_authenticates() {
    try (RedisServer server = RedisServer.builder().password("s3cret:@/").start()) {
      assertThat(server.password()).isEqualTo("s3cret:@/");
      assertThat(server.uri()).isEqualTo("redis://:s3cret%3A%40%2F@127.0.0.1:" + server.port());
      assertThat(server.execute("SET", "key", "value")).isEqualTo("OK");
      assertThat(server.execute("GET", "key")).isEqualTo("value");
    }
  }

  @Test
  void call_passwordServerWithoutAuth_rejectedWithNoauth() throws Exception {
    try (RedisServer server = RedisServer.builder().password("secret").start();
        RespConnection connection =
            RespConnection.open(server.host(), server.port(), Duration.ofSeconds(2))) {
      assertThatThrownBy(() -> connection.call("GET", "key"))
          .isInstanceOfSatisfying(
              RedisServer.ReplyError.class, e -> assertThat(e.code()).isEqualTo("NOAUTH"));
    }
  }

  @Test
  void args_aclUser_userCanAuthenticate() throws Exception {
    try (RedisServer server =
            RedisServer.builder()
                .args("--user", "alice", "on", ">wonderland", "~*", "+@all")
                .start();
        RespConnection connection =
            RespConnection.open(server.host(), server.port(), Duration.ofSeconds(2))) {
      assertThat(connection.call("AUTH", "alice", "wonderland")).isEqualTo("OK");
      assertThat(connection.call("ACL", "WHOAMI")).isEqualTo("alice");
    }
  }

  @Test
  void commandCalls_afterCommands_countsCalls() {
    try (RedisServer server = RedisServer.start()) {
      server.execute("SET", "a", "1");
      server.execute("SET", "b", "2");
      server.execute("GET", "a");

      assertThat(server.commandCalls("set")).isEqualTo(2);
      assertThat(server.commandCalls("GET")).isEqualTo(1);
      assertThat(server.commandCalls("evalsha")).isZero();

      server.resetStats();

      assertThat(server.commandCalls("set")).isZero();
    }
  }

  @Test
  void flushAll_withKeys_emptiesServer() {
    try (RedisServer server = RedisServer.start()) {
      server.execute("SET", "a", "1");

      server.flushAll();

      assertThat(server.execute("DBSIZE")).isEqualTo(0L);
      assertThat(server.info("keyspace")).doesNotContain("db0:");
    }
  }

  @Test
  void kill_running_processExits() {
    try (RedisServer server = RedisServer.start()) {
      long pid = server.pid();

      server.kill();

      Await.until(
          TIMEOUT,
          () -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty(),
          "redis-server " + pid + " to disappear");
      assertThat(server.isRunning()).isFalse();
    }
  }
}
