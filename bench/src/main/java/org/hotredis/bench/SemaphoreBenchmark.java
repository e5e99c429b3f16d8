package org.hotredis.bench;

import org.hotredis.concurrent.locks.HotSemaphore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.redisson.api.RSemaphore;

/**
 * Uncontended semaphore acquire+release of one of 3 permits. The raw Jedis floor is {@code DECR}
 * and {@code INCR}: no lease and no owner, so permits of a client that dies are lost for good, a
 * lower bound rather than a semaphore to use.
 */
public class SemaphoreBenchmark {

  /** A 3-permit semaphore per library. */
  @State(Scope.Benchmark)
  public static class Semaphores {
    HotSemaphore hot;
    RSemaphore redisson;

    @Setup
    public void create(Servers s) {
      hot = HotSemaphore.builder(3).client(s.hot).key("bench:semaphore:hot").build();
      redisson = s.redisson.getSemaphore("bench:semaphore:redisson");
      redisson.delete();
      redisson.trySetPermits(3);
      s.jedis.set("bench:semaphore:jedis", "3");
    }
  }

  @Benchmark
  public void acquireRelease_hot(Semaphores p) throws InterruptedException {
    p.hot.acquire();
    p.hot.release();
  }

  @Benchmark
  public long acquireRelease_jedis(Servers s) {
    s.jedis.decr("bench:semaphore:jedis");
    return s.jedis.incr("bench:semaphore:jedis");
  }

  @Benchmark
  public void acquireRelease_redisson(Semaphores p) throws InterruptedException {
    p.redisson.acquire();
    p.redisson.release();
  }
}
