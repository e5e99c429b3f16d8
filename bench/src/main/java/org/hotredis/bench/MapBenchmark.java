package org.hotredis.bench;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.hotredis.collections.HotDict;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.redisson.api.RMap;
import org.redisson.client.codec.StringCodec;

/**
 * Map operations over 1,000 keys. Raw Jedis has no command that returns the previous value of a
 * field, so its {@code put} is {@code HSET}, the floor every put pays. Its {@code compute} is what
 * any client that runs the function locally must send: {@code HGET}, then a compare-and-set script
 * that writes only if the field still holds what was read, retried otherwise.
 */
public class MapBenchmark {
  private static final String COMPARE_AND_SET =
      "if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then"
          + " return redis.call('HSET', KEYS[1], ARGV[1], ARGV[3]) end return -1";

  /** A map per library with 1,000 entries. */
  @State(Scope.Benchmark)
  public static class Maps {
    HotDict<String, String> hot;
    RMap<String, String> redisson;
    final String jedisKey = "bench:map:jedis";
    String compareAndSetSha;

    @Setup(Level.Iteration)
    public void fill(Servers s) {
      hot = HotDict.builder(String.class, String.class).client(s.hot).key("bench:map:hot").build();
      hot.clear();
      s.jedis.del(jedisKey);
      redisson = s.redisson.getMap("bench:map:redisson", StringCodec.INSTANCE);
      redisson.delete();
      compareAndSetSha = s.jedis.scriptLoad(COMPARE_AND_SET);
      for (int i = 0; i < 1_000; i++) {
        hot.set("k" + i, "v" + i);
        s.jedis.hset(jedisKey, "k" + i, "v" + i);
        redisson.fastPut("k" + i, "v" + i);
      }
    }
  }

  private static String key() {
    return "k" + ThreadLocalRandom.current().nextInt(1_000);
  }

  @Benchmark
  public @Nullable String put_hot(Maps m) {
    return m.hot.put(key(), "value");
  }

  @Benchmark
  public long put_jedis(Servers s, Maps m) {
    return s.jedis.hset(m.jedisKey, key(), "value");
  }

  @Benchmark
  public @Nullable String put_redisson(Maps m) {
    return m.redisson.put(key(), "value");
  }

  @Benchmark
  public void fastPut_hot(Maps m) {
    m.hot.set(key(), "value");
  }

  @Benchmark
  public long fastPut_jedis(Servers s, Maps m) {
    return s.jedis.hset(m.jedisKey, key(), "value");
  }

  @Benchmark
  public boolean fastPut_redisson(Maps m) {
    return m.redisson.fastPut(key(), "value");
  }

  @Benchmark
  public @Nullable String get_hot(Maps m) {
    return m.hot.get(key());
  }

  @Benchmark
  public @Nullable String get_jedis(Servers s, Maps m) {
    return s.jedis.hget(m.jedisKey, key());
  }

  @Benchmark
  public @Nullable String get_redisson(Maps m) {
    return m.redisson.get(key());
  }

  @Benchmark
  public @Nullable String putIfAbsent_hot(Maps m) {
    return m.hot.putIfAbsent(key(), "value");
  }

  @Benchmark
  public long putIfAbsent_jedis(Servers s, Maps m) {
    return s.jedis.hsetnx(m.jedisKey, key(), "value");
  }

  @Benchmark
  public @Nullable String putIfAbsent_redisson(Maps m) {
    return m.redisson.putIfAbsent(key(), "value");
  }

  @Benchmark
  public @Nullable String compute_hot(Maps m) {
    return m.hot.compute(key(), (k, v) -> v == null ? "1" : v + "1");
  }

  @Benchmark
  public String compute_jedis(Servers s, Maps m) {
    String field = key();
    while (true) {
      // every field is present: the benchmark fills all 1,000 before each iteration
      String current = s.jedis.hget(m.jedisKey, field);
      String next = current == null ? "1" : current + "1";
      Object written =
          s.jedis.evalsha(
              m.compareAndSetSha,
              List.of(m.jedisKey),
              List.of(field, current == null ? "" : current, next));
      if (!Long.valueOf(-1).equals(written)) {
        return next;
      }
    }
  }

  @Benchmark
  public @Nullable String compute_redisson(Maps m) {
    return m.redisson.compute(key(), (k, v) -> v == null ? "1" : v + "1");
  }
}
