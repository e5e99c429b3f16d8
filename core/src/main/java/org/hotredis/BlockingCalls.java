package org.hotredis;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.hotredis.shaded.redis.clients.jedis.BuilderFactory;
import org.hotredis.shaded.redis.clients.jedis.CommandArguments;
import org.hotredis.shaded.redis.clients.jedis.CommandObject;
import org.hotredis.shaded.redis.clients.jedis.Connection;
import org.hotredis.shaded.redis.clients.jedis.Protocol;
import org.hotredis.shaded.redis.clients.jedis.exceptions.JedisConnectionException;
import org.hotredis.shaded.redis.clients.jedis.exceptions.JedisDataException;
import org.hotredis.shaded.redis.clients.jedis.exceptions.JedisException;
import org.hotredis.shaded.redis.clients.jedis.exceptions.JedisMovedDataException;
import org.jspecify.annotations.Nullable;

/**
 * Runs blocking Redis commands ({@code BLPOP}, {@code BLMOVE}, ...) for HOT Redis's modules, on
 * connections outside the client's pool, so that threads waiting in Redis never starve the pool,
 * and so that a waiting thread answers {@link Thread#interrupt()} at once.
 *
 * <p>A thread blocked in a socket read cannot be interrupted, so the command does not run on the
 * caller's thread: a helper thread sends it on a dedicated connection while the caller waits on a
 * future ({@link Thread.State#WAITING}, or {@link Thread.State#TIMED_WAITING} with a deadline). On
 * interrupt, or at the caller's deadline, the caller sends {@code CLIENT UNBLOCK} for that
 * connection from a pooled connection and waits for the helper: if Redis had already handed the
 * command a value, the call returns it (after an interrupt, with the interrupt status restored), so
 * nothing taken from Redis is dropped; otherwise an interrupted call throws {@link
 * InterruptedException} and a call past its deadline returns null.
 *
 * <p>A command must block in Redis for a positive time of at most {@link #MAX_WAIT} (never {@code
 * 0}, which is forever): callers wait longer by calling again. A call may also return null before
 * its deadline (a spurious wake-up); callers loop until their own condition or deadline.
 *
 * <p>A server that does not answer ends the call with {@link HotConnectionException}. The command
 * goes out behind a {@code PING} in one flush, and the {@code PING}'s reply is awaited for the
 * client's socket timeout only: a server frozen when the call starts fails it within the socket
 * timeout. Once Redis answered that {@code PING}, the blocking reply is read with a socket timeout
 * of {@code MAX_WAIT} plus the client's socket timeout (a frozen server and a wait with nothing to
 * hand over look alike), and a call with a deadline ends at its deadline with {@code CLIENT
 * UNBLOCK}: if that gets no answer within the socket timeout either, the call is abandoned (its
 * connection closed) and fails with {@link HotConnectionException}. A server that is gone instead
 * (connections refused or reset) is not abandoned: the call's own connection ends with it, after
 * any reply already on its way was read.
 *
 * <p>Connections are opened on demand, one per concurrent call, each with its {@code CLIENT ID}
 * fetched once; idle ones are kept for reuse (at most {@value #MAX_IDLE}, none idle longer than
 * {@value #IDLE_SECONDS} s) and all are closed with the client. A call whose connection the server
 * closed (an idle connection gone stale, or a restart during the wait; not a timeout) is sent once
 * more on a new connection, after the idle ones are dropped: unlike other writes, a blocking pop
 * may be repeated, since one that the old server served without answering is lost either way and
 * the repetition cannot duplicate it.
 *
 * <p>For HOT Redis's modules and new types; applications use the types' own methods.
 */
public final class BlockingCalls implements AutoCloseable {
  /** The longest time one command may block in Redis. */
  public static final Duration MAX_WAIT = Duration.ofSeconds(10);

  private static final System.Logger LOG = System.getLogger(BlockingCalls.class.getName());
  private static final int MAX_IDLE = 32;
  private static final int IDLE_SECONDS = 60;
  private static final long FIRST_UNBLOCK_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long LAST_UNBLOCK_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final HotClient client;
  private final Deployment deployment;
  private final ThreadPoolExecutor helpers;
  private final Object lock = new Object();
  private final Map<Integer, ArrayDeque<Dedicated>> idle = new HashMap<>(); // guarded by lock
  private final Set<Dedicated> busy = ConcurrentHashMap.newKeySet();
  private int idleCount; // guarded by lock
  private boolean closed; // guarded by lock

