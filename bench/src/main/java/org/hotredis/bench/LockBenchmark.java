package org.hotredis.bench;

import java.util.List;
import org.hotredis.concurrent.HotReentrantLock;
import org.hotredis.concurrent.HotSemaphore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.redisson.api.RLock;
import org.redisson.api.RSemaphore;
import redis.clients.jedis.params.SetParams;

/**
 * Uncontended lock+unlock and semaphore acquire+release. The raw Jedis floor is what any correct
 * Redis lock must send: {@code SET NX PX} with an owner token, then a compare-and-delete script;
 * for a semaphore, {@code DECR} and {@code INCR} (no lease, no owner: a lower bound).
 */
public class LockBenchmark {
  private static final String RELEASE =
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

  /** A lock and a 3-permit semaphore per library. */
  @State(Scope.Benchmark)
  public static class Locks {
    HotReentrantLock hot;
    HotSemaphore hotSemaphore;
    RLock redisson;
    RSemaphore redissonSemaphore;
    String releaseSha;

    @Setup
    public void create(Servers s) {
      hot = HotReentrantLock.builder().client(s.hot).key("bench:lock:hot").build();
      hotSemaphore = HotSemaphore.builder(3).client(s.hot).key("bench:semaphore:hot").build();
      redisson = s.redisson.getLock("bench:lock:redisson");
      redissonSemaphore = s.redisson.getSemaphore("bench:semaphore:redisson");
      redissonSemaphore.delete();
      redissonSemaphore.trySetPermits(3);
      s.jedis.set("bench:semaphore:jedis", "3");
      releaseSha = s.jedis.scriptLoad(RELEASE);
    }
  }

  @Benchmark
  public void lockUnlock_hot(Locks l) {
    l.hot.lock();
    try {
      // the critical section is empty: the acquisition and the release are what is measured
    } finally {
      l.hot.unlock();
    }
  }

  @Benchmark
  public Object lockUnlock_jedis(Servers s, Locks l) {
    s.jedis.set("bench:lock:jedis", "owner", SetParams.setParams().nx().px(30_000));
    return s.jedis.evalsha(l.releaseSha, List.of("bench:lock:jedis"), List.of("owner"));
  }

  @Benchmark
  public void lockUnlock_redisson(Locks l) {
    l.redisson.lock();
    try {
      // the critical section is empty: the acquisition and the release are what is measured
    } finally {
      l.redisson.unlock();
    }
  }

  @Benchmark
  public void acquireRelease_hot(Locks l) throws InterruptedException {
    l.hotSemaphore.acquire();
    l.hotSemaphore.release();
  }

  @Benchmark
  public long acquireRelease_jedis(Servers s) {
    s.jedis.decr("bench:semaphore:jedis");
    return s.jedis.incr("bench:semaphore:jedis");
  }

  @Benchmark
  public void acquireRelease_redisson(Locks l) throws InterruptedException {
    l.redissonSemaphore.acquire();
    l.redissonSemaphore.release();
  }
}
