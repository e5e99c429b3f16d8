package org.hotredis.concurrent.locks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.hotredis.HotClient;
import org.hotredis.testing.Await;

/**
 * A child JVM for {@link HotCountDownLatchTest}.
 *
 * <p>Arguments: the Redis URI, the latch key, the latch's count, the mode ({@code count}: {@code
 * threads} threads each count the latch down {@code rounds} times, then exit; {@code await}: {@code
 * threads} threads wait for the latch, each printing {@code opened} when it opens), the threads and
 * the rounds.
 */
final class LatchWorker {
  private LatchWorker() {}

  public static void main(String[] args) throws InterruptedException {
    try (HotClient client = HotClient.create(args[0])) {
      HotCountDownLatch latch =
          HotCountDownLatch.builder(Integer.parseInt(args[2])).client(client).key(args[1]).build();
      boolean counting = args[3].equals("count");
      int rounds = Integer.parseInt(args[5]);
      Thread[] threads = new Thread[Integer.parseInt(args[4])];
      for (int i = 0; i < threads.length; i++) {
        threads[i] =
            new Thread(
                () -> {
                  if (counting) {
                    for (int r = 0; r < rounds; r++) {
                      latch.countDown();
                    }
                    return;
                  }
                  try {
                    if (latch.await(5, TimeUnit.MINUTES)) {
                      System.out.println("opened");
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
        threads[i].start();
      }
      if (!counting) {
        for (Thread thread : threads) {
          Await.until(
              Duration.ofMinutes(1),
              () ->
                  !thread.isAlive()
                      || thread.getState() == Thread.State.WAITING
                      || thread.getState() == Thread.State.TIMED_WAITING,
              "a waiter to subscribe and park");
        }
      }
      System.out.println("ready");
      for (Thread thread : threads) {
        thread.join();
      }
      System.out.println("done");
    }
  }
}
