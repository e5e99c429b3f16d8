package org.hotredis.concurrent.locks;

import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.hotredis.HotClient;
import org.hotredis.numbers.HotInt;

/**
 * A child JVM for {@link HotCyclicBarrierTest}.
 *
 * <p>Arguments: the Redis URI, the barrier key, its parties, its lease in milliseconds, the mode,
 * the threads and the generations. Mode {@code run}: the threads line up at the {@link
 * ProcessGate}, then each awaits the barrier {@code generations} times; the barrier action
 * increments the plain key {@code trips}, and a thread that passed its k-th generation reads {@code
 * trips} and requires exactly k (the barrier cannot trip again before this thread arrives again),
 * so a generation that tripped twice, not at all, or let a party through early fails; prints {@code
 * done} and exits 0, or prints the failure and exits 1. Mode {@code wait}: the threads each await
 * once, printing {@code passed} or {@code broken}. Mode {@code hang}: as {@code wait}, with a
 * barrier action that prints {@code action} and never returns (the test kills the JVM while it
 * runs).
 */
final class BarrierWorker {
  private BarrierWorker() {}

  public static void main(String[] args) throws InterruptedException {
    String uri = args[0];
    int parties = Integer.parseInt(args[2]);
    Duration lease = Duration.ofMillis(Long.parseLong(args[3]));
    boolean run = args[4].equals("run");
    boolean hang = args[4].equals("hang");
    int generations = Integer.parseInt(args[6]);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    try (HotClient client = HotClient.create(uri)) {
      HotInt trips = HotInt.builder().client(client).key("trips").build();
      HotCyclicBarrier barrier =
          HotCyclicBarrier.builder(parties)
              .client(client)
              .key(args[1])
              .lease(lease)
              .action(hang ? BarrierWorker::hang : () -> trips.incrementAndGet())
              .build();
      Thread[] workers = new Thread[Integer.parseInt(args[5])];
      for (int t = 0; t < workers.length; t++) {
        workers[t] =
            new Thread(
                () -> {
                  try {
                    if (!run) {
                      barrier.await(5, TimeUnit.MINUTES);
                      System.out.println("passed");
                      return;
                    }
                    for (int g = 1; g <= generations; g++) {
                      barrier.await(5, TimeUnit.MINUTES);
                      long seen = trips.get();
                      if (seen != g) {
                        throw new AssertionError(
                            "after passing generation " + g + " the barrier had tripped " + seen);
                      }
                    }
                  } catch (BrokenBarrierException e) {
                    if (run) {
                      failure.compareAndSet(null, e);
                    } else {
                      System.out.println("broken");
                    }
                  } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                  }
                });
      }
      if (run) {
        ProcessGate.awaitStart(client);
      }
      ProcessGate.runAll(workers);
    }
    Throwable failed = failure.get();
    if (failed != null) {
      failed.printStackTrace(System.out);
      System.exit(1);
    }
    System.out.println("done");
  }

  /** A barrier action that never returns. */
  private static void hang() {
    System.out.println("action");
    CountDownLatch never = new CountDownLatch(1);
    while (true) {
      try {
        never.await();
      } catch (InterruptedException e) {
        // keep hanging: only the kill ends it
      }
    }
  }
}
