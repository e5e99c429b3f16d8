package org.hotredis.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hotredis.collections.HotDict;
import org.hotredis.collections.HotList;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.redisson.api.RList;
import org.redisson.api.RMap;
import org.redisson.client.codec.StringCodec;

/** Bulk writes of 10,000 elements or entries, each into a fresh key. */
public class BulkBenchmark {
  private static final String[] ARRAY = ListBenchmark.strings(10_000).toArray(new String[0]);

  /** The 10,000 values and entries, and the objects written to. */
  @State(Scope.Benchmark)
  public static class Bulk {
    final List<String> values = ListBenchmark.strings(10_000);
    final Map<String, String> entries = new LinkedHashMap<>();
    HotList<String> hotList;
    HotDict<String, String> hotDict;
    RList<String> redissonList;
    RMap<String, String> redissonMap;

    @Setup
    public void create(Servers s) {
      for (String v : values) {
        entries.put(v, v);
      }
      hotList = HotList.builder(String.class).client(s.hot).key("bench:bulk:list:hot").build();
      hotDict =
          HotDict.builder(String.class, String.class)
              .client(s.hot)
              .key("bench:bulk:map:hot")
              .build();
      redissonList = s.redisson.getList("bench:bulk:list:redisson", StringCodec.INSTANCE);
      redissonMap = s.redisson.getMap("bench:bulk:map:redisson", StringCodec.INSTANCE);
    }
  }

  @Benchmark
  public boolean addAll_hot(Bulk b) {
    b.hotList.clear();
    return b.hotList.addAll(b.values);
  }

  @Benchmark
  public long addAll_jedis(Servers s) {
    s.jedis.del("bench:bulk:list:jedis");
    return s.jedis.rpush("bench:bulk:list:jedis", ARRAY);
  }

  @Benchmark
  public boolean addAll_redisson(Bulk b) {
    b.redissonList.delete();
    return b.redissonList.addAll(b.values);
  }

  @Benchmark
  public void putAll_hot(Bulk b) {
    b.hotDict.clear();
    b.hotDict.putAll(b.entries);
  }

  @Benchmark
  public long putAll_jedis(Servers s, Bulk b) {
    s.jedis.del("bench:bulk:map:jedis");
    return s.jedis.hset("bench:bulk:map:jedis", b.entries);
  }

  @Benchmark
  public void putAll_redisson(Bulk b) {
    b.redissonMap.delete();
    b.redissonMap.putAll(b.entries);
  }
}
