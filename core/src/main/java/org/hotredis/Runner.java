package org.hotredis;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.hotredis.codec.CodecException;
import org.hotredis.shaded.redis.clients.jedis.CommandArguments;
import org.hotredis.shaded.redis.clients.jedis.CommandObject;
import org.hotredis.shaded.redis.clients.jedis.Connection;
import org.hotredis.shaded.redis.clients.jedis.HostAndPort;
import org.hotredis.shaded.redis.clients.jedis.Protocol;
import org.hotredis.shaded.redis.clients.jedis.args.Rawable;
import org.hotredis.shaded.redis.clients.jedis.exceptions.JedisAskDataException;
import org.hotredis.shaded.redis.clients.jedis.exceptions.JedisConnectionException;
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
 * <p>Every call has a budget of one socket timeout: waiting for a ready connection and waiting for
 * the reply share it, so a call on a server that does not answer fails within the socket timeout
 * (plus the few milliseconds of a thread wake-up), and connections are never opened on the caller's
 * thread ({@link NodePool}). When Redis answers something the call follows up on (a redirection,
 * {@code NOSCRIPT}, {@code TRYAGAIN}), the follow-up gets a budget of its own.
 *
 * <p>On a cluster the call goes to the master of its keys' slot as the client last learnt it
 * ({@link ClusterSlots}); a {@code MOVED} answer is followed at once and has the slot map read
 * again in the background, an {@code ASK} answer is followed with {@code ASKING}.
 *
 * <p>Recovery is limited to what cannot change the outcome: a script Redis no longer has is sent
 * again as {@code EVAL}; a read that failed on a stale pooled connection is retried once. A write
 * is never retried, because Redis cannot tell whether a write whose connection broke was applied.
 * After a connection the server closed, the pool's idle connections to that node are dropped, so
 * one server restart costs at most one failed write.
 */
final class Runner {
  /** How long a command answered {@code TRYAGAIN} (a slot being moved) is tried again. */
  private static final long TRY_AGAIN_NANOS = TimeUnit.SECONDS.toNanos(5);

  /** How many redirections in a row a call follows before it pauses and starts over. */
  private static final int REDIRECTIONS = 5;

