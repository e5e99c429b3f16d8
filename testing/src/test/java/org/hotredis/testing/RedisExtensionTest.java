package org.hotredis.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@RedisTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
final class RedisExtensionTest {
  private final RedisServer constructorServer;

  RedisExtensionTest(RedisServer server) {
    this.constructorServer = server;
  }

  @Test
  @Order(1)
  void resolveParameter_constructorAndMethod_sameSharedServer(RedisServer server) {
    assertThat(server).isSameAs(constructorServer);
    assertThat(server.isRunning()).isTrue();
  }

  @Test
  @Order(2)
  void execute_firstTest_writesKey(RedisServer server) {
    server.execute("SET", "left-behind", "value");

    assertThat(server.execute("DBSIZE")).isEqualTo(1L);
  }

  @Test
  @Order(3)
  void beforeEach_afterWritingTest_keySpaceEmptyAndStatsReset(RedisServer server) {
    assertThat(server.execute("DBSIZE")).isEqualTo(0L);
    assertThat(server.commandCalls("set")).isZero();
  }

  @Test
  @Order(4)
  void kill_sharedServer_notRunning(RedisServer server) {
    server.execute("SET", "key", "value");

    server.kill();

    assertThat(server.isRunning()).isFalse();
  }

  @Test
  @Order(5)
  void beforeEach_afterKill_serverRevived(RedisServer server) {
    assertThat(server.isRunning()).isTrue();
    assertThat(server.execute("PING")).isEqualTo("PONG");
    assertThat(server.execute("DBSIZE")).isEqualTo(0L);
  }

  @Test
  @Order(6)
  void freeze_sharedServer_frozen(RedisServer server) {
    server.freeze();

    assertThat(server.isFrozen()).isTrue();
  }

  @Test
  @Order(7)
  void beforeEach_afterFreeze_serverAnswers(RedisServer server) {
    assertThat(server.isFrozen()).isFalse();
    assertThat(server.execute("PING")).isEqualTo("PONG");
  }

  @Test
  @Order(8)
  void stop_sharedServer_notRunning(RedisServer server) {
    server.stop();

    assertThat(server.isRunning()).isFalse();
  }

  @Test
  @Order(9)
  void beforeEach_afterStop_serverRevived(RedisServer server) {
    assertThat(server.execute("PING")).isEqualTo("PONG");
  }
}
