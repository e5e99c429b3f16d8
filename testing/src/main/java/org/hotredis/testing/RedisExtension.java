package org.hotredis.testing;

import static java.util.Objects.requireNonNull;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that shares one {@link RedisServer} across all tests of a test run and
 * resolves parameters of type {@code RedisServer} to it; use it through {@link RedisTest}.
 *
 * <p>The server starts lazily, on first use, and lives in the root {@link ExtensionContext.Store},
 * so JUnit closes it when the run ends. Before each test the extension unfreezes the server if a
 * previous test froze it, restarts it if a previous test stopped or killed it, then deletes every
 * key ({@code FLUSHALL}) and resets the statistics ({@code CONFIG RESETSTAT}). Data written in a
 * {@code @BeforeAll} method is therefore gone by the time a test runs. Tests must not {@link
 * RedisServer#close() close} the shared server.
 */
public final class RedisExtension
    implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
  /** The name of the JUnit resource lock that {@link RedisTest} classes hold. */
  public static final String RESOURCE_LOCK = "org.hotredis.testing.RedisServer";

  private static final Namespace NAMESPACE = Namespace.create(RedisExtension.class);

  /** Creates the extension; JUnit does this for {@link RedisTest} classes. */
  public RedisExtension() {}

  /**
   * Returns the shared server of the test run that {@code context} belongs to, starting it if this
   * is its first use. Thread-safe.
   */
  public static RedisServer server(ExtensionContext context) {
    requireNonNull(context, "context");
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(RedisServer.class, key -> RedisServer.start(), RedisServer.class);
  }

  /** Starts the shared server, or revives it if a previous test stopped, killed or froze it. */
  @Override
  public void beforeAll(ExtensionContext context) {
    revive(server(context));
  }

  /** Revives the shared server if needed, then empties it and resets its statistics. */
  @Override
  public void beforeEach(ExtensionContext context) {
    RedisServer server = server(context);
    revive(server);
    server.flushAll();
    server.resetStats();
  }

  /** Returns whether the parameter is of type {@link RedisServer}. */
  @Override
  public boolean supportsParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == RedisServer.class;
  }

  /** Returns the shared server. */
  @Override
  public Object resolveParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    return server(extensionContext);
  }

  private static void revive(RedisServer server) {
    server.unfreeze();
    if (!server.isRunning()) {
      server.restart();
    }
  }
}
