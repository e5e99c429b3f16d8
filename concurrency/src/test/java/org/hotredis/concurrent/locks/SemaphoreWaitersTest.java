package org.hotredis.concurrent.locks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.hotredis.HotClient;
import org.hotredis.testing.Await;
import org.hotredis.testing.JvmProcess;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The waiters of a semaphore, counted across processes through Redis. */
@RedisTest
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class SemaphoreWaitersTest {
  private static final Duration LEASE = Duration.ofSeconds(2);

  private HotClient client;
  private HotClient other;
  private final List<Thread> threads = new ArrayList<>();
  private final List<JvmProcess> children = new ArrayList<>();

  @BeforeEach
  void open(RedisDeployment redis) {
    client = HotClient.create(redis.uri());
    other = HotClient.create(redis.uri());
  }

  @AfterEach
  void close() throws InterruptedException {
    threads.forEach(Thread::interrupt);
    for (Thread thread : threads) {
      thread.join();
    }
    children.forEach(JvmProcess::close);
    other.close();
    client.close();
  }

  private HotSemaphore semaphore(HotClient through) {
    return HotSemaphore.builder(1).client(through).key("waited").lease(LEASE).build();
  }

  private void startWaiters(HotSemaphore semaphore, int count) {
    for (int i = 0; i < count; i++) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  semaphore.acquire();
                  semaphore.release();
                } catch (InterruptedException e) {
                  // the test is over
                }
              });
      threads.add(thread);
      thread.start();
    }
  }

  @Test
  void waitingThreads_threadsOfAnotherClientWait_countedHere() {
    HotSemaphore held = semaphore(client);
    assertThat(held.tryAcquire()).isTrue();
    HotSemaphore elsewhere = semaphore(other);
    assertThat(elsewhere.waitingThreads()).isZero();
    assertThat(elsewhere.hasWaitingThreads()).isFalse();

    startWaiters(elsewhere, 3);

    Await.until(Duration.ofSeconds(10), () -> held.waitingThreads() == 3, "three waiters");
    assertThat(held.hasWaitingThreads()).isTrue();
    assertThat(((Semaphore) held).getQueueLength()).isZero();
    assertThat(elsewhere.getQueuedThreads()).hasSize(3);
    held.release();
    Await.until(Duration.ofSeconds(10), () -> held.waitingThreads() == 0, "no waiter");
    assertThat(held.hasWaitingThreads()).isFalse();
  }

  @Test
  void waitingThreads_waiterTimesOutOrIsInterrupted_isForgotten() throws Exception {
    HotSemaphore held = semaphore(client);
    assertThat(held.tryAcquire()).isTrue();
    HotSemaphore elsewhere = semaphore(other);
    startWaiters(elsewhere, 1);
    Await.until(Duration.ofSeconds(10), () -> held.waitingThreads() == 1, "one waiter");

    assertThat(elsewhere.tryAcquire(200, TimeUnit.MILLISECONDS)).isFalse();
    threads.get(0).interrupt();
    threads.get(0).join();

    assertThat(held.waitingThreads()).isZero();
  }

  @Test
  void waitingThreads_waitingJvmKilled_dropsOutWithinTheLease(RedisDeployment redis) {
    HotSemaphore held = semaphore(client);
    assertThat(held.tryAcquire()).isTrue();
    JvmProcess child =
        JvmProcess.builder(SemaphoreWaiter.class)
            .args(redis.uri(), "waited", "4", Long.toString(LEASE.toMillis()))
            .start();
    children.add(child);
    Await.until(Duration.ofMinutes(1), () -> held.waitingThreads() == 4, "four waiters");
    long killed = System.nanoTime();

    child.kill();

    Await.until(LEASE.plusSeconds(5), () -> held.waitingThreads() == 0, "the dead waiters gone");
    assertThat(System.nanoTime() - killed).isLessThan(LEASE.plusSeconds(1).toNanos());
  }
}
