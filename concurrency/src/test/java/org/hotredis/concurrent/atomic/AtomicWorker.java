package org.hotredis.concurrent.atomic;

import org.hotredis.HotClient;

/**
 * A child JVM for {@link HotAtomicReferenceTest}: threads that each add 1 to an integer reference a
 * number of times with {@code updateAndGet}.
 *
 * <p>Arguments: the Redis URI, the key, the number of threads and the rounds per thread.
 */
final class AtomicWorker {
  private AtomicWorker() {}

  public static void main(String[] args) throws InterruptedException {
    try (HotClient client = HotClient.create(args[0])) {
      HotAtomicReference<Integer> ref =
          HotAtomicReference.builder(Integer.class).client(client).key(args[1]).build();
      int rounds = Integer.parseInt(args[3]);
      Thread[] threads = new Thread[Integer.parseInt(args[2])];
      for (int i = 0; i < threads.length; i++) {
        threads[i] =
            new Thread(
                () -> {
                  for (int r = 0; r < rounds; r++) {
                    ref.updateAndGet(v -> v == null ? 1 : v + 1);
                  }
                });
        threads[i].start();
      }
      for (Thread thread : threads) {
        thread.join();
      }
      System.out.println("done");
    }
  }
}
