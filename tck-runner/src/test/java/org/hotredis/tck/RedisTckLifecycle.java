package org.hotredis.tck;

import org.hotredis.jcache.configuration.ProviderSettings;
import org.hotredis.testing.RedisServer;
import org.junit.runner.Description;
import org.junit.runner.Result;
import org.junit.runner.notification.RunListener;

/**
 * Gives the TCK a private {@code redis-server}: started before the first TCK class, stopped after
 * the last, and emptied before each test. Surefire registers it as a JUnit 4 run listener; the
 * provider finds the server through {@value ProviderSettings#URI}, as any deployment would.
 *
 * <p>Each test starts from an empty Redis, as if it ran against a new deployment: the TCK reuses
 * cache names across tests and closes managers without destroying their caches, yet expects each
 * {@code createCache} to give an empty cache, while HOT Redis's caches, like the data they hold in
 * Redis, outlive the managers that opened them (only {@code destroyCache} deletes a cache).
 */
public final class RedisTckLifecycle extends RunListener {
  private RedisServer server;

  /** Creates the listener; Surefire does this. */
  public RedisTckLifecycle() {}

  @Override
  public void testRunStarted(Description description) {
    server = RedisServer.start();
    server.flushAll();
    System.setProperty(ProviderSettings.URI, server.uri() + "/0");
  }

  @Override
  public void testStarted(Description description) {
    if (server != null) {
      server.flushAll();
    }
  }

  @Override
  public void testRunFinished(Result result) {
    if (server != null) {
      server.close();
      server = null;
    }
  }
}
