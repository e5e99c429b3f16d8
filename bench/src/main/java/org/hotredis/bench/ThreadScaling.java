package org.hotredis.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.cache.Cache;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.hotredis.HotClient;
import org.hotredis.bench.Benchmarks.Row;
import org.hotredis.bench.Benchmarks.Sample;
import org.hotredis.collections.HotDict;
import org.hotredis.jcache.configuration.HotCacheConfiguration;
import org.hotredis.numbers.HotInt;
import org.hotredis.testing.RedisServer;
import org.jspecify.annotations.Nullable;
import org.redisson.Redisson;
import org.redisson.api.RAtomicLong;
import org.redisson.api.RMap;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.redisson.jcache.configuration.RedissonConfiguration;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.UnifiedJedis;

/**
 * Many threads of one JVM sharing one client: 1, 8 and 32 threads call the same operation through
 * HOT Redis (its default client), raw Jedis with a connection pool sized for the most threads (the
 * floor: the bare command on a pooled connection) and Redisson (its default client, whose
 * multiplexed connections carry many threads' calls each), against one private redis-server.
 *
 * <p>The operations: a map's get ({@code HGET}), a map's write that returns nothing ({@code HSET}:
 * {@code HotDict.set}, Redisson's {@code fastPut}; raw Jedis has no write that returns the previous
 * value, which {@code put} returns), a counter's increment ({@code INCR}) and a JCache get on a
 * cache without near cache or statistics ({@code String} keys and values; raw Jedis's floor is
 * {@code HGET}), each on 1,000 keys picked at random.
 *
 * <p>The libraries take turns as in {@link Interleaved}: for each operation and thread count,
 * rounds of one slice per library, the order rotating every round. In a slice every thread calls
 * the operation in a loop until the slice ends; the slice's throughput is all threads' calls over
 * its duration, a library's throughput the median of its rounds, and a ratio the median over the
 * rounds of the two libraries' throughputs in that round. p50 and p99 are over every timed call.
 */
final class ThreadScaling {
  /** The thread counts measured. */
  static final int[] THREADS = {1, 8, 32};

  /** The most threads: raw Jedis's pool holds as many connections. */
  static final int MOST_THREADS = 32;

  private static final int KEYS = 1_000;
  private static final String[] LIBRARIES = {"hot", "jedis", "redisson"};

  private ThreadScaling() {}

  /** One call of one library's operation. */
  private interface Call {
    @Nullable Object call() throws Exception;
  }

  /** An operation: its name and each library's call. */
  private record Operation(String name, Map<String, Call> calls) {}

  /** A library's slices of one operation and thread count. */
  private static final class Tally {
    final List<Double> roundOpsPerSecond = new ArrayList<>();
    final Map<Integer, Double> opsByRound = new LinkedHashMap<>();
    long[] nanos = new long[4096];
    int calls;

    void add(long[] times, int count) {
      if (calls + count > nanos.length) {
        nanos = Arrays.copyOf(nanos, Math.max(nanos.length * 2, calls + count));
      }
      System.arraycopy(times, 0, nanos, calls, count);
      calls += count;
    }

    Sample sample() {
      return Interleaved.sample(roundOpsPerSecond, nanos, calls);
    }
  }

  /**
   * Measures the operations whose names ({@code Threads.Map.get} and so on) the pattern finds.
   *
   * @return a row per operation and thread count, named {@code Threads.<operation> (threads=n)}
   */
  static List<Row> measureAll(Pattern include, Interleaved.Settings settings) throws Exception {
    List<Row> rows = new ArrayList<>();
    try (Clients clients = new Clients()) {
      List<Operation> operations =
          clients.operations().stream()
              .filter(o -> include.matcher("Threads." + o.name()).find())
              .toList();
      if (operations.isEmpty()) {
        return rows;
      }
      ExecutorService workers = Executors.newFixedThreadPool(MOST_THREADS, ThreadScaling::daemon);
      try {
        for (Operation operation : operations) {
          for (int threads : THREADS) {
            Row row = measure(workers, operation, threads, settings);
            rows.add(row);
            System.out.printf(
                java.util.Locale.ROOT,
                "%s: %s %s%n",
                row.operation(),
                row.samples(),
                row.hotRatios());
          }
        }
      } finally {
        workers.shutdownNow();
      }
    }
    return rows;
  }

