package org.hotredis.concurrent.locks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.hotredis.testing.Await;

/**
 * Threads for contract tests, as the JSR-166 TCK's {@code newStartedThread} and {@code
 * awaitTermination}: failures in a thread (an assertion, an unexpected exception) fail the test
 * when the fixture closes.
 */
public final class ContractThreads implements AutoCloseable {
  /** How long a test waits for a thread to block or finish before it fails: a hang guard. */
  public static final Duration GUARD = Duration.ofSeconds(30);

  /** Something a thread runs, which may throw. */
  @FunctionalInterface
  public interface Action {
    void run() throws Exception;
  }

  private final List<Thread> threads = new ArrayList<>();
  private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();

  /** Starts a thread running an action; a throwable it throws fails the test. */
  public Thread start(Action action) {
    Thread thread =
        new Thread(
            () -> {
              try {
                action.run();
              } catch (Throwable e) {
                failures.add(e);
              }
            });
    thread.setDaemon(true);
    threads.add(thread);
    thread.start();
    return thread;
  }

  /** Starts a thread running an action that must throw {@link InterruptedException}. */
  public Thread startInterrupted(Action action) {
    return start(
        () -> {
          try {
            action.run();
          } catch (InterruptedException expected) {
            assertThat(Thread.currentThread().isInterrupted()).as("interrupt status").isFalse();
            return;
          }
          throw new AssertionError("expected InterruptedException");
        });
  }

  /** Waits for a thread to finish, failing after the guard time. */
  public void awaitTermination(Thread thread) {
    try {
      thread.join(GUARD.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    assertThat(thread.isAlive()).as("%s still running after %s", thread, GUARD).isFalse();
    rethrow();
  }

  /** Waits until a thread is parked (waiting, with or without a timeout). */
  public static void awaitBlocked(Thread thread) {
    Await.until(
        GUARD,
        () ->
            thread.getState() == Thread.State.WAITING
                || thread.getState() == Thread.State.TIMED_WAITING,
        thread + " to block");
  }

  /** Waits until the lock lists a thread as waiting for it. */
  public static void awaitQueued(OwnedLock lock, Thread thread) {
    Await.until(GUARD, () -> lock.hasQueuedThread(thread), thread + " to wait for " + lock);
  }

  private void rethrow() {
    Throwable failure = failures.poll();
    if (failure != null) {
      AssertionError error = new AssertionError("a test thread failed: " + failure, failure);
      failures.forEach(error::addSuppressed);
      throw error;
    }
  }

  /** Interrupts threads still running, waits for them, and reports any failure. */
  @Override
  public void close() {
    for (Thread thread : threads) {
      if (thread.isAlive()) {
        thread.interrupt();
      }
    }
    for (Thread thread : threads) {
      try {
        thread.join(GUARD.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    rethrow();
  }
}
