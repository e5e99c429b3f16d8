package org.hotredis.concurrent.queues;

import org.hotredis.HotClient;

/**
 * A child JVM for {@link QueueProcessTest}: puts {@code p<n>-<i>} for each {@code i} below a count
 * into a {@link HotQueue}, waiting for room when it is full, then prints {@code done} and exits 0,
 * or prints the failure and exits 1.
 *
 * <p>Arguments: the Redis URI, the queue's key, this producer's number, the number of elements.
 */
final class QueueProducer {
  private QueueProducer() {}

  public static void main(String[] args) {
    String uri = args[0];
    String key = args[1];
    String prefix = "p" + args[2] + "-";
    int count = Integer.parseInt(args[3]);
    try (HotClient client = HotClient.create(uri)) {
      HotQueue<String> queue = HotQueue.builder(String.class).client(client).key(key).build();
      for (int i = 0; i < count; i++) {
        queue.put(prefix + i);
      }
    } catch (Throwable e) {
      e.printStackTrace(System.out);
      System.exit(1);
    }
    System.out.println("done");
  }
}
