package org.hotredis.concurrent.queues;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.hotredis.HotClient;
import org.hotredis.testing.Await;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisServer;

/** What the queue tests share: the four kinds of queue, and threads whose failures are reported. */
final class QueueFixture {
  /** How long a test waits for a thread to block or finish before it fails: a hang guard. */
  static final Duration GUARD = Duration.ofSeconds(30);

  private QueueFixture() {}

  /** The four queue types. */
  enum Kind {
    FIFO,
    LIFO,
    SET,
    LIFO_SET;

    boolean lifo() {
      return this == LIFO || this == LIFO_SET;
    }

    boolean unique() {
      return this == SET || this == LIFO_SET;
    }

    /** Returns a builder of queues of this kind, of integers. */
    AbstractHotQueue.QueueBuilder<Integer, ?, ?> builder() {
      return switch (this) {
        case FIFO -> HotQueue.builder(Integer.class);
        case LIFO -> HotLifoQueue.builder(Integer.class);
        case SET -> HotSetQueue.builder(Integer.class);
        case LIFO_SET -> HotLifoSetQueue.builder(Integer.class);
      };
    }

    /** Builds a queue of this kind; a capacity of 0 means unbounded. */
    AbstractHotQueue<Integer> build(HotClient client, String key, int capacity) {
      AbstractHotQueue.QueueBuilder<Integer, ?, ?> builder = builder();
      builder.client(client).key(key);
      if (capacity > 0) {
        builder.capacity(capacity);
      }
      return builder.build();
    }

    /** Returns the order in which elements put as 0, 1, ..., n-1 are taken. */
    List<Integer> takeOrder(int n) {
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        order.add(i);
      }
      if (lifo()) {
        Collections.reverse(order);
      }
      return order;
    }
  }

  /** A queue of this kind at {@code key} holding 0 .. n-1, bounded at n (full). */
  static BlockingQueue<Integer> populated(Kind kind, HotClient client, String key, int n) {
    BlockingQueue<Integer> q = kind.build(client, key, n);
    for (int i = 0; i < n; i++) {
      assertThat(q.offer(i)).isTrue();
    }
    assertThat(q.remainingCapacity()).isZero();
    return q;
  }

  /** Code a test thread runs, which may throw. */
  interface Body {
    void run() throws Exception;
  }

  /** A started thread that records what it threw. */
  static final class Checked {
    final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    Checked(String name, Body body) {
      this.thread =
          new Thread(
              () -> {
                try {
                  body.run();
                } catch (Throwable t) {
                  failure.set(t);
                }
              },
              name);
      thread.setDaemon(true);
      thread.start();
    }

    /** Waits until the thread is in a state (it blocks there). */
    Checked awaitState(Thread.State state) {
      Await.until(
          GUARD,
          () -> {
            Throwable t = failure.get();
            if (t != null) {
              throw new AssertionError(thread.getName() + " failed", t);
            }
            return thread.getState() == state;
          },
          thread.getName() + " to be " + state);
      return this;
    }

    /** Waits for the thread to end, and rethrows what it threw. */
    void join() throws InterruptedException {
      thread.join(GUARD.toMillis());
      assertThat(thread.isAlive()).as(thread.getName() + " still running").isFalse();
      Throwable t = failure.get();
      if (t != null) {
        throw new AssertionError(thread.getName() + " failed", t);
      }
    }
  }

  /**
   * Waits until the node serving {@code key} lists at least {@code n} clients blocked in a command,
   * such as {@code blpop} ({@code CLIENT LIST} flag {@code b}).
   */
  static void awaitBlockedClients(RedisDeployment redis, String key, String command, int n) {
    RedisServer node = redis.serving(key);
    Await.until(
        GUARD,
        () -> {
          String clients = String.valueOf(node.execute("CLIENT", "LIST"));
          return clients
                  .lines()
                  .filter(l -> l.contains(" flags=b ") && l.contains(" cmd=" + command + " "))
                  .count()
              >= n;
        },
        n + " clients blocked in " + command);
  }

  static Checked start(String name, Body body) {
    return new Checked(name, body);
  }
}
