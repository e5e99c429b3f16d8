package org.hotredis.jcache.event;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.EventType;
import org.jspecify.annotations.Nullable;

/**
 * The listeners of one cache handle, and the delivery of events to them.
 *
 * <p>Events of this JVM's operations come from each operation's outcome: synchronous listeners
 * receive them on the calling thread before the operation returns (an exception a listener throws
 * reaches the caller, wrapped in {@link CacheEntryListenerException} unless it is one or an {@link
 * Error}), asynchronous ones on the handle's event thread. Events published by other JVMs, and
 * expiries found by the sweeper, reach every listener on the event thread, in the order they
 * arrived. Consecutive events of one type go to a listener in one call.
 */
public final class EventDispatcher<K, V> implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(EventDispatcher.class.getName());
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final String name;
  private final List<Registration<K, V>> registrations = new CopyOnWriteArrayList<>();
  private final Object lock = new Object();
  private @Nullable ExecutorService executor; // guarded by lock
  private boolean closed; // guarded by lock

  /**
   * Creates the dispatcher of a cache handle.
   *
   * @param name the cache name, for thread names and messages
   */
  public EventDispatcher(String name) {
    this.name = requireNonNull(name, "name");
  }

  /**
   * Registers a listener, creating it and its filter with the configuration's factories.
   *
   * @param configuration the listener's configuration
   * @throws IllegalArgumentException if the configuration is registered already
   */
  public void register(CacheEntryListenerConfiguration<K, V> configuration) {
    requireNonNull(configuration, "configuration");
    for (Registration<K, V> registration : registrations) {
      if (registration.configuration().equals(configuration)) {
        throw new IllegalArgumentException(
            "listener configuration " + configuration + " is registered already");
      }
    }
    registrations.add(new Registration<>(configuration));
  }

  /**
   * Deregisters a listener and closes it (and its filter) if it is {@link AutoCloseable}.
   *
   * @param configuration the configuration it was registered with
   * @return true if it was registered
   */
  public boolean deregister(CacheEntryListenerConfiguration<K, V> configuration) {
    requireNonNull(configuration, "configuration");
    Registration<K, V> found = null;
    for (Registration<K, V> registration : registrations) {
      if (registration.configuration().equals(configuration)) {
        found = registration;
        break;
      }
    }
    if (found == null || !registrations.remove(found)) {
      return false;
    }
    found.close();
    return true;
  }

  /**
   * Returns the registered configurations.
   *
   * @return the configurations, in registration order
   */
  public List<CacheEntryListenerConfiguration<K, V>> configurations() {
    List<CacheEntryListenerConfiguration<K, V>> configurations = new ArrayList<>();
    for (Registration<K, V> registration : registrations) {
      configurations.add(registration.configuration());
    }
    return configurations;
  }

  /**
   * Returns whether any listener is registered.
   *
   * @return true if events have a receiver
   */
  public boolean hasListeners() {
    return !registrations.isEmpty();
  }

  /**
   * Delivers the events of an operation of this JVM: to synchronous listeners now, on this thread;
   * to asynchronous ones on the event thread.
   *
   * @param events the operation's events, in order
   * @throws CacheEntryListenerException if a synchronous listener failed
   */
  public void dispatch(List<EntryEvent<K, V>> events) {
    if (events.isEmpty() || registrations.isEmpty()) {
      return;
    }
    List<Registration<K, V>> asynchronous = new ArrayList<>();
    for (Registration<K, V> registration : registrations) {
      if (registration.isSynchronous()) {
        deliver(registration, events);
      } else {
        asynchronous.add(registration);
      }
    }
    if (!asynchronous.isEmpty()) {
      List<EntryEvent<K, V>> copy = List.copyOf(events);
      execute(
          () -> {
            for (Registration<K, V> registration : asynchronous) {
              deliver(registration, copy);
            }
          });
    }
  }

  /**
   * Delivers events to every listener now, on this thread (the event thread, in a task given to
   * {@link #execute}); a listener's failure is logged and the others still receive the events.
   *
   * @param events the events, in order
   */
  public void deliverAll(List<EntryEvent<K, V>> events) {
    if (events.isEmpty()) {
      return;
    }
    for (Registration<K, V> registration : registrations) {
      try {
        deliver(registration, events);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "a listener of cache " + name + " failed", e);
      }
    }
  }

  /**
   * Runs a task on the event thread, after the events already queued.
   *
   * @param task the task; its exceptions are logged
   */
  public void execute(Runnable task) {
    requireNonNull(task, "task");
    synchronized (lock) {
      if (closed) {
        return;
      }
      if (executor == null) {
        ThreadPoolExecutor created =
            new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(),
                runnable -> {
                  Thread thread =
                      new Thread(
                          runnable,
                          "hot-redis-jcache-events-" + THREADS.incrementAndGet() + "-" + name);
                  thread.setDaemon(true);
                  return thread;
                });
        executor = created;
      }
      try {
        executor.execute(
            () -> {
              try {
                task.run();
              } catch (RuntimeException | Error e) {
                LOG.log(Level.WARNING, "a listener of cache " + name + " failed", e);
              }
            });
      } catch (RejectedExecutionException e) {
        LOG.log(Level.DEBUG, "cache " + name + " closed while events were queued", e);
      }
    }
  }

  private void deliver(Registration<K, V> registration, List<EntryEvent<K, V>> events) {
    int start = 0;
    while (start < events.size()) {
      EventType type = events.get(start).getEventType();
      int end = start + 1;
      while (end < events.size() && events.get(end).getEventType() == type) {
        end++;
      }
      try {
        registration.deliver(type, events.subList(start, end));
      } catch (CacheEntryListenerException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new CacheEntryListenerException(
            "listener " + registration.configuration() + " of cache " + name + " failed", e);
      }
      start = end;
    }
  }

  /**
   * Stops the event thread after the events already queued (waiting up to 10 s), then closes every
   * listener and filter. Nothing is delivered afterwards.
   */
  @Override
  public void close() {
    ExecutorService running;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      running = executor;
    }
    if (running != null) {
      running.shutdown();
      try {
        if (!running.awaitTermination(10, TimeUnit.SECONDS)) {
          running.shutdownNow();
        }
      } catch (InterruptedException e) {
        running.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
    for (Registration<K, V> registration : registrations) {
      registration.close();
    }
    registrations.clear();
  }
}
