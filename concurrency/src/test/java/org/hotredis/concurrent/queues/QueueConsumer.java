package org.hotredis.concurrent.queues;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hotredis.HotClient;
import org.hotredis.collections.HotList;

/**
 * A child JVM for {@link QueueProcessTest}: takes elements from a {@link HotQueue} until it takes
 * {@code STOP}, and records them, in batches, in the list {@code taken:<n>}. In {@code reliable}
 * mode it takes with {@link HotQueue#takeReliably()} and acknowledges each batch after recording
 * it, so that a kill between the two loses nothing (and may record an element twice). It prints
 * {@code consumer-id <client id>} first, and {@code done} at the end (exit 0), or the failure (exit
 * 1).
 *
 * <p>Arguments: the Redis URI, the queue's key, this consumer's number, {@code plain} or {@code
 * reliable}, the visibility timeout in milliseconds.
 */
final class QueueConsumer {
  static final String STOP = "STOP";
  private static final int BATCH = 200;

  private QueueConsumer() {}

  public static void main(String[] args) {
    String uri = args[0];
    String key = args[1];
    String number = args[2];
    boolean reliable = args[3].equals("reliable");
    Duration visibility = Duration.ofMillis(Long.parseLong(args[4]));
    try (HotClient client = HotClient.create(uri)) {
      System.out.println("consumer-id " + client.id());
      HotQueue<String> queue =
          HotQueue.builder(String.class)
              .client(client)
              .key(key)
              .visibilityTimeout(visibility)
              .build();
      HotList<String> taken =
          HotList.builder(String.class).client(client).key("taken:" + number).build();
      List<String> batch = new ArrayList<>();
      List<Delivery<String>> unacknowledged = new ArrayList<>();
      while (true) {
        String element;
        if (reliable) {
          Delivery<String> delivery = queue.takeReliably();
          element = delivery.element();
          unacknowledged.add(delivery);
        } else {
          element = queue.take();
        }
        boolean stop = element.equals(STOP);
        if (!stop) {
          batch.add(element);
        }
        if (stop || batch.size() >= BATCH) {
          taken.addAll(batch);
          batch.clear();
          for (Delivery<String> delivery : unacknowledged) {
            delivery.acknowledge();
          }
          unacknowledged.clear();
        }
        if (stop) {
          break;
        }
      }
    } catch (Throwable e) {
      e.printStackTrace(System.out);
      System.exit(1);
    }
    System.out.println("done");
  }
}
