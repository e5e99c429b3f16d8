package org.hotredis.jcache;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.hotredis.shaded.redis.clients.jedis.Jedis;

/**
 * A child JVM for {@link WriteThroughTest}: opens the write-through cache another JVM created (with
 * {@code createCache} and its own configuration, as every JVM of a deployment may at start-up),
 * then either hammers a few keys from several threads with every kind of write, in rounds, or
 * stalls in its writer while holding a key.
 *
 * <p>Rounds start together in every JVM: each thread waits for a token on the list {@code
 * go:<round>} of the system of record's server ({@code BLPOP}), runs its writes, and counts itself
 * in {@code done:<round>} ({@code INCR}), so that the test can compare the cache with the system of
 * record while no one writes, then start the next round.
 *
 * <p>Arguments: the Redis URI, the system of record's URI, the cache name, the lease ({@code
 * hotredis.jcache.lease}), then {@code hammer <jvm> <threads> <rounds> <writes per round> <keys>}
 * (prints {@code done} and exits 0, or prints the failure and exits 1) or {@code stall <key>} (puts
 * {@link RecordingWriter#STALL}, whose writer prints {@code stalled} and never returns).
 */
final class WriteThroughJvm {
  private WriteThroughJvm() {}

  public static void main(String[] args) throws InterruptedException {
    Properties properties = new Properties();
    properties.setProperty("hotredis.jcache.lease", args[3]);
    CacheManager manager =
        Managers.provider()
            .getCacheManager(
                URI.create(args[0]), WriteThroughJvm.class.getClassLoader(), properties);
    Cache<String, String> cache =
        manager.createCache(args[2], WriteThroughTest.configuration(args[1]));
    if (args[4].equals("stall")) {
      cache.put(args[5], RecordingWriter.STALL);
      return;
    }
    URI records = URI.create(args[1]);
    int jvm = Integer.parseInt(args[5]);
    int threads = Integer.parseInt(args[6]);
    int rounds = Integer.parseInt(args[7]);
    int writes = Integer.parseInt(args[8]);
    int keys = Integer.parseInt(args[9]);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread worker =
          new Thread(
              () -> {
                Random random = new Random(31L * jvm + thread);
                try (Jedis barrier = new Jedis(records.getHost(), records.getPort())) {
                  for (int round = 0; round < rounds; round++) {
                    if (barrier.blpop(120, "go:" + round) == null) {
                      throw new IllegalStateException("round " + round + " never started");
                    }
                    for (int i = 0; i < writes; i++) {
                      write(cache, random, keys, "j" + jvm + "t" + thread + "r" + round + "i" + i);
                    }
                    barrier.incr("done:" + round);
                  }
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                  e.printStackTrace(System.out);
                  System.exit(1);
                }
              });
      workers.add(worker);
      worker.start();
    }
    for (Thread worker : workers) {
      worker.join();
    }
    manager.close();
    if (failure.get() != null) {
      System.exit(1);
    }
    System.out.println("done");
  }

  /** One write-through operation of a random kind on random keys. */
  private static void write(Cache<String, String> cache, Random random, int keys, String value) {
    String key = "k" + random.nextInt(keys);
    String other = "k" + random.nextInt(keys);
    switch (random.nextInt(13)) {
      case 0 -> cache.put(key, value);
      case 1 -> cache.getAndPut(key, value);
      case 2 -> cache.remove(key);
      case 3 -> cache.getAndRemove(key);
      case 4 -> cache.putIfAbsent(key, value);
      case 5 -> cache.replace(key, value);
      case 6 -> cache.getAndReplace(key, value);
      case 7 -> {
        String old = cache.get(key);
        if (old != null) {
          cache.replace(key, old, value);
        }
      }
      case 8 -> {
        String old = cache.get(key);
        if (old != null) {
          cache.remove(key, old);
        }
      }
      case 9 -> {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put(key, value);
        entries.put(other, value);
        cache.putAll(entries);
      }
      case 10 -> {
        Set<String> removed = new LinkedHashSet<>(List.of(key, other));
        cache.removeAll(removed);
      }
      case 11 ->
          cache.invoke(
              key,
              (entry, arguments) -> {
                if (entry.exists() && random.nextBoolean()) {
                  entry.remove();
                } else {
                  entry.setValue(value);
                }
                return null;
              });
      default -> cache.put(key, value);
    }
  }
}
