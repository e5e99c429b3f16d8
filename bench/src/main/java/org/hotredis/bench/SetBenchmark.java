package org.hotredis.bench;

import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.hotredis.collections.HotSet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.redisson.api.RSet;
import org.redisson.client.codec.StringCodec;

/** Set operations: add, contains, and the intersection of two 1,000-member sets. */
public class SetBenchmark {

  /** Two sets per library, overlapping by half. */
  @State(Scope.Benchmark)
  public static class Sets {
    HotSet<String> hot;
    HotSet<String> hotOther;
    RSet<String> redisson;
    RSet<String> redissonOther;
    final String jedisKey = "{bench:set}:jedis";
    final String jedisOther = "{bench:set}:jedis:other";

    @Setup(Level.Iteration)
    public void fill(Servers s) {
      hot =
          HotSet.builder(String.class)
              .client(s.hot)
              .key("{bench:set}:hot")
              .initial(ListBenchmark.strings(1_000))
              .build();
      hotOther =
          HotSet.builder(String.class)
              .client(s.hot)
              .key("{bench:set}:hot:other")
              .initial(ListBenchmark.strings(1_500).subList(500, 1_500))
              .build();
      s.jedis.del(jedisKey, jedisOther);
      s.jedis.sadd(jedisKey, ListBenchmark.strings(1_000).toArray(new String[0]));
      s.jedis.sadd(
          jedisOther, ListBenchmark.strings(1_500).subList(500, 1_500).toArray(new String[0]));
      redisson = s.redisson.getSet("{bench:set}:redisson", StringCodec.INSTANCE);
      redissonOther = s.redisson.getSet("{bench:set}:redisson:other", StringCodec.INSTANCE);
      redisson.delete();
      redissonOther.delete();
      redisson.addAll(ListBenchmark.strings(1_000));
      redissonOther.addAll(ListBenchmark.strings(1_500).subList(500, 1_500));
    }
  }

  private static String member() {
    return "value-" + ThreadLocalRandom.current().nextInt(2_000);
  }

  @Benchmark
  public boolean add_hot(Sets x) {
    return x.hot.add(member());
  }

  @Benchmark
  public long add_jedis(Servers s, Sets x) {
    return s.jedis.sadd(x.jedisKey, member());
  }

  @Benchmark
  public boolean add_redisson(Sets x) {
    return x.redisson.add(member());
  }

  @Benchmark
  public boolean contains_hot(Sets x) {
    return x.hot.contains(member());
  }

  @Benchmark
  public boolean contains_jedis(Servers s, Sets x) {
    return s.jedis.sismember(x.jedisKey, member());
  }

  @Benchmark
  public boolean contains_redisson(Sets x) {
    return x.redisson.contains(member());
  }

  @Benchmark
  public Set<String> intersection_hot(Sets x) {
    return x.hot.intersection(x.hotOther);
  }

  @Benchmark
  public Set<String> intersection_jedis(Servers s, Sets x) {
    return s.jedis.sinter(x.jedisKey, x.jedisOther);
  }

  @Benchmark
  public Set<String> intersection_redisson(Sets x) {
    return x.redisson.readIntersection(x.redissonOther.getName());
  }
}
