package org.hotredis.concurrent.queues;

import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.hotredis.HotClient;
import org.hotredis.HotRedisException;

/**
 * The heartbeats of this process's reliable consumers: one per client and queue key, renewed on the
 * client's scheduler every third of the visibility timeout, which also puts back the elements of
 * consumers whose heartbeat expired. A client's heartbeats stop when it closes.
 */
final class Heartbeats {
  private static final System.Logger LOG = System.getLogger(Heartbeats.class.getName());
  private static final Map<HotClient, Map<String, CompletableFuture<Void>>> REGISTERED =
      Collections.synchronizedMap(new WeakHashMap<>());

  private Heartbeats() {}

  /**
   * Registers this queue's client as a reliable consumer and starts its heartbeat, once per client
   * and key; waits until the registration is in Redis. Three round trips the first time (the
   * registration, and a check for elements abandoned by dead consumers), none afterwards.
   */
  static void ensureRegistered(AbstractHotQueue<?> queue) {
    HotClient client = queue.client();
    CompletableFuture<Void> registration;
    boolean mine = false;
    synchronized (REGISTERED) {
      Map<String, CompletableFuture<Void>> queues =
          REGISTERED.computeIfAbsent(client, c -> new HashMap<>());
      registration = queues.get(queue.key());
      if (registration == null || registration.isCompletedExceptionally()) {
        registration = new CompletableFuture<>();
        queues.put(queue.key(), registration);
        mine = true;
      }
    }
    if (mine) {
      try {
        queue.renewHeartbeat();
        queue.requeueAbandoned();
        long period = Math.max(1, queue.visibilityTimeout().toMillis() / 3);
        var unused =
            client
                .scheduler()
                .scheduleAtFixedRate(() -> beat(queue), period, period, TimeUnit.MILLISECONDS);
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
      throw new HotRedisException("interrupted while registering a consumer of " + queue.key(), e);
    } catch (ExecutionException e) {
      throw new HotRedisException(
          "registering a consumer of " + queue.key() + " failed", e.getCause());
    }
  }

  private static void beat(AbstractHotQueue<?> queue) {
    if (queue.client().isClosed()) {
      return;
    }
    try {
      queue.renewHeartbeat();
      queue.requeueAbandoned();
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "heartbeat of a consumer of " + queue.key() + " failed", e);
    }
  }
}
