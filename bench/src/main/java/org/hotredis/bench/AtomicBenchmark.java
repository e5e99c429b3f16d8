package org.hotredis.bench;

import org.hotredis.concurrent.atomic.HotAtomicReference;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.redisson.api.RBucket;

/**
 * A successful compare-and-set of an atomic reference, flipping between two strings. The raw Jedis
 * floor is one {@code EVALSHA} of the least compare-and-set script ({@code GET}, compare, {@code
 * SET}); Redisson's {@code RBucket.compareAndSet} is a script too.
 */
public class AtomicBenchmark {
  private static final String FLOOR =
      """
      if redis.call('GET', KEYS[1]) == ARGV[1] then
        redis.call('SET', KEYS[1], ARGV[2])
        return 1
      end
      return 0""";

  /** A reference per library, and which value each holds now. */
  @State(Scope.Benchmark)
  public static class References {
    HotAtomicReference<String> hot;
    RBucket<String> redisson;
    String floorSha;
    boolean hotFlipped;
    boolean jedisFlipped;
    boolean redissonFlipped;

    @Setup
    public void create(Servers s) {
      hot = HotAtomicReference.builder(String.class).client(s.hot).key("bench:atomic:hot").build();
      hot.set("a");
      redisson = s.redisson.getBucket("bench:atomic:redisson");
      redisson.set("a");
      s.jedis.set("bench:atomic:jedis", "a");
      floorSha = s.jedis.scriptLoad(FLOOR);
    }
  }

  @Benchmark
  public boolean compareAndSet_hot(References r) {
    boolean done = r.hotFlipped ? r.hot.compareAndSet("b", "a") : r.hot.compareAndSet("a", "b");
    r.hotFlipped = !r.hotFlipped;
    return done;
  }

  @Benchmark
  public Object compareAndSet_jedis(Servers s, References r) {
    Object done =
        r.jedisFlipped
            ? s.jedis.evalsha(r.floorSha, 1, "bench:atomic:jedis", "b", "a")
            : s.jedis.evalsha(r.floorSha, 1, "bench:atomic:jedis", "a", "b");
    r.jedisFlipped = !r.jedisFlipped;
    return done;
  }

  @Benchmark
  public boolean compareAndSet_redisson(References r) {
    boolean done =
        r.redissonFlipped ? r.redisson.compareAndSet("b", "a") : r.redisson.compareAndSet("a", "b");
    r.redissonFlipped = !r.redissonFlipped;
    return done;
  }
}
