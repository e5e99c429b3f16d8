package org.hotredis.concurrent.locks;

import java.time.Duration;
import org.hotredis.HotClient;

/**
 * A child JVM for {@link SemaphoreWaitersTest}: threads that wait for a permit of a one-permit
 * semaphore until the JVM is killed.
 *
 * <p>Arguments: the Redis URI, the semaphore key, the number of threads and the lease in ms.
 */
final class SemaphoreWaiter {
  private SemaphoreWaiter() {}

  public static void main(String[] args) throws InterruptedException {
    HotClient client = HotClient.create(args[0]);
    HotSemaphore semaphore =
        HotSemaphore.builder(1)
            .client(client)
            .key(args[1])
            .lease(Duration.ofMillis(Long.parseLong(args[3])))
            .build();
    Thread[] threads = new Thread[Integer.parseInt(args[2])];
    for (int i = 0; i < threads.length; i++) {
      threads[i] = new Thread(semaphore::acquireUninterruptibly);
      threads[i].start();
    }
    System.out.println("waiting");
    for (Thread thread : threads) {
      thread.join();
    }
  }
}
