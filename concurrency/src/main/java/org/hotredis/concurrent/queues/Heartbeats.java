package org.hotredis.concurrent.queues;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.hotredis.HotClient;
import org.hotredis.HotRedisException;
import org.hotredis.Toolkit;

/**
 * The heartbeats of this process's reliable consumers: one per client and queue key, renewed on the
 * client's scheduler every third of the visibility timeout, which also puts back the elements of
 * consumers whose heartbeat expired. A client's heartbeats stop when it closes.
 */
final class Heartbeats {
  private static final System.Logger LOG = System.getLogger(Heartbeats.class.getName());

  /** A client's registrations by queue key, kept as its {@link Toolkit#state}. */
  private static final class Registered {
    final Map<String, CompletableFuture<Void>> byKey = new HashMap<>(); // guarded by this
  }

  private Heartbeats() {}

  /**
   * Registers a client as a reliable consumer of a queue and starts its heartbeat, once per client
   * and key; waits until the registration is in Redis. The beat runs now, then on the client's
   * scheduler every third of the visibility timeout while the client is open: three round trips the
   * first time (the registration, and a check for elements abandoned by dead consumers), none
   * afterwards.
   *
   * @param client the consumer's client
   * @param key the queue's key
   * @param visibilityTimeout the queue's visibility timeout
   * @param beat renews the consumer's heartbeat and puts back what dead consumers left
   */
  static void ensureRegistered(
      HotClient client, String key, Duration visibilityTimeout, Runnable beat) {
    CompletableFuture<Void> registration;
    boolean mine = false;
    Registered registered = Toolkit.of(client).state(Registered.class, Registered::new);
    synchronized (registered) {
      Map<String, CompletableFuture<Void>> queues = registered.byKey;
      registration = queues.get(key);
      if (registration == null || registration.isCompletedExceptionally()) {
        registration = new CompletableFuture<>();
        queues.put(key, registration);
        mine = true;
      }
    }
    if (mine) {
      try {
        beat.run();
        long period = Math.max(1, visibilityTimeout.toMillis() / 3);
        var unused =
            Toolkit.of(client)
                .scheduler()
                .scheduleAtFixedRate(
                    () -> beat(client, key, beat), period, period, TimeUnit.MILLISECONDS);
        registration.complete(null);
      } catch (RuntimeException e) {
        registration.completeExceptionally(e);
        throw e;
      }
      return;
    }
    try {
      registration.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HotRedisException("interrupted while registering a consumer of " + key, e);
    } catch (ExecutionException e) {
      throw new HotRedisException("registering a consumer of " + key + " failed", e.getCause());
    }
  }

  private static void beat(HotClient client, String key, Runnable beat) {
    if (client.isClosed()) {
      return;
    }
    try {
      beat.run();
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "heartbeat of a consumer of " + key + " failed", e);
    }
  }
}
