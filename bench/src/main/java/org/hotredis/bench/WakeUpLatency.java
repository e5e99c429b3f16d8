package org.hotredis.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.hotredis.bench.QueueChannels.Channel;

/**
 * Measures how long a consumer blocked in {@code take} needs to wake up and return an element after
 * a producer in another thread puts it: HOT Redis's {@code HotQueue}, raw Jedis (RPUSH/BLPOP) and
 * Redisson's {@code RBlockingQueue}, against one private redis-server. The producer pauses before
 * each put so the consumer is waiting; the latency is taken from the producer's call to the
 * consumer's return, on one clock.
 */
final class WakeUpLatency {
  private static final int WARMUP = 200;
  private static final int ROUNDS = 2_000;

  private WakeUpLatency() {}

  /** The latencies, in microseconds. */
  record Latency(double p50, double p99, double mean) {}

  static Map<String, Latency> measureAll() throws Exception {
    Map<String, Latency> results = new LinkedHashMap<>();
    try (QueueChannels queues = QueueChannels.start()) {
      for (Map.Entry<String, Channel> e : queues.channels("wake:").entrySet()) {
        results.put(e.getKey(), measure(e.getValue()));
      }
    }
    return results;
  }

  static Latency measure(Channel channel) throws Exception {
    int total = WARMUP + ROUNDS;
    long[] latencies = new long[total];
    CompletableFuture<Void> consumer =
        CompletableFuture.runAsync(
            () -> {
              try {
                for (int i = 0; i < total; i++) {
                  String element = channel.take();
                  latencies[i] = System.nanoTime() - Long.parseLong(element);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
              }
            });
    for (int i = 0; i < total; i++) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2)); // let the consumer block again
      channel.put(Long.toString(System.nanoTime()));
    }
    consumer.get(5, TimeUnit.MINUTES);
    long[] measured = Arrays.copyOfRange(latencies, WARMUP, total);
    Arrays.sort(measured);
    double mean = Arrays.stream(measured).average().orElse(0) / 1_000.0;
    return new Latency(
        measured[measured.length / 2] / 1_000.0,
        measured[(int) (measured.length * 0.99)] / 1_000.0,
        mean);
  }
}
