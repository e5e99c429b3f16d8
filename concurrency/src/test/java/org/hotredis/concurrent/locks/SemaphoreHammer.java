package org.hotredis.concurrent.locks;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.hotredis.HotClient;
import org.hotredis.numbers.HotInt;

/**
 * A child JVM for {@link LockProcessTest}: threads that repeatedly hold a permit of one {@link
 * HotSemaphore} of 3 permits, counting the holders of all processes in the Redis integer {@code
 * holders}.
 *
 * <p>Arguments: the Redis URI, the number of threads, and the acquisitions per thread. A holder
 * that finds more than 3 holders counts a violation in {@code violations}; at the end the JVM
 * raises the integer {@code max-holders} to the most holders it saw at once. Prints {@code done}
 * and exits 0, or prints the failure and exits 1.
 */
final class SemaphoreHammer {
  private SemaphoreHammer() {}

  public static void main(String[] args) throws InterruptedException {
    String uri = args[0];
    int threads = Integer.parseInt(args[1]);
    int acquisitions = Integer.parseInt(args[2]);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicLong most = new AtomicLong();
    try (HotClient client = HotClient.create(uri)) {
      HotSemaphore pool = HotSemaphore.builder(3).client(client).key("pool").build();
      HotInt holders = HotInt.builder().client(client).key("holders").build();
      HotInt violations = HotInt.builder().client(client).key("violations").build();
      Thread[] workers = new Thread[threads];
      for (int t = 0; t < threads; t++) {
        workers[t] =
            new Thread(
                () -> {
                  try {
                    for (int i = 0; i < acquisitions; i++) {
                      pool.acquire();
                      try {
                        long now = holders.incrementAndGet();
                        most.accumulateAndGet(now, Math::max);
                        if (now > 3) {
                          violations.incrementAndGet();
                        }
                        holders.get();
                        holders.decrementAndGet();
                      } finally {
                        pool.release();
                      }
                    }
                  } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                  }
                });
      }
      ProcessGate.awaitStart(client);
      ProcessGate.runAll(workers);
      HotInt.builder()
          .client(client)
          .key("max-holders")
          .build()
          .accumulateAndGet(most.get(), Math::max);
    }
    CounterHammer.exit(failure.get());
  }
}
