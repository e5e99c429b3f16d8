package org.hotredis.concurrent.locks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotredis.HotClient;
import org.hotredis.HotConnectionException;
import org.hotredis.testing.Await;
import org.hotredis.testing.RedisServer;
import org.hotredis.testing.RedisTest;
import org.hotredis.testing.SingleServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Releases whose outcome is unknown, on a private server that is frozen, paused, stopped and
 * restarted (with an append-only file, so that holds survive the restart): the hold is never
 * leaked, the holder's next acquisition works, and the failure is reported by the exception and the
 * lease-lost listener. Runs in the single-server pass only.
 */
@RedisTest
@SingleServerTest
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@SuppressWarnings("LockNotBeforeTry") // releases fail on purpose here
final class LeaseFaultsTest {
  private static final Duration LEASE = Duration.ofSeconds(4);
  private static final Duration TIMEOUT = Duration.ofMillis(500);

  private RedisServer server;
  private HotClient client;
  private HotClient other;
  private final List<LeaseLostEvent> lost = new CopyOnWriteArrayList<>();

  @BeforeEach
  void open() {
    server = RedisServer.builder().arg("appendonly", "yes").start();
    client = client();
    other = client();
  }

  private HotClient client() {
    return HotClient.builder()
        .uri(server.uri())
        .socketTimeout(TIMEOUT)
        .connectTimeout(TIMEOUT)
        .build();
  }

  @AfterEach
  void close() {
    other.close();
    client.close();
    server.close();
  }

  private HotReentrantLock lock(HotClient through) {
    return HotReentrantLock.builder()
        .client(through)
        .key("faults-lock")
        .lease(LEASE)
        .onLeaseLost(lost::add)
        .build();
  }

  private HotSemaphore semaphore(HotClient through) {
    return HotSemaphore.builder(2)
        .client(through)
        .key("faults-permits")
        .lease(LEASE)
        .onLeaseLost(lost::add)
        .build();
  }

  /**
   * Locks through another client, whose pooled connections a restart broke: the first write on a
   * broken connection fails, as Redis cannot tell whether it was applied.
   */
  private boolean tryLockElsewhere() {
    HotReentrantLock elsewhere = lock(other);
    try {
      return elsewhere.tryLock();
    } catch (HotConnectionException e) {
      return elsewhere.tryLock();
    }
  }

  /** Waits until the key is gone, and returns how long that took after {@code since}. */
  private long millisUntilGone(String key, long since) {
    Await.until(
        LEASE.plusSeconds(2),
        () -> Long.valueOf(0).equals(server.execute("EXISTS", key)),
        key + " freed");
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
  }

  @Test
  void unlock_serverFrozen_givesTheLockUpAndFreesItOnceRedisAnswers() {
    HotReentrantLock lock = lock(client);
    lock.lock();
    server.freeze();
    try {
      assertThatThrownBy(lock::unlock)
          .isInstanceOf(HotConnectionException.class)
          .hasMessageContaining("gives the lock up")
          .hasMessageContaining(LEASE.toMillis() + " ms");
    } finally {
      server.unfreeze();
    }
    long unfrozen = System.nanoTime();

    long freedAfter = millisUntilGone("faults-lock", unfrozen);

    System.out.printf(
        "frozen during unlock: lock free %d ms after the server answered%n", freedAfter);
    assertThat(freedAfter).isLessThan(LEASE.toMillis());
    assertThat(lost).hasSize(1);
    assertThat(lock.tryLock()).isTrue();
    lock.unlock();
    assertThat(lost).hasSize(1);
  }

  @Test
  void unlock_serverStoppedAndRestarted_lockFreeAfterTheRestartAndLocksAgain() {
    HotReentrantLock lock = lock(client);
    lock.lock();
    server.stop();

    assertThatThrownBy(lock::unlock).isInstanceOf(HotConnectionException.class);

    server.restart();
    long restarted = System.nanoTime();
    assertThat(server.execute("EXISTS", "faults-lock"))
        .as("kept by the append-only file")
        .isIn(0L, 1L);
    long freedAfter = millisUntilGone("faults-lock", restarted);
    System.out.printf("stopped during unlock: lock free %d ms after the restart%n", freedAfter);
    assertThat(freedAfter).isLessThan(LEASE.toMillis());
    assertThat(tryLockElsewhere()).isTrue();
  }

