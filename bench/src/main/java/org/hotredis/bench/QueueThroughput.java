package org.hotredis.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotredis.bench.QueueChannels.Channel;

/**
 * Producer→consumer throughput: {@value #PRODUCERS} producer threads put {@value #PER_PRODUCER}
 * elements each while {@value #CONSUMERS} consumer threads take them with the blocking {@code
 * take}, through each library's blocking queue on one private redis-server. The rate runs from the
 * first put to the last take, after a warm-up pass of the same shape a tenth as long.
 */
final class QueueThroughput {
  static final int PRODUCERS = 2;
  static final int CONSUMERS = 2;
  static final int PER_PRODUCER = 10_000;

  private QueueThroughput() {}

  /**
   * Measures every library.
   *
   * @return elements per second by library
   */
  static Map<String, Double> measureAll() throws Exception {
    Map<String, Double> results = new LinkedHashMap<>();
    try (QueueChannels queues = QueueChannels.start()) {
      for (Map.Entry<String, Channel> e : queues.channels("flow:").entrySet()) {
        measure(e.getValue(), PER_PRODUCER / 10);
        results.put(e.getKey(), measure(e.getValue(), PER_PRODUCER));
      }
    }
    return results;
  }

  /** Returns the elements per second of one pass. */
  static double measure(Channel channel, int perProducer) throws Exception {
    int total = PRODUCERS * perProducer;
    AtomicInteger toTake = new AtomicInteger(total);
    List<CompletableFuture<Void>> threads = new ArrayList<>();
    long start = System.nanoTime();
    for (int c = 0; c < CONSUMERS; c++) {
      threads.add(
          CompletableFuture.runAsync(
              () -> {
                try {
                  while (toTake.getAndDecrement() > 0) {
                    channel.take();
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  throw new IllegalStateException(e);
                }
              },
              QueueThroughput::daemon));
    }
    for (int p = 0; p < PRODUCERS; p++) {
      threads.add(
          CompletableFuture.runAsync(
              () -> {
                for (int i = 0; i < perProducer; i++) {
                  channel.put("element-" + i);
                }
              },
              QueueThroughput::daemon));
    }
    CompletableFuture.allOf(threads.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
    return total / ((System.nanoTime() - start) / 1e9);
  }

  private static void daemon(Runnable task) {
    Thread thread = new Thread(task, "queue-throughput");
    thread.setDaemon(true);
    thread.start();
  }
}
