package org.hotredis.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class RedisSentinelGroupTest {

  @Test
  void killedMaster_isReplacedByAReplica() {
    try (RedisSentinelGroup group = RedisSentinelGroup.start()) {
      assertThat(group.uri())
          .startsWith("redis-sentinel://127.0.0.1:")
          .endsWith("/" + RedisSentinelGroup.MASTER_NAME);
      RedisServer master = group.master();
      assertThat(master.port()).isEqualTo(group.servers().get(0).port());
      master.execute("SET", "k", "v");
      // replication is asynchronous: wait until both replicas have the write before the kill
      assertThat(master.execute("WAIT", "2", "5000")).isEqualTo(2L);

      master.kill();
      RedisServer promoted = group.awaitFailover(master);

      assertThat(promoted.port()).isNotEqualTo(master.port());
      assertThat(promoted.info("replication")).contains("role:master");
      assertThat(promoted.execute("GET", "k")).isEqualTo("v");
    }
  }
}
