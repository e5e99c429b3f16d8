package org.hotredis.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.hotredis.HotClient;
import org.hotredis.concurrent.locks.HotReentrantLock;
import org.hotredis.testing.JvmProcess;
import org.hotredis.testing.RedisServer;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * Contended lock hand-off latency: 2 JVMs × 4 threads take one lock in turn. A holder writes the
 * time (microseconds since the epoch, a clock both JVMs share) just before it unlocks; the next
 * holder, from another thread, takes the time as soon as its {@code lock()} returns. The difference
 * is the hand-off: the unlock, the wake-up of a waiter, and its acquisition.
 *
 * <p>The raw Jedis floor is the fastest hand-off Redis itself offers: one token in a list, taken
 * with {@code BLPOP} and put back with {@code RPUSH}, so the server wakes exactly one blocked
 * waiter. It has no owner and no lease (a holder that dies keeps the token for good): a lower
 * bound, not a lock to use.
 */
final class LockHandOff {
  private static final int ROUNDS_PER_THREAD = 250;
  private static final String TOKEN_LIST = "handoff:lock:jedis";

  private LockHandOff() {}

  /** The hand-off latencies, in microseconds. */
  record Latency(double p50, double p99, double mean, int handOffs) {}

  static Map<String, Latency> measureAll() throws Exception {
    Map<String, Latency> results = new LinkedHashMap<>();
    try (RedisServer server = RedisServer.start()) {
      for (String library : List.of("jedis", "hot", "redisson")) {
        results.put(library, measure(server, library));
      }
    }
    return results;
  }

  private static Latency measure(RedisServer server, String library) throws Exception {
    if (library.equals("jedis")) {
      try (UnifiedJedis jedis = RedisClient.create(new HostAndPort(server.host(), server.port()))) {
        jedis.del(TOKEN_LIST);
        jedis.rpush(TOKEN_LIST, "token");
      }
    }
    List<Path> outputs = new ArrayList<>();
    List<JvmProcess> children = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        Path out = Files.createTempFile("handoff-", ".txt");
        outputs.add(out);
        children.add(
            JvmProcess.builder(LockHandOff.class)
                .args(server.uri(), library, out.toString())
                .start());
      }
      for (JvmProcess child : children) {
        int exit = child.waitFor(Duration.ofMinutes(5));
        if (exit != 0) {
          throw new IllegalStateException("hand-off child failed:\n" + child.output());
        }
      }
      List<Long> latencies = new ArrayList<>();
      for (Path out : outputs) {
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
          if (!line.isBlank()) {
            latencies.add(Long.parseLong(line.trim()));
          }
        }
      }
      latencies.sort(null);
      double mean = latencies.stream().mapToLong(Long::longValue).average().orElse(0);
      return new Latency(
          latencies.get(latencies.size() / 2),
          latencies.get((int) (latencies.size() * 0.99)),
          mean,
          latencies.size());
    } finally {
      children.forEach(JvmProcess::close);
      for (Path out : outputs) {
        Files.deleteIfExists(out);
      }
    }
  }

  /** Taking and giving back the contended lock, as each library does it. */
  private record Mutex(Runnable lock, Runnable unlock) {}

  private static Mutex mutex(
      String library, HotClient hot, RedissonClient redisson, UnifiedJedis jedis) {
    return switch (library) {
      case "hot" -> of(HotReentrantLock.builder().client(hot).key("handoff:lock:hot").build());
      case "redisson" -> of(redisson.getLock("handoff:lock:redisson"));
      case "jedis" ->
          new Mutex(() -> jedis.blpop(0, TOKEN_LIST), () -> jedis.rpush(TOKEN_LIST, "token"));
      default -> throw new IllegalArgumentException("unknown library: " + library);
    };
  }

  private static Mutex of(Lock lock) {
    return new Mutex(lock::lock, lock::unlock);
  }

  private static long nowMicros() {
    return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
  }

  /**
   * One child JVM: 4 threads take the lock in turn and record the hand-offs they receive.
   *
   * @param args the Redis URI, the library ({@code hot}, {@code jedis} or {@code redisson}), the
   *     output file
   * @throws Exception if the measurement fails
   */
  public static void main(String[] args) throws Exception {
    String uri = args[0];
    String library = args[1];
    Path out = Path.of(args[2]);
    String host = uri.substring(uri.lastIndexOf('/') + 1, uri.lastIndexOf(':'));
    int port = Integer.parseInt(uri.substring(uri.lastIndexOf(':') + 1));
    HotClient hot = HotClient.create(uri);
    Config config = new Config();
    config.useSingleServer().setAddress("redis://" + host + ":" + port);
    RedissonClient redisson = Redisson.create(config);
    UnifiedJedis jedis = RedisClient.create(new HostAndPort(host, port));
    Mutex lock = mutex(library, hot, redisson, jedis);
    String stamp = "handoff:stamp:" + library;
    List<Long> latencies = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      String me = ProcessHandle.current().pid() + "-" + t;
      Thread thread =
          new Thread(
              () -> {
                for (int i = 0; i < ROUNDS_PER_THREAD; i++) {
                  lock.lock().run();
                  try {
                    long acquired = nowMicros();
                    String previous = jedis.get(stamp);
                    if (previous != null && !previous.startsWith(me + "@")) {
                      long released = Long.parseLong(previous.substring(previous.indexOf('@') + 1));
                      synchronized (latencies) {
                        latencies.add(acquired - released);
                      }
                    }
                    jedis.set(stamp, me + "@" + nowMicros());
                  } finally {
                    lock.unlock().run();
                  }
                }
              });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    StringBuilder text = new StringBuilder();
    latencies.forEach(l -> text.append(l).append('\n'));
    try {
      Files.writeString(out, text.toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    jedis.close();
    redisson.shutdown(0, 5, TimeUnit.SECONDS); // no 2 s quiet period per run
    hot.close();
    System.exit(0);
  }
}
