package org.hotredis.bench;

import org.hotredis.numbers.HotInt;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.redisson.api.RAtomicLong;

/** Counter increments: HotInt, raw INCR, Redisson's RAtomicLong. */
public class CounterBenchmark {

  /** A counter per library. */
  @State(Scope.Benchmark)
  public static class Counters {
    HotInt hot;
    RAtomicLong redisson;
    final String jedisKey = "bench:counter:jedis";

    @Setup
    public void create(Servers s) {
      hot = HotInt.builder().client(s.hot).key("bench:counter:hot").initial(0).build();
      redisson = s.redisson.getAtomicLong("bench:counter:redisson");
    }
  }

  @Benchmark
  public long increment_hot(Counters c) {
    return c.hot.incrementAndGet();
  }

  @Benchmark
  public long increment_jedis(Servers s, Counters c) {
    return s.jedis.incr(c.jedisKey);
  }

  @Benchmark
  public long increment_redisson(Counters c) {
    return c.redisson.incrementAndGet();
  }
}
