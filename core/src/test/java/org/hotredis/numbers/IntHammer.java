package org.hotredis.numbers;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.hotredis.HotClient;

/**
 * A child JVM for {@link HotIntTest}: threads that update one {@link HotInt} concurrently.
 *
 * <p>Arguments: the Redis URI, the key, the number of threads, then per thread the number of {@code
 * incrementAndGet}, {@code addAndGet(3)} and {@code multiplyAndGet(1)} calls, interleaved. Prints
 * {@code done} and exits 0, or prints the failure and exits 1.
 */
final class IntHammer {
  private IntHammer() {}

  public static void main(String[] args) throws InterruptedException {
    String uri = args[0];
    String key = args[1];
    int threads = Integer.parseInt(args[2]);
    int increments = Integer.parseInt(args[3]);
    int additions = Integer.parseInt(args[4]);
    int multiplications = Integer.parseInt(args[5]);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    try (HotClient client = HotClient.create(uri)) {
      HotInt counter = HotInt.builder().client(client).key(key).build();
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Thread worker =
            new Thread(
                () -> {
                  try {
                    start.await();
                    for (int i = 0; i < increments; i++) {
                      counter.incrementAndGet();
                      if (i < additions) {
                        counter.addAndGet(3);
                      }
                      if (i < multiplications) {
                        counter.multiplyAndGet(1);
                      }
                    }
                  } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                  }
                });
        worker.start();
        workers.add(worker);
      }
      start.countDown();
      for (Thread worker : workers) {
        worker.join();
      }
    }
    Throwable failed = failure.get();
    if (failed != null) {
      failed.printStackTrace(System.out);
      System.exit(1);
    }
    System.out.println("done");
  }
}
