package org.hotredis;

import java.util.HashSet;
import java.util.Map;
import org.hotredis.shaded.org.apache.commons.pool2.impl.GenericObjectPool;
import org.hotredis.shaded.org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.hotredis.shaded.redis.clients.jedis.ClientSetInfoConfig;
import org.hotredis.shaded.redis.clients.jedis.ClusterCommandObjects;
import org.hotredis.shaded.redis.clients.jedis.CommandObjects;
import org.hotredis.shaded.redis.clients.jedis.Connection;
import org.hotredis.shaded.redis.clients.jedis.ConnectionPoolConfig;
import org.hotredis.shaded.redis.clients.jedis.DefaultJedisClientConfig;
import org.hotredis.shaded.redis.clients.jedis.HostAndPort;
import org.hotredis.shaded.redis.clients.jedis.JedisClientConfig;
import org.hotredis.shaded.redis.clients.jedis.RedisClient;
import org.hotredis.shaded.redis.clients.jedis.RedisClusterClient;
import org.hotredis.shaded.redis.clients.jedis.RedisProtocol;
import org.hotredis.shaded.redis.clients.jedis.RedisSentinelClient;
import org.hotredis.shaded.redis.clients.jedis.UnifiedJedis;
import org.hotredis.shaded.redis.clients.jedis.providers.ClusterConnectionProvider;
import org.hotredis.shaded.redis.clients.jedis.providers.ConnectionProvider;
import org.hotredis.shaded.redis.clients.jedis.providers.PooledConnectionProvider;
import org.hotredis.shaded.redis.clients.jedis.providers.SentineledConnectionProvider;
import org.jspecify.annotations.Nullable;

/**
 * One Redis deployment as Jedis reaches it: a single server, a cluster or a sentinel-monitored
 * master. It owns the Jedis client (which runs commands, following cluster redirects and sentinel
 * failovers) and the connection provider behind it, from which transactions and blocking calls take
 * a connection of their own.
 */
final class Deployment implements AutoCloseable {
  private final HotClientBuilder.Topology topology;
  private final String description;
  private final ConnectionProvider provider;
  private final UnifiedJedis jedis;
  private final CommandObjects commands;
  private final JedisClientConfig config;
  private final HostAndPort endpoint;

  private Deployment(
      HotClientBuilder.Topology topology,
      String description,
      ConnectionProvider provider,
      UnifiedJedis jedis,
      CommandObjects commands,
      JedisClientConfig config,
      HostAndPort endpoint) {
    this.topology = topology;
    this.description = description;
    this.provider = provider;
    this.jedis = jedis;
    this.commands = commands;
    this.config = config;
    this.endpoint = endpoint;
  }