  @Test
  void unlock_holderStepsWhileTheGiveUpIsOwed_nextLockRunsItFirst() {
    HotReentrantLock lock = lock(client);
    lock.lock();
    server.stop();
    assertThatThrownBy(lock::unlock).isInstanceOf(HotConnectionException.class);
    assertThatThrownBy(lock::tryLock).isInstanceOf(HotConnectionException.class);

    server.restart();
    Await.until(
        LEASE,
        () -> {
          try {
            return lock.tryLock();
          } catch (HotConnectionException e) {
            return false;
          }
        },
        "the holder locks again");

    assertThat(lock.getHoldCount()).isEqualTo(1);
    lock.unlock();
    assertThat(server.execute("EXISTS", "faults-lock")).isEqualTo(0L);
  }

  @Test
  void unlock_replyLostAfterTheReleaseApplied_returnsNormallyAndReleasesOnce() throws Exception {
    HotReentrantLock lock = lock(client);
    lock.lock();
    lock.lock();
    // Writes wait 700 ms: the release times out after 500 ms, then is applied; the resend, which
    // waits behind it, finds it applied.
    server.execute("CLIENT", "PAUSE", "700", "WRITE");

    lock.unlock();

    assertThat(lock.getHoldCount()).isEqualTo(1);
    assertThat(server.execute("HGET", "faults-lock", "count")).isEqualTo("1");
    lock.unlock();
    assertThat(server.execute("EXISTS", "faults-lock")).isEqualTo(0L);
    assertThat(lost).isEmpty();
  }

  @Test
  void tryLockUnlockLoop_serverRestartedMidLoop_neverLeaksTheLock() throws Exception {
    HotReentrantLock lock = lock(client);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger failures = new AtomicInteger();
    AtomicInteger rounds = new AtomicInteger();
    Thread loop =
        new Thread(
            () -> {
              while (!stop.get()) {
                try {
                  if (lock.tryLock()) {
                    lock.unlock();
                  }
                  rounds.incrementAndGet();
                } catch (HotConnectionException | IllegalMonitorStateException e) {
                  failures.incrementAndGet();
                }
              }
            });
    loop.start();
    try {
      Await.until(Duration.ofSeconds(10), () -> rounds.get() > 200, "the loop runs");
      for (int restart = 0; restart < 3; restart++) {
        server.restart();
        int after = rounds.get();
        Await.until(
            Duration.ofSeconds(20), () -> rounds.get() > after + 200, "the loop runs again");
      }
    } finally {
      stop.set(true);
      loop.join();
    }
    long stopped = System.nanoTime();

    long freedAfter = millisUntilGone("faults-lock", stopped);

    System.out.printf(
        "3 restarts during a tryLock/unlock loop: %d failed calls, lock free %d ms after%n",
        failures.get(), freedAfter);
    assertThat(freedAfter).isLessThan(LEASE.toMillis());
    assertThat(tryLockElsewhere()).isTrue();
  }

  @Test
  void release_serverFrozen_givesThePermitsBackOnceRedisAnswers() throws Exception {
    HotSemaphore permits = semaphore(client);
    permits.acquire();
    server.freeze();
    try {
      assertThatThrownBy(permits::release)
          .isInstanceOf(HotConnectionException.class)
          .hasMessageContaining("gives all its permits up");
    } finally {
      server.unfreeze();
    }
    long unfrozen = System.nanoTime();
    HotSemaphore elsewhere = semaphore(other);

    Await.until(LEASE, () -> elsewhere.availablePermits() == 2, "both permits available");

    System.out.printf(
        "frozen during release: permits back %d ms after the server answered%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - unfrozen));
    assertThat(System.nanoTime() - unfrozen).isLessThan(LEASE.toNanos());
    assertThat(lost).hasSize(1);
    assertThat(permits.tryAcquire(2)).isTrue();
    permits.release(2);
    assertThat(elsewhere.availablePermits()).isEqualTo(2);
  }

  @Test
  void release_replyLostAfterTheReleaseApplied_returnsNormallyAndReleasesOnce() throws Exception {
    HotSemaphore permits = semaphore(client);
    permits.acquire(2);
    server.execute("CLIENT", "PAUSE", "700", "WRITE");

    permits.release();

    assertThat(server.execute("HGET", "faults-permits", "available")).isEqualTo("1");
    permits.release();
    assertThat(server.execute("HGET", "faults-permits", "available")).isEqualTo("2");
    assertThat(lost).isEmpty();
  }
}
