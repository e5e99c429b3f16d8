package org.hotredis.concurrent.locks;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.hotredis.HotClient;
import org.hotredis.HotTransaction;
import org.hotredis.HotWrongTypeException;
import org.hotredis.Toolkit;
import org.hotredis.testing.Await;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link HotLock} and {@link HotReentrantLock} in Redis: round trips, leases, fencing, waiting. */
@RedisTest
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@SuppressWarnings("LockNotBeforeTry") // tests lock and unlock in separate steps on purpose
final class HotLockTest {
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

  private HotLock.Builder lock(String key) {
    return HotLock.builder().client(client).key(key);
  }

  /** Waits until the client's scheduler has run past {@code delay}: every earlier task ran. */
  private void awaitScheduler(Duration delay) throws Exception {
    Toolkit.of(client)
        .scheduler()
        .schedule(() -> {}, delay.toMillis(), MILLISECONDS)
        .get(30, SECONDS);
  }

  // ---- round trips and Redis state ----

  @Test
  void lockAndUnlock_uncontended_takeTwoRoundTrips(RedisDeployment redis) {
    HotLock lock = lock("l").build();
    lock.lock();
    lock.unlock();
    redis.resetStats();

    lock.lock();
    assertThat(String.valueOf(redis.execute("HGETALL", "l")))
        .contains("owner")
        .contains("count, 1")
        .contains("token");
    lock.unlock();

    assertThat(redis.commandCalls("evalsha")).isEqualTo(2);
    assertThat(redis.commandCalls("eval")).isZero();
    assertThat(redis.execute("EXISTS", "l")).isEqualTo(0L);
  }

  @Test
  void lock_setsTheLeaseAsTheKeysTimeToLive(RedisDeployment redis) {
    HotLock lock = lock("l").lease(Duration.ofSeconds(10)).build();
    lock.lock();
    assertThat((Long) redis.execute("PTTL", "l")).isBetween(1L, 10_000L);
    lock.unlock();
  }

  @Test
  void lock_wrongType_throwsHotWrongTypeException(RedisDeployment redis) {
    redis.execute("RPUSH", "l", "x");
    HotLock lock = lock("l").build();
    assertThatThrownBy(lock::lock)
        .isInstanceOf(HotWrongTypeException.class)
        .hasMessageContaining("l");
  }

