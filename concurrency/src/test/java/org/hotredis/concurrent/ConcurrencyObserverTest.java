package org.hotredis.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.hotredis.HotClient;
import org.hotredis.concurrent.locks.HotLock;
import org.hotredis.concurrent.locks.HotReentrantLock;
import org.hotredis.concurrent.locks.HotSemaphore;
import org.hotredis.concurrent.queues.HotQueue;
import org.hotredis.concurrent.spi.Concurrency;
import org.hotredis.testing.Await;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a {@link ConcurrencyObserver} hears from locks, semaphores and queues. */
@RedisTest
final class ConcurrencyObserverTest {
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final ConcurrencyObserver observer =
      new ConcurrencyObserver() {
        @Override
        public void lockAcquired(String key, long waitNanos) {
          events.add("acquired " + key + (waitNanos >= 0 ? "" : " negative"));
        }

        @Override
        public void lockReleased(String key, long heldNanos) {
          events.add("released " + key + (heldNanos > 0 ? "" : " not held"));
        }

        @Override
        public void permitsAcquired(String key, int permits, long waitNanos) {
          events.add("permits " + key + " " + permits);
        }

        @Override
        public void leaseLost(String key) {
          events.add("lost " + key);
        }

        @Override
        public void queueOpened(String key, BlockingQueue<?> queue) {
          events.add("opened " + key);
        }

        @Override
        public void queueWaitStarted(String key) {
          events.add("waiting " + key);
        }

        @Override
        public void queueWaitEnded(String key) {
          events.add("waited " + key);
        }
      };
  private HotClient client;

  @BeforeEach
  void open(RedisDeployment redis) {
    client = HotClient.create(redis.uri());
    Concurrency.observe(observer);
  }

  @AfterEach
  void close() {
    Concurrency.unobserve(observer);
    client.close();
  }

  @Test
  @SuppressWarnings("LockNotBeforeTry") // the steps are the point
  void lock_lockedReentredAndUnlocked_reportsOneAcquisitionAndOneRelease() {
    HotReentrantLock lock = HotReentrantLock.builder().client(client).key("observed").build();
    lock.lock();
    lock.lock();
    lock.unlock();
    lock.unlock();

    assertThat(events).containsExactly("acquired observed", "released observed");
  }

  @Test
  void lease_lockDeletedUnderItsHolder_reportsTheLoss() {
    HotLock lock =
        HotLock.builder().client(client).key("observed").lease(Duration.ofMillis(300)).build();
    assertThat(lock.tryLock()).isTrue();

    lock.delete();

    Await.until(Duration.ofSeconds(5), () -> events.contains("lost observed"), "the loss");
  }

  @Test
  void semaphore_acquired_reportsThePermits() throws Exception {
    HotSemaphore semaphore = HotSemaphore.builder(3).client(client).key("observed").build();

    semaphore.acquire(2);
    semaphore.release(2);

    assertThat(events).containsExactly("permits observed 2");
  }

  @Test
  void queue_openedAndPolledEmpty_reportsTheWait() throws Exception {
    HotQueue<String> queue = HotQueue.builder(String.class).client(client).key("observed").build();

    assertThat(queue.poll(50, TimeUnit.MILLISECONDS)).isNull();

    assertThat(events).containsExactly("opened observed", "waiting observed", "waited observed");
  }

  @Test
  void releaseHeld_locksAndPermitsHeld_freesThemAtOnce(RedisDeployment redis) throws Exception {
    HotLock lock = HotLock.builder().client(client).key("held-lock").build();
    HotSemaphore semaphore = HotSemaphore.builder(2).client(client).key("held-permits").build();
    assertThat(lock.tryLock()).isTrue();
    semaphore.acquire(2);

    int released = Concurrency.releaseHeld(client);

    assertThat(released).isEqualTo(2);
    assertThat(redis.execute("EXISTS", "held-lock")).isEqualTo(0L);
    assertThat(semaphore.availablePermits()).isEqualTo(2);
    assertThat(lock.tryLock()).isTrue();
    lock.unlock();
  }

  @Test
  void observer_throws_theOperationStillWorks() {
    ConcurrencyObserver failing =
        new ConcurrencyObserver() {
          @Override
          public void lockAcquired(String key, long waitNanos) {
            throw new IllegalStateException("observer failure");
          }
        };
    Concurrency.observe(failing);
    try {
      HotLock lock = HotLock.builder().client(client).key("observed").build();
      assertThat(lock.tryLock()).isTrue();
      lock.unlock();
    } finally {
      Concurrency.unobserve(failing);
    }
    assertThat(events).containsExactly("acquired observed", "released observed");
  }
}
