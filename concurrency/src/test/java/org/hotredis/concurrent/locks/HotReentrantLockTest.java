package org.hotredis.concurrent.locks;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.Condition;
import org.hotredis.HotClient;
import org.hotredis.Toolkit;
import org.hotredis.testing.Await;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link HotReentrantLock} in Redis: re-entry counted in Redis, and conditions shared between
 * clients (each client standing for a process).
 */
@RedisTest
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@SuppressWarnings({"LockNotBeforeTry", "WaitNotInLoop"}) // tests step through lock states
final class HotReentrantLockTest {
  private HotClient client;
  private HotClient other;
  private ContractThreads threads;

  @BeforeEach
  void open(RedisDeployment redis) {
    client = HotClient.create(redis.uri());
    other = HotClient.create(redis.uri());
    threads = new ContractThreads();
  }

  @AfterEach
  void close() {
    try {
      threads.close();
    } finally {
      client.close();
      other.close();
    }
  }

  private HotReentrantLock lock(HotClient on, String key) {
    return HotReentrantLock.builder().client(on).key(key).build();
  }

  @Test
  void reentry_isCountedInRedis_andSharedByHandlesOfOneOwner(RedisDeployment redis) {
    HotReentrantLock first = lock(client, "r");
    HotReentrantLock second = lock(client, "r");
    first.lock();
    second.lock();
    assertThat(redis.execute("HGET", "r", "count")).isEqualTo("2");
    assertThat(first.getHoldCount()).isEqualTo(2);
    assertThat(second.isHeldByCurrentThread()).isTrue();

    second.unlock();
    assertThat(redis.execute("HGET", "r", "count")).isEqualTo("1");
    first.unlock();
    assertThat(redis.execute("EXISTS", "r")).isEqualTo(0L);
    assertThatThrownBy(first::unlock)
        .isInstanceOf(IllegalMonitorStateException.class)
        .hasMessageContaining("is not held by this owner");
  }

  @Test
  void reentry_keepsTheFencingTokenAndTheLease(RedisDeployment redis) {
    HotReentrantLock lock = lock(client, "r");
    lock.lock();
    long token = lock.fencingToken();
    lock.lock();
    assertThat(lock.fencingToken()).isEqualTo(token);
    lock.unlock();
    assertThat((Long) redis.execute("PTTL", "r")).isPositive();
    lock.unlock();
  }

  @Test
  void otherClient_cannotTakeOrReleaseAHeldLock() throws Exception {
    HotReentrantLock mine = lock(client, "r");
    HotReentrantLock theirs = lock(other, "r");
    mine.lock();
    assertThat(theirs.tryLock()).isFalse();
    assertThat(theirs.isLocked()).isTrue();
    assertThat(theirs.isHeldByCurrentThread()).isFalse();
    assertThat(theirs.getHoldCount()).isZero();
    assertThatThrownBy(theirs::unlock).isInstanceOf(IllegalMonitorStateException.class);
    mine.unlock();
    assertThat(theirs.tryLock(5, SECONDS)).isTrue();
    theirs.unlock();
  }

  @Test
  void condition_signalFromAnotherClient_wakesTheWaiter() throws Exception {
    HotReentrantLock mine = lock(client, "r");
    Condition ready = mine.newCondition();
    HotReentrantLock theirs = lock(other, "r");
    Condition theirReady = theirs.newCondition();
    CountDownLatch waiting = new CountDownLatch(1);
    Thread waiter =
        threads.start(
            () -> {
              mine.lock();
              try {
                mine.lock();
                waiting.countDown();
                assertThat(ready.await(30, SECONDS)).isTrue();
                assertThat(mine.getHoldCount()).isEqualTo(2);
                mine.unlock();
              } finally {
                mine.unlock();
              }
            });
    waiting.await();
    awaitWaiters(theirs, theirReady, 1);

    theirs.lock();
    try {
      theirReady.signal();
    } finally {
      theirs.unlock();
    }
    threads.awaitTermination(waiter);
  }

