package org.hotredis.examples;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hotredis.HotClient;
import org.hotredis.concurrent.HotConcurrency;
import org.hotredis.concurrent.queues.Delivery;
import org.hotredis.concurrent.queues.HotQueue;

/**
 * {@link HotQueue}: a {@code BlockingQueue} in a Redis list, here between a producer and a consumer
 * that could run in two processes (they use two clients). The queue's capacity lives in Redis, so
 * the producer's {@code put} waits while the queue is full; the consumer takes reliably: an element
 * stays in its pending list until acknowledged, and returns to the queue if the consumer dies
 * first.
 *
 * <p>Run: {@code mvn -q -pl examples compile exec:java
 * -Dexec.mainClass=org.hotredis.examples.QueueExample -Dexec.args=redis://localhost:6379}
 */
public final class QueueExample {
  private static final String DONE = "done";

  private QueueExample() {}

  /**
   * Runs the example.
   *
   * @param args an optional Redis URI
   * @throws Exception if the producer or the consumer fails
   */
  public static void main(String[] args) throws Exception {
    run(Examples.redisUri(args), System.out);
  }

  static void run(String redisUri, PrintStream out)
      throws InterruptedException, ExecutionException {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try (HotClient producerClient = HotClient.create(redisUri);
        HotClient consumerClient = HotClient.create(redisUri)) {
      HotQueue<String> jobs =
          HotQueue.builder(String.class)
              .client(producerClient)
              .key("example:jobs")
              .capacity(2) // stored in Redis: every producer in every process respects it
              .initial(List.of())
              .build();
      HotQueue<String> sameJobs =
          HotConcurrency.on(consumerClient).queue("example:jobs", String.class);

      Future<Integer> producer =
          threads.submit(
              () -> {
                for (int i = 1; i <= 5; i++) {
                  jobs.put("job-" + i); // waits while 2 jobs are queued
                }
                jobs.put(DONE);
                return 5;
              });
      Future<List<String>> consumer =
          threads.submit(
              () -> {
                List<String> done = new ArrayList<>();
                while (true) {
                  Delivery<String> delivery = sameJobs.takeReliably(); // waits while empty
                  String job = delivery.element();
                  delivery.acknowledge(); // now it is gone for good
                  if (job.equals(DONE)) {
                    return done;
                  }
                  done.add(job);
                }
              });
      out.println(
          "produced: " + producer.get() + " jobs into a queue of capacity " + jobs.capacity());
      out.println("consumed in order: " + consumer.get());
      out.println("left in the queue: " + jobs.size());
      jobs.delete();
    } finally {
      threads.shutdownNow();
    }
  }
}
