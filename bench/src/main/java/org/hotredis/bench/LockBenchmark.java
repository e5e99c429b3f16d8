package org.hotredis.bench;

import java.util.List;
import org.hotredis.concurrent.locks.HotReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.redisson.api.RLock;
import redis.clients.jedis.params.SetParams;

/**
 * Uncontended lock+unlock. The raw Jedis floor is what any correct Redis lock must send: {@code SET
 * NX PX} with an owner token, then a compare-and-delete script.
 */
public class LockBenchmark {
  private static final String RELEASE =
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

  /** A lock per library. */
  @State(Scope.Benchmark)
  public static class Locks {
    HotReentrantLock hot;
    RLock redisson;
    String releaseSha;

    @Setup
    public void create(Servers s) {
      hot = HotReentrantLock.builder().client(s.hot).key("bench:lock:hot").build();
      redisson = s.redisson.getLock("bench:lock:redisson");
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
}
