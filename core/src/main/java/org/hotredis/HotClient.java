package org.hotredis;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hotredis.collections.HotDefaultDict;
import org.hotredis.collections.HotDict;
import org.hotredis.collections.HotList;
import org.hotredis.collections.HotMultiSet;
import org.hotredis.collections.HotSet;
import org.hotredis.numbers.HotFloat;
import org.hotredis.numbers.HotInt;
import org.hotredis.shaded.redis.clients.jedis.BuilderFactory;
import org.hotredis.shaded.redis.clients.jedis.CommandArguments;
import org.hotredis.shaded.redis.clients.jedis.CommandObject;
import org.hotredis.shaded.redis.clients.jedis.Connection;
import org.hotredis.shaded.redis.clients.jedis.Protocol;
import org.hotredis.shaded.redis.clients.jedis.exceptions.JedisException;
import org.hotredis.strings.HotString;
import org.hotredis.toolkit.IterationMemory;
import org.jspecify.annotations.Nullable;

/**
 * The handle on one Redis deployment (a server, a cluster or a sentinel-monitored master) that
 * every HOT Redis object, the JCache provider and the concurrency module share.
 *
 * <pre>{@code
 * try (HotClient client = HotClient.create("redis://localhost:6379/0")) {
 *   HotList<String> jobs = client.list("jobs", String.class);
 *   HotDict<String, Long> stock = client.dict("stock", String.class, Long.class);
 * }
 * }</pre>
 *
 * <p>A client is thread-safe and meant to be shared: it keeps a pool of connections, and each call
 * borrows one for its round trip. Create one per deployment and close it when the application
 * stops. Set a process-wide default with {@link HotRedis#configure}.
 *
 * <p>Failures are reported, never hidden: an unreachable server, a timeout or refused credentials
 * raise {@link HotConnectionException} naming the endpoint, within the configured timeouts.
 */
public final class HotClient implements AutoCloseable {
  private static final int OPTIMISTIC_ATTEMPTS = 100;

  private final String description;
  private final Deployment deployment;
  private final Runner runner;
  private final Notifications notifications;
  private final long maxValueSize;
  private final long iteratorMemory;
  private final String id = UUID.randomUUID().toString();
  private final Object schedulerLock = new Object();
  private @Nullable ScheduledExecutorService scheduler;
  private @Nullable BlockingCalls blockingCalls; // guarded by schedulerLock
  // Read without a lock on every lock, semaphore and queue step; written under schedulerLock.
  private final Map<Class<?>, Object> states = new ConcurrentHashMap<>();
  private final List<Object> statesInOrder = new ArrayList<>(); // guarded by schedulerLock
  private boolean closingStates; // guarded by schedulerLock
  private volatile boolean closed;

  HotClient(HotClientBuilder settings) {
    this.description = settings.describe();
    this.maxValueSize = settings.maxValueSize;
    this.iteratorMemory = settings.iteratorMemory;
    Failures failures = new Failures(description, settings.socketTimeout.toMillis() + " ms");
    try {
      this.deployment = Deployment.create(settings, id);
    } catch (JedisException e) {
      throw new HotConnectionException(
          "cannot connect to Redis at " + description + ": " + e.getMessage(), e);
    }
    this.runner =
        new Runner(
            this,
            deployment,
            failures,
            settings.acknowledgingReplicas,
            settings.acknowledgementTimeout);
    this.notifications = new Notifications(this, settings.socketTimeout);
    if (settings.verify) {
      try {
        ping();
      } catch (RuntimeException e) {
        deployment.close();
        throw e;
      }
    }
  }

  /**
   * Creates a client from a connection URI.
   *
   * <pre>
   * redis://[user:password@]host[:port][/database][?option=value&amp;...]
   * rediss://...                                           (TLS)
   * redis-cluster://[user:password@]host:port,host:port,...
   * redis-sentinel://[user:password@]host:port,.../master-name[/database]
   * </pre>
   *
   * <p>Options: {@code timeout}, {@code connectTimeout} ({@code 500ms}, {@code 2s}), {@code
   * poolSize}, {@code clientName}, {@code sentinelUser}, {@code sentinelPassword}. The client pings
   * Redis before it is returned.
   *
   * @param uri the URI
   * @return a new client; close it when done
   * @throws IllegalArgumentException if the URI is malformed (the message omits the password)
   * @throws HotConnectionException if Redis cannot be reached or refuses the credentials
   */
  public static HotClient create(String uri) {
    return builder().uri(uri).build();
  }

  /**
   * Returns a builder with the defaults: {@code localhost:6379}, 2 s timeouts, up to 64
   * connections.
   *
   * @return a new builder
   */
  public static HotClientBuilder builder() {
    return new HotClientBuilder();
  }

