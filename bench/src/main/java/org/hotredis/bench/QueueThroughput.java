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
 * take}, through each library's blocking queue on one private redis-server, in {@value #PASSES}
 * passes the libraries take turns at. A pass's rate runs from its first put to its last take; a
 * library's rate is the median of its passes, after a warm-up pass a tenth as long.
 */
final class QueueThroughput {
  static final int PRODUCERS = 2;
  static final int CONSUMERS = 2;
  static final int PER_PRODUCER = 10_000;
  static final int PASSES = 5;

  private QueueThroughput() {}

  /**
   * Measures every library.
   *
   * @return elements per second by library
   */
  static Map<String, Double> measureAll() throws Exception {
    Map<String, List<Double>> passes = new LinkedHashMap<>();
    try (QueueChannels queues = QueueChannels.start()) {
      List<Map.Entry<String, Channel>> channels =
          new ArrayList<>(queues.channels("flow:").entrySet());
      for (Map.Entry<String, Channel> e : channels) {
        measure(e.getValue(), PER_PRODUCER / 10);
        passes.put(e.getKey(), new ArrayList<>());
      }
      // the libraries take turns, so that all three run under the same conditions
      for (int pass = 0; pass < PASSES; pass++) {
        for (int i = 0; i < channels.size(); i++) {
          Map.Entry<String, Channel> e = channels.get((i + pass) % channels.size());
          passes
              .computeIfAbsent(e.getKey(), k -> new ArrayList<>())
              .add(measure(e.getValue(), PER_PRODUCER / PASSES));
        }
      }
    }
    Map<String, Double> results = new LinkedHashMap<>();
    passes.forEach(
        (library, rates) -> {
          rates.sort(null);
          results.put(library, rates.get(rates.size() / 2));
        });
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
