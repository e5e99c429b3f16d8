package org.hotredis;

import static org.assertj.core.api.Assertions.assertThat;

import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisServer;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@RedisTest
final class HotRedisTest {

  @AfterEach
  void reset() {
    HotRedis.reset();
    System.clearProperty(HotRedis.URI_PROPERTY);
  }

  @Test
  void configure_uri_becomesTheDefaultOfObjectsWithoutClient(RedisDeployment server) {
    HotClient configured = HotRedis.configure(server.uri());
    TestCounter counter = new TestCounter(null, "c");
    counter.set(5);

    assertThat(counter.client()).isSameAs(configured);
    assertThat(server.execute("GET", "c")).isEqualTo("5");
  }

  @Test
  void configure_again_closesTheClientItCreated(RedisDeployment server) {
    HotClient first = HotRedis.configure(server.uri());
    HotClient second = HotRedis.configure(server.uri());

    assertThat(first.isClosed()).isTrue();
    assertThat(second.isClosed()).isFalse();
    assertThat(HotRedis.client()).isSameAs(second);
  }

  @Test
  void configure_givenClient_isNeverClosedByHotRedis(RedisDeployment server) {
    try (HotClient mine = HotClient.create(server.uri())) {
      HotRedis.configure(mine);
      HotRedis.reset();
      assertThat(mine.isClosed()).isFalse();
    }
  }

  @Test
  void client_unconfigured_usesTheSystemProperty(RedisServer server) {
    System.setProperty(HotRedis.URI_PROPERTY, server.uri() + "/2");
    new TestCounter(null, "c").set(9);
    server.execute("SELECT", "2");
    assertThat(HotRedis.client().toString()).contains(":" + server.port());
    assertThat(new TestCounter(null, "c").get()).isEqualTo(9);
  }

  @Test
  void configured_givenClient_returnsItWithoutCreatingOne(RedisDeployment server) {
    assertThat(HotRedis.configured()).isNull();
    try (HotClient mine = HotClient.create(server.uri())) {
      HotRedis.configure(mine);

      assertThat(HotRedis.configured()).isSameAs(mine);
    }
    assertThat(HotRedis.configured()).as("a closed client is no longer configured").isNull();
  }

  @Test
  void configured_defaultCreatedOnFirstUse_isNull(RedisServer server) {
    System.setProperty(HotRedis.URI_PROPERTY, server.uri());
    HotClient created = HotRedis.client();

    assertThat(created.isClosed()).isFalse();
    assertThat(HotRedis.configured()).isNull();
  }

  @Test
  void configured_uri_returnsTheClientItCreated(RedisDeployment server) {
    HotClient created = HotRedis.configure(server.uri());

    assertThat(HotRedis.configured()).isSameAs(created);
    HotRedis.reset();
    assertThat(HotRedis.configured()).isNull();
  }

  @Test
  void defaultUri_withoutConfiguration_isLocalhost() {
    System.clearProperty(HotRedis.URI_PROPERTY);
    if (System.getenv(HotRedis.URI_VARIABLE) == null) {
      assertThat(HotRedis.defaultUri()).isEqualTo("redis://localhost:6379");
    }
  }
}
