package org.hotredis;

import org.hotredis.codec.CodecException;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

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
  private final HotClient client;
  private final Deployment deployment;
  private final Failures failures;

  Runner(HotClient client, Deployment deployment, Failures failures) {
    this.client = client;
    this.deployment = deployment;
    this.failures = failures;
  }

  <T> T execute(CommandObject<T> command, boolean readOnly, @Nullable RedisBinding owner) {
    return run(command, null, readOnly, owner, null, true);
  }

  <T> T execute(ScriptCall<T> call, boolean readOnly, @Nullable RedisBinding owner) {
    return run(call.evalsha(), call, readOnly, owner, null, true);
  }

  /** Runs a command on a connection a transaction holds, or on the pool when it is null. */
  <T> T execute(
      CommandObject<T> command,
      boolean readOnly,
      @Nullable RedisBinding owner,
      @Nullable Connection connection) {
    return run(command, null, readOnly, owner, connection, connection == null);
  }

  /** Runs a script on a connection a transaction holds, or on the pool when it is null. */
  <T> T execute(
      ScriptCall<T> call,
      boolean readOnly,
      @Nullable RedisBinding owner,
      @Nullable Connection connection) {
    return run(call.evalsha(), call, readOnly, owner, connection, connection == null);
  }

  private <T> T run(
      CommandObject<T> command,
      @Nullable ScriptCall<T> script,
      boolean readOnly,
      @Nullable RedisBinding owner,
      @Nullable Connection connection,
      boolean mayRetry) {
    try {
      return connection == null
          ? deployment.jedis().executeCommand(command)
          : connection.executeCommand(command);
    } catch (JedisNoScriptException e) {
      if (script != null) {
        return run(script.eval(), null, readOnly, owner, connection, mayRetry);
      }
      throw translate(e, command, readOnly, owner);
    } catch (JedisDataException e) {
      throw translate(e, command, readOnly, owner);
    } catch (JedisException e) {
      if (connection == null && !client.isClosed() && Failures.isStaleConnection(e)) {
        deployment.discardIdleConnections();
        if (readOnly && mayRetry) {
          return run(command, script, true, owner, null, false);
        }
      }
      throw translate(e, command, readOnly, owner);
    } catch (CodecException e) {
      throw owner == null ? e : e.atKey(owner.key());
    }
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
