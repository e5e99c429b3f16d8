package org.hotredis.bench;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.hotredis.collections.HotList;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import org.redisson.api.RList;
import org.redisson.client.codec.StringCodec;

/** List operations: append, get by index, and iterating 100,000 elements. */
public class ListBenchmark {

  /**
   * A 1,000-element list per library for appends and reads, and a 100,000-element one to iterate.
   */
  @State(Scope.Benchmark)
  public static class Lists {
    HotList<String> hot;
    RList<String> redisson;
    final String jedisKey = "bench:list:jedis";
    HotList<String> hotLarge;
    RList<String> redissonLarge;
    final String jedisLarge = "bench:list:jedis:large";

    @Setup(Level.Iteration)
    public void fill(Servers s) {
      List<String> thousand = strings(1_000);
      hot =
          HotList.builder(String.class)
              .client(s.hot)
              .key("bench:list:hot")
              .initial(thousand)
              .build();
      s.jedis.del(jedisKey);
      s.jedis.rpush(jedisKey, thousand.toArray(new String[0]));
      redisson = s.redisson.getList("bench:list:redisson", StringCodec.INSTANCE);
      redisson.delete();
      redisson.addAll(thousand);
    }

    @Setup(Level.Trial)
    public void fillLarge(Servers s) {
      List<String> large = strings(100_000);
      hotLarge =
          HotList.builder(String.class)
              .client(s.hot)
              .key("bench:list:hot:large")
              .initial(large)
              .build();
      s.jedis.del(jedisLarge);
      for (int i = 0; i < large.size(); i += 10_000) {
        s.jedis.rpush(jedisLarge, large.subList(i, i + 10_000).toArray(new String[0]));
      }
      redissonLarge = s.redisson.getList("bench:list:redisson:large", StringCodec.INSTANCE);
      redissonLarge.delete();
      redissonLarge.addAll(large);
    }
  }

  static List<String> strings(int n) {
    List<String> values = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      values.add("value-" + i);
    }
    return values;
  }

  @Benchmark
  public boolean add_hot(Lists l) {
    return l.hot.add("x");
  }

  @Benchmark
  public long add_jedis(Servers s, Lists l) {
    return s.jedis.rpush(l.jedisKey, "x");
  }

  @Benchmark
  public boolean add_redisson(Lists l) {
    return l.redisson.add("x");
  }

  @Benchmark
  public @Nullable String get_hot(Lists l) {
    return l.hot.get(500);
  }

  @Benchmark
  public @Nullable String get_jedis(Servers s, Lists l) {
    return s.jedis.lindex(l.jedisKey, 500);
  }

  @Benchmark
  public @Nullable String get_redisson(Lists l) {
    return l.redisson.get(500);
  }

  @Benchmark
  public void iterate100k_hot(Lists l, Blackhole hole) {
    for (String e : l.hotLarge) {
      hole.consume(e);
    }
  }

  @Benchmark
  public void iterate100k_jedis(Servers s, Lists l, Blackhole hole) {
    for (long start = 0; ; start += 1_000) {
      List<String> page = s.jedis.lrange(l.jedisLarge, start, start + 999);
      page.forEach(hole::consume);
      if (page.size() < 1_000) {
        return;
      }
    }
  }

  @Benchmark
  public void iterate100k_redisson(Lists l, Blackhole hole) {
    for (Iterator<String> it = l.redissonLarge.iterator(); it.hasNext(); ) {
      hole.consume(it.next());
    }
  }
}
