package org.hotredis.bench;

import org.hotredis.concurrent.locks.HotCountDownLatch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.redisson.api.RCountDownLatch;

/**
 * Count-down of a latch that stays closed (a count of {@link Integer#MAX_VALUE}). The raw Jedis
 * floor is the least a correct count-down can do with raw commands: one {@code EVALSHA} of a
 * five-line script that reads the count, stops at zero, decrements and publishes the opening (a
 * bare {@code HINCRBY} would go below zero and wake nobody). It does not refuse a foreign value or
 * offer tokens. Redisson's {@code RCountDownLatch} runs a script too.
 */
public class LatchBenchmark {
  private static final String FLOOR =
      """
      local n = tonumber(redis.call('HGET', KEYS[1], 'count'))
      if not n or n <= 0 then return 0 end
      n = redis.call('HINCRBY', KEYS[1], 'count', -1)
      if n == 0 then redis.call('PUBLISH', ARGV[1], '1') end
      return n""";

  /** A latch per library. */
  @State(Scope.Benchmark)
  public static class Latches {
    HotCountDownLatch hot;
    RCountDownLatch redisson;
    String floorSha;

    @Setup
    public void create(Servers s) {
      hot =
          HotCountDownLatch.builder(Integer.MAX_VALUE).client(s.hot).key("bench:latch:hot").build();
      redisson = s.redisson.getCountDownLatch("bench:latch:redisson");
      redisson.delete();
      redisson.trySetCount(Integer.MAX_VALUE);
      s.jedis.hset("bench:latch:jedis", "count", Integer.toString(Integer.MAX_VALUE));
      floorSha = s.jedis.scriptLoad(FLOOR);
    }
  }

  @Benchmark
  public void countDown_hot(Latches l) {
    l.hot.countDown();
  }

  @Benchmark
  public Object countDown_jedis(Servers s, Latches l) {
    return s.jedis.evalsha(l.floorSha, 1, "bench:latch:jedis", "bench:latch:jedis:opened");
  }

  @Benchmark
  public void countDown_redisson(Latches l) {
    l.redisson.countDown();
  }
}
