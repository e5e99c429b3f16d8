package org.hotredis.testing;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A local Redis Sentinel deployment of private processes on loopback ports: by default one master,
 * two replicas and three sentinels monitoring the master as {@code mymaster}, with short failure
 * detection (1 s) so that failover tests are quick.
 */
public final class RedisSentinelGroup implements AutoCloseable {
  /** The name the sentinels monitor the master under. */
  public static final String MASTER_NAME = "mymaster";

  private static final Duration READY = Duration.ofSeconds(60);

  private final List<RedisServer> servers;
  private final List<RedisServer> sentinels;

  private RedisSentinelGroup(List<RedisServer> servers, List<RedisServer> sentinels) {
    this.servers = List.copyOf(servers);
    this.sentinels = List.copyOf(sentinels);
  }

  /**
   * Starts a master with two replicas and three sentinels, and waits until every sentinel sees both
   * replicas and the other sentinels.
   *
   * @return the group
   */
  public static RedisSentinelGroup start() {
    List<RedisServer> servers = new ArrayList<>();
    List<RedisServer> sentinels = new ArrayList<>();
    try {
      RedisServer master = RedisServer.start();
      servers.add(master);
      for (int i = 0; i < 2; i++) {
        servers.add(
            RedisServer.builder()
                .args("--replicaof", master.host(), Integer.toString(master.port()))
                .start());
      }
      String config =
          "sentinel monitor "
              + MASTER_NAME
              + " "
              + master.host()
              + " "
              + master.port()
              + " 2\n"
              + "sentinel down-after-milliseconds "
              + MASTER_NAME
              + " 1000\n"
              + "sentinel failover-timeout "
              + MASTER_NAME
              + " 5000\n";
      for (int i = 0; i < 3; i++) {
        sentinels.add(RedisServer.builder().sentinel(config).start());
      }
      RedisSentinelGroup group = new RedisSentinelGroup(servers, sentinels);
      Await.until(READY, group::settled, "sentinels that see 2 replicas and 2 other sentinels");
      return group;
    } catch (RuntimeException e) {
      sentinels.forEach(RedisServer::close);
      servers.forEach(RedisServer::close);
      throw e;
    }
  }

  private boolean settled() {
    for (RedisServer sentinel : sentinels) {
      List<?> replicas = (List<?>) sentinel.execute("SENTINEL", "REPLICAS", MASTER_NAME);
      List<?> others = (List<?>) sentinel.execute("SENTINEL", "SENTINELS", MASTER_NAME);
      if (replicas == null || others == null || replicas.size() < 2 || others.size() < 2) {
        return false;
      }
    }
    for (RedisServer server : servers) {
      String replication = server.info("replication");
      if (replication.contains("role:slave") && !replication.contains("master_link_status:up")) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns the URI HOT Redis connects with: {@code redis-sentinel://host:port,.../mymaster}.
   *
   * @return the URI naming every sentinel
   */
  public String uri() {
    return "redis-sentinel://"
        + sentinels.stream().map(s -> s.host() + ":" + s.port()).collect(Collectors.joining(","))
        + "/"
        + MASTER_NAME;
  }

  /**
   * Returns the data servers: the first one started as the master, then the replicas.
   *
   * @return the servers
   */
  public List<RedisServer> servers() {
    return servers;
  }

  /**
   * Returns the sentinels.
   *
   * @return the sentinels
   */
  public List<RedisServer> sentinels() {
    return sentinels;
  }

  /**
   * Returns the server the sentinels currently name as master.
   *
   * @return the current master
   */
  public RedisServer master() {
    for (RedisServer sentinel : sentinels) {
      if (!sentinel.isRunning()) {
        continue;
      }
      List<?> address =
          (List<?>) sentinel.execute("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME);
      if (address != null && address.size() == 2) {
        int port = Integer.parseInt(String.valueOf(address.get(1)));
        return servers.stream()
            .filter(s -> s.port() == port)
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("unknown master port " + port));
      }
    }
    throw new IllegalStateException("no sentinel names a master");
  }

  /**
   * Waits until the sentinels name a master other than {@code old}, that master runs as a master,
   * and it has at least one replica in sync.
   *
   * @param old the master that failed
   * @return the promoted master
   */
  public RedisServer awaitFailover(RedisServer old) {
    requireNonNull(old, "old");
    Await.until(
        READY,
        () -> {
          RedisServer current = master();
          return current.port() != old.port()
              && current.isRunning()
              && current.info("replication").contains("role:master");
        },
        "a failover away from " + old.port());
    return master();
  }

  /** Stops every sentinel and server and deletes their directories. */
  @Override
  public void close() {
    sentinels.forEach(RedisServer::close);
    servers.forEach(RedisServer::close);
  }
}
