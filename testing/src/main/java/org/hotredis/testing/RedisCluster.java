package org.hotredis.testing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A local Redis Cluster of private {@code redis-server} processes on loopback ports: by default 3
 * masters with one replica each, created with {@code redis-cli --cluster create}.
 *
 * <p>Tests can fail a master over to its replica, move a slot to another master while clients run,
 * and stop, kill or restart single nodes through {@link #nodes()}.
 */
public final class RedisCluster implements RedisDeployment, AutoCloseable {
  private static final Duration READY = Duration.ofSeconds(60);

  private final List<RedisServer> nodes;

  private RedisCluster(List<RedisServer> nodes) {
    this.nodes = List.copyOf(nodes);
  }

  /**
   * Starts a cluster of 3 masters and 3 replicas and waits until every slot is served.
   *
   * @return the cluster
   */
  public static RedisCluster start() {
    return builder().start();
  }

  /**
   * Returns a builder for a cluster of another shape.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns every node, masters and replicas, in the order they were started.
   *
   * @return the nodes
   */
  public List<RedisServer> nodes() {
    return nodes;
  }

  @Override
  public List<RedisServer> runningNodes() {
    return nodes.stream().filter(RedisServer::isRunning).toList();
  }

  @Override
  public RedisServer serving(String key) {
    return masterOf(slot(key));
  }

  /**
   * Returns the running nodes that are masters now, as each reports its own role.
   *
   * @return the masters
   */
  @Override
  public List<RedisServer> masters() {
    return nodes.stream()
        .filter(RedisServer::isRunning)
        .filter(n -> n.info("replication").contains("role:master"))
        .collect(Collectors.toList());
  }

  /**
   * Returns the master that serves a slot now.
   *
   * @param slot a slot, 0 to 16383
   * @return its master
   */
  public RedisServer masterOf(int slot) {
    return topology().stream()
        .filter(n -> n.flags().contains("master") && n.serves(slot))
        .map(n -> node(n.port()))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no master serves slot " + slot));
  }

  /**
   * Returns the slot of a key, as the cluster computes it ({@code CLUSTER KEYSLOT}).
   *
   * @param key the key
   * @return its slot
   */
  public int slot(String key) {
    return ((Long) requireNonNull(anyLive().execute("CLUSTER", "KEYSLOT", key))).intValue();
  }

  /**
   * Returns the seed-node URI HOT Redis connects with: {@code redis-cluster://host:port,...}.
   *
   * @return the URI naming every node
   */
  @Override
  public String uri() {
    return "redis-cluster://"
        + nodes.stream().map(n -> n.host() + ":" + n.port()).collect(Collectors.joining(","));
  }

  /** Deletes every key on every master. */
  @Override
  public void flushAll() {
    for (RedisServer master : masters()) {
      master.execute("FLUSHALL");
    }
  }

  @Override
  public boolean isCluster() {
    return true;
  }

  /**
   * Runs one raw command on the master that serves its first key ({@code COMMAND GETKEYS} finds the
   * keys). A command without keys runs on every master when it changes them all ({@code FLUSHALL},
   * {@code FLUSHDB}, {@code SCRIPT FLUSH}, {@code CONFIG RESETSTAT}), its numeric replies summed
   * for {@code DBSIZE}, and on one master otherwise.
   */
  @Override
  public @Nullable Object execute(String... command) {
    requireNonNull(command, "command");
    if (command.length == 0) {
      throw new IllegalArgumentException("no command");
    }
    String name = command[0].toUpperCase(java.util.Locale.ROOT);
    String sub = command.length > 1 ? command[1].toUpperCase(java.util.Locale.ROOT) : "";
    if (name.equals("FLUSHALL")
        || name.equals("FLUSHDB")
        || (name.equals("SCRIPT") && sub.equals("FLUSH"))
        || (name.equals("CONFIG") && sub.equals("RESETSTAT"))) {
      Object reply = null;
      for (RedisServer master : masters()) {
        reply = master.execute(command);
      }
      return reply;
    }
    if (name.equals("DBSIZE")) {
      long total = 0;
      for (RedisServer master : masters()) {
        total += (Long) requireNonNull(master.execute(command));
      }
      return total;
    }
    List<?> keys;
    try {
      String[] getKeys = new String[command.length + 2];
      getKeys[0] = "COMMAND";
      getKeys[1] = "GETKEYS";
      System.arraycopy(command, 0, getKeys, 2, command.length);
      keys = (List<?>) anyMaster().execute(getKeys);
    } catch (RedisServer.ReplyError e) {
      keys = List.of(); // "The command has no key arguments"
    }
    if (keys == null || keys.isEmpty()) {
      return anyMaster().execute(command);
    }
    return masterOf(slot(String.valueOf(keys.get(0)))).execute(command);
  }

  /** Resets the command statistics of every node. */
  @Override
  public void resetStats() {
    for (RedisServer node : nodes) {
      if (node.isRunning()) {
        node.resetStats();
      }
    }
  }

  /** Returns how many times a command ran since the last reset, summed over the masters. */
  @Override
  public long commandCalls(String command) {
    long total = 0;
    for (RedisServer master : masters()) {
      total += master.commandCalls(command);
    }
    return total;
  }

  private RedisServer anyMaster() {
    List<RedisServer> masters = masters();
    if (masters.isEmpty()) {
      throw new IllegalStateException("the cluster has no running master");
    }
    return masters.get(0);
  }

  /**
   * Promotes a master's replica in its place ({@code CLUSTER FAILOVER} on the replica) and waits
   * until the replica serves the master's slots.
   *
   * @param master a current master
   * @return the promoted replica, the new master
   */
  public RedisServer failover(RedisServer master) {
    Node old =
        topology().stream()
            .filter(n -> n.port() == master.port())
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("not a node of this cluster"));
    Node replica =
        topology().stream()
            .filter(n -> old.id().equals(n.masterId()))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("master has no replica"));
    RedisServer promoted = node(replica.port());
    promoted.execute("CLUSTER", "FAILOVER");
    Await.until(
        READY,
        () -> {
          Optional<Node> now =
              topology().stream().filter(n -> n.port() == promoted.port()).findFirst();
          return now.isPresent() && now.get().flags().contains("master") && healthy();
        },
        "the failover of " + master.port() + " to " + promoted.port());
    return promoted;
  }

  /**
   * Moves one slot, with its keys, from its master to another ({@code CLUSTER SETSLOT IMPORTING}
   * and {@code MIGRATING}, {@code MIGRATE} of its keys in batches, then {@code SETSLOT NODE} on
   * every master), as {@code redis-cli --cluster reshard} does. Clients see {@code ASK} and {@code
   * MOVED} redirects meanwhile.
   *
   * @param slot the slot
   * @param target the master that serves it afterwards
   */
  public void moveSlot(int slot, RedisServer target) {
    RedisServer source = masterOf(slot);
    if (source.port() == target.port()) {
      return;
    }
    String sourceId = id(source);
    String targetId = id(target);
    target.execute("CLUSTER", "SETSLOT", Integer.toString(slot), "IMPORTING", sourceId);
    source.execute("CLUSTER", "SETSLOT", Integer.toString(slot), "MIGRATING", targetId);
    while (true) {
      List<?> keys =
          (List<?>)
              requireNonNull(
                  source.execute("CLUSTER", "GETKEYSINSLOT", Integer.toString(slot), "100"));
      if (keys.isEmpty()) {
        break;
      }
      List<String> command = new ArrayList<>();
      command.addAll(
          List.of(
              "MIGRATE", target.host(), Integer.toString(target.port()), "", "0", "5000", "KEYS"));
      keys.forEach(k -> command.add(String.valueOf(k)));
      source.execute(command.toArray(new String[0]));
    }
    // The target first, then the source, then the rest: in the other order the target, still
    // importing, and the source, already done, would redirect clients to each other.
    target.execute("CLUSTER", "SETSLOT", Integer.toString(slot), "NODE", targetId);
    source.execute("CLUSTER", "SETSLOT", Integer.toString(slot), "NODE", targetId);
    for (RedisServer master : masters()) {
      if (master.port() != target.port() && master.port() != source.port()) {
        master.execute("CLUSTER", "SETSLOT", Integer.toString(slot), "NODE", targetId);
      }
    }
    Await.until(READY, () -> masterOf(slot).port() == target.port(), "slot " + slot + " moved");
  }

  /**
   * Waits until every slot is served, every node agrees the cluster is OK, and every replica is in
   * sync with its master.
   *
   * @param timeout how long to wait
   */
  public void awaitHealthy(Duration timeout) {
    Await.until(timeout, this::healthy, "a healthy cluster");
  }

  private boolean healthy() {
    for (RedisServer node : nodes) {
      if (!node.isRunning()) {
        continue;
      }
      String info = String.valueOf(node.execute("CLUSTER", "INFO"));
      if (!info.contains("cluster_state:ok") || !info.contains("cluster_slots_ok:16384")) {
        return false;
      }
      String replication = node.info("replication");
      if (replication.contains("role:slave") && !replication.contains("master_link_status:up")) {
        return false;
      }
    }
    return true;
  }

  private String id(RedisServer node) {
    return String.valueOf(node.execute("CLUSTER", "MYID"));
  }

  private RedisServer anyLive() {
    return nodes.stream()
        .filter(RedisServer::isRunning)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no node of the cluster is running"));
  }

  private RedisServer node(int port) {
    return nodes.stream()
        .filter(n -> n.port() == port)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no node on port " + port));
  }

  /** One line of {@code CLUSTER NODES}. */
  private record Node(String id, int port, String flags, String masterId, List<int[]> slots) {
    boolean serves(int slot) {
      return slots.stream().anyMatch(r -> slot >= r[0] && slot <= r[1]);
    }
  }

  private List<Node> topology() {
    String text = String.valueOf(anyLive().execute("CLUSTER", "NODES"));
    List<Node> result = new ArrayList<>();
    for (String line : text.lines().collect(Collectors.toList())) {
      List<String> f = List.of(line.trim().split(" ", -1));
      if (f.size() < 8) {
        continue;
      }
      String address = f.get(1);
      int port =
          Integer.parseInt(address.substring(address.indexOf(':') + 1, address.indexOf('@')));
      List<int[]> slots = new ArrayList<>();
      for (String range : f.subList(8, f.size())) {
        if (range.isEmpty() || range.startsWith("[")) {
          continue;
        }
        int dash = range.indexOf('-');
        int from = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
        slots.add(new int[] {from, dash < 0 ? from : Integer.parseInt(range.substring(dash + 1))});
      }
      result.add(new Node(f.get(0), port, f.get(2), f.get(3), slots));
    }
    return result;
  }

  /** Stops every node and deletes its directory. */
  @Override
  public void close() {
    for (RedisServer node : nodes) {
      node.close();
    }
  }

  /** Configures and starts a {@link RedisCluster}. */
  public static final class Builder {
    private int masters = 3;
    private int replicas = 1;
    private Duration nodeTimeout = Duration.ofSeconds(2);

    private Builder() {}

    /**
     * Sets the number of masters.
     *
     * @param masters 3 or more (Redis Cluster needs 3)
     * @return this builder
     */
    public Builder masters(int masters) {
      if (masters < 3) {
        throw new IllegalArgumentException("Redis Cluster needs at least 3 masters");
      }
      this.masters = masters;
      return this;
    }

    /**
     * Sets the number of replicas of each master.
     *
     * @param replicas 0 or more
     * @return this builder
     */
    public Builder replicas(int replicas) {
      if (replicas < 0) {
        throw new IllegalArgumentException("replicas must be >= 0");
      }
      this.replicas = replicas;
      return this;
    }

    /**
     * Sets {@code cluster-node-timeout}: how long a node may be unreachable before it counts as
     * failed and its replica takes over.
     *
     * @param timeout the timeout, 2 s by default
     * @return this builder
     */
    public Builder nodeTimeout(Duration timeout) {
      this.nodeTimeout = requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Starts the nodes, creates the cluster and waits until it is healthy.
     *
     * @return the cluster
     * @throws IllegalStateException if the cluster cannot be created; the message has {@code
     *     redis-cli}'s output
     */
    public RedisCluster start() {
      List<RedisServer> nodes = new ArrayList<>();
      try {
        for (int i = 0; i < masters * (1 + replicas); i++) {
          nodes.add(
              RedisServer.builder()
                  .arg("cluster-enabled", "yes")
                  .arg("cluster-config-file", "nodes.conf")
                  .arg("cluster-node-timeout", Long.toString(nodeTimeout.toMillis()))
                  .start());
        }
        create(nodes);
        RedisCluster cluster = new RedisCluster(nodes);
        cluster.awaitHealthy(READY);
        return cluster;
      } catch (RuntimeException e) {
        nodes.forEach(RedisServer::close);
        throw e;
      }
    }

    private void create(List<RedisServer> nodes) {
      List<String> command = new ArrayList<>();
      command.add(redisCli());
      command.add("--cluster");
      command.add("create");
      nodes.forEach(n -> command.add(n.host() + ":" + n.port()));
      command.add("--cluster-replicas");
      command.add(Integer.toString(replicas));
      command.add("--cluster-yes");
      try {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(READY.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
          process.destroyForcibly();
          throw new IllegalStateException("redis-cli --cluster create failed:\n" + output);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot run redis-cli (install redis-tools)", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while creating the cluster", e);
      }
    }

    private static String redisCli() {
      Path server = ServerLauncher.defaultExecutable();
      Path parent = server.getParent();
      if (parent != null) {
        Path cli = parent.resolve("redis-cli");
        if (Files.isExecutable(cli)) {
          return cli.toString();
        }
      }
      return "redis-cli";
    }
  }
}
