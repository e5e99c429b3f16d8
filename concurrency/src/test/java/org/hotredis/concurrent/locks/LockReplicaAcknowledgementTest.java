package org.hotredis.concurrent.locks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.hotredis.HotClient;
import org.hotredis.HotReplicationException;
import org.hotredis.testing.RedisServer;
import org.hotredis.testing.RedisTest;
import org.hotredis.testing.SingleServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Locks and semaphores on a client that waits for replica acknowledgement ({@code WAIT}), against a
 * master with one replica: an acquisition is on the replica when it returns, so a failover to that
 * replica cannot grant the lock a second time.
 */
@RedisTest
@SingleServerTest
final class LockReplicaAcknowledgementTest {
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
  void lock_isOnTheReplicaWhenItReturns_andSoIsItsRelease() {
    HotReentrantLock lock = HotReentrantLock.builder().client(client).key("lock").build();
    lock.lock(); // loads the scripts, so the counts below are one WAIT per write
    try {
      assertThat(lock.getHoldCount()).isEqualTo(1);
    } finally {
      lock.unlock();
    }
    master.resetStats();

    lock.lock();
    try {
      assertThat(replica.execute("HGET", "lock", "count")).isEqualTo("1");
      assertThat(replica.execute("HGET", "lock", "token"))
          .isEqualTo(master.execute("HGET", "lock", "token"));
      assertThat(master.commandCalls("wait")).isEqualTo(1);
    } finally {
      lock.unlock();
    }

    assertThat(replica.execute("EXISTS", "lock")).isEqualTo(0L);
    assertThat(master.commandCalls("wait")).isEqualTo(2);
  }

  @Test
  void semaphore_permitsTakenAndGivenBack_areOnTheReplicaWhenEachCallReturns()
      throws InterruptedException {
    HotSemaphore semaphore = HotSemaphore.builder(3).client(client).key("permits").build();

    semaphore.acquire(2);
    assertThat(replica.execute("HGET", "permits", "available")).isEqualTo("1");
    semaphore.release(2);
    assertThat(replica.execute("HGET", "permits", "available")).isEqualTo("3");
  }

  @Test
  @Timeout(60)
  void replicaDown_lockFailsAndGivesTheLockBack() {
    HotReentrantLock lock = HotReentrantLock.builder().client(client).key("lock").build();
    replica.kill();

    assertThatThrownBy(lock::lock)
        .isInstanceOf(HotReplicationException.class)
        .hasMessageContaining("'lock'")
        .hasMessageContaining("only 0 of the 1 required replicas acknowledged it within 500 ms")
        .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1)); // the release was not either
    assertThat(lock.isHeldByCurrentThread()).isFalse();
    assertThat(master.execute("EXISTS", "lock")).isEqualTo(0L);
  }

  @Test
  @Timeout(60)
  void replicaDown_reentrantLockFailsAndKeepsOnlyTheEarlierHold() {
    HotReentrantLock lock = HotReentrantLock.builder().client(client).key("lock").build();
    lock.lock();
    replica.kill();

    assertThatThrownBy(lock::lock).isInstanceOf(HotReplicationException.class);
    assertThat(lock.getHoldCount()).isEqualTo(1);
    assertThat(master.execute("HGET", "lock", "count")).isEqualTo("1");
  }

  @Test
  @Timeout(60)
  void replicaDown_semaphoreAcquireFailsAndGivesThePermitsBack() {
    HotSemaphore semaphore = HotSemaphore.builder(3).client(client).key("permits").build();
    replica.kill();

    assertThatThrownBy(() -> semaphore.acquire(2))
        .isInstanceOf(HotReplicationException.class)
        .hasMessageContaining("'permits'");
    assertThat(master.execute("HGET", "permits", "available")).isEqualTo("3");
    assertThat(master.execute("ZCARD", "{permits}:leases")).isEqualTo(0L);
  }
}
