package org.hotredis.testing;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a test needs from the Redis it runs against, whether one {@link RedisServer} or a whole
 * {@link RedisCluster}: the URI to connect to, and raw commands to prepare and check data.
 *
 * <p>Tests written against this interface run on both; {@link RedisExtension} chooses which by the
 * system property {@value RedisExtension#DEPLOYMENT_PROPERTY}. Tests that need a single process to
 * stop, kill or freeze take a {@link RedisServer} instead and run on a single server only.
 */
public interface RedisDeployment {

  /**
   * Returns the URI HOT Redis connects with.
   *
   * @return {@code redis://...} for a server, {@code redis-cluster://...} for a cluster
   */
  String uri();

  /**
   * Runs one raw command, on the node that serves its first key (a keyless command runs on one
   * node), and returns the reply as {@link RedisServer#execute} does.
   *
   * @param command the command and its arguments
   * @return the reply
   */
  @Nullable Object execute(String... command);

  /** Deletes every key, on every master. */
  void flushAll();

  /** Resets the command statistics of every node ({@code CONFIG RESETSTAT}). */
  void resetStats();

  /**
   * Returns how many times a command ran since the last reset, summed over the masters.
   *
   * @param command the lowercase command name, such as {@code evalsha}
   * @return the calls
   */
  long commandCalls(String command);

  /**
   * Returns whether this is a cluster.
   *
   * @return true for a {@link RedisCluster}
   */
  boolean isCluster();

  /**
   * Returns the running processes, for checks of per-process state ({@code INFO}, {@code CLIENT
   * LIST}, {@code PUBSUB}) that hold on a server and on a cluster alike.
   *
   * @return the server itself, or every running node of the cluster
   */
  List<RedisServer> runningNodes();

  /**
   * Returns the processes that take writes.
   *
   * @return the server itself, or the cluster's current masters
   */
  List<RedisServer> masters();

  /**
   * Returns the process that serves a key.
   *
   * @param key the key
   * @return the server itself, or the master of the key's slot
   */
  RedisServer serving(String key);

  /**
   * Sums a numeric field of {@code INFO} over the running processes.
   *
   * @param section the {@code INFO} section, such as {@code clients}
   * @param field the field, such as {@code blocked_clients}
   * @return the sum
   */
  default long infoSum(String section, String field) {
    String prefix = field + ":";
    return runningNodes().stream()
        .flatMap(node -> node.info(section).lines())
        .filter(line -> line.startsWith(prefix))
        .mapToLong(line -> Long.parseLong(line.substring(prefix.length()).strip()))
        .sum();
  }
}