  private static Row measure(
      ExecutorService workers, Operation operation, int threads, Interleaved.Settings settings)
      throws Exception {
    Map<String, Tally> tallies = new LinkedHashMap<>();
    for (String library : LIBRARIES) {
      tallies.put(library, new Tally());
    }
    for (int round = 0; round < settings.warmUpRounds() + settings.rounds(); round++) {
      boolean measured = round >= settings.warmUpRounds();
      for (int i = 0; i < LIBRARIES.length; i++) {
        String library = LIBRARIES[(i + round) % LIBRARIES.length]; // rotate every round
        Tally tally = measured ? tallies.get(library) : null;
        slice(
            workers,
            java.util.Objects.requireNonNull(operation.calls().get(library)),
            threads,
            measured ? settings.sliceMillis() : settings.warmUpSliceMillis(),
            tally,
            round);
      }
    }
    Map<String, Sample> samples = new LinkedHashMap<>();
    tallies.forEach((library, tally) -> samples.put(library, tally.sample()));
    Tally hot = java.util.Objects.requireNonNull(tallies.get("hot"));
    Map<String, Double> ratios = new LinkedHashMap<>();
    for (String library : LIBRARIES) {
      if (!library.equals("hot")) {
        List<Double> perRound = new ArrayList<>();
        Tally other = java.util.Objects.requireNonNull(tallies.get(library));
        hot.opsByRound.forEach(
            (round, ops) -> {
              Double theirs = other.opsByRound.get(round);
              if (theirs != null) {
                perRound.add(ops / theirs);
              }
            });
        ratios.put(library, Interleaved.median(perRound));
      }
    }
    return new Row("Threads." + operation.name() + " (threads=" + threads + ")", samples, ratios);
  }