  @Test
  void condition_namedExplicitly_isSharedByName() throws Exception {
    HotReentrantLock mine = lock(client, "r");
    HotReentrantLock theirs = lock(other, "r");
    theirs.newCondition(); // "0": another condition, created first on that handle only
    Condition named = mine.newCondition("ready");
    CountDownLatch waiting = new CountDownLatch(1);
    Thread waiter =
        threads.start(
            () -> {
              mine.lock();
              try {
                waiting.countDown();
                named.await();
              } finally {
                mine.unlock();
              }
            });
    waiting.await();
    awaitWaiters(theirs, theirs.newCondition("ready"), 1);
    theirs.lock();
    try {
      assertThat(theirs.getWaitQueueLength(theirs.newCondition("0"))).isZero();
      theirs.newCondition("ready").signalAll();
    } finally {
      theirs.unlock();
    }
    threads.awaitTermination(waiter);
  }

  @Test
  void condition_waiterWhoseLeaseRanOut_isSkippedBySignal(RedisDeployment redis) throws Exception {
    HotReentrantLock lock = lock(client, "r");
    Condition ready = lock.newCondition();
    // A waiter of a crashed process: queued first, its lease long expired.
    redis.execute("ZADD", "{r}:condition:0:waiters", "0", "crashed");
    redis.execute("ZADD", "{r}:condition:0:leases", "1", "crashed");
    CountDownLatch waiting = new CountDownLatch(1);
    Thread waiter =
        threads.start(
            () -> {
              lock.lock();
              try {
                waiting.countDown();
                ready.await();
              } finally {
                lock.unlock();
              }
            });
    waiting.await();
    awaitWaiters(lock, ready, 1);
    lock.lock();
    try {
      ready.signal();
    } finally {
      lock.unlock();
    }
    threads.awaitTermination(waiter);
    assertThat(redis.execute("ZCARD", "{r}:condition:0:waiters")).isEqualTo(0L);
  }

  @Test
  void condition_waitersRenewTheirLeases(RedisDeployment redis) throws Exception {
    HotReentrantLock lock =
        HotReentrantLock.builder().client(client).key("r").lease(Duration.ofMillis(300)).build();
    Condition ready = lock.newCondition();
    CountDownLatch waiting = new CountDownLatch(1);
    Thread waiter =
        threads.start(
            () -> {
              lock.lock();
              try {
                waiting.countDown();
                ready.await();
              } finally {
                lock.unlock();
              }
            });
    waiting.await();
    awaitWaiters(lock, ready, 1);
    Toolkit.of(client)
        .scheduler()
        .schedule(() -> {}, 1_200, java.util.concurrent.TimeUnit.MILLISECONDS)
        .get();
    awaitWaiters(lock, ready, 1); // still live: renewed past four leases
    lock.lock();
    try {
      ready.signal();
    } finally {
      lock.unlock();
    }
    threads.awaitTermination(waiter);
  }

  @Test
  void await_givesUpEveryHold_andComesBackWithANewFencingToken() throws Exception {
    HotReentrantLock lock = lock(client, "r");
    HotReentrantLock theirs = lock(other, "r");
    Condition ready = lock.newCondition();
    lock.lock();
    lock.lock();
    lock.lock();
    long before = lock.fencingToken();
    Thread signaller =
        threads.start(
            () -> {
              assertThat(theirs.tryLock(30, SECONDS)).isTrue();
              try {
                theirs.newCondition().signal();
              } finally {
                theirs.unlock();
              }
            });
    assertThat(ready.await(30, SECONDS)).isTrue();
    threads.awaitTermination(signaller);
    assertThat(lock.getHoldCount()).isEqualTo(3);
    assertThat(lock.fencingToken()).isEqualTo(before + 2);
    lock.unlock();
    lock.unlock();
    lock.unlock();
    assertThat(lock.isLocked()).isFalse();
  }

  @Test
  void signal_noWaiters_doesNothing() {
    HotReentrantLock lock = lock(client, "r");
    Condition ready = lock.newCondition();
    lock.lock();
    ready.signal();
    ready.signalAll();
    assertThat(lock.hasWaiters(ready)).isFalse();
    lock.unlock();
  }

  private static void awaitWaiters(HotReentrantLock lock, Condition c, int count) {
    Await.until(
        ContractThreads.GUARD,
        () -> {
          lock.lock();
          try {
            return lock.getWaitQueueLength(c) == count;
          } finally {
            lock.unlock();
          }
        },
        count + " waiters on " + c);
  }
}
