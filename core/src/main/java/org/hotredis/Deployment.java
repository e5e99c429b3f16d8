package org.hotredis;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.hotredis.shaded.org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.hotredis.shaded.redis.clients.jedis.ClientSetInfoConfig;
import org.hotredis.shaded.redis.clients.jedis.ClusterCommandObjects;
import org.hotredis.shaded.redis.clients.jedis.CommandObjects;
import org.hotredis.shaded.redis.clients.jedis.Connection;
import org.hotredis.shaded.redis.clients.jedis.DefaultJedisClientConfig;
import org.hotredis.shaded.redis.clients.jedis.HostAndPort;
import org.hotredis.shaded.redis.clients.jedis.JedisClientConfig;
import org.hotredis.shaded.redis.clients.jedis.RedisProtocol;
import org.hotredis.shaded.redis.clients.jedis.providers.SentineledConnectionProvider;
import org.jspecify.annotations.Nullable;

/**
 * One Redis deployment: a single server, a cluster or a sentinel-monitored master, with a pool of
 * ready connections ({@link NodePool}) per node that calls are sent to.
 *
 * <p>Nothing a call waits on does network I/O other than the call's own round trip: connections are
 * opened on this deployment's background threads, a cluster's slot map is refreshed on them ({@link
 * ClusterSlots}), and a sentinel-monitored master is followed by Jedis's sentinel listener threads
 * (the provider is used for that alone; its own connection pool stays empty). Every call has a
 * deadline, its socket timeout from when it starts ({@link #deadline()}): a borrower waits for a
 * connection until then at most, and {@link #limit} makes the reply wait no longer.
 */
final class Deployment implements AutoCloseable {

  private final HotClientBuilder.Topology topology;
  private final String description;
  private final CommandObjects commands;
  private final JedisClientConfig config;
  private final HostAndPort endpoint;
  private final int poolSize;
  private final long borrowTimeoutNanos;
  private final long socketTimeoutNanos;
  private final ThreadPoolExecutor background;
  private final Map<HostAndPort, NodePool> pools = new ConcurrentHashMap<>(); // changed under lock
  private final Object lock = new Object();
  private final @Nullable ClusterSlots slots;
  private final @Nullable SentineledConnectionProvider sentinel;
  private volatile boolean closed;

  private Deployment(HotClientBuilder settings, String clientId) {
    this.topology = settings.topology;
    this.description = settings.describe();
    this.config = clientConfig(settings, settings.user, settings.password, true);
    this.endpoint = settings.endpoints.get(0);
    this.poolSize = settings.poolSize;
    this.borrowTimeoutNanos = settings.borrowTimeout.toNanos();
    this.socketTimeoutNanos = settings.socketTimeout.toNanos();
    this.background = DaemonThreads.elastic("hot-redis-connect", clientId, 30);
    try {
      switch (topology) {
        case CLUSTER -> {
          this.commands = new ClusterCommandObjects(RedisProtocol.RESP2);
          ClusterSlots map =
              new ClusterSlots(settings.endpoints, config, background, this::retainMasters);
          map.discover();
          this.slots = map;
          this.sentinel = null;
        }
        case SENTINEL -> {
          this.commands = new CommandObjects(RedisProtocol.RESP2);
          this.slots = null;
          this.sentinel =
              new SentineledConnectionProvider(
                  Objects.requireNonNull(settings.masterName),
                  config,
                  unusedPoolConfig(),
                  new HashSet<>(settings.endpoints),
                  clientConfig(settings, settings.sentinelUser, settings.sentinelPassword, false));
        }
        default -> {
          this.commands = new CommandObjects(RedisProtocol.RESP2);
          this.slots = null;
          this.sentinel = null;
        }
      }
    } catch (RuntimeException e) {
      background.shutdown();
      throw e;
    }
  }

  static Deployment create(HotClientBuilder settings, String clientId) {
    return new Deployment(settings, clientId);
  }

