package org.hotredis.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.hotredis.HotClient;
import org.hotredis.HotRedis;
import org.hotredis.concurrent.atomic.HotLongAdder;
import org.hotredis.concurrent.limits.HotRateLimiter;
import org.hotredis.concurrent.locks.HotLock;
import org.hotredis.concurrent.locks.HotReentrantLock;
import org.hotredis.concurrent.locks.HotSemaphore;
import org.hotredis.concurrent.queues.HotQueue;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.Test;

/** The short factories build the same objects as the builders, on the client given. */
@RedisTest
final class HotConcurrencyTest {

  @Test
  void factories_buildWorkingObjectsOnTheirClient(RedisDeployment server) throws Exception {
    try (HotClient client = HotClient.create(server.uri())) {
      HotConcurrency concurrency = HotConcurrency.on(client);

      HotReentrantLock lock = concurrency.reentrantLock("{t}orders");
      assertThat(lock.tryLock()).isTrue();
      assertThat(lock.tryLock()).isTrue(); // reentrant
      assertThat(lock.getHoldCount()).isEqualTo(2);
      assertThat(concurrency.reentrantLock("{t}orders").isLocked()).isTrue();
      lock.unlock();
      lock.unlock();

      HotLock simple = concurrency.lock("{t}ledger");
      assertThat(simple.tryLock()).isTrue();
      assertThat(simple.tryLock()).isFalse(); // not reentrant
      simple.unlock();

      HotSemaphore slots = concurrency.semaphore("{t}slots", 2);
      assertThat(slots.tryAcquire(2, 1, TimeUnit.SECONDS)).isTrue();
      assertThat(concurrency.semaphore("{t}slots", 2).availablePermits()).isZero();
      slots.release(2);
      assertThat(concurrency.boundedSemaphore("{t}bounded", 1).availablePermits()).isEqualTo(1);

      HotQueue<String> jobs = concurrency.queue("{t}jobs", String.class);
      jobs.put("render");
      assertThat(concurrency.queue("{t}jobs", String.class).poll()).isEqualTo("render");
      concurrency.lifoQueue("{t}stack", Integer.class).addAll(java.util.List.of(1, 2));
      assertThat(concurrency.lifoQueue("{t}stack", Integer.class).poll()).isEqualTo(2);
      assertThat(concurrency.setQueue("{t}unique", String.class).offer("a")).isTrue();
      assertThat(concurrency.setQueue("{t}unique", String.class).offer("a")).isFalse();
      assertThat(concurrency.lifoSetQueue("{t}lifo-unique", String.class).offer("b")).isTrue();

      HotRateLimiter api = concurrency.rateLimiter("{t}api", 2, Duration.ofHours(1));
      assertThat(api.tryAcquire(2)).isTrue();
      assertThat(concurrency.rateLimiter("{t}api", 2, Duration.ofHours(1)).tryAcquire()).isFalse();
      HotLongAdder hits = concurrency.longAdder("{t}hits");
      hits.add(3);
      assertThat(concurrency.longAdder("{t}hits").sum()).isEqualTo(3);
      assertThat(hits.stripes()).isEqualTo(HotLongAdder.DEFAULT_STRIPES);

      assertThat(jobs.client()).isSameAs(client);
      assertThat(api.client()).isSameAs(client);
      assertThat(hits.client()).isSameAs(client);
      assertThat(lock.client()).isSameAs(client);
    }
  }

  @Test
  void onDefaultClient_usesTheProcessDefault(RedisDeployment server) {
    try (HotClient client = HotClient.create(server.uri())) {
      HotRedis.configure(client);
      try {
        assertThat(HotConcurrency.onDefaultClient().queue("{t}q", String.class).client())
            .isSameAs(client);
      } finally {
        HotRedis.reset();
      }
    }
  }
}
