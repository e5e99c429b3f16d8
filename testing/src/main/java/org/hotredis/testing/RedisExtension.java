package org.hotredis.testing;

import static java.util.Objects.requireNonNull;

import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that shares one Redis deployment across all tests of a test run and resolves
 * parameters of type {@link RedisDeployment} and {@link RedisServer} to it; use it through {@link
 * RedisTest}.
 *
 * <p>The deployment is a single {@link RedisServer}, or a {@link RedisCluster} when the system
 * property {@value #DEPLOYMENT_PROPERTY} is {@code cluster}: the same tests then run against a
 * cluster. A test that takes a {@code RedisServer} (to stop, kill or freeze it) needs one process,
 * so it is disabled on a cluster, as is every test of a class annotated {@link SingleServerTest}.
 *
 * <p>The deployment starts lazily, on first use, and lives in the root {@link
 * ExtensionContext.Store}, so JUnit closes it when the run ends. Before each test the extension
 * revives a server that a previous test froze, stopped or killed, then deletes every key ({@code
 * FLUSHALL}) and resets the statistics ({@code CONFIG RESETSTAT}). Data written in a
 * {@code @BeforeAll} method is therefore gone by the time a test runs. Tests must not close the
 * shared deployment.
 */
public final class RedisExtension
    implements BeforeAllCallback, BeforeEachCallback, ParameterResolver, ExecutionCondition {
  /** The name of the JUnit resource lock that {@link RedisTest} classes hold. */
  public static final String RESOURCE_LOCK = "org.hotredis.testing.RedisServer";

  /**
   * The system property that chooses the deployment: {@code server} (default) or {@code cluster}.
   */
  public static final String DEPLOYMENT_PROPERTY = "hotredis.test.deployment";

  private static final Namespace NAMESPACE = Namespace.create(RedisExtension.class);

  /** Creates the extension; JUnit does this for {@link RedisTest} classes. */
  public RedisExtension() {}

  /**
   * Returns whether this test run targets a cluster, as {@value #DEPLOYMENT_PROPERTY} says.
   *
   * @return true when the deployment is a cluster
   */
  public static boolean clusterMode() {
    return "cluster".equals(System.getProperty(DEPLOYMENT_PROPERTY));
  }

  /**
   * Returns the shared deployment of the test run that {@code context} belongs to, starting it if
   * this is its first use. Thread-safe.
   *
   * @param context any extension context of the run
   * @return the shared server or cluster
   */
  public static RedisDeployment deployment(ExtensionContext context) {
    requireNonNull(context, "context");
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            RedisDeployment.class,
            key -> clusterMode() ? RedisCluster.start() : RedisServer.start(),
            RedisDeployment.class);
  }

  /**
   * Returns the shared server of the test run, starting it if this is its first use.
   *
   * @param context any extension context of the run
   * @return the shared server
   * @throws IllegalStateException on a cluster run
   */
  public static RedisServer server(ExtensionContext context) {
    RedisDeployment deployment = deployment(context);
    if (deployment instanceof RedisServer server) {
      return server;
    }
    throw new IllegalStateException("this test run targets a cluster, not a single server");
  }

  /** Disables, on a cluster run, tests that need a single server process. */
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (!clusterMode()) {
      return ConditionEvaluationResult.enabled("single-server run");
    }
    Optional<Class<?>> testClass = context.getTestClass();
    if (testClass.isPresent()) {
      Class<?> type = testClass.get();
      if (type.isAnnotationPresent(SingleServerTest.class)) {
        return ConditionEvaluationResult.disabled("needs a single redis-server");
      }
      for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
        if (Arrays.stream(c.getDeclaredConstructors()).anyMatch(RedisExtension::takesServer)) {
          return ConditionEvaluationResult.disabled("needs a single redis-server");
        }
        for (Method m : c.getDeclaredMethods()) {
          if (isLifecycle(m) && takesServer(m)) {
            return ConditionEvaluationResult.disabled("needs a single redis-server");
          }
        }
      }
    }
    Optional<Method> method = context.getTestMethod();
    if (method.isPresent() && takesServer(method.get())) {
      return ConditionEvaluationResult.disabled("needs a single redis-server");
    }
    return ConditionEvaluationResult.enabled("runs on a cluster too");
  }

  private static boolean isLifecycle(Method m) {
    return m.isAnnotationPresent(BeforeEach.class)
        || m.isAnnotationPresent(BeforeAll.class)
        || m.isAnnotationPresent(AfterEach.class)
        || m.isAnnotationPresent(AfterAll.class);
  }

  private static boolean takesServer(Executable executable) {
    for (Parameter p : executable.getParameters()) {
      if (p.getType() == RedisServer.class) {
        return true;
      }
    }
    return false;
  }

  /** Starts the shared deployment, or revives a server a previous test stopped, killed or froze. */
  @Override
  public void beforeAll(ExtensionContext context) {
    revive(deployment(context));
  }

  /** Revives the shared deployment if needed, then empties it and resets its statistics. */
  @Override
  public void beforeEach(ExtensionContext context) {
    RedisDeployment deployment = deployment(context);
    revive(deployment);
    deployment.flushAll();
    deployment.resetStats();
  }

  /** Returns whether the parameter is a {@link RedisDeployment} or a {@link RedisServer}. */
  @Override
  public boolean supportsParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    Class<?> type = parameterContext.getParameter().getType();
    return type == RedisServer.class || type == RedisDeployment.class;
  }

  /** Returns the shared deployment (as a server, for {@code RedisServer} parameters). */
  @Override
  public Object resolveParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == RedisServer.class
        ? server(extensionContext)
        : deployment(extensionContext);
  }

  private static void revive(RedisDeployment deployment) {
    if (deployment instanceof RedisServer server) {
      server.unfreeze();
      if (!server.isRunning()) {
        server.restart();
      }
    } else if (deployment instanceof RedisCluster cluster) {
      cluster.awaitHealthy(Duration.ofSeconds(60));
    }
  }
}
