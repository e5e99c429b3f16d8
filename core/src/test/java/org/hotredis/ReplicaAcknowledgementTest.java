package org.hotredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.hotredis.collections.HotList;
import org.hotredis.numbers.HotInt;
import org.hotredis.testing.RedisServer;
import org.hotredis.testing.RedisTest;
import org.hotredis.testing.SingleServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Writes that wait for replicas ({@code WAIT}), against a master with one replica. */
@RedisTest
@SingleServerTest
final class ReplicaAcknowledgementTest {
  private RedisServer master;
  private RedisServer replica;
  private HotClient client;

  @BeforeEach
  void start() {
    master = RedisServer.start();
    replica = RedisServer.startReplicaOf(master);
    client =
        HotClient.builder()
            .uri(master.uri())
            .replicaAcknowledgement(1, Duration.ofMillis(500))
            .build();
  }

  @AfterEach
  void stop() {
    client.close();
    replica.close();
    master.close();
  }

  @Test
  void write_acknowledgedByTheReplica_isOnTheReplicaWhenItReturns() {
    HotList<String> warmUp = HotList.builder(String.class).client(client).key("w").build();
    warmUp.add("a");
    warmUp.add(0, "b"); // loads the insert script, so the count below is one WAIT per write
    master.resetStats();
    HotList<String> list = HotList.builder(String.class).client(client).key("l").build();
    list.add("a");
    list.addAll(List.of("b", "c"));
    list.add(1, "x"); // a script

    assertThat(replica.execute("LRANGE", "l", "0", "-1")).isEqualTo(List.of("a", "x", "b", "c"));
    assertThat(master.commandCalls("wait")).isEqualTo(3);
  }

  @Test
  void reads_doNotWait() {
    HotList<String> list = HotList.builder(String.class).client(client).key("l").build();
    list.add("a");
    master.resetStats();
    assertThat(list.get(0)).isEqualTo("a");
    assertThat(list.size()).isEqualTo(1);
    assertThat(master.commandCalls("wait")).isZero();
  }

  @Test
  void transaction_waitsOnceAfterExec() {
    HotList<String> list = HotList.builder(String.class).client(client).key("{t}l").build();
    HotInt counter = HotInt.builder().client(client).key("{t}n").build();
    master.resetStats();

    client.transaction(
        tx -> {
          list.add("a");
          counter.set(5);
        });

    assertThat(master.commandCalls("wait")).isEqualTo(1);
    assertThat(replica.execute("GET", "{t}n")).isEqualTo("5");
  }

  @Test
  @Timeout(30)
  void replicaDown_writeIsAppliedButReportedUnacknowledged() {
    HotInt counter = HotInt.builder().client(client).key("n").build();
    replica.kill();

    assertThatThrownBy(counter::incrementAndGet)
        .isInstanceOf(HotReplicationException.class)
        .hasMessageContaining("INCR on HotInt 'n' was applied on the master")
        .hasMessageContaining("only 0 of the 1 required replicas acknowledged it within 500 ms")
        .satisfies(
            e -> {
              HotReplicationException r = (HotReplicationException) e;
              assertThat(r.acknowledged()).isZero();
              assertThat(r.required()).isEqualTo(1);
            });
    assertThat(master.execute("GET", "n")).isEqualTo("1");
  }
}
