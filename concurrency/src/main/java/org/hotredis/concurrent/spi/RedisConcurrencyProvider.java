package org.hotredis.concurrent.spi;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.function.Supplier;
import org.hotredis.HotClient;
import org.hotredis.HotRedis;
import org.hotredis.concurrent.atomic.HotAtomicReference;
import org.hotredis.concurrent.atomic.HotLongAdder;
import org.hotredis.concurrent.atomic.SharedReference;
import org.hotredis.concurrent.limits.HotRateLimiter;
import org.hotredis.concurrent.limits.RateSettings;
import org.hotredis.concurrent.limits.SharedRateLimiter;
import org.hotredis.concurrent.locks.HotBoundedSemaphore;
import org.hotredis.concurrent.locks.HotCountDownLatch;
import org.hotredis.concurrent.locks.HotCyclicBarrier;
import org.hotredis.concurrent.locks.HotLock;
import org.hotredis.concurrent.locks.HotReadWriteLock;
import org.hotredis.concurrent.locks.HotReentrantLock;
import org.hotredis.concurrent.locks.HotSemaphore;
import org.hotredis.concurrent.locks.LeaseBuilder;
import org.hotredis.concurrent.locks.OwnedLock;
import org.hotredis.concurrent.queues.HotLifoQueue;
import org.hotredis.concurrent.queues.HotLifoSetQueue;
import org.hotredis.concurrent.queues.HotQueue;
import org.hotredis.concurrent.queues.HotSetQueue;

/**
 * The distributed {@link ConcurrencyProvider}, named {@code redis}: HOT Redis's locks, semaphores
 * and queues, whose names are their Redis keys, shared by every process that uses the same Redis.
 *
 * <p>Found by {@link java.util.ServiceLoader}, it uses the client for the {@code uri} of the
 * configuration file {@value Concurrency#CONFIGURATION} if it names one, else {@link
 * HotRedis#client()} (configured by {@link HotRedis#configure}, the system property {@code
 * hotredis.uri} or the environment variable {@code HOT_REDIS_URI}). {@link #using} binds a provider
 * to a client of your own.
 */
public final class RedisConcurrencyProvider implements ConcurrencyProvider {
  /** The name configuration selects this provider by. */
  public static final String NAME = "redis";

  private static final Map<String, HotClient> CONFIGURED = new ConcurrentHashMap<>();

  private final Supplier<HotClient> client;
  private final Duration lease;
  private final NamedObjects objects = new NamedObjects();

  /**
   * Creates the provider {@link java.util.ServiceLoader} finds, with the configured client and the
   * default 30-second lease.
   */
  public RedisConcurrencyProvider() {
    this(RedisConcurrencyProvider::configuredClient, LeaseBuilder.DEFAULT_LEASE);
  }

  private RedisConcurrencyProvider(Supplier<HotClient> client, Duration lease) {
    this.client = client;
    this.lease = lease;
  }

  /**
   * Returns a provider whose objects use a client, with the default 30-second lease.
   *
   * @param client the client
   * @return the provider
   */
  public static RedisConcurrencyProvider using(HotClient client) {
    return using(client, LeaseBuilder.DEFAULT_LEASE);
  }