  static Deployment create(HotClientBuilder settings) {
    JedisClientConfig config = clientConfig(settings, settings.user, settings.password, true);
    GenericObjectPoolConfig<Connection> pool = poolConfig(settings);
    String description = settings.describe();
    switch (settings.topology) {
      case CLUSTER -> {
        var nodes = new HashSet<>(settings.endpoints);
        var provider = new ClusterConnectionProvider(nodes, config, pool);
        UnifiedJedis jedis =
            RedisClusterClient.builder()
                .nodes(nodes)
                .clientConfig(config)
                .connectionProvider(provider)
                .build();
        return new Deployment(
            settings.topology,
            description,
            provider,
            jedis,
            new ClusterCommandObjects(RedisProtocol.RESP2),
            config,
            settings.endpoints.get(0));
      }
      case SENTINEL -> {
        var sentinels = new HashSet<>(settings.endpoints);
        String master = java.util.Objects.requireNonNull(settings.masterName);
        JedisClientConfig sentinelConfig =
            clientConfig(settings, settings.sentinelUser, settings.sentinelPassword, false);
        var provider =
            new SentineledConnectionProvider(master, config, pool, sentinels, sentinelConfig);
        UnifiedJedis jedis =
            RedisSentinelClient.builder()
                .masterName(master)
                .sentinels(sentinels)
                .clientConfig(config)
                .sentinelClientConfig(sentinelConfig)
                .connectionProvider(provider)
                .build();
        return new Deployment(
            settings.topology,
            description,
            provider,
            jedis,
            new CommandObjects(RedisProtocol.RESP2),
            config,
            settings.endpoints.get(0));
      }
      default -> {
        var provider = new PooledConnectionProvider(settings.endpoints.get(0), config, pool);
        UnifiedJedis jedis =
            RedisClient.builder().clientConfig(config).connectionProvider(provider).build();
        return new Deployment(
            settings.topology,
            description,
            provider,
            jedis,
            new CommandObjects(RedisProtocol.RESP2),
            config,
            settings.endpoints.get(0));
      }
    }
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

  private static GenericObjectPoolConfig<Connection> poolConfig(HotClientBuilder settings) {
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(settings.poolSize);
    pool.setMaxIdle(settings.poolSize);
    pool.setMinIdle(0);
    pool.setBlockWhenExhausted(true);
    pool.setMaxWait(settings.borrowTimeout);
    pool.setJmxEnabled(false);
    return pool;
  }

  private static int millis(java.time.Duration duration) {
    return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
  }

  UnifiedJedis jedis() {
    return jedis;
  }

  CommandObjects commands() {
    return commands;
  }

  boolean isCluster() {
    return topology == HotClientBuilder.Topology.CLUSTER;
  }

  /**
   * Takes a connection of its own from the pool: to the master for the slot on a cluster (a
   * negative slot means any master), to the current master otherwise. Closing it returns it.
   */
  Connection connection(int slot) {
    if (provider instanceof ClusterConnectionProvider cluster && slot >= 0) {
      return cluster.getConnectionFromSlot(slot);
    }
    return provider.getConnection();
  }

  /**
   * Opens a connection outside the pool, for a long-lived use such as a subscription or a blocking
   * wait: to the master for the slot on a cluster (a negative slot means any node), to the current
   * master otherwise. The caller closes it.
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
  Connection dedicatedForBlocking(int slot, java.time.Duration longestWait) {
    int blocking = millis(longestWait.plusMillis(config.getSocketTimeoutMillis()));
    JedisClientConfig blockingConfig =
        DefaultJedisClientConfig.builder()
            .from(config)
            .blockingSocketTimeoutMillis(blocking)
            .build();
    return new Connection(target(slot), blockingConfig);
  }

  /** Returns the node a dedicated connection for a slot goes to; see {@link #dedicated(int)}. */
  private HostAndPort target(int slot) {
    HostAndPort target = endpoint;
    if (provider instanceof ClusterConnectionProvider cluster) {
      target = slot >= 0 ? cluster.getNode(slot) : null;
      if (target == null) {
        try (Connection any = cluster.getConnection()) {
          target = any.getHostAndPort();
        }
      }
    } else if (provider instanceof SentineledConnectionProvider sentinel) {
      target = sentinel.getCurrentMaster();
    }
    return target;
  }

  /** Borrows a pooled connection to one node (a cluster's redirect target). */
  Connection connection(HostAndPort node) {
    if (provider instanceof ClusterConnectionProvider cluster) {
      return cluster.getConnection(node);
    }
    return provider.getConnection();
  }

  /** Re-reads a cluster's slot map after a {@code MOVED} answer. */
  void refreshTopology() {
    if (provider instanceof ClusterConnectionProvider cluster) {
      cluster.renewSlotCache();
    }
  }

  /**
   * Drops the idle pooled connections after a connection failure, so that one server restart costs
   * one failed call rather than one per stale connection in the pool.
   */
  void discardIdleConnections() {
    Map<?, ?> pools = provider.getConnectionMap();
    for (Object pool : pools.values()) {
      if (pool instanceof GenericObjectPool<?> objects) {
        objects.clear();
      }
    }
  }

  String describe() {
    return description;
  }

  @Override
  public void close() {
    jedis.close();
  }
}
