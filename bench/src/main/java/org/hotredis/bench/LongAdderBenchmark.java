package org.hotredis.bench;

import org.hotredis.concurrent.atomic.HotLongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.redisson.api.RLongAdder;

/**
 * {@code increment()} of a striped counter. The raw Jedis floor is one {@code INCR} of one key,
 * which is what HOT Redis's increment costs too (one {@code INCRBY} on the thread's stripe).
 * Redisson's {@code RLongAdder} is shown for reference only and has no target: it counts in the JVM
 * and sends nothing on {@code increment()} (its {@code sum()} asks every client over pub/sub to
 * flush its count), so its increments are not visible to other processes until a sum, and are lost
 * with the JVM; its column measures a local add, not a round trip.
 */
public class LongAdderBenchmark {
  /** An adder per library. */
  @State(Scope.Benchmark)
  public static class Adders {
    HotLongAdder hot;
    RLongAdder redisson;

    @Setup
    public void create(Servers s) {
      hot = HotLongAdder.builder().client(s.hot).key("bench:adder:hot").build();
      hot.reset();
      redisson = s.redisson.getLongAdder("bench:adder:redisson");
      s.jedis.del("bench:adder:jedis");
    }
  }

  @Benchmark
  public void increment_hot(Adders a) {
    a.hot.increment();
  }

  @Benchmark
  public long increment_jedis(Servers s) {
    return s.jedis.incr("bench:adder:jedis");
  }

  @Benchmark
  public void increment_redisson(Adders a) {
    a.redisson.increment();
  }
}
