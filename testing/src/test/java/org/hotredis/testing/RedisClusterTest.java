package org.hotredis.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
final class RedisClusterTest {
  private static RedisCluster cluster;

  @BeforeAll
  static void start() {
    cluster = RedisCluster.start();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  @Order(1)
  void start_threeMastersThreeReplicas_servesEverySlot() {
    assertThat(cluster.nodes()).hasSize(6);
    assertThat(cluster.masters()).hasSize(3);
    assertThat(cluster.uri()).startsWith("redis-cluster://127.0.0.1:");
    for (RedisServer node : cluster.nodes()) {
      assertThat(String.valueOf(node.execute("CLUSTER", "INFO"))).contains("cluster_state:ok");
    }
  }

  @Test
  @Order(2)
  void slot_andMasterOf_routeAKey() {
    int slot = cluster.slot("foo");
    assertThat(slot).isEqualTo(12182);
    RedisServer master = cluster.masterOf(slot);
    assertThat(master.execute("SET", "foo", "bar")).isEqualTo("OK");
    assertThat(master.execute("GET", "foo")).isEqualTo("bar");
  }

  @Test
  @Order(3)
  void moveSlot_movesTheKeysToAnotherMaster() {
    int slot = cluster.slot("{moving}a");
    RedisServer source = cluster.masterOf(slot);
    source.execute("SET", "{moving}a", "1");
    source.execute("SET", "{moving}b", "2");
    RedisServer target =
        cluster.masters().stream().filter(m -> m.port() != source.port()).findFirst().get();

    cluster.moveSlot(slot, target);

    assertThat(cluster.masterOf(slot).port()).isEqualTo(target.port());
    assertThat(target.execute("GET", "{moving}a")).isEqualTo("1");
    assertThat(target.execute("GET", "{moving}b")).isEqualTo("2");
  }

  @Test
  @Order(4)
  void failover_promotesTheReplica() {
    int slot = cluster.slot("foo");
    RedisServer master = cluster.masterOf(slot);

    RedisServer promoted = cluster.failover(master);

    assertThat(promoted.port()).isNotEqualTo(master.port());
    assertThat(cluster.masterOf(slot).port()).isEqualTo(promoted.port());
    Await.until(
        Duration.ofSeconds(30), () -> "bar".equals(promoted.execute("GET", "foo")), "the data");
  }

  @Test
  @Order(5)
  void flushAll_emptiesEveryMaster() {
    cluster.flushAll();
    for (RedisServer master : cluster.masters()) {
      assertThat(master.execute("DBSIZE")).isEqualTo(0L);
    }
  }
}
