package org.hotredis.bench;

import org.hotredis.concurrent.locks.HotCountDownLatch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.redisson.api.RCountDownLatch;

/**
 * Count-down of a latch that stays closed (a count of {@link Integer#MAX_VALUE}). The raw Jedis
 * floor is {@code HINCRBY key count -1}: no check for zero, no opening message, no refusal of a
 * foreign value, a lower bound rather than a latch to use. Redisson's {@code RCountDownLatch} runs
 * a script, as HOT Redis does.
 */
public class LatchBenchmark {

  /** A latch per library. */
  @State(Scope.Benchmark)
  public static class Latches {
    HotCountDownLatch hot;
    RCountDownLatch redisson;

    @Setup
    public void create(Servers s) {
      hot =
          HotCountDownLatch.builder(Integer.MAX_VALUE).client(s.hot).key("bench:latch:hot").build();
      redisson = s.redisson.getCountDownLatch("bench:latch:redisson");
      redisson.delete();
      redisson.trySetCount(Integer.MAX_VALUE);
      s.jedis.hset("bench:latch:jedis", "count", Integer.toString(Integer.MAX_VALUE));
    }
  }

  @Benchmark
  public void countDown_hot(Latches l) {
    l.hot.countDown();
  }

  @Benchmark
  public long countDown_jedis(Servers s) {
    return s.jedis.hincrBy("bench:latch:jedis", "count", -1);
  }

  @Benchmark
  public void countDown_redisson(Latches l) {
    l.redisson.countDown();
  }
}
