package org.hotredis.concurrent.locks;

import org.hotredis.HotClient;
import org.hotredis.numbers.HotInt;

/**
 * Lines up the child JVMs of a multi-process test: each prints {@code ready} once connected and
 * waits until the test sets the key {@code start}, so that all of them run at the same time.
 */
public final class ProcessGate {
  private ProcessGate() {}

  /** Prints {@code ready} and waits for the start key. */
  public static void awaitStart(HotClient client) throws InterruptedException {
    System.out.println("ready");
    HotInt start = HotInt.builder().client(client).key("start").build();
    while (start.get() == 0) {
      Thread.sleep(5); // a child JVM's own gate; the test itself never sleeps
    }
  }

  /** Starts the workers and waits for all of them to finish. */
  public static void runAll(Thread... workers) throws InterruptedException {
    for (Thread worker : workers) {
      worker.start();
    }
    for (Thread worker : workers) {
      worker.join();
    }
  }
}