  /**
   * Runs one slice: {@code threads} threads call in a loop until the slice ends; records every
   * call's time and the slice's throughput when {@code tally} is not null.
   */
  private static void slice(
      ExecutorService workers,
      Call call,
      int threads,
      long millis,
      @Nullable Tally tally,
      int round)
      throws Exception {
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    long[] window = new long[2];
    List<Future<long[]>> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      results.add(
          workers.submit(
              () -> {
                long[] times = new long[8192];
                int calls = 0;
                int sink = 0;
                ready.countDown();
                go.await();
                long end = window[0] + millis * 1_000_000;
                long now;
                do {
                  long start = System.nanoTime();
                  Object result = call.call();
                  now = System.nanoTime();
                  sink ^= System.identityHashCode(result);
                  if (calls == times.length) {
                    times = Arrays.copyOf(times, calls * 2);
                  }
                  times[calls++] = now - start;
                } while (now < end);
                long[] out = Arrays.copyOf(times, calls + 2);
                out[calls] = now; // the thread's last call ended here
                out[calls + 1] = sink;
                return out;
              }));
    }
    ready.await();
    window[0] = System.nanoTime();
    go.countDown();
    long last = window[0];
    long total = 0;
    List<long[]> perThread = new ArrayList<>();
    for (Future<long[]> result : results) {
      long[] out = result.get(5, TimeUnit.MINUTES);
      perThread.add(out);
      last = Math.max(last, out[out.length - 2]);
      total += out.length - 2;
    }
    if (tally != null) {
      double ops = total / ((last - window[0]) / 1e9);
      tally.roundOpsPerSecond.add(ops);
      tally.opsByRound.put(round, ops);
      for (long[] out : perThread) {
        tally.add(out, out.length - 2);
      }
    }
  }

  private static Thread daemon(Runnable task) {
    Thread thread = new Thread(task, "thread-scaling");
    thread.setDaemon(true);
    return thread;
  }

  private static String key() {
    return "k" + ThreadLocalRandom.current().nextInt(KEYS);
  }

  /** The server, the three clients on it and the objects the operations use. */
  private static final class Clients implements AutoCloseable {
    final RedisServer server = RedisServer.start();
    final HotClient hot = HotClient.create(server.uri());
    final UnifiedJedis jedis;
    final RedissonClient redisson;
    final CachingProvider hotProvider;
    final CachingProvider redissonProvider;

    Clients() throws Exception {
      ConnectionPoolConfig pool = new ConnectionPoolConfig();
      pool.setMaxTotal(MOST_THREADS);
      pool.setMaxIdle(MOST_THREADS);
      jedis =
          RedisClient.builder()
              .hostAndPort(new HostAndPort(server.host(), server.port()))
              .clientConfig(
                  DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP2).build())
              .poolConfig(pool)
              .build();
      Config config = new Config();
      config.useSingleServer().setAddress("redis://" + server.host() + ":" + server.port());
      redisson = Redisson.create(config);
      hotProvider = Caching.getCachingProvider("org.hotredis.jcache.spi.HotCachingProvider");
      redissonProvider = Caching.getCachingProvider("org.redisson.jcache.JCachingProvider");
    }

    List<Operation> operations() throws Exception {
      HotDict<String, String> hotMap =
          HotDict.builder(String.class, String.class).client(hot).key("threads:map:hot").build();
      String jedisMap = "threads:map:jedis";
      RMap<String, String> redissonMap =
          redisson.getMap("threads:map:redisson", StringCodec.INSTANCE);
      for (int i = 0; i < KEYS; i++) {
        hotMap.set("k" + i, "v" + i);
        jedis.hset(jedisMap, "k" + i, "v" + i);
        redissonMap.fastPut("k" + i, "v" + i);
      }
      HotInt hotCounter =
          HotInt.builder().client(hot).key("threads:counter:hot").initial(0).build();
      String jedisCounter = "threads:counter:jedis";
      RAtomicLong redissonCounter = redisson.getAtomicLong("threads:counter:redisson");

      Cache<String, String> hotCache =
          hotProvider
              .getCacheManager(new URI(server.uri()), ThreadScaling.class.getClassLoader())
              .createCache(
                  "threads",
                  new HotCacheConfiguration<String, String>()
                      .setTypes(String.class, String.class)
                      .setStatisticsEnabled(false));
      Cache<String, String> redissonCache =
          redissonProvider
              .getCacheManager()
              .createCache(
                  "threads-redisson",
                  RedissonConfiguration.fromInstance(
                      redisson,
                      new MutableConfiguration<String, String>()
                          .setTypes(String.class, String.class)
                          .setStatisticsEnabled(false)));
      String jedisCache = "threads:jcache:jedis";
      for (int i = 0; i < KEYS; i++) {
        hotCache.put("k" + i, "v" + i);
        redissonCache.put("k" + i, "v" + i);
        jedis.hset(jedisCache, "k" + i, "v" + i);
      }
      return List.of(
          new Operation(
              "Map.get",
              calls(
                  () -> hotMap.get(key()),
                  () -> jedis.hget(jedisMap, key()),
                  () -> redissonMap.get(key()))),
          new Operation(
              "Map.fastPut",
              calls(
                  () -> {
                    hotMap.set(key(), "value");
                    return null;
                  },
                  () -> jedis.hset(jedisMap, key(), "value"),
                  () -> redissonMap.fastPut(key(), "value"))),
          new Operation(
              "Counter.increment",
              calls(
                  hotCounter::incrementAndGet,
                  () -> jedis.incr(jedisCounter),
                  redissonCounter::incrementAndGet)),
          new Operation(
              "JCache.get",
              calls(
                  () -> hotCache.get(key()),
                  () -> jedis.hget(jedisCache, key()),
                  () -> redissonCache.get(key()))));
    }

    private static Map<String, Call> calls(Call hot, Call jedis, Call redisson) {
      Map<String, Call> calls = new LinkedHashMap<>();
      calls.put("hot", hot);
      calls.put("jedis", jedis);
      calls.put("redisson", redisson);
      return calls;
    }

    @Override
    public void close() {
      hotProvider.close();
      redissonProvider.close();
      redisson.shutdown(0, 5, TimeUnit.SECONDS);
      jedis.close();
      hot.close();
      server.close();
    }
  }
}
