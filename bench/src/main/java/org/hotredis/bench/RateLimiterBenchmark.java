package org.hotredis.bench;

import java.time.Duration;
import org.hotredis.concurrent.limits.HotRateLimiter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.redisson.api.RRateLimiter;
import org.redisson.api.RateType;

/**
 * {@code tryAcquire()} on a rate limiter that never runs dry (a billion permits a second, a burst
 * of a billion). The raw Jedis floor is the least a correct token bucket can do on Redis's clock:
 * one {@code EVALSHA} of an eight-line script that reads {@code TIME} and the bucket's two fields,
 * adds the refill, and takes a token. It is the least correct one that still limits: it counts
 * tokens as doubles (written back with Lua's 14-digit {@code tostring}, so a token can be granted
 * early), it refuses no foreign value, and it cannot reserve permits for a waiting caller; HOT
 * Redis's script does all three, in integer units. Redisson's {@code RRateLimiter} ({@code
 * RateType.OVERALL}) is one script too, which records every grant in a sorted set for the length of
 * its interval.
 */
public class RateLimiterBenchmark {
  private static final long RATE = 1_000_000_000;
  private static final String FLOOR =
      """
      local t = redis.call('TIME')
      local now = t[1] * 1000000 + t[2]
      local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
      local tokens = math.min(tonumber(ARGV[2]), (tonumber(b[1]) or tonumber(ARGV[2]))
        + (now - (tonumber(b[2]) or now)) * tonumber(ARGV[1]))
      if tokens < 1 then return 0 end
      redis.call('HSET', KEYS[1], 'tokens', tokens - 1, 'ts', now)
      return 1""";

  /** A limiter per library. */
  @State(Scope.Benchmark)
  public static class Limiters {
    HotRateLimiter hot;
    RRateLimiter redisson;
    String floorSha;
    String perMicro;
    String burst;

    @Setup
    public void create(Servers s) {
      hot =
          HotRateLimiter.builder(RATE, Duration.ofSeconds(1))
              .client(s.hot)
              .key("bench:rate:hot")
              .build();
      redisson = s.redisson.getRateLimiter("bench:rate:redisson");
      redisson.delete();
      redisson.trySetRate(RateType.OVERALL, RATE, Duration.ofSeconds(1));
      s.jedis.del("bench:rate:jedis");
      floorSha = s.jedis.scriptLoad(FLOOR);
      perMicro = Long.toString(RATE / 1_000_000);
      burst = Long.toString(RATE);
    }
  }

  @Benchmark
  public boolean tryAcquire_hot(Limiters l) {
    return l.hot.tryAcquire();
  }

  @Benchmark
  public Object tryAcquire_jedis(Servers s, Limiters l) {
    return s.jedis.evalsha(l.floorSha, 1, "bench:rate:jedis", l.perMicro, l.burst);
  }

  @Benchmark
  public boolean tryAcquire_redisson(Limiters l) {
    return l.redisson.tryAcquire();
  }
}
