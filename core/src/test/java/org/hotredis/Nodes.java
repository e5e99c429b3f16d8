package org.hotredis;

import java.util.List;
import org.hotredis.testing.RedisCluster;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisServer;

/**
 * The {@code redis-server} processes behind a test's {@link RedisDeployment}, for assertions about
 * per-process state ({@code INFO}, {@code CLIENT LIST}, {@code PUBSUB}) that hold on a single
 * server and on a cluster alike.
 */
final class Nodes {
  private Nodes() {}

  /**
   * Returns every running process: the server itself, or every node of the cluster.
   *
   * @param deployment the test's deployment
   * @return its processes
   */
  static List<RedisServer> all(RedisDeployment deployment) {
    if (deployment instanceof RedisCluster cluster) {
      return cluster.nodes().stream().filter(RedisServer::isRunning).toList();
    }
    return List.of((RedisServer) deployment);
  }

  /**
   * Returns the masters: the server itself, or the cluster's current masters.
   *
   * @param deployment the test's deployment
   * @return the processes that take writes
   */
  static List<RedisServer> masters(RedisDeployment deployment) {
    if (deployment instanceof RedisCluster cluster) {
      return cluster.masters();
    }
    return List.of((RedisServer) deployment);
  }

  /**
   * Sums a numeric field of {@code INFO} over every process.
   *
   * @param deployment the test's deployment
   * @param section the {@code INFO} section, such as {@code clients}
   * @param field the field, such as {@code blocked_clients}
   * @return the sum
   */
  static long infoSum(RedisDeployment deployment, String section, String field) {
    String prefix = field + ":";
    return all(deployment).stream()
        .flatMap(node -> node.info(section).lines())
        .filter(line -> line.startsWith(prefix))
        .mapToLong(line -> Long.parseLong(line.substring(prefix.length()).strip()))
        .sum();
  }
}
