package org.hotredis.collections;

import org.hotredis.HotClient;
import org.hotredis.testing.RedisCluster;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisExtension;
import org.hotredis.testing.RedisServer;

/**
 * The Redis deployment and client shared by the guava-testlib conformance suites. Those suites are
 * JUnit 3 style, built by static {@code suite()} methods, so they cannot use the JUnit 5 {@code
 * RedisTest} extension: the deployment starts on first use, a single server or, on a cluster run
 * ({@link RedisExtension#clusterMode()}), a cluster of its own, and the testing module's shutdown
 * hook stops it when the test JVM exits. Every object the suites create has a fresh random key.
 */
final class SuiteRedis {
  private static RedisDeployment deployment;
  private static HotClient client;

  private SuiteRedis() {}

  static synchronized HotClient client() {
    if (client == null) {
      deployment = RedisExtension.clusterMode() ? RedisCluster.start() : RedisServer.start();
      client = HotClient.create(deployment.uri());
    }
    return client;
  }
}