  /**
   * Returns a provider whose objects use a client and a lease.
   *
   * @param client the client
   * @param lease the lease of the locks and semaphore holders, at least 30 ms
   * @return the provider
   */
  public static RedisConcurrencyProvider using(HotClient client, Duration lease) {
    requireNonNull(client, "client");
    HotLock.builder().lease(lease); // validates the lease
    return new RedisConcurrencyProvider(() -> client, lease);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Returns a {@link HotLock} at the key {@code name}. No round trip. */
  @Override
  public OwnedLock lock(String name) {
    return objects.get(
        name,
        "lock",
        "",
        OwnedLock.class,
        () -> HotLock.builder().client(client.get()).key(name).lease(lease).build());
  }

  /** Returns a {@link HotReentrantLock} at the key {@code name}. No round trip. */
  @Override
  public OwnedLock reentrantLock(String name) {
    return objects.get(
        name,
        "reentrant lock",
        "",
        OwnedLock.class,
        () -> HotReentrantLock.builder().client(client.get()).key(name).lease(lease).build());
  }

  /**
   * Returns a {@link HotSemaphore} at the key {@code name}. One round trip the first time a name is
   * used, to create it or check its permits.
   */
  @Override
  public Semaphore semaphore(String name, int permits) {
    return objects.get(
        name,
        "semaphore",
        permits + " permits",
        Semaphore.class,
        () -> HotSemaphore.builder(permits).client(client.get()).key(name).lease(lease).build());
  }

  /**
   * Returns a {@link HotCountDownLatch} at the key {@code name}. One round trip the first time a
   * name is used, to create it or check its count.
   */
  @Override
  public CountDownLatch countDownLatch(String name, int count) {
    return objects.get(
        name,
        "count-down latch",
        "count " + count,
        CountDownLatch.class,
        () -> HotCountDownLatch.builder(count).client(client.get()).key(name).build());
  }

  /** Returns a {@link HotAtomicReference} at the key {@code name}. No round trip. */
  @Override
  public <V> SharedReference<V> atomicReference(String name, Class<V> type) {
    return objects.reference(
        name, type, () -> HotAtomicReference.builder(type).client(client.get()).key(name).build());
  }

  /** Returns a {@link HotReadWriteLock} at the key {@code name}. No round trip. */
  @Override
  public ReadWriteLock readWriteLock(String name) {
    return objects.get(
        name,
        "read-write lock",
        "",
        ReadWriteLock.class,
        () -> HotReadWriteLock.builder().client(client.get()).key(name).lease(lease).build());
  }

  /**
   * Returns a {@link HotCyclicBarrier} at the key {@code name}, whose waiting parties hold this
   * provider's lease. One round trip the first time a name is used, to create it or check its
   * parties.
   */
  @Override
  public CyclicBarrier cyclicBarrier(String name, int parties) {
    return barrier(name, parties, HotCyclicBarrier.builder(parties));
  }

  /**
   * Returns a {@link HotCyclicBarrier} at the key {@code name} with a barrier action, whose waiting
   * parties hold this provider's lease. One round trip the first time a name is used, to create it
   * or check its parties.
   */
  @Override
  public CyclicBarrier cyclicBarrier(String name, int parties, Runnable action) {
    return barrier(name, parties, HotCyclicBarrier.builder(parties).action(action));
  }

  private CyclicBarrier barrier(String name, int parties, HotCyclicBarrier.Builder builder) {
    return objects.get(
        name,
        "cyclic barrier",
        parties + " parties",
        CyclicBarrier.class,
        () -> builder.client(client.get()).key(name).lease(lease).build());
  }

  /**
   * Returns a {@link HotRateLimiter} at the key {@code name}. One round trip the first time a name
   * is used, to create it or check its rate and burst.
   */
  @Override
  public SharedRateLimiter rateLimiter(String name, long permits, Duration period, long burst) {
    return objects.get(
        name,
        "rate limiter",
        RateSettings.of(permits, period, burst),
        SharedRateLimiter.class,
        () ->
            HotRateLimiter.builder(permits, period)
                .burst(burst)
                .client(client.get())
                .key(name)
                .build());
  }

  /**
   * Returns a {@link HotLongAdder} at the key {@code name}, with the default layout. One round trip
   * the first time a name is used, to store or check its layout.
   */
  @Override
  public LongAdder longAdder(String name) {
    return objects.get(
        name,
        "long adder",
        "",
        LongAdder.class,
        () -> HotLongAdder.builder().client(client.get()).key(name).build());
  }

  /**
   * Returns a {@link HotBoundedSemaphore} at the key {@code name}. One round trip the first time a
   * name is used, to create it or check its permits.
   */
  @Override
  public Semaphore boundedSemaphore(String name, int permits) {
    return objects.get(
        name,
        "bounded semaphore",
        permits + " permits",
        Semaphore.class,
        () ->
            HotBoundedSemaphore.builder(permits)
                .client(client.get())
                .key(name)
                .lease(lease)
                .build());
  }

  /**
   * Returns a {@link HotQueue} at the key {@code name}, with the default codec of the type. One
   * round trip the first time a name is used, to check or store its capacity.
   */
  @Override
  public <E> BlockingQueue<E> queue(String name, Class<E> type, int capacity) {
    return queue(
        name,
        "queue",
        type,
        capacity,
        () -> {
          HotQueue.Builder<E> builder = HotQueue.builder(type).client(client.get()).key(name);
          return (bounded(capacity) ? builder.capacity(capacity) : builder).build();
        });
  }

  /** Returns a {@link HotLifoQueue} at the key {@code name}; as {@link #queue}. */
  @Override
  public <E> BlockingQueue<E> lifoQueue(String name, Class<E> type, int capacity) {
    return queue(
        name,
        "LIFO queue",
        type,
        capacity,
        () -> {
          HotLifoQueue.Builder<E> builder =
              HotLifoQueue.builder(type).client(client.get()).key(name);
          return (bounded(capacity) ? builder.capacity(capacity) : builder).build();
        });
  }

  /** Returns a {@link HotSetQueue} at the key {@code name}; as {@link #queue}. */
  @Override
  public <E> BlockingQueue<E> setQueue(String name, Class<E> type, int capacity) {
    return queue(
        name,
        "set-queue",
        type,
        capacity,
        () -> {
          HotSetQueue.Builder<E> builder = HotSetQueue.builder(type).client(client.get()).key(name);
          return (bounded(capacity) ? builder.capacity(capacity) : builder).build();
        });
  }

  /** Returns a {@link HotLifoSetQueue} at the key {@code name}; as {@link #queue}. */
  @Override
  public <E> BlockingQueue<E> lifoSetQueue(String name, Class<E> type, int capacity) {
    return queue(
        name,
        "LIFO set-queue",
        type,
        capacity,
        () -> {
          HotLifoSetQueue.Builder<E> builder =
              HotLifoSetQueue.builder(type).client(client.get()).key(name);
          return (bounded(capacity) ? builder.capacity(capacity) : builder).build();
        });
  }

  @SuppressWarnings("unchecked") // the settings check that the name holds elements of this type
  private <E> BlockingQueue<E> queue(
      String name, String kind, Class<E> type, int capacity, Supplier<BlockingQueue<E>> create) {
    return objects.get(name, kind, QueueShape.of(type, capacity), BlockingQueue.class, create::get);
  }

  /** Whether a capacity asked of the SPI bounds the queue: {@link Integer#MAX_VALUE} does not. */
  private static boolean bounded(int capacity) {
    return capacity != Integer.MAX_VALUE;
  }

  @Override
  public String toString() {
    return "RedisConcurrencyProvider";
  }

  private static HotClient configuredClient() {
    String uri = Configuration.read().getProperty("uri");
    if (uri == null || uri.isBlank()) {
      return HotRedis.client();
    }
    HotClient configured =
        CONFIGURED.compute(
            uri.trim(), (u, c) -> c == null || c.isClosed() ? HotClient.create(u) : c);
    return configured;
  }
}
