package org.hotredis;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotredis.shaded.redis.clients.jedis.BinaryJedisPubSub;
import org.hotredis.shaded.redis.clients.jedis.Connection;
import org.jspecify.annotations.Nullable;

/**
 * One pub/sub subscription per {@link HotClient}, shared by everything in the process that waits
 * for a notification: lock and semaphore waiters, queue producers waiting for space, cache
 * listeners. However many threads wait, the client holds one subscribed connection.
 *
 * <p>{@link #subscribe} returns once Redis has confirmed the subscription, so a message published
 * after it returns is delivered. Listeners run on the subscription's own thread and must return
 * quickly (wake a waiting thread, hand work to an executor). If the connection breaks, the
 * subscription calls every listener's {@link Listener#onDisconnect()}, reconnects with back-off,
 * subscribes again, and calls every listener's {@link Listener#onReconnect()}: messages sent while
 * it was down are lost, so a listener re-checks the state it waits for. The subscription pings its
 * connection every few seconds, so an idle subscription stays connected and a server that stopped
 * answering is noticed within seconds.
 *
 * <p>For HOT Redis's modules and new types; applications use the types' own methods.
 */
public final class Notifications implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Notifications.class.getName());
  private static final AtomicInteger THREADS = new AtomicInteger();

  /**
   * How often the subscribed connection is pinged. The pings keep an idle subscription's reads
   * returning, and a server that stopped answering is noticed when a read waits {@link #SILENCE}
   * without even a pong: then the subscription reconnects.
   */
  private static final Duration KEEPALIVE = Duration.ofSeconds(5);

  private static final Duration SILENCE = KEEPALIVE.multipliedBy(3);

  /** Receives the messages of one channel. */
  public interface Listener {
    /**
     * Handles a message; runs on the subscription thread, so it must return quickly.
     *
     * @param message the message published on the channel
     */
    void onMessage(byte[] message);

    /**
     * Tells the listener that the subscription's connection was lost: until {@link #onReconnect()},
     * messages published are not delivered. Runs on the subscription thread, before it reconnects.
     */
    default void onDisconnect() {}

    /**
     * Tells the listener that the subscription was down and messages may have been missed. Runs on
     * the subscription thread.
     */
    default void onReconnect() {}
  }

  /** A registration that {@link #close()} removes. */
  public interface Subscription extends AutoCloseable {
    /** Stops delivering messages to this listener; the last one of a channel unsubscribes it. */
    @Override
    void close();
  }

  private final HotClient client;
  private final Duration timeout;
  private final byte[] anchor;
  private final Object lock = new Object();
  private final Map<String, List<Listener>> listeners = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Void>> confirmations = new ConcurrentHashMap<>();
  private @Nullable PubSub pubSub;
  private @Nullable Thread thread;
  private @Nullable ScheduledFuture<?> keepAlive;
  private volatile boolean closed;

  Notifications(HotClient client, Duration timeout) {
    this.client = client;
    this.timeout = timeout;
    this.anchor = ("hotredis:notifications:" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Delivers the messages published on a channel to a listener, from the moment this method
   * returns. The first listener of a channel subscribes it ({@code SUBSCRIBE}, confirmed before
   * this returns); later ones share that subscription.
   *
   * @param channel the channel
   * @param listener the listener
   * @return the registration; close it to stop listening
   * @throws HotConnectionException if Redis does not confirm the subscription within the socket
   *     timeout
   */
  public Subscription subscribe(byte[] channel, Listener listener) {
    requireNonNull(channel, "channel");
    requireNonNull(listener, "listener");
    String name = new String(channel, StandardCharsets.ISO_8859_1);
    CompletableFuture<Void> confirmed;
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException(client + " is closed");
      }
      List<Listener> forChannel = listeners.get(name);
      if (forChannel != null) {
        forChannel.add(listener);
        confirmed = confirmations.getOrDefault(name, CompletableFuture.completedFuture(null));
      } else {
        forChannel = new CopyOnWriteArrayList<>();
        forChannel.add(listener);
        listeners.put(name, forChannel);
        confirmed = new CompletableFuture<>();
        confirmations.put(name, confirmed);
        start();
        PubSub active = pubSub;
        if (active != null && active.isSubscribed()) {
          active.subscribe(channel);
        }
      }
    }
    Subscription subscription = () -> unsubscribe(name, listener);
    try {
      confirmed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return subscription;
    } catch (TimeoutException | ExecutionException e) {
      subscription.close();
      throw new HotConnectionException(
          "Redis at "
              + client.deployment().describe()
              + " did not confirm a subscription within "
              + timeout.toMillis()
              + " ms",
          e);
    } catch (InterruptedException e) {
      subscription.close();
      Thread.currentThread().interrupt();
      throw new HotConnectionException("interrupted while subscribing", e);
    }
  }

  private void unsubscribe(String name, Listener listener) {
    synchronized (lock) {
      List<Listener> forChannel = listeners.get(name);
      if (forChannel == null || !forChannel.remove(listener) || !forChannel.isEmpty()) {
        return;
      }
      listeners.remove(name);
      confirmations.remove(name);
      PubSub active = pubSub;
      if (active != null && active.isSubscribed()) {
        try {
          active.unsubscribe(name.getBytes(StandardCharsets.ISO_8859_1));
        } catch (RuntimeException e) {
          LOG.log(Level.DEBUG, "unsubscribe failed; the connection is being replaced", e);
        }
      }
    }
  }

  /** Starts the subscription thread if it is not running. Called with the lock held. */
  private void start() {
    if (thread != null) {
      return;
    }
    keepAlive =
        client
            .scheduler()
            .scheduleWithFixedDelay(
                this::keepAlive,
                KEEPALIVE.toMillis(),
                KEEPALIVE.toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS);
    Thread t = new Thread(this::run, "hot-redis-notifications-" + THREADS.incrementAndGet());
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  /** Pings the subscribed connection, so its reads return even when no message comes. */
  private void keepAlive() {
    synchronized (lock) {
      PubSub active = pubSub;
      if (!closed && active != null && active.isSubscribed()) {
        try {
          active.ping();
        } catch (RuntimeException e) {
          LOG.log(Level.DEBUG, "keep-alive ping failed; the subscription will reconnect", e);
        }
      }
    }
  }

  private void run() {
    long backoff = 50;
    boolean reconnect = false;
    while (!closed) {
      try (Connection connection = client.deployment().dedicatedForBlocking(-1, SILENCE)) {
        byte[][] channels;
        PubSub current;
        synchronized (lock) {
          if (closed) {
            return;
          }
          List<byte[]> names = new ArrayList<>();
          names.add(anchor);
          for (String name : listeners.keySet()) {
            names.add(name.getBytes(StandardCharsets.ISO_8859_1));
          }
          channels = names.toArray(new byte[0][]);
          current = new PubSub(reconnect, channels.length);
          pubSub = current;
        }
        current.proceed(connection, channels);
        backoff = 50;
      } catch (RuntimeException e) {
        if (closed) {
          return;
        }
        LOG.log(
            Level.DEBUG,
            "subscription to " + client.deployment().describe() + " lost; reconnecting",
            e);
      }
      if (closed) {
        return;
      }
      disconnected();
      reconnect = true;
      try {
        Thread.sleep(backoff);
      } catch (InterruptedException e) {
        return;
      }
      backoff = Math.min(2000, backoff * 2);
    }
  }

  /** Tells every listener that the connection was lost. */
  private void disconnected() {
    for (List<Listener> forChannel : listeners.values()) {
      for (Listener listener : forChannel) {
        try {
          listener.onDisconnect();
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "a notification listener failed on disconnect", e);
        }
      }
    }
  }

  /** Closes the subscription connection; listeners receive nothing more. */
  @Override
  public void close() {
    Thread t;
    synchronized (lock) {
      closed = true;
      t = thread;
      if (keepAlive != null) {
        keepAlive.cancel(false);
      }
      PubSub active = pubSub;
      if (active != null && active.isSubscribed()) {
        try {
          active.unsubscribe();
        } catch (RuntimeException e) {
          LOG.log(Level.DEBUG, "unsubscribe on close failed", e);
        }
      }
      listeners.clear();
      confirmations.values().forEach(f -> f.cancel(false));
      confirmations.clear();
    }
    if (t != null) {
      t.interrupt();
    }
  }

  /**
   * The Jedis subscriber of one connection: confirms subscriptions, subscribes the channels added
   * while it was connecting, tells listeners about a reconnection once every channel is subscribed
   * again, and dispatches messages.
   */
  private final class PubSub extends BinaryJedisPubSub {
    private final boolean reconnect;
    private final int initialChannels;
    private boolean ready;

    PubSub(boolean reconnect, int initialChannels) {
      this.reconnect = reconnect;
      this.initialChannels = initialChannels;
    }

    @Override
    public void onSubscribe(byte[] channel, int subscribedChannels) {
      if (!ready && Arrays.equals(channel, anchor)) {
        synchronized (lock) {
          List<byte[]> missed = new ArrayList<>();
          for (String name : listeners.keySet()) {
            CompletableFuture<Void> confirmed = confirmations.get(name);
            if (confirmed != null && !confirmed.isDone()) {
              missed.add(name.getBytes(StandardCharsets.ISO_8859_1));
            }
          }
          if (!missed.isEmpty()) {
            subscribe(missed.toArray(new byte[0][]));
          }
        }
      }
      CompletableFuture<Void> confirmed =
          confirmations.get(new String(channel, StandardCharsets.ISO_8859_1));
      if (confirmed != null) {
        confirmed.complete(null);
      }
      if (!ready && subscribedChannels >= initialChannels) {
        ready = true;
        if (reconnect) {
          for (List<Listener> forChannel : listeners.values()) {
            for (Listener listener : forChannel) {
              try {
                listener.onReconnect();
              } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a notification listener failed on reconnect", e);
              }
            }
          }
        }
      }
    }

    @Override
    public void onMessage(byte[] channel, byte[] message) {
      List<Listener> forChannel = listeners.get(new String(channel, StandardCharsets.ISO_8859_1));
      if (forChannel == null) {
        return;
      }
      for (Listener listener : forChannel) {
        try {
          listener.onMessage(message);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "a notification listener failed", e);
        }
      }
    }
  }
}
