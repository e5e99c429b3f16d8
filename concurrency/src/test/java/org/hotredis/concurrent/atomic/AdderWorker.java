package org.hotredis.concurrent.atomic;

import org.hotredis.HotClient;
import org.hotredis.concurrent.locks.ProcessGate;

/**
 * A child JVM for {@link HotLongAdderTest}: after the {@link ProcessGate}, threads that each add to
 * a striped adder a number of times (alternately {@code increment()} and {@code add(2)}).
 *
 * <p>Arguments: the Redis URI, the key, the stripes, the slot groups, the number of threads and the
 * rounds per thread.
 */
final class AdderWorker {
  private AdderWorker() {}

  public static void main(String[] args) throws InterruptedException {
    try (HotClient client = HotClient.create(args[0])) {
      HotLongAdder adder =
          HotLongAdder.builder()
              .stripes(Integer.parseInt(args[2]))
              .slotGroups(Integer.parseInt(args[3]))
              .client(client)
              .key(args[1])
              .build();
      int rounds = Integer.parseInt(args[5]);
      Thread[] threads = new Thread[Integer.parseInt(args[4])];
      for (int i = 0; i < threads.length; i++) {
        threads[i] =
            new Thread(
                () -> {
                  for (int r = 0; r < rounds; r++) {
                    if (r % 2 == 0) {
                      adder.increment();
                    } else {
                      adder.add(2);
                    }
                  }
                });
      }
      ProcessGate.awaitStart(client);
      ProcessGate.runAll(threads);
      System.out.println("done");
    }
  }
}