  /**
   * Requests from this size on are guarded ({@link #guard}): they may not fit in the sockets'
   * buffers while Redis does not read them.
   */
  private static final long LARGE_REQUEST_BYTES = 64 * 1024;

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
    return run(command, null, readOnly, owner, null);
  }

  <T> T execute(ScriptCall<T> call, boolean readOnly, @Nullable RedisBinding owner) {
    return run(call.evalsha(), call, readOnly, owner, null);
  }

  /** Runs a command on a connection a transaction holds, or on the pool when it is null. */
  <T> T execute(
      CommandObject<T> command,
      boolean readOnly,
      @Nullable RedisBinding owner,
      @Nullable Connection connection) {
    return run(command, null, readOnly, owner, connection);
  }

  /** Runs a script on a connection a transaction holds, or on the pool when it is null. */
  <T> T execute(
      ScriptCall<T> call,
      boolean readOnly,
      @Nullable RedisBinding owner,
      @Nullable Connection connection) {
    return run(call.evalsha(), call, readOnly, owner, connection);
  }

  /**
   * Runs a command on the connection a transaction holds, or on a pooled one (when {@code held} is
   * null), following redirections, {@code NOSCRIPT} and {@code TRYAGAIN}: while a cluster moves the
   * slot of a multi-key command, Redis answers {@code TRYAGAIN} without executing anything, so the
   * command is sent again after a short pause.
   */
  private <T> T run(
      CommandObject<T> command,
      @Nullable ScriptCall<T> script,
      boolean readOnly,
      @Nullable RedisBinding owner,
      @Nullable Connection held) {
    CommandObject<T> current = command;
    boolean reloaded = script == null;
    boolean retried = held != null;
    boolean acknowledge = held == null && !readOnly && acknowledgingReplicas > 0;
    @Nullable HostAndPort redirect = null;
    boolean asking = false;
    int redirections = 0;
    long retryingSince = 0;
    long deadline = deployment.deadline();
    while (true) {
      Connection connection = null;
      try {
        if (held != null) {
          connection = held;
          deployment.limit(held, deadline);
        } else if (redirect != null) {
          connection = deployment.connection(redirect, deadline);
        } else {
          connection = deployment.connection(slotOf(current), deadline);
        }
        return attempt(connection, current, asking, acknowledge, owner, deadline);
      } catch (JedisNoScriptException e) {
        if (reloaded || script == null) {
          throw translate(e, current, readOnly, owner);
        }
        current = script.eval();
        reloaded = true;
      } catch (JedisRedirectionException e) {
        if (held != null) {
          throw translate(e, current, readOnly, owner);
        }
        if (e instanceof JedisMovedDataException) {
          deployment.moved(e.getSlot(), e.getTargetNode());
        }
        redirect = e.getTargetNode();
        asking = e instanceof JedisAskDataException;
        if (++redirections > REDIRECTIONS) {
          // While a slot changes owner, nodes briefly disagree about who serves it.
          retryingSince = retryingSince == 0 ? System.nanoTime() : retryingSince;
          if (!pausedForRetry(retryingSince)) {
            throw translate(e, current, readOnly, owner);
          }
          redirect = null;
          asking = false;
          redirections = 0;
        }
      } catch (JedisDataException e) {
        if (!String.valueOf(e.getMessage()).startsWith("TRYAGAIN")) {
          throw translate(e, current, readOnly, owner);
        }
        retryingSince = retryingSince == 0 ? System.nanoTime() : retryingSince;
        if (!pausedForRetry(retryingSince)) {
          throw translate(e, current, readOnly, owner);
        }
        redirect = null;
        asking = false;
      } catch (JedisConnectionException e) {
        if (!client.isClosed()) {
          deployment.connectionFailed();
          if (held == null && connection != null && Failures.isStaleConnection(e)) {
            deployment.discardIdleConnections(connection.getHostAndPort());
            if (readOnly && !retried) {
              retried = true;
              continue; // within the same budget
            }
          }
        }
        throw translate(e, current, readOnly, owner);
      } catch (JedisException e) {
        throw translate(e, current, readOnly, owner);
      } catch (CodecException e) {
        throw owner == null ? e : e.atKey(owner.key());
      } finally {
        if (held == null && connection != null) {
          connection.close();
        }
      }
      deadline = deployment.deadline(); // Redis answered: the follow-up has a budget of its own
    }
  }

  private int slotOf(CommandObject<?> command) {
    if (!deployment.isCluster()) {
      return -1;
    }
    Set<Integer> slots = command.getArguments().getKeyHashSlots();
    return slots.isEmpty() ? -1 : slots.iterator().next();
  }

  /**
   * Sends a command, after {@code ASKING} when following an {@code ASK} redirection, and followed
   * by {@code WAIT} when writes must be acknowledged by replicas, in one flush.
   */
  private <T> T attempt(
      Connection connection,
      CommandObject<T> command,
      boolean asking,
      boolean acknowledge,
      @Nullable RedisBinding owner,
      long deadline) {
    try (WriteGuard guard = guard(connection, List.of(command.getArguments()), deadline)) {
      try {
        return exchange(connection, command, asking, acknowledge, owner);
      } catch (JedisConnectionException e) {
        throw guard == null ? e : guard.explain(e);
      }
    }
  }

  private <T> T exchange(
      Connection connection,
      CommandObject<T> command,
      boolean asking,
      boolean acknowledge,
      @Nullable RedisBinding owner) {
    if (!asking && !acknowledge) {
      return connection.executeCommand(command);
    }
    if (asking) {
      connection.sendCommand(Protocol.Command.ASKING);
    }
    connection.sendCommand(command.getArguments());
    if (acknowledge) {
      connection.sendCommand(waitCommand());
    }
    List<Object> replies = connection.getMany((asking ? 2 : 1) + (acknowledge ? 1 : 0));
    Object reply = replies.get(asking ? 1 : 0);
    if (reply instanceof JedisDataException error) {
      throw error;
    }
    T value = command.getBuilder().build(reply);
    if (acknowledge) {
      checkAcknowledged(replies.get(replies.size() - 1), command, owner, value);
    }
    return value;
  }

  /**
   * Guards a round trip whose requests are large. Java cannot time out a socket write, and a
   * request larger than the sockets' buffers blocks in the write while Redis does not read (a
   * frozen server); the guard closes the connection at the deadline, which ends the write with an
   * exception. Returns null for small requests, which the buffers take at once; close the guard
   * when the round trip ends.
   */
  @Nullable WriteGuard guard(
      Connection connection, List<CommandArguments> requests, long deadline) {
    long bytes = 0;
    for (CommandArguments request : requests) {
      for (Rawable argument : request) {
        bytes += argument.getRaw().length;
        if (bytes >= LARGE_REQUEST_BYTES) {
          return new WriteGuard(connection, deadline);
        }
      }
    }
    return null;
  }

  /** Closes a connection whose round trip is still under way at its deadline. */
  final class WriteGuard implements AutoCloseable {
    private final AtomicBoolean fired = new AtomicBoolean();
    private final Future<?> task;

    WriteGuard(Connection connection, long deadline) {
      this.task =
          deployment.at(
              deadline,
              () -> {
                fired.set(true);
                try {
                  connection.forceDisconnect();
                } catch (IOException | RuntimeException e) {
                  // the socket is closed either way
                }
              });
    }

    /** Words a failure the guard caused as the timeout it stands for. */
    JedisConnectionException explain(JedisConnectionException e) {
      if (!fired.get()) {
        return e;
      }
      JedisConnectionException timeout =
          new JedisConnectionException(
              "Redis did not take the request within the socket timeout",
              new SocketTimeoutException("write timed out"));
      timeout.addSuppressed(e);
      return timeout;
    }

    @Override
    public void close() {
      task.cancel(false);
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
      deployment.limit(connection, deployment.deadline());
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
    return execute(deployment.commands().type(key), true, null);
  }
}
