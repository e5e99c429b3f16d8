package org.hotredis.collections;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task on several threads released together, for the in-JVM concurrency tests of {@link
 * HotDict}, {@link HotDefaultDict} and {@link HotMultiSet}.
 */
final class Race {
  /** A task that knows which of the racing threads runs it. */
  interface Task<T> {
    T run(int thread) throws Exception;
  }

  private Race() {}

  /**
   * Starts {@code threads} threads, releases them at once, and returns their results in thread
   * order; a task's exception fails the race.
   */
  static <T> List<T> run(int threads, Task<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return task.run(thread);
                }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get(100, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
