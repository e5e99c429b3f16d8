package org.hotredis.bench;

import org.hotredis.concurrent.queues.HotQueue;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.redisson.api.RBlockingQueue;
import org.redisson.client.codec.StringCodec;

/** Queue throughput: one offer and one poll per operation (RPUSH then LPOP for raw Jedis). */
public class QueueBenchmark {

  /** An unbounded queue per library. */
  @State(Scope.Benchmark)
  public static class Queues {
    HotQueue<String> hot;
    RBlockingQueue<String> redisson;
    final String jedisKey = "bench:queue:jedis";

    @Setup
    public void create(Servers s) {
      hot = HotQueue.builder(String.class).client(s.hot).key("bench:queue:hot").build();
      hot.clear();
      redisson = s.redisson.getBlockingQueue("bench:queue:redisson", StringCodec.INSTANCE);
      redisson.delete();
      s.jedis.del(jedisKey);
    }
  }

  @Benchmark
  public @Nullable String offerPoll_hot(Queues q) {
    q.hot.offer("x");
    return q.hot.poll();
  }

  @Benchmark
  public @Nullable String offerPoll_jedis(Servers s, Queues q) {
    s.jedis.rpush(q.jedisKey, "x");
    return s.jedis.lpop(q.jedisKey);
  }

  @Benchmark
  public @Nullable String offerPoll_redisson(Queues q) {
    q.redisson.offer("x");
    return q.redisson.poll();
  }
}
