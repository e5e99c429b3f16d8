package org.hotredis;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.hotredis.codec.CodecException;
import org.hotredis.shaded.redis.clients.jedis.CommandArguments;
import org.hotredis.shaded.redis.clients.jedis.CommandObject;
import org.hotredis.shaded.redis.clients.jedis.Connection;
import org.hotredis.shaded.redis.clients.jedis.Protocol;
import org.hotredis.shaded.redis.clients.jedis.exceptions.JedisAskDataException;
import org.hotredis.shaded.redis.clients.jedis.exceptions.JedisClusterOperationException;
import org.hotredis.shaded.redis.clients.jedis.exceptions.JedisDataException;
import org.hotredis.shaded.redis.clients.jedis.exceptions.JedisException;
import org.hotredis.shaded.redis.clients.jedis.exceptions.JedisMovedDataException;
import org.hotredis.shaded.redis.clients.jedis.exceptions.JedisNoScriptException;
import org.hotredis.shaded.redis.clients.jedis.exceptions.JedisRedirectionException;
import org.jspecify.annotations.Nullable;

/**
 * Runs one command or script call now, on a pooled connection, and turns failures into HOT Redis
 * exceptions.
 *
 * <p>Recovery is limited to what cannot change the outcome: a script Redis no longer has is sent
 * again as {@code EVAL}; a read that failed on a stale pooled connection is retried once. A write
 * is never retried, because Redis cannot tell whether a write whose connection broke was applied.
 * After a broken connection the pool's idle connections are dropped, so one server restart costs at
 * most one failed write.
 */
final class Runner {
  /** How long a command answered {@code TRYAGAIN} (a slot being moved) is tried again. */
  private static final long TRY_AGAIN_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final HotClient client;
  private final Deployment deployment;
  private final Failures failures;
  private final int acknowledgingReplicas;
  private final long acknowledgementMillis;

  Runner(
      HotClient client,
      Deployment deployment,
      Failures failures,
      int acknowledgingReplicas,
      Duration acknowledgementTimeout) {
    this.client = client;
    this.deployment = deployment;
    this.failures = failures;
    this.acknowledgingReplicas = acknowledgingReplicas;
    this.acknowledgementMillis = acknowledgementTimeout.toMillis();
  }

  <T> T execute(CommandObject<T> command, boolean readOnly, @Nullable RedisBinding owner) {
    return run(command, null, readOnly, owner, null, true, 0);
  }

  <T> T execute(ScriptCall<T> call, boolean readOnly, @Nullable RedisBinding owner) {
    return run(call.evalsha(), call, readOnly, owner, null, true, 0);
  }

  /** Runs a command on a connection a transaction holds, or on the pool when it is null. */
  <T> T execute(
      CommandObject<T> command,
      boolean readOnly,
      @Nullable RedisBinding owner,
      @Nullable Connection connection) {
    return run(command, null, readOnly, owner, connection, connection == null, 0);
  }

  /** Runs a script on a connection a transaction holds, or on the pool when it is null. */
  <T> T execute(
      ScriptCall<T> call,
      boolean readOnly,
      @Nullable RedisBinding owner,
      @Nullable Connection connection) {
    return run(call.evalsha(), call, readOnly, owner, connection, connection == null, 0);
  }

  /**
   * Runs a command. {@code tryAgainSince} is the {@link System#nanoTime()} of the first {@code
   * TRYAGAIN} answer, or 0: while a cluster moves the slot of a multi-key command, Redis answers
   * {@code TRYAGAIN} without executing anything, so the command is sent again after a short pause.
   */
  private <T> T run(
      CommandObject<T> command,
      @Nullable ScriptCall<T> script,
      boolean readOnly,
      @Nullable RedisBinding owner,
      @Nullable Connection connection,
      boolean mayRetry,
      long tryAgainSince) {
    try {
      if (connection == null && !readOnly && acknowledgingReplicas > 0) {
        return acknowledged(command, owner, 0);
      }
      return connection == null
          ? deployment.jedis().executeCommand(command)
          : connection.executeCommand(command);
    } catch (JedisNoScriptException e) {
      if (script != null) {
        return run(script.eval(), null, readOnly, owner, connection, mayRetry, tryAgainSince);
      }
      throw translate(e, command, readOnly, owner);
    } catch (JedisDataException e) {
      long since = tryAgainSince == 0 ? System.nanoTime() : tryAgainSince;
      if (String.valueOf(e.getMessage()).startsWith("TRYAGAIN") && pausedForRetry(since)) {
        return run(command, script, readOnly, owner, connection, mayRetry, since);
      }
      throw translate(e, command, readOnly, owner);
    } catch (JedisClusterOperationException e) {
      long since = tryAgainSince == 0 ? System.nanoTime() : tryAgainSince;
      if (onlyRedirected(e) && pausedForRetry(since)) {
        return run(command, script, readOnly, owner, connection, mayRetry, since);
      }
      throw translate(e, command, readOnly, owner);
    } catch (JedisException e) {
      if (connection == null && !client.isClosed() && Failures.isStaleConnection(e)) {
        deployment.discardIdleConnections();
        if (readOnly && mayRetry) {
          return run(command, script, true, owner, null, false, tryAgainSince);
        }
      }
      throw translate(e, command, readOnly, owner);
    } catch (CodecException e) {
      throw owner == null ? e : e.atKey(owner.key());
    }
  }

