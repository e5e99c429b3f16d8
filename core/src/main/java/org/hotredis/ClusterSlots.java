package org.hotredis;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.hotredis.shaded.redis.clients.jedis.CommandArguments;
import org.hotredis.shaded.redis.clients.jedis.Connection;
import org.hotredis.shaded.redis.clients.jedis.HostAndPort;
import org.hotredis.shaded.redis.clients.jedis.JedisClientConfig;
import org.hotredis.shaded.redis.clients.jedis.Protocol;
import org.hotredis.shaded.redis.clients.jedis.exceptions.JedisConnectionException;
import org.hotredis.shaded.redis.clients.jedis.exceptions.JedisDataException;
import org.hotredis.shaded.redis.clients.jedis.exceptions.JedisException;
import org.jspecify.annotations.Nullable;

/**
 * Which master serves each of a Redis Cluster's 16384 slots, as the client last learnt it.
 *
 * <p>The map is read ({@code CLUSTER SLOTS}) from a seed when the client is created, on the thread
 * that creates it. After that it is read again only on a background thread, when a call was
 * redirected ({@code MOVED}, which also updates its slot at once) or a connection to a node failed,
 * so a call never waits for a refresh, nor for a node that does not answer one. Refreshes run one
 * at a time, at least {@value #PAUSE_MILLIS} ms apart, and requests made while one runs fold into
 * the next; each asks the known masters in random order, then the seeds, on a short-lived
 * connection of its own.
 */
final class ClusterSlots implements AutoCloseable {
  static final int SLOTS = 16384;

  private static final System.Logger LOG = System.getLogger(ClusterSlots.class.getName());
  private static final long PAUSE_MILLIS = 100;

  private final List<HostAndPort> seeds;
  private final JedisClientConfig config;
  private final Executor background;
  private final Consumer<Set<HostAndPort>> onMasters;
  private final AtomicReferenceArray<@Nullable HostAndPort> owners =
      new AtomicReferenceArray<>(SLOTS);
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicBoolean refreshing = new AtomicBoolean();
  private volatile List<HostAndPort> masters = List.of();
  private volatile boolean wanted;
  private volatile boolean closed;
  private long lastRefresh; // read and written by the refreshing thread only

  /**
   * Creates an empty map; {@link #discover()} fills it.
   *
   * @param onMasters told the masters after each refresh, to let go of other nodes' connections
   */
  ClusterSlots(
      List<HostAndPort> seeds,
      JedisClientConfig config,
      Executor background,
      Consumer<Set<HostAndPort>> onMasters) {
    this.seeds = List.copyOf(seeds);
    this.config = config;
    this.background = background;
    this.onMasters = onMasters;
  }

  /**
   * Reads the map from the first seed that answers, on the calling thread.
   *
   * @throws JedisConnectionException if no seed answers with a slot map
   */
  void discover() {
    JedisConnectionException failure =
        new JedisConnectionException("no seed of the cluster answered CLUSTER SLOTS");
    for (HostAndPort seed : seeds) {
      try {
        load(seed);
        return;
      } catch (JedisException e) {
        failure.addSuppressed(e);
        if (failure.getCause() == null) {
          failure.initCause(e);
        }
      }
    }
    throw failure;
  }

  /** Returns the master serving a slot, or null if no master serves it as far as known. */
  @Nullable HostAndPort owner(int slot) {
    return owners.get(slot);
  }

  /** Returns one of the masters, in turn, for a command without keys. */
  HostAndPort anyMaster() {
    List<HostAndPort> known = masters;
    if (known.isEmpty()) {
      return seeds.get(0);
    }
    return known.get(Math.floorMod(next.getAndIncrement(), known.size()));
  }

  /** Records a {@code MOVED} answer at once, and has the whole map read again. */
  void moved(int slot, HostAndPort node) {
    if (slot >= 0 && slot < SLOTS) {
      owners.set(slot, node);
    }
    refreshSoon();
  }

  /** Has the map read again on a background thread; returns at once. */
  void refreshSoon() {
    if (closed) {
      return;
    }
    wanted = true;
    if (refreshing.compareAndSet(false, true)) {
      try {
        background.execute(this::refreshWhileWanted);
      } catch (RejectedExecutionException e) {
        refreshing.set(false); // closing
      }
    }
  }

  private void refreshWhileWanted() {
    try {
      while (wanted && !closed) {
        wanted = false;
        long pause = lastRefresh + TimeUnit.MILLISECONDS.toNanos(PAUSE_MILLIS) - System.nanoTime();
        if (lastRefresh != 0 && pause > 0) {
          LockSupport.parkNanos(pause);
        }
        refreshOnce();
        lastRefresh = System.nanoTime();
      }
    } finally {
      refreshing.set(false);
    }
    if (wanted) {
      refreshSoon(); // asked for while this refresh was ending
    }
  }

  private void refreshOnce() {
    List<HostAndPort> candidates = new ArrayList<>(masters);
    Collections.shuffle(candidates);
    for (HostAndPort seed : seeds) {
      if (!candidates.contains(seed)) {
        candidates.add(seed);
      }
    }
    for (HostAndPort node : candidates) {
      if (closed) {
        return;
      }
      try {
        load(node);
        return;
      } catch (JedisException e) {
        LOG.log(Level.DEBUG, "cannot read the slot map from " + node, e);
      }
    }
    LOG.log(Level.DEBUG, "no node of the cluster answered CLUSTER SLOTS");
  }

  /** Reads the slot map from one node and applies it. */
  private void load(HostAndPort node) {
    Object reply;
    try (Connection connection = new Connection(node, config)) {
      reply =
          connection.executeCommand(new CommandArguments(Protocol.Command.CLUSTER).add("SLOTS"));
    }
    if (!(reply instanceof List<?> ranges) || ranges.isEmpty()) {
      throw new JedisDataException("CLUSTER SLOTS at " + node + " answered no slots: " + reply);
    }
    HostAndPort[] table = new HostAndPort[SLOTS];
    Set<HostAndPort> found = new LinkedHashSet<>();
    for (Object range : ranges) {
      if (range instanceof List<?> fields
          && fields.size() > 2
          && fields.get(0) instanceof Long first
          && fields.get(1) instanceof Long last
          && fields.get(2) instanceof List<?> master
          && master.size() > 1
          && master.get(0) instanceof byte[] host
          && master.get(1) instanceof Long port) {
        String name = new String(host, StandardCharsets.UTF_8);
        // An empty host means the node we asked; "?" an endpoint the node does not know.
        if (name.equals("?")) {
          continue;
        }
        HostAndPort owner =
            new HostAndPort(name.isEmpty() ? node.getHost() : name, port.intValue());
        found.add(owner);
        for (long slot = first; slot <= last && slot < SLOTS; slot++) {
          table[(int) slot] = owner;
        }
      }
    }
    for (int slot = 0; slot < SLOTS; slot++) {
      owners.set(slot, table[slot]);
    }
    masters = List.copyOf(found);
    onMasters.accept(found);
  }

  /** Stops refreshing. */
  @Override
  public void close() {
    closed = true;
  }
}