  BlockingCalls(HotClient client, Deployment deployment) {
    this.client = client;
    this.deployment = deployment;
    this.helpers = DaemonThreads.elastic("hot-redis-blocking", client.id(), IDLE_SECONDS);
  }

  /**
   * Runs a blocking command and waits for it without a deadline of its own: the command's Redis
   * timeout ends it.
   *
   * @param owner the object the command is for: its key chooses the node, and names it in errors
   * @param command the blocking command, blocking in Redis for at most {@link #MAX_WAIT}
   * @param then a command sent on the same connection after the result was handed over, when it is
   *     not null (such as a {@code PUBLISH} that the blocking command cannot make itself), or null
   * @param <T> the result type
   * @return the command's result; null if it timed out in Redis or was woken spuriously
   * @throws InterruptedException if the thread was interrupted before the command received a value
   *     (the command is then unblocked)
   * @throws HotConnectionException if Redis cannot be reached or stops answering
   */
  public <T> @Nullable T call(
      RedisBinding owner, CommandObject<T> command, @Nullable CommandObject<?> then)
      throws InterruptedException {
    return run(owner, command, then, false, 0L);
  }

  /**
   * Runs a blocking command and waits for it until a deadline at the latest, to the millisecond: at
   * the deadline the command is unblocked ({@code CLIENT UNBLOCK}).
   *
   * @param owner the object the command is for
   * @param command the blocking command, blocking in Redis for at most {@link #MAX_WAIT}
   * @param then a command sent on the same connection after a non-null result, or null
   * @param deadlineNanos the deadline, on the {@link System#nanoTime()} clock
   * @param <T> the result type
   * @return the command's result; null if none arrived by the deadline, or on a spurious wake-up
   * @throws InterruptedException if the thread was interrupted before the command received a value
   * @throws HotConnectionException if Redis cannot be reached or stops answering
   */
  public <T> @Nullable T call(
      RedisBinding owner,
      CommandObject<T> command,
      @Nullable CommandObject<?> then,
      long deadlineNanos)
      throws InterruptedException {
    return run(owner, command, then, true, deadlineNanos);
  }

