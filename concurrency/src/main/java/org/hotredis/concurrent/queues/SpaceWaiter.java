package org.hotredis.concurrent.queues;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.hotredis.BlockingCalls;
import org.hotredis.HotClient;
import org.hotredis.HotConnectionException;
import org.hotredis.Notifications;
import org.hotredis.Toolkit;

/**
 * A producer's wait for room in a bounded queue: a listener on the queue's space channel that
 * counts wake-ups, through the client's one shared subscription.
 *
 * <p>The producer reads {@link #signals()}, tries to add, and if the queue is full waits until the
 * count changes. A wake-up comes from a consumer's message, from a reconnection of the subscription
 * (messages may have been missed), and every {@link BlockingCalls#MAX_WAIT} from the client's
 * scheduler, so that a queue emptied by consumers that do not publish (Python HOT Redis,
 * redis-cli), or a server that stopped answering, is noticed. The waiting thread waits untimed
 * ({@code WAITING}) or until its deadline ({@code TIMED_WAITING}), and answers interrupts.
 */
final class SpaceWaiter implements Notifications.Listener, AutoCloseable {
  private final Notifications.Subscription subscription;
  private final ScheduledFuture<?> tick;
  private long signals; // guarded by this

  private SpaceWaiter(HotClient client, byte[] channel) {
    this.subscription = Toolkit.of(client).notifications().subscribe(channel, this);
    long slice = BlockingCalls.MAX_WAIT.toMillis();
    ScheduledFuture<?> scheduled;
    try {
      scheduled =
          Toolkit.of(client)
              .scheduler()
              .scheduleAtFixedRate(this::wake, slice, slice, TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      subscription.close();
      throw e;
    }
    this.tick = scheduled;
  }

  /**
   * Subscribes to a space channel; returns once Redis confirmed the subscription.
   *
   * @throws InterruptedException if the thread was interrupted while subscribing
   */
  static SpaceWaiter open(HotClient client, byte[] channel) throws InterruptedException {
    try {
      return new SpaceWaiter(client, channel);
    } catch (HotConnectionException e) {
      if (Thread.interrupted()) {
        InterruptedException interrupted =
            new InterruptedException("interrupted while subscribing");
        interrupted.addSuppressed(e);
        throw interrupted;
      }
      throw e;
    }
  }

  synchronized long signals() {
    return signals;
  }

  /** Waits until the count of wake-ups differs from {@code seen}. */
  synchronized void await(long seen) throws InterruptedException {
    while (signals == seen) {
      wait();
    }
  }

  /** Waits until the count of wake-ups differs from {@code seen}, for at most some nanoseconds. */
  synchronized void await(long seen, long nanos) throws InterruptedException {
    long deadline = System.nanoTime() + nanos;
    while (signals == seen) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return;
      }
      TimeUnit.NANOSECONDS.timedWait(this, remaining);
    }
  }

  private synchronized void wake() {
    signals++;
    notifyAll();
  }

  @Override
  public void onMessage(byte[] message) {
    wake();
  }

  @Override
  public void onReconnect() {
    wake();
  }

  @Override
  public void close() {
    tick.cancel(false);
    subscription.close();
  }
}