  // Jedis deprecates ssl(boolean) and the socket-factory setters in favour of SslOptions, which
  // cannot take an SSLSocketFactory or SSLContext; these setters are the only way to honour a
  // caller's own TLS setup, and they still work.
  @SuppressWarnings("deprecation")
  private static JedisClientConfig clientConfig(
      HotClientBuilder settings,
      @Nullable String user,
      @Nullable String password,
      boolean dataNode) {
    DefaultJedisClientConfig.Builder config =
        DefaultJedisClientConfig.builder()
            .protocol(RedisProtocol.RESP2)
            .connectionTimeoutMillis(millis(settings.connectTimeout))
            .socketTimeoutMillis(millis(settings.socketTimeout))
            .blockingSocketTimeoutMillis(millis(settings.socketTimeout))
            .clientSetInfoConfig(ClientSetInfoConfig.withLibNameSuffix("hot-redis"))
            .ssl(settings.tls);
    if (dataNode) {
      config.clientName(settings.clientName).database(settings.database);
    }
    if (user != null) {
      config.user(user);
    }
    if (password != null) {
      config.password(password);
    }
    if (settings.sslSocketFactory != null) {
      config.sslSocketFactory(settings.sslSocketFactory);
    }
    if (settings.sslParameters != null) {
      config.sslParameters(settings.sslParameters);
    }
    if (settings.hostnameVerifier != null) {
      config.hostnameVerifier(settings.hostnameVerifier);
    }
    return config.build();
  }

  /** The sentinel provider's own pool: never borrowed from, so it never opens a connection. */
  private static GenericObjectPoolConfig<Connection> unusedPoolConfig() {
    GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
    pool.setMaxTotal(1);
    pool.setJmxEnabled(false);
    return pool;
  }

  private static int millis(Duration duration) {
    return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
  }

  CommandObjects commands() {
    return commands;
  }

  boolean isCluster() {
    return topology == HotClientBuilder.Topology.CLUSTER;
  }

  /** Returns the deadline of a call starting now: its socket timeout from now. */
  long deadline() {
    return System.nanoTime() + socketTimeoutNanos;
  }

  /**
   * Borrows a ready pooled connection: to the master for the slot on a cluster (a negative slot
   * means any master), to the current master otherwise. Closing it gives it back. Waits at most
   * until the deadline (or the borrow timeout), and limits the connection's first reply to it.
   *
   * @throws NodePool.Unavailable if no connection was ready in time
   */
  Connection connection(int slot, long deadlineNanos) {
    return borrow(null, slot, deadlineNanos);
  }

  /**
   * Borrows a pooled connection to one node (a cluster's redirect target); as {@link #connection}.
   */
  Connection connection(HostAndPort node, long deadlineNanos) {
    return borrow(node, -1, deadlineNanos);
  }

  private Connection borrow(@Nullable HostAndPort node, int slot, long deadlineNanos) {
    for (int attempt = 1; ; attempt++) {
      NodePool pool = pool(node != null && isCluster() ? node : target(slot));
      try {
        Connection connection = pool.borrow(deadlineNanos);
        try {
          limit(connection, deadlineNanos);
        } catch (RuntimeException e) {
          connection.close();
          throw e;
        }
        return connection;
      } catch (NodePool.Unavailable e) {
        // A pool closes when its node stops being a master: look the target up again, once.
        if (e.reason() != NodePool.Unavailable.Reason.CLOSED || closed || attempt > 1) {
          throw e;
        }
      }
    }
  }

  private NodePool pool(HostAndPort node) {
    NodePool pool = pools.get(node);
    if (pool != null) {
      return pool;
    }
    synchronized (lock) {
      pool = pools.get(node);
      if (pool == null) {
        if (closed) {
          throw new NodePool.Unavailable(NodePool.Unavailable.Reason.CLOSED, node, 0, null);
        }
        if (sentinel != null) {
          // A failover: the old master's connections go; those in use close when given back.
          pools.values().forEach(NodePool::close);
          pools.clear();
        }
        pool = new NodePool(node, config, poolSize, borrowTimeoutNanos, background);
        pools.put(node, pool);
      }
      return pool;
    }
  }