  private <T> @Nullable T run(
      RedisBinding owner,
      CommandObject<T> command,
      @Nullable CommandObject<?> then,
      boolean timed,
      long deadlineNanos)
      throws InterruptedException {
    requireNonNull(owner, "owner");
    requireNonNull(command, "command");
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    Call<T> call = new Call<>(owner, command, then);
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException(client + " is closed");
      }
      helpers.execute(call);
    }
    try {
      if (timed) {
        return call.result.get(
            Math.max(0L, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
      return call.result.get();
    } catch (TimeoutException e) {
      RuntimeException unanswered = unblock(call);
      T value = awaitUninterruptibly(call, null, unanswered);
      if (value == null && unanswered != null) {
        throw unanswered;
      }
      return value;
    } catch (InterruptedException e) {
      RuntimeException unanswered = unblock(call);
      if (unanswered != null) {
        e.addSuppressed(unanswered);
      }
      T value = awaitUninterruptibly(call, e, null);
      if (value == null) {
        throw e;
      }
      Thread.currentThread().interrupt();
      return value;
    } catch (ExecutionException e) {
      throw rethrow(e);
    }
  }

  /**
   * Ends a call that is blocked in Redis, or makes it end at once if it has not been sent yet.
   * Returns null, or the failure to send {@code CLIENT UNBLOCK} when Redis did not answer it: the
   * call's connection is then closed, so that the call ends too.
   */
  private @Nullable RuntimeException unblock(Call<?> call) {
    call.cancelled = true;
    long pause = FIRST_UNBLOCK_PAUSE_NANOS;
    boolean interrupted = false;
    try {
      while (!call.result.isDone()) {
        Dedicated target = call.connection;
        // Until Redis answers the PING sent ahead of the command, it has not run the command
        // either (and the call fails by itself at the socket timeout): nothing to unblock yet.
        if (target != null && call.answered) {
          try (Connection pooled = deployment.connection(target.slot, deployment.deadline())) {
            if (pooled.executeCommand(unblockCommand(target.id)) == 1L) {
              return null;
            }
          } catch (JedisConnectionException e) {
            if (!Failures.isTimeout(e)) {
              // The server is gone (its connections close, and the call ends with them) or the
              // pool is busy: the call may still receive what Redis handed it, so let it end.
              LOG.log(Level.DEBUG, "CLIENT UNBLOCK failed", e);
              return null;
            }
            target.abandon(); // Redis does not answer: neither would the blocked command
            return client.runner().translate(e, unblockCommand(target.id), true, null);
          } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "CLIENT UNBLOCK failed", e);
            return null; // the call ends by itself, within its socket timeout
          }
        }
        // Not yet blocked in Redis (or already answered): look again shortly.
        try {
          call.result.get(pause, TimeUnit.NANOSECONDS);
          return null;
        } catch (TimeoutException | ExecutionException e) {
          // still running, or failed: the loop condition or the caller sees it
        } catch (InterruptedException e) {
          interrupted = true;
        }
        pause = Math.min(LAST_UNBLOCK_PAUSE_NANOS, pause * 2);
      }
      return null;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Waits for a call that was unblocked, keeping interrupts for later. After an interrupt, a
   * failure of the call is attached to the interrupt, which stays the exception the caller sees;
   * otherwise, when Redis did not answer {@code CLIENT UNBLOCK} ({@code unanswered}), that is the
   * failure the caller sees.
   */
  private <T> @Nullable T awaitUninterruptibly(
      Call<T> call,
      @Nullable InterruptedException interrupt,
      @Nullable RuntimeException unanswered) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return call.result.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          RuntimeException failure = rethrow(e);
          if (interrupt != null) {
            interrupt.addSuppressed(failure);
            return null;
          }
          if (unanswered != null) {
            unanswered.addSuppressed(failure);
            throw unanswered;
          }
          throw failure;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static RuntimeException rethrow(ExecutionException e) {
    Throwable cause = e.getCause();
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new HotRedisException("a blocking call failed", cause);
  }

  private static CommandObject<Long> unblockCommand(long id) {
    return new CommandObject<>(
        new CommandArguments(Protocol.Command.CLIENT).add(Protocol.Keyword.UNBLOCK).add(id),
        BuilderFactory.LONG);
  }

  private static CommandObject<Long> idCommand() {
    return new CommandObject<>(
        new CommandArguments(Protocol.Command.CLIENT).add(Protocol.Keyword.ID),
        BuilderFactory.LONG);
  }

  // ---- dedicated connections ----

  /** Returns the bucket of idle connections a key's calls use: its slot on a cluster. */
  private int slotOf(RedisBinding owner) {
    return deployment.isCluster() ? Keys.slot(owner.rawKey()) : -1;
  }

  private @Nullable Dedicated reuse(int slot) {
    synchronized (lock) {
      ArrayDeque<Dedicated> stack = idle.get(slot);
      Dedicated connection = stack == null ? null : stack.pollLast();
      if (connection != null) {
        idleCount--;
        busy.add(connection);
      }
      return connection;
    }
  }

  private Dedicated open(int slot) {
    // Redis ends a blocked command on its timer tick (every 1000/hz ms), so it may answer late.
    Connection connection = deployment.dedicatedForBlocking(slot, MAX_WAIT.plusSeconds(1));
    try {
      long id = connection.executeCommand(idCommand());
      Dedicated dedicated = new Dedicated(connection, slot, id);
      busy.add(dedicated);
      synchronized (lock) {
        if (closed) {
          busy.remove(dedicated);
          connection.close();
          throw new IllegalStateException(client + " is closed");
        }
      }
      return dedicated;
    } catch (RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  private void release(Dedicated connection) {
    busy.remove(connection);
    if (connection.connection.isBroken()) {
      connection.closeQuietly();
      return;
    }
    List<Dedicated> expired = new ArrayList<>();
    synchronized (lock) {
      if (closed || idleCount >= MAX_IDLE) {
        expired.add(connection);
      } else {
        connection.idleSince = System.nanoTime();
        idle.computeIfAbsent(connection.slot, s -> new ArrayDeque<>()).addLast(connection);
        idleCount++;
      }
      long oldest = System.nanoTime() - TimeUnit.SECONDS.toNanos(IDLE_SECONDS);
      for (ArrayDeque<Dedicated> stack : idle.values()) {
        while (!stack.isEmpty() && stack.peekFirst().idleSince - oldest < 0) {
          expired.add(stack.pollFirst());
          idleCount--;
        }
      }
    }
    expired.forEach(Dedicated::closeQuietly);
  }

  private void discard(Dedicated connection) {
    busy.remove(connection);
    connection.closeQuietly();
  }

  /** Closes the idle connections, after one was found stale: the others likely are too. */
  private void discardIdle() {
    List<Dedicated> stale = new ArrayList<>();
    synchronized (lock) {
      idle.values().forEach(stale::addAll);
      idle.clear();
      idleCount = 0;
    }
    stale.forEach(Dedicated::closeQuietly);
  }

  /**
   * Closes every dedicated connection, idle or in use: calls in progress end with {@link
   * IllegalStateException}. The client calls this when it closes.
   */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
    }
    discardIdle();
    for (Dedicated connection : busy) {
      connection.closeQuietly();
    }
    helpers.shutdown();
  }

  /** A dedicated connection, the slot it serves and its {@code CLIENT ID}. */
  private static final class Dedicated {
    final Connection connection;
    final int slot;
    final long id;
    long idleSince;

    /**
     * Closes the connection, ignoring a socket that is already closed (a helper thread may be
     * finishing with it): closing must never fail.
     */
    void closeQuietly() {
      try {
        connection.close();
      } catch (RuntimeException e) {
        // already closed or broken: nothing left to release
      }
    }

    /** Closes the socket under a helper thread that is waiting for a reply, which then fails. */
    void abandon() {
      try {
        connection.forceDisconnect();
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.DEBUG, "closing an abandoned connection failed", e);
      }
    }

    Dedicated(Connection connection, int slot, long id) {
      this.connection = connection;
      this.slot = slot;
      this.id = id;
    }
  }

  /** One blocking command, run by a helper thread. */
  private final class Call<T> implements Runnable {
    final RedisBinding owner;
    final CommandObject<T> command;
    final @Nullable CommandObject<?> then;
    final CompletableFuture<@Nullable T> result = new CompletableFuture<>();
    volatile boolean cancelled;
    volatile @Nullable Dedicated connection;
    volatile boolean answered; // Redis answered the PING sent ahead of the command

    Call(RedisBinding owner, CommandObject<T> command, @Nullable CommandObject<?> then) {
      this.owner = owner;
      this.command = command;
      this.then = then;
    }

    @Override
    public void run() {
      if (cancelled) {
        result.complete(null);
        return;
      }
      int slot = slotOf(owner);
      Dedicated current = null;
      try {
        current = reuse(slot);
        if (current == null) {
          current = open(slot);
        }
        T value;
        try {
          value = send(current);
        } catch (JedisException e) {
          if (e instanceof JedisDataException || cancelled || !Failures.isStaleConnection(e)) {
            throw e;
          }
          discard(current);
          discardIdle();
          current = null;
          current = open(slot);
          value = send(current);
        }
        connection = null;
        result.complete(value);
        CommandObject<?> next = then;
        if (value != null && next != null) {
          try {
            current.connection.executeCommand(next);
          } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "the command after a blocking call failed", e);
          }
        }
        release(current);
      } catch (JedisDataException e) {
        connection = null;
        if (current != null) {
          release(current);
        }
        if (e instanceof JedisMovedDataException moved) {
          deployment.moved(moved.getSlot(), moved.getTargetNode());
        }
        result.completeExceptionally(client.runner().translate(e, command, false, owner));
      } catch (JedisException e) {
        connection = null;
        if (current != null) {
          discard(current);
        }
        result.completeExceptionally(client.runner().translate(e, command, false, owner));
      } catch (RuntimeException | Error e) {
        connection = null;
        if (current != null) {
          discard(current);
        }
        result.completeExceptionally(
            e instanceof org.hotredis.codec.CodecException codec ? codec.atKey(owner.key()) : e);
      }
    }

    /**
     * Sends {@code PING} and the command in one flush, reads the {@code PING}'s reply within the
     * socket timeout, then the command's reply within its blocking timeout.
     */
    private @Nullable T send(Dedicated target) {
      connection = target;
      if (cancelled) {
        return null;
      }
      Connection wire = target.connection;
      wire.sendCommand(Protocol.Command.PING);
      wire.sendCommand(command.getArguments());
      wire.getOne();
      answered = true;
      wire.setTimeoutInfinite();
      try {
        return command.getBuilder().build(wire.getOne());
      } finally {
        wire.rollbackTimeout();
      }
    }
  }
}
