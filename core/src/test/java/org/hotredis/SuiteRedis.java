package org.hotredis;

import org.hotredis.testing.RedisServer;

/**
 * The Redis server and client shared by the guava-testlib conformance suites. Those suites are
 * JUnit 3 style, built by static {@code suite()} methods, so they cannot use the JUnit 5 {@code
 * RedisTest} extension: the server starts on first use and the testing module's shutdown hook stops
 * it when the test JVM exits. Every object the suites create has a fresh random key.
 */
final class SuiteRedis {
  private static RedisServer server;
  private static HotClient client;

  private SuiteRedis() {}

  static synchronized HotClient client() {
    if (client == null) {
      server = RedisServer.start();
      client = HotClient.create(server.uri());
    }
    return client;
  }
}
