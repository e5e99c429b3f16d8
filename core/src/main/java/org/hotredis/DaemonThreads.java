package org.hotredis;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The daemon threads a client starts, named after what they do and the client's id. */
final class DaemonThreads {
  private static final AtomicInteger NUMBERS = new AtomicInteger();

  private DaemonThreads() {}

  /**
   * Returns a factory of daemon threads named {@code <prefix>-<first 8 characters of the client's
   * id>-<number>}.
   */
  static ThreadFactory named(String prefix, String clientId) {
    String name = prefix + "-" + clientId.substring(0, 8) + "-";
    return task -> {
      Thread thread = new Thread(task, name + NUMBERS.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * Returns a pool that starts a thread for every task no idle thread takes, and ends threads idle
   * for a while: for work that waits (connecting, blocking commands), never queued behind other
   * work.
   */
  static ThreadPoolExecutor elastic(String prefix, String clientId, long idleSeconds) {
    return new ThreadPoolExecutor(
        0,
        Integer.MAX_VALUE,
        idleSeconds,
        TimeUnit.SECONDS,
        new SynchronousQueue<>(),
        named(prefix, clientId));
  }
}