  /**
   * Checks that Redis answers. One round trip ({@code PING}).
   *
   * @return how long the round trip took
   * @throws HotConnectionException if Redis does not answer within the socket timeout
   */
  public Duration ping() {
    long start = System.nanoTime();
    runner.execute(deployment.commands().ping(), true, null);
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /**
   * Opens a transaction on this thread: calls on this client's objects are queued until {@link
   * HotTransaction#commit()}, then run as one {@code MULTI}/{@code EXEC} in one round trip. See
   * {@link HotTransaction} for what each kind of call does inside it.
   *
   * @return the transaction; use it in try-with-resources and call {@code commit()} at the end
   */
  public HotTransaction transaction() {
    checkOpen();
    return TransactionContext.begin(this);
  }

  /**
   * Runs a block as one transaction: committed when the block returns, discarded when it throws.
   *
   * @param body the calls to run together
   * @throws HotTransactionException if some commands failed when Redis ran them
   */
  public void transaction(Consumer<HotTransaction> body) {
    requireNonNull(body, "body");
    try (HotTransaction tx = transaction()) {
      body.accept(tx);
      tx.commit();
    }
  }

  /**
   * Runs an optimistic read-modify-write over some objects: watches their keys ({@code WATCH}),
   * runs the body (its reads run at once; its writes are queued), then runs the writes as one
   * {@code MULTI}/{@code EXEC} that Redis rejects if another client changed a watched key in the
   * meantime. The whole body is then run again, until it commits.
   *
   * <pre>{@code
   * long doubled = client.optimistic(List.of(counter), tx -> {
   *   long value = counter.get();       // read now
   *   counter.set(value * 2);           // queued
   *   return value * 2;
   * });
   * }</pre>
   *
   * <p>Do all reads before the first write: a read after a queued write throws {@link
   * IllegalStateException}, as it could not see that write. Calls whose result Redis computes must
   * go through {@link HotTransaction#defer}. The body may run several times, so it should have no
   * other side effects. Round trips: {@code WATCH}, the body's reads, and one for the writes, per
   * attempt.
   *
   * @param watched the objects whose keys must not change between the reads and the writes
   * @param body reads, decides, queues writes, and returns a result
   * @param <T> the body's result
   * @return the result of the attempt that committed
   * @throws HotRedisException if the keys kept changing for 100 attempts in a row
   * @throws IllegalStateException on a Redis Cluster, if the watched keys, or the keys the body
   *     writes, are in different hash slots
   */
  public <T> T optimistic(
      Collection<? extends HotObject> watched, Function<HotTransaction, T> body) {
    requireNonNull(watched, "watched");
    requireNonNull(body, "body");
    checkOpen();
    if (watched.isEmpty()) {
      throw new IllegalArgumentException("watch at least one object");
    }
    List<byte[]> keys = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (HotObject object : watched) {
      requireNonNull(object, "watched contains null");
      if (object.client() != this) {
        throw new IllegalArgumentException(
            object.storedKeys().describe()
                + " uses another client than this optimistic transaction");
      }
      for (String key : object.storedKeys().keys()) {
        keys.add(Keys.bytes(key));
        names.add(key);
      }
    }
    int slot = deployment.isCluster() ? commonSlot(names) : -1;
    CommandObject<String> watch = deployment.commands().watch(keys.toArray(new byte[0][]));
    for (int attempt = 1; ; attempt++) {
      TransactionContext context = TransactionContext.beginOptimistic(this);
      boolean committed = false;
      try (Connection connection = borrowForWatch(slot, watch)) {
        boolean watching = false;
        try {
          connection.executeCommand(watch);
          watching = true;
          context.useConnection(connection);
          context.watchSlot(slot, names.get(0));
          T result = body.apply(new HotTransaction(context, true));
          if (context.size() == 0 || context.isRollbackOnly()) {
            context.discard();
            return result;
          }
          watching = false;
          long deadline = deployment.deadline();
          deployment.limit(connection, deadline);
          if (context.exec(connection, deadline)) {
            committed = true;
            runner.awaitReplicas(connection, "an optimistic transaction over " + names);
            return result;
          }
          context.discard();
        } catch (JedisException e) {
          throw context.size() > 0 && !watching
              ? context.connectionLost(e)
              : runner.translate(e, watch, true, null);
        } finally {
          if (watching && !connection.isBroken()) {
            deployment.limit(connection, deployment.deadline());
            connection.executeCommand(
                new CommandObject<>(
                    new CommandArguments(Protocol.Command.UNWATCH), BuilderFactory.STRING));
          }
        }
      } finally {
        if (!committed) {
          context.discard();
        }
        context.close();
      }
      if (attempt >= OPTIMISTIC_ATTEMPTS) {
        throw new HotRedisException(
            "optimistic transaction over "
                + names
                + " gave up: other clients changed those keys during each of "
                + attempt
                + " attempts");
      }
      LockSupport.parkNanos(
          ThreadLocalRandom.current().nextLong(Math.min(attempt, 10) * 1_000_000L));
    }
  }

  /** Borrows the connection an optimistic transaction watches on; nothing was sent if it fails. */
  private Connection borrowForWatch(int slot, CommandObject<String> watch) {
    try {
      return deployment.connection(slot, deployment.deadline());
    } catch (JedisException e) {
      throw runner.translate(e, watch, true, null);
    }
  }

  private static int commonSlot(List<String> keys) {
    int slot = Keys.slot(keys.get(0));
    for (String key : keys) {
      if (Keys.slot(key) != slot) {
        throw Keys.crossSlot(
            "this optimistic transaction watches keys",
            keys.get(0),
            slot,
            "'" + key + "' (slot " + Keys.slot(key) + ")");
      }
    }
    return slot;
  }

  /**
   * Returns whether {@link #close()} was called.
   *
   * @return true once closed
   */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Returns the client's one shared pub/sub subscription ({@link Toolkit#notifications()}).
   *
   * @return the notifications of this client
   */
  Notifications notifications() {
    checkOpen();
    return notifications;
  }

  /**
   * Returns this client's identity: a random UUID, distinct for every client in every process. HOT
   * Redis's modules build owner tokens and consumer names from it.
   *
   * @return the client's id
   */
  public String id() {
    return id;
  }

  /**
   * Returns the client's one scheduler thread, for HOT Redis's modules: lease renewals, retries at
   * a deadline. Tasks must be short; the thread stops when the client closes.
   *
   * @return the scheduler
   */
  ScheduledExecutorService scheduler() {
    synchronized (schedulerLock) {
      checkOpen();
      ScheduledExecutorService current = scheduler;
      if (current == null) {
        ScheduledThreadPoolExecutor created =
            new ScheduledThreadPoolExecutor(1, DaemonThreads.named("hot-redis-scheduler", id));
        created.setRemoveOnCancelPolicy(true);
        current = created;
        scheduler = current;
      }
      return current;
    }
  }

  /**
   * Returns the runner of this client's blocking commands ({@code BLPOP}, {@code BLMOVE}), which
   * waits on connections outside the pool and answers interrupts, for HOT Redis's modules. Created
   * on first use; closed with the client.
   *
   * @return the blocking calls of this client
   */
  BlockingCalls blockingCalls() {
    synchronized (schedulerLock) {
      checkOpen();
      BlockingCalls current = blockingCalls;
      if (current == null) {
        current = new BlockingCalls(this, deployment);
        blockingCalls = current;
      }
      return current;
    }
  }

  /**
   * Closes the client: first the state its modules keep ({@link Toolkit#state}), then its scheduler
   * and blocking calls, then its subscription and every connection. Calls made afterwards throw
   * {@link IllegalStateException}.
   */
  @Override
  public void close() {
    try {
      closeStates();
    } finally {
      closed = true;
      synchronized (schedulerLock) {
        if (scheduler != null) {
          scheduler.shutdownNow();
        }
        if (blockingCalls != null) {
          blockingCalls.close();
        }
      }
      notifications.close();
      deployment.close();
    }
  }

  /**
   * Describes the client by where it connects, without credentials, and its {@link #id()}, which
   * tells apart two clients of one process on one deployment.
   *
   * @return for example {@code HotClient[localhost:6379, id 3f2a…]}
   */
  @Override
  public String toString() {
    return "HotClient[" + description + ", id " + id + "]";
  }

  // ---- short factories ----

  /**
   * Returns a handle on the list at a key, with the element type's default codec. Nothing is read
   * or written; no round trip. The same as {@code HotList.builder(type).client(this).key(key)
   * .build()}; the builder offers codecs and initial values.
   *
   * @param key the key
   * @param type the element type, such as {@code String.class}
   * @param <E> the element type
   * @return the list
   */
  public <E> HotList<E> list(String key, Class<E> type) {
    return HotList.builder(type).client(this).key(key).build();
  }

  /**
   * Returns a handle on the set at a key, with the element type's default codec. No round trip; the
   * builder ({@link HotSet#builder(Class)}) offers codecs and initial values.
   *
   * @param key the key
   * @param type the element type
   * @param <E> the element type
   * @return the set
   */
  public <E> HotSet<E> set(String key, Class<E> type) {
    return HotSet.builder(type).client(this).key(key).build();
  }

  /**
   * Returns a handle on the dict (a Redis hash) at a key, with the types' default codecs. No round
   * trip; the builder ({@link HotDict#builder(Class, Class)}) offers codecs and initial values.
   *
   * @param key the key
   * @param keyType the type of the dict's keys
   * @param valueType the type of its values
   * @param <K> the key type
   * @param <V> the value type
   * @return the dict
   */
  public <K, V> HotDict<K, V> dict(String key, Class<K> keyType, Class<V> valueType) {
    return HotDict.builder(keyType, valueType).client(this).key(key).build();
  }

  /**
   * Returns a handle on the dict at a key that makes the value of an absent key with a factory. No
   * round trip; the builder ({@link HotDefaultDict#builder(Class, Class, Supplier)}) offers codecs
   * and initial values.
   *
   * @param key the key
   * @param keyType the type of the dict's keys
   * @param valueType the type of its values
   * @param defaultFactory makes the value of an absent key; it must not return null
   * @param <K> the key type
   * @param <V> the value type
   * @return the dict
   */
  public <K, V> HotDefaultDict<K, V> defaultDict(
      String key, Class<K> keyType, Class<V> valueType, Supplier<? extends V> defaultFactory) {
    return HotDefaultDict.builder(keyType, valueType, defaultFactory).client(this).key(key).build();
  }

  /**
   * Returns a handle on the multiset (element counts in a Redis hash) at a key. No round trip; the
   * builder ({@link HotMultiSet#builder(Class)}) offers codecs and initial values.
   *
   * @param key the key
   * @param type the element type
   * @param <E> the element type
   * @return the multiset
   */
  public <E> HotMultiSet<E> multiSet(String key, Class<E> type) {
    return HotMultiSet.builder(type).client(this).key(key).build();
  }

  /**
   * Returns a handle on the mutable string at a key. No round trip; the builder ({@link
   * HotString#builder()}) offers an initial value.
   *
   * @param key the key
   * @return the string
   */
  public HotString string(String key) {
    return HotString.builder().client(this).key(key).build();
  }

  /**
   * Returns a handle on the integer counter at a key. No round trip; the builder ({@link
   * HotInt#builder()}) offers an initial value.
   *
   * @param key the key
   * @return the integer
   */
  public HotInt integer(String key) {
    return HotInt.builder().client(this).key(key).build();
  }

  /**
   * Returns a handle on the floating-point number at a key. No round trip; the builder ({@link
   * HotFloat#builder()}) offers an initial value.
   *
   * @param key the key
   * @return the number
   */
  public HotFloat floating(String key) {
    return HotFloat.builder().client(this).key(key).build();
  }

  // ---- shared with the objects ----

  <T> T state(Class<T> kind, Supplier<? extends T> factory) {
    Object existing = states.get(kind);
    if (existing != null) {
      return kind.cast(existing);
    }
    synchronized (schedulerLock) {
      checkOpen();
      if (closingStates) {
        throw new IllegalStateException("HotClient is closing: " + this);
      }
      Object current = states.get(kind);
      if (current == null) {
        current = requireNonNull(factory.get(), "the factory of " + kind.getName() + " gave null");
        states.put(kind, current);
        statesInOrder.add(current);
      }
      return kind.cast(current);
    }
  }

  private void closeStates() {
    List<Object> created;
    synchronized (schedulerLock) {
      closingStates = true;
      created = new ArrayList<>(statesInOrder);
      statesInOrder.clear();
      states.clear();
    }
    Collections.reverse(created);
    RuntimeException failure = null;
    for (Object state : created) {
      if (state instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          if (failure == null) {
            failure = new IllegalStateException("closing " + state + " failed", e);
          } else {
            failure.addSuppressed(e);
          }
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  Deployment deployment() {
    checkOpen();
    return deployment;
  }

  Runner runner() {
    return runner;
  }

  /** The budget of each iteration's memory in this JVM ({@link IterationMemory}). */
  long iteratorMemory() {
    return iteratorMemory;
  }

  byte[] checkSize(byte[] value, RedisBinding owner) {
    if (value.length > maxValueSize) {
      throw new IllegalArgumentException(
          "value of "
              + value.length
              + " bytes for "
              + owner.describe()
              + " exceeds the limit of "
              + maxValueSize
              + " bytes (Redis's proto-max-bulk-len); raise both together with"
              + " HotClientBuilder.maxValueSize");
    }
    return value;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(this + " is closed");
    }
  }
}