  /**
   * Makes the next replies on a connection wait at most until the deadline: its socket timeout is
   * the time left when that is shorter than the client's socket timeout, and the client's socket
   * timeout otherwise.
   *
   * @throws NodePool.Unavailable if the deadline has passed; nothing was sent
   */
  void limit(Connection connection, long deadlineNanos) {
    long left = deadlineNanos - System.nanoTime();
    if (left <= 0) {
      throw new NodePool.Unavailable(
          NodePool.Unavailable.Reason.NOT_READY,
          connection.getHostAndPort(),
          TimeUnit.NANOSECONDS.toMillis(socketTimeoutNanos),
          null);
    }
    int millis =
        (int) Math.min(config.getSocketTimeoutMillis(), TimeUnit.NANOSECONDS.toMillis(left) + 1);
    if (connection.getSoTimeout() != millis) {
      connection.setSoTimeout(millis);
    }
  }

  /**
   * Runs a short task on a background thread at a deadline, unless the returned future is cancelled
   * first. The client's scheduler is not used: its tasks may wait on Redis.
   */
  Future<?> at(long deadlineNanos, Runnable task) {
    return CompletableFuture.runAsync(
        task,
        CompletableFuture.delayedExecutor(
            Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS, background));
  }

  /**
   * Opens a connection outside the pool, for a long-lived use such as a subscription or a blocking
   * wait: to the master for the slot on a cluster (a negative slot means any master), to the
   * current master otherwise. The caller closes it.
   */
  Connection dedicated(int slot) {
    return new Connection(target(slot), config);
  }

  /**
   * Opens a connection outside the pool for blocking commands ({@code BLPOP}, {@code BLMOVE}) that
   * wait in Redis for up to {@code longestWait}: its socket timeout for those commands is that wait
   * plus the client's socket timeout, so a server that stops answering still ends the call. Other
   * commands keep the client's socket timeout. The caller closes it.
   */
  Connection dedicatedForBlocking(int slot, Duration longestWait) {
    int blocking = millis(longestWait.plusMillis(config.getSocketTimeoutMillis()));
    JedisClientConfig blockingConfig =
        DefaultJedisClientConfig.builder()
            .from(config)
            .blockingSocketTimeoutMillis(blocking)
            .build();
    return new Connection(target(slot), blockingConfig);
  }

  /**
   * Returns the node a call for a slot goes to, without network I/O: the slot's master on a cluster
   * (any master for a negative slot, or a slot no master is known for), the current master
   * otherwise.
   */
  HostAndPort target(int slot) {
    ClusterSlots map = slots;
    if (map != null) {
      HostAndPort owner = slot >= 0 ? map.owner(slot) : null;
      if (owner == null) {
        if (slot >= 0) {
          map.refreshSoon();
        }
        return map.anyMaster();
      }
      return owner;
    }
    if (sentinel != null) {
      return sentinel.getCurrentMaster();
    }
    return endpoint;
  }

  /** Records a cluster's {@code MOVED} answer; the slot map is read again in the background. */
  void moved(int slot, HostAndPort node) {
    if (slots != null) {
      slots.moved(slot, node);
    }
  }

  /**
   * Reacts to a connection that failed: on a cluster the slot map is read again in the background,
   * since the node may have failed over.
   */
  void connectionFailed() {
    if (slots != null && !closed) {
      slots.refreshSoon();
    }
  }

  /**
   * Drops a node's idle pooled connections after one was found closed by the server, so that one
   * server restart costs one failed call rather than one per stale connection in the pool.
   */
  void discardIdleConnections(HostAndPort node) {
    NodePool pool = pools.get(node);
    if (pool != null) {
      pool.clearIdle();
    }
  }

  /** Lets go of the pools of nodes that are no longer masters of the cluster. */
  private void retainMasters(Set<HostAndPort> masters) {
    synchronized (lock) {
      pools
          .entrySet()
          .removeIf(
              entry -> {
                if (masters.contains(entry.getKey())) {
                  return false;
                }
                entry.getValue().close();
                return true;
              });
    }
  }

  String describe() {
    return description;
  }

  @Override
  public void close() {
    closed = true;
    if (slots != null) {
      slots.close();
    }
    if (sentinel != null) {
      sentinel.close();
    }
    synchronized (lock) {
      pools.values().forEach(NodePool::close);
      pools.clear();
    }
    background.shutdown();
  }
}