  @Test
  void lock_insideATransaction_throwsIllegalState() {
    HotLock lock = lock("l").build();
    try (HotTransaction tx = client.transaction()) {
      assertThatThrownBy(lock::lock).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(lock::unlock).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void expireAndPersist_areUnsupported() {
    HotLock lock = lock("l").build();
    assertThatThrownBy(() -> lock.expire(Duration.ofSeconds(1)))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(lock::persist).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void builder_leaseBelowTheMinimum_throwsIllegalArgument() {
    assertThatThrownBy(() -> lock("l").lease(Duration.ofMillis(29)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- fencing tokens ----

  @Test
  void fencingTokens_increaseWithEveryAcquisitionAndSurviveDelete() throws Exception {
    HotReentrantLock lock = HotReentrantLock.builder().client(client).key("f").build();
    List<Long> tokens = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      workers.add(
          threads.start(
              () -> {
                start.await();
                for (int i = 0; i < 25; i++) {
                  lock.lock();
                  try {
                    long token = lock.fencingToken();
                    lock.lock(); // a re-entry keeps the token
                    assertThat(lock.fencingToken()).isEqualTo(token);
                    lock.unlock();
                    tokens.add(token);
                  } finally {
                    lock.unlock();
                  }
                }
              }));
    }
    start.countDown();
    workers.forEach(threads::awaitTermination);

    assertThat(tokens).hasSize(100).isSorted().doesNotHaveDuplicates();
    long last = tokens.get(99);
    lock.lock();
    lock.delete();
    assertThatThrownBy(lock::unlock).isInstanceOf(IllegalMonitorStateException.class);
    lock.lock();
    assertThat(lock.fencingToken()).isGreaterThan(last + 1);
    lock.unlock();
  }

  @Test
  void fencingToken_notHeld_throwsIllegalMonitorState() {
    HotLock lock = lock("l").build();
    assertThatThrownBy(lock::fencingToken).isInstanceOf(IllegalMonitorStateException.class);
    lock.lock();
    long token = lock.fencingToken();
    assertThat(lock("l").build().fencingToken()).isEqualTo(token);
    lock.unlock();
    assertThatThrownBy(lock::fencingToken).isInstanceOf(IllegalMonitorStateException.class);
  }

  // ---- owners ----

  @Test
  void ownerToken_letsAnotherThreadUnlock() throws Exception {
    HotLock lock = lock("l").owner("job-42").build();
    lock.lock();
    Thread other =
        threads.start(
            () -> {
              assertThat(lock.isHeldByCurrentThread()).isTrue();
              lock.unlock();
            });
    threads.awaitTermination(other);
    assertThat(lock.isLocked()).isFalse();
  }

  @Test
  void ownerToken_anotherHandleWithoutIt_cannotUnlock() {
    HotLock mine = lock("l").owner("job-42").build();
    mine.lock();
    HotLock plain = lock("l").build();
    assertThatThrownBy(plain::unlock)
        .isInstanceOf(IllegalMonitorStateException.class)
        .hasMessageContaining("is not held by this owner");
    mine.unlock();
  }

  // ---- leases ----

  @Test
  void leaseLost_keyDeleted_listenerHearsItAndUnlockFailsClearly(RedisDeployment redis) {
    List<LeaseLostEvent> events = new CopyOnWriteArrayList<>();
    HotLock lock = lock("l").lease(SHORT_LEASE).onLeaseLost(events::add).build();
    lock.lock();
    long token = lock.fencingToken();

    redis.execute("DEL", "l");

    Await.until(ContractThreads.GUARD, () -> !events.isEmpty(), "the lease-lost event");
    assertThat(events).hasSize(1);
    assertThat(events.get(0).source()).isSameAs(lock);
    assertThat(events.get(0).fencingToken()).isEqualTo(token);
    assertThat(events.get(0).owner()).startsWith(client.id());
    assertThatThrownBy(lock::fencingToken)
        .isInstanceOf(IllegalMonitorStateException.class)
        .hasMessageContaining("lease");
    assertThatThrownBy(lock::unlock)
        .isInstanceOf(IllegalMonitorStateException.class)
        .hasMessageContaining("the lease of this owner")
        .hasMessageContaining("was lost");
    lock.lock();
    lock.unlock();
    assertThat(events).hasSize(1);
  }

  @Test
  void leaseLost_takenByAnotherOwnerBeforeTheWatchdogNoticed_unlockReportsIt(
      RedisDeployment redis) {
    List<LeaseLostEvent> events = new CopyOnWriteArrayList<>();
    HotLock lock = lock("l").lease(Duration.ofSeconds(30)).onLeaseLost(events::add).build();
    lock.lock();
    redis.execute("HSET", "l", "owner", "someone-else");

    assertThatThrownBy(lock::unlock)
        .isInstanceOf(IllegalMonitorStateException.class)
        .hasMessageContaining("was lost");
    assertThat(events).hasSize(1);
    assertThat(redis.execute("HGET", "l", "owner")).isEqualTo("someone-else");
  }

  @Test
  void renewals_keepTheLockHeldBeyondItsLease(RedisDeployment redis) throws Exception {
    List<LeaseLostEvent> events = new CopyOnWriteArrayList<>();
    HotLock lock = lock("l").lease(SHORT_LEASE).onLeaseLost(events::add).build();
    lock.lock();

    awaitScheduler(SHORT_LEASE.multipliedBy(4));

    assertThat(lock.isHeldByCurrentThread()).isTrue();
    assertThat((Long) redis.execute("PTTL", "l")).isPositive();
    assertThat(events).isEmpty();
    lock.unlock();
  }

  @Test
  void unlock_stopsRenewals_aReleasedLockIsNeverRenewed(RedisDeployment redis) throws Exception {
    HotLock lock = lock("l").lease(SHORT_LEASE).build();
    lock.lock();
    Await.until(
        ContractThreads.GUARD,
        () -> redis.commandCalls("evalsha") >= 3,
        "two renewals after the acquisition");
    lock.unlock();
    long calls = redis.commandCalls("evalsha");
    assertThat(redis.execute("EXISTS", "l")).isEqualTo(0L);

    awaitScheduler(SHORT_LEASE.multipliedBy(2));

    assertThat(redis.commandCalls("evalsha")).isEqualTo(calls);
    assertThat(redis.execute("EXISTS", "l")).isEqualTo(0L);
  }

  @Test
  void crashedHolder_anotherClientTakesTheLockWhenTheLeaseRunsOut(RedisDeployment redis)
      throws Exception {
    HotClient crashed = HotClient.create(redis.uri());
    HotLock theirs = HotLock.builder().client(crashed).key("l").lease(SHORT_LEASE).build();
    theirs.lock();
    crashed.close(); // its watchdog stops: as if the process died

    HotLock mine = lock("l").build();
    assertThat(mine.tryLock()).isFalse();
    assertThat(mine.tryLock(SHORT_LEASE.toMillis() + 2_000, MILLISECONDS)).isTrue();
    mine.unlock();
  }

  // ---- waiting ----

  @Test
  void delete_wakesWaiters_andKeepsTheFencingCounter(RedisDeployment redis) throws Exception {
    HotLock holder = lock("l").owner("holder").lease(Duration.ofMinutes(1)).build();
    holder.lock();
    long token = holder.fencingToken();
    HotLock lock = lock("l").build();
    Thread waiter =
        threads.start(
            () -> {
              assertThat(lock.tryLock(30, SECONDS)).isTrue();
              assertThat(lock.fencingToken()).isEqualTo(token + 1);
              lock.unlock();
            });
    ContractThreads.awaitQueued(lock, waiter);

    assertThat(lock.delete()).isTrue();

    threads.awaitTermination(waiter);
    assertThat(redis.execute("GET", "{l}:fence")).isEqualTo(Long.toString(token + 1));
  }

  @Test
  void release_wakesOneWaiterNotAll(RedisDeployment redis) throws Exception {
    int waiters = 50;
    HotLock lock = lock("l").build();
    lock.lock();
    AtomicInteger inside = new AtomicInteger();
    List<Thread> waiting = new ArrayList<>();
    for (int i = 0; i < waiters; i++) {
      waiting.add(
          threads.start(
              () -> {
                lock.lock();
                inside.incrementAndGet();
                lock.unlock();
              }));
    }
    Await.until(ContractThreads.GUARD, () -> lock.getQueueLength() == waiters, "all waiters");
    redis.resetStats();

    lock.unlock();
    waiting.forEach(threads::awaitTermination);

    assertThat(inside.get()).isEqualTo(waiters);
    // Each waiter acquires and releases (2 scripts); waking every waiter on every release would
    // take about waiters^2 / 2 = 1,250 attempts.
    assertThat(redis.commandCalls("evalsha")).isLessThan(4L * waiters);
  }

  @Test
  @Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void thousandWaiters_useAConstantNumberOfConnections(RedisDeployment redis) throws Exception {
    int waiters = 1_000;
    long before = connections(redis);
    HotLock lock = lock("l").build();
    lock.lock();
    AtomicInteger acquired = new AtomicInteger();
    List<Thread> waiting = new ArrayList<>();
    for (int i = 0; i < waiters; i++) {
      waiting.add(
          threads.start(
              () -> {
                lock.lock();
                acquired.incrementAndGet();
                lock.unlock();
              }));
    }
    Await.until(
        Duration.ofMinutes(2), () -> lock.getQueueLength() == waiters, "1,000 waiting threads");

    long during = connections(redis) - before;
    long subscribed = subscribers(redis);

    lock.unlock();
    waiting.forEach(threads::awaitTermination);
    // At most the client's pool (64 connections by default) and its one subscription.
    assertThat(during).as("connections of 1,000 waiters").isLessThanOrEqualTo(64 + 1);
    assertThat(subscribed).isEqualTo(1);
    assertThat(acquired.get()).isEqualTo(waiters);
    assertThat(lock.hasQueuedThreads()).isFalse();
  }

  /** Returns the connections of every node (on a cluster: all masters and replicas). */
  private static long connections(RedisDeployment redis) {
    return clients(redis).count();
  }

  private static long subscribers(RedisDeployment redis) {
    return clients(redis)
        .filter(line -> line.contains(" sub=") && !line.contains(" sub=0 "))
        .count();
  }

  private static Stream<String> clients(RedisDeployment redis) {
    return redis.runningNodes().stream()
        .flatMap(node -> String.valueOf(node.execute("CLIENT", "LIST")).lines());
  }
}