  /**
   * Pauses briefly and answers true while a command refused since {@code since} (a {@link
   * System#nanoTime()}) may still be tried again.
   */
  private static boolean pausedForRetry(long since) {
    if (System.nanoTime() - since >= TRY_AGAIN_NANOS) {
      return false;
    }
    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    return true;
  }

  /**
   * Whether Jedis gave up on a cluster command only because the nodes kept redirecting it: while a
   * slot changes owner, nodes briefly disagree about who serves it. Every attempt was refused, so
   * nothing was executed and the command may be sent again, write or not.
   */
  private static boolean onlyRedirected(JedisClusterOperationException e) {
    Throwable[] suppressed = e.getSuppressed();
    return suppressed.length == 1 && suppressed[0] instanceof JedisRedirectionException;
  }

  /**
   * Runs a write followed by {@code WAIT} on one connection, in one flush, and checks that enough
   * replicas acknowledged it. Follows a cluster's redirects itself, since it bypasses the Jedis
   * client that normally does.
   */
  private <T> T acknowledged(
      CommandObject<T> command, @Nullable RedisBinding owner, int redirects) {
    Set<Integer> slots = command.getArguments().getKeyHashSlots();
    int slot = slots.isEmpty() ? -1 : slots.iterator().next();
    try (Connection connection = deployment.connection(slot)) {
      return acknowledgedOn(connection, command, false, owner);
    } catch (JedisMovedDataException e) {
      if (redirects >= 3) {
        throw e;
      }
      deployment.refreshTopology();
      return acknowledged(command, owner, redirects + 1);
    } catch (JedisAskDataException e) {
      try (Connection target = deployment.connection(e.getTargetNode())) {
        return acknowledgedOn(target, command, true, owner);
      }
    }
  }

  private <T> T acknowledgedOn(
      Connection connection,
      CommandObject<T> command,
      boolean asking,
      @Nullable RedisBinding owner) {
    if (asking) {
      connection.sendCommand(Protocol.Command.ASKING);
    }
    connection.sendCommand(command.getArguments());
    connection.sendCommand(waitCommand());
    List<Object> replies = connection.getMany(asking ? 3 : 2);
    Object reply = replies.get(asking ? 1 : 0);
    if (reply instanceof JedisDataException error) {
      throw error;
    }
    T value = command.getBuilder().build(reply);
    checkAcknowledged(replies.get(replies.size() - 1), command, owner, value);
    return value;
  }

  private CommandArguments waitCommand() {
    return new CommandArguments(Protocol.Command.WAIT)
        .add(acknowledgingReplicas)
        .add(acknowledgementMillis);
  }

  /**
   * Sends {@code WAIT} on a connection that just executed a transaction, when the client requires
   * acknowledgements, and checks the answer.
   */
  void awaitReplicas(Connection connection, String what) {
    if (acknowledgingReplicas > 0) {
      Object acknowledged = connection.executeCommand(waitCommand());
      if (!(acknowledged instanceof Long count) || count < acknowledgingReplicas) {
        throw replicationFailure(acknowledged, what, null);
      }
    }
  }

  private void checkAcknowledged(
      @Nullable Object reply,
      CommandObject<?> command,
      @Nullable RedisBinding owner,
      @Nullable Object result) {
    if (!(reply instanceof Long count) || count < acknowledgingReplicas) {
      throw replicationFailure(
          reply,
          Failures.name(command.getArguments()) + (owner == null ? "" : " on " + owner.describe()),
          result);
    }
  }

  private HotReplicationException replicationFailure(
      @Nullable Object reply, String what, @Nullable Object result) {
    int count = reply instanceof Long n ? n.intValue() : 0;
    return new HotReplicationException(
        what
            + " was applied on the master at "
            + deployment.describe()
            + ", but only "
            + count
            + " of the "
            + acknowledgingReplicas
            + " required replicas acknowledged it within "
            + acknowledgementMillis
            + " ms (WAIT); it is lost if the master fails before a replica has it",
        count,
        acknowledgingReplicas,
        result);
  }

  /** Translates a Jedis failure of one command, for this runner and for transactions. */
  RuntimeException translate(
      JedisException e, CommandObject<?> command, boolean readOnly, @Nullable RedisBinding owner) {
    if (client.isClosed()) {
      return new IllegalStateException(client + " is closed", e);
    }
    if (e instanceof JedisDataException data && !isAccessControl(e)) {
      return failures.data(data, owner, command.getArguments(), this::typeOf);
    }
    return failures.connection(e, readOnly, command.getArguments());
  }

  Failures failures() {
    return failures;
  }

  private static boolean isAccessControl(JedisException e) {
    String message = String.valueOf(e.getMessage());
    return message.startsWith("NOAUTH") || message.startsWith("WRONGPASS");
  }

  private String typeOf(byte[] key) {
    return deployment.jedis().type(key);
  }
}
