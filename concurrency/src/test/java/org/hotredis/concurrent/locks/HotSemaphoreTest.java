package org.hotredis.concurrent.locks;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotredis.HotClient;
import org.hotredis.HotTransaction;
import org.hotredis.Toolkit;
import org.hotredis.testing.Await;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link HotSemaphore} and {@link HotBoundedSemaphore} in Redis: capacity, leases, waiting. */
@RedisTest
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class HotSemaphoreTest {
  private static final Duration SHORT_LEASE = Duration.ofMillis(300);

  private HotClient client;
  private ContractThreads threads;

  @BeforeEach
  void open(RedisDeployment redis) {
    client = HotClient.create(redis.uri());
    threads = new ContractThreads();
  }

  @AfterEach
  void close() {
    try {
      threads.close();
    } finally {
      client.close();
    }
  }

  private HotSemaphore.Builder semaphore(String key, int permits) {
    return HotSemaphore.builder(permits).client(client).key(key);
  }

  @Test
  void build_storesTheCapacity_andIsASemaphore(RedisDeployment redis) {
    Semaphore s = semaphore("s", 3).build();
    assertThat(redis.execute("HGET", "s", "capacity")).isEqualTo("3");
    assertThat(redis.execute("HGET", "s", "available")).isEqualTo("3");
    assertThat(((HotSemaphore) s).capacity()).isEqualTo(3);
    assertThat(s).hasToString("HotSemaphore 's' (3 permits)");
  }

  @Test
  void build_existingWithOtherPermits_throwsIllegalState() {
    semaphore("s", 3).build();
    assertThatThrownBy(() -> semaphore("s", 5).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exists with 3 permits, not 5")
        .hasMessageContaining("HotSemaphore 's'");
    assertThat(semaphore("s", 3).build().availablePermits()).isEqualTo(3);
  }

  @Test
  void delete_removesTheSemaphore_whichTheNextUseCreatesAfresh(RedisDeployment redis)
      throws Exception {
    HotSemaphore s = semaphore("s", 2).build();
    s.acquire();
    assertThat(s.delete()).isTrue();
    assertThat(redis.execute("EXISTS", "s", "{s}:leases")).isEqualTo(0L);
    assertThat(semaphore("s", 5).build().availablePermits()).isEqualTo(5);
  }

  @Test
  void acquire_recordsTheProcessAsHolderWithALease(RedisDeployment redis) throws Exception {
    HotSemaphore s = semaphore("s", 3).build();
    s.acquire(2);
    assertThat(redis.execute("HGET", "s", "h:" + client.id())).isEqualTo("2");
    assertThat(redis.execute("ZSCORE", "{s}:leases", client.id())).isNotNull();
    s.release(2);
    assertThat(redis.execute("HEXISTS", "s", "h:" + client.id())).isEqualTo(0L);
    assertThat(redis.execute("ZCARD", "{s}:leases")).isEqualTo(0L);
  }

  @Test
  void crashedHolder_permitsComeBackWhenItsLeaseRunsOut(RedisDeployment redis) throws Exception {
    HotClient crashed = HotClient.create(redis.uri());
    HotSemaphore theirs =
        HotSemaphore.builder(3).client(crashed).key("s").lease(SHORT_LEASE).build();
    theirs.acquire(2);
    crashed.close(); // its watchdog stops: as if the process died

    HotSemaphore mine = semaphore("s", 3).build();
    assertThat(mine.availablePermits()).isEqualTo(1);
    assertThat(mine.tryAcquire(3, SHORT_LEASE.toMillis() + 2_000, MILLISECONDS)).isTrue();
    assertThat(mine.availablePermits()).isZero();
    mine.release(3);
    assertThat(mine.availablePermits()).isEqualTo(3);
  }

  @Test
  void availablePermits_takesBackExpiredHolders(RedisDeployment redis) {
    HotSemaphore s = semaphore("s", 3).build();
    redis.execute("HSET", "s", "available", "1", "h:gone", "2");
    redis.execute("ZADD", "{s}:leases", "1", "gone");
    assertThat(s.availablePermits()).isEqualTo(3);
    assertThat(redis.execute("HEXISTS", "s", "h:gone")).isEqualTo(0L);
  }

  @Test
  void renewals_keepThePermitsBeyondTheLease() throws Exception {
    List<LeaseLostEvent> events = new CopyOnWriteArrayList<>();
    HotSemaphore s = semaphore("s", 2).lease(SHORT_LEASE).onLeaseLost(events::add).build();
    s.acquire();
    Toolkit.of(client)
        .scheduler()
        .schedule(() -> {}, 4 * SHORT_LEASE.toMillis(), MILLISECONDS)
        .get();
    assertThat(s.availablePermits()).isEqualTo(1);
    assertThat(events).isEmpty();
    s.release();
    assertThat(s.availablePermits()).isEqualTo(2);
  }

  @Test
  void leaseLost_holderRemoved_listenerHearsItAndReleaseFailsClearly(RedisDeployment redis)
      throws Exception {
    List<LeaseLostEvent> events = new CopyOnWriteArrayList<>();
    HotSemaphore s = semaphore("s", 2).lease(SHORT_LEASE).onLeaseLost(events::add).build();
    s.acquire();

    redis.execute("DEL", "s", "{s}:leases");

    Await.until(ContractThreads.GUARD, () -> !events.isEmpty(), "the lease-lost event");
    assertThat(events.get(0).source()).isSameAs(s);
    assertThat(events.get(0).owner()).isEqualTo(client.id());
    assertThat(events.get(0).fencingToken()).isZero();
    assertThatThrownBy(s::release)
        .isInstanceOf(IllegalMonitorStateException.class)
        .hasMessageContaining("the lease of this holder")
        .hasMessageContaining("was lost");
    assertThat(s.availablePermits()).isEqualTo(2);
  }

  @Test
  void release_beyondTheInitialPermits_isAllowedForAPlainSemaphore() {
    HotSemaphore s = semaphore("s", 1).build();
    s.release(2);
    assertThat(s.availablePermits()).isEqualTo(3);
  }

  @Test
  void release_aboveIntegerMaxValue_throwsArithmetic() {
    HotSemaphore s = semaphore("s", Integer.MAX_VALUE).build();
    assertThatThrownBy(s::release).isInstanceOf(ArithmeticException.class);
    assertThat(s.availablePermits()).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void bounded_releaseBeyondHeld_throwsIllegalMonitorStateNamingTheCounts() throws Exception {
    HotBoundedSemaphore s = HotBoundedSemaphore.builder(3).client(client).key("b").build();
    s.acquire();
    assertThatThrownBy(() -> s.release(2))
        .isInstanceOf(IllegalMonitorStateException.class)
        .hasMessageContaining("holds 1 permit(s) and cannot release 2")
        .hasMessageContaining("HotBoundedSemaphore 'b'");
    s.release();
    assertThat(s.availablePermits()).isEqualTo(3);
  }

  @Test
  void bounded_anotherClientCannotReleaseWhatThisOneHolds(RedisDeployment redis) throws Exception {
    HotBoundedSemaphore mine = HotBoundedSemaphore.builder(1).client(client).key("b").build();
    mine.acquire();
    try (HotClient otherClient = HotClient.create(redis.uri())) {
      HotBoundedSemaphore theirs =
          HotBoundedSemaphore.builder(1).client(otherClient).key("b").build();
      assertThatThrownBy(theirs::release).isInstanceOf(IllegalMonitorStateException.class);
    }
    mine.release();
  }

  @Test
  void ownerToken_makesHoldersOfItsOwn(RedisDeployment redis) throws Exception {
    HotBoundedSemaphore a =
        HotBoundedSemaphore.builder(2).client(client).key("b").owner("a").build();
    HotBoundedSemaphore b =
        HotBoundedSemaphore.builder(2).client(client).key("b").owner("b").build();
    a.acquire();
    assertThatThrownBy(b::release).isInstanceOf(IllegalMonitorStateException.class);
    assertThat(redis.execute("HGET", "b", "h:a")).isEqualTo("1");
    a.release();
  }

  @Test
  void reducePermits_removesAvailablePermits() {
    HotSemaphore s = semaphore("s", 10).build();
    s.reducePermits(1);
    assertThat(s.availablePermits()).isEqualTo(9);
    s.reducePermits(10);
    assertThat(s.availablePermits()).isEqualTo(-1);
    assertThatThrownBy(() -> s.reducePermits(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void releaseOfN_wakesNWaiters() throws Exception {
    HotSemaphore s = semaphore("s", 0).build();
    AtomicInteger acquired = new AtomicInteger();
    List<Thread> waiting = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      waiting.add(
          threads.start(
              () -> {
                s.acquire();
                acquired.incrementAndGet();
              }));
    }
    Await.until(ContractThreads.GUARD, () -> s.getQueuedThreads().size() == 3, "3 waiters");
    s.release(2);
    Await.until(ContractThreads.GUARD, () -> acquired.get() == 2, "2 acquisitions");
    assertThat(s.getQueuedThreads()).hasSize(1);
    s.release();
    waiting.forEach(threads::awaitTermination);
    assertThat(s.availablePermits()).isZero();
  }

  @Test
  void releaseByAnotherClient_wakesAWaiter(RedisDeployment redis) throws Exception {
    HotSemaphore s = semaphore("s", 0).build();
    Thread waiter = threads.start(() -> assertThat(s.tryAcquire(30, SECONDS)).isTrue());
    ContractThreads.awaitBlocked(waiter);
    try (HotClient otherClient = HotClient.create(redis.uri())) {
      HotSemaphore.builder(0).client(otherClient).key("s").build().release();
    }
    threads.awaitTermination(waiter);
  }

  @Test
  void semaphore_insideATransaction_throwsIllegalState() {
    HotSemaphore s = semaphore("s", 1).build();
    try (HotTransaction tx = client.transaction()) {
      assertThatThrownBy(s::tryAcquire).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void bounded_negativePermits_throwIllegalArgument() {
    assertThatThrownBy(() -> HotBoundedSemaphore.builder(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
