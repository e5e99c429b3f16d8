package org.hotredis.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.hotredis.HotClient;
import org.hotredis.Notifications;
import org.hotredis.Toolkit;
import org.hotredis.jcache.configuration.HotCacheConfiguration;
import org.hotredis.jcache.event.EventMessage;
import org.hotredis.testing.RedisServer;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Measures how long a write of one client takes to reach another client's near cache, against a raw
 * pub/sub round trip in the same run: a Jedis {@code PUBLISH} received by a Jedis subscriber on
 * another connection. HOT Redis's side is a {@code put} through one cache manager (its own client)
 * received by a cache with a near cache in another manager (another client, as another JVM has):
 * the time runs from the {@code put} call to the reader's listener, which the reader's subscription
 * calls after it has dropped the near cache's entry, so it bounds the invalidation's arrival from
 * above. The writer pauses before each write.
 */
final class InvalidationLatency {
  private static final int WARMUP = 200;
  private static final int ROUNDS = 2_000;
  private static final long[] ARRIVALS = new long[WARMUP + ROUNDS];
  private static volatile CountDownLatch arrived = new CountDownLatch(0);

  private InvalidationLatency() {}

  static Map<String, WakeUpLatency.Latency> measureAll() throws Exception {
    Map<String, WakeUpLatency.Latency> results = new LinkedHashMap<>();
    try (RedisServer server = RedisServer.start()) {
      results.put("jedis", rawPubSub(server));
      results.put("hot", nearCache(server));
    }
    return results;
  }

  private static WakeUpLatency.Latency rawPubSub(RedisServer server) throws Exception {
    DefaultJedisClientConfig config = DefaultJedisClientConfig.builder().build();
    HostAndPort address = new HostAndPort(server.host(), server.port());
    int total = WARMUP + ROUNDS;
    long[] latencies = new long[total];
    CountDownLatch subscribed = new CountDownLatch(1);
    BinaryJedisPubSub subscriber =
        new BinaryJedisPubSub() {
          private int received;

          @Override
          public void onSubscribe(byte[] channel, int subscribedChannels) {
            subscribed.countDown();
          }

          @Override
          public void onMessage(byte[] channel, byte[] message) {
            latencies[received++] =
                System.nanoTime()
                    - Long.parseLong(
                        new String(message, java.nio.charset.StandardCharsets.US_ASCII));
            if (received == total) {
              unsubscribe();
            }
          }
        };
    try (Jedis listening = new Jedis(address, config);
        Jedis publishing = new Jedis(address, config)) {
      CompletableFuture<Void> loop =
          CompletableFuture.runAsync(
              () ->
                  listening.subscribe(
                      subscriber,
                      "bench:near".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
      subscribed.await(10, TimeUnit.SECONDS);
      for (int i = 0; i < total; i++) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        publishing.publish("bench:near", Long.toString(System.nanoTime()));
      }
      loop.get(1, TimeUnit.MINUTES);
    }
    return latency(latencies);
  }

  private static WakeUpLatency.Latency nearCache(RedisServer server) throws Exception {
    CachingProvider provider =
        Caching.getCachingProvider("org.hotredis.jcache.spi.HotCachingProvider");
    ClassLoader loader = InvalidationLatency.class.getClassLoader();
    CacheManager writing =
        provider.getCacheManager(URI.create(server.uri() + "?clientName=writer"), loader);
    CacheManager reading =
        provider.getCacheManager(URI.create(server.uri() + "?clientName=reader"), loader);
    try {
      Cache<String, String> writer =
          writing.createCache(
              "invalidated",
              new HotCacheConfiguration<String, String>().setTypes(String.class, String.class));
      Cache<String, String> reader =
          reading.createCache(
              "invalidated",
              new HotCacheConfiguration<String, String>()
                  .setTypes(String.class, String.class)
                  .setNearCacheMaxEntries(100));
      // A second listener on the channel the reader's handle subscribed: the client's one
      // subscription thread calls it right after the handle's, which has dropped the entry.
      Notifications.Subscription arrivals =
          Toolkit.of(reader.unwrap(HotClient.class))
              .notifications()
              .subscribe(
                  "{jcache:invalidated}:events".getBytes(StandardCharsets.UTF_8),
                  InvalidationLatency::arrived);
      int total = WARMUP + ROUNDS;
      for (int i = 0; i < total; i++) {
        writer.put("k", "x");
        reader.get("k"); // the near cache keeps the entry the next write invalidates
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        arrived = new CountDownLatch(1);
        writer.put("k", i + "@" + System.nanoTime());
        if (!arrived.await(10, TimeUnit.SECONDS)) {
          throw new IllegalStateException("no invalidation arrived for write " + i);
        }
      }
      arrivals.close();
      return latency(ARRIVALS.clone());
    } finally {
      reading.close();
      writing.close();
      provider.close();
    }
  }

  /** The report's section: both libraries' latencies. */
  static String section(Map<String, WakeUpLatency.Latency> latencies) {
    StringBuilder out =
        new StringBuilder("\n## Near cache: how soon another client's write arrives\n\n");
    out.append(
        "A writer pauses 1 ms, then writes; the latency runs from the write's call to its arrival"
            + " at another client (2,000 writes after 200 of warm-up). Raw Jedis is a PUBLISH"
            + " received by a subscriber on another connection: the floor of any invalidation"
            + " over pub/sub. HOT Redis is a JCache `put` through one client arriving at a cache"
            + " with a near cache on another, measured on the reader's subscription thread right"
            + " after the near cache has dropped the entry.\n\n");
    out.append("| library | p50 µs | p99 µs | mean µs |\n|---|---:|---:|---:|\n");
    for (Map.Entry<String, WakeUpLatency.Latency> e : latencies.entrySet()) {
      out.append(
          String.format(
              java.util.Locale.ROOT,
              "| %s | %.0f | %.0f | %.0f |%n",
              e.getKey().equals("hot") ? "HOT Redis (put → near cache)" : "raw Jedis (PUBLISH)",
              e.getValue().p50(),
              e.getValue().p99(),
              e.getValue().mean()));
    }
    return out.toString();
  }

  private static WakeUpLatency.Latency latency(long[] latencies) {
    long[] measured = Arrays.copyOfRange(latencies, WARMUP, latencies.length);
    Arrays.sort(measured);
    double mean = Arrays.stream(measured).average().orElse(0) / 1_000.0;
    return new WakeUpLatency.Latency(
        measured[measured.length / 2] / 1_000.0,
        measured[(int) (measured.length * 0.99)] / 1_000.0,
        mean);
  }

  /** Records the arrival of a timed write's message (its value is {@code <round>@<nanos>}). */
  private static void arrived(byte[] message) {
    long now = System.nanoTime();
    EventMessage parsed = EventMessage.parse(message);
    byte[] value = parsed == null ? null : parsed.value();
    if (value == null) {
      return;
    }
    String text = new String(value, StandardCharsets.UTF_8);
    int at = text.indexOf('@');
    if (at > 0) {
      ARRIVALS[Integer.parseInt(text.substring(0, at))] =
          now - Long.parseLong(text.substring(at + 1));
      arrived.countDown();
    }
  }
}
