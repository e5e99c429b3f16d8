package org.hotredis;

import java.lang.System.Logger.Level;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.hotredis.shaded.redis.clients.jedis.Connection;
import org.hotredis.shaded.redis.clients.jedis.HostAndPort;
import org.hotredis.shaded.redis.clients.jedis.JedisClientConfig;
import org.hotredis.shaded.redis.clients.jedis.exceptions.JedisConnectionException;
import org.jspecify.annotations.Nullable;

/**
 * The pooled connections to one Redis node: a caller only ever takes a connection that is open and
 * ready, and waits for one at most until its deadline. Connections are opened (connect, {@code
 * AUTH}, {@code CLIENT SETNAME}, {@code SELECT}) on the client's background threads, never on the
 * thread of a call.
 *
 * <p>A borrower takes the most recently returned idle connection. If there is none and the pool is
 * below its size, it asks a background thread to open one (at most one per waiting borrower) and
 * waits, until a connection comes back or is opened, until an opening fails (then it fails at once
 * with that cause), or until its deadline or the borrow timeout, whichever comes first. A
 * connection returned broken (a timeout, a reset) is dropped and closed on a background thread; it
 * is replaced only when a borrower needs one, so a server that does not answer costs no connection
 * attempts while nobody calls. Connections left idle for {@value #IDLE_SECONDS} s are closed, so
 * the pool shrinks back to the concurrency actually used.
 *
 * <p>On a frozen server (which still accepts TCP connections into its backlog but answers nothing)
 * an opening waits in its handshake for the socket timeout, on its background thread; at most the
 * pool size of them are under way at a time, and each either fails or, if the server resumes,
 * yields a ready connection.
 */
final class NodePool implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(NodePool.class.getName());
  private static final int IDLE_SECONDS = 60;
  private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(IDLE_SECONDS);

  private final HostAndPort node;
  private final JedisClientConfig config;
  private final int size;
  private final long borrowTimeoutNanos;
  private final Executor background;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<Pooled> idle = new ArrayDeque<>(); // guarded by lock
  private int open; // idle + lent + being opened; guarded by lock
  private int opening; // guarded by lock
  private int waiting; // guarded by lock
  private long failedOpenings; // guarded by lock
  private @Nullable RuntimeException lastFailure; // guarded by lock
  private boolean closed; // guarded by lock

  NodePool(
      HostAndPort node,
      JedisClientConfig config,
      int size,
      long borrowTimeoutNanos,
      Executor background) {
    this.node = node;
    this.config = config;
    this.size = size;
    this.borrowTimeoutNanos = borrowTimeoutNanos;
    this.background = background;
  }

  HostAndPort node() {
    return node;
  }

  /**
   * Takes a ready connection, waiting at most until {@code deadlineNanos} (on the {@link
   * System#nanoTime()} clock) or the borrow timeout. Closing the connection gives it back.
   *
   * @throws Unavailable if no connection could be had in time, or opening one failed
   */
  Connection borrow(long deadlineNanos) {
    long now = System.nanoTime();
    long until =
        deadlineNanos - now < borrowTimeoutNanos ? deadlineNanos : now + borrowTimeoutNanos;
    List<Pooled> dead = null;
    lock.lock();
    try {
      long failuresSeen = failedOpenings;
      while (true) {
        if (closed) {
          throw new Unavailable(Unavailable.Reason.CLOSED, node, 0, null);
        }
        Pooled connection = idle.pollFirst();
        if (connection != null) {
          if (connection.isConnected()) {
            connection.lent = true;
            return connection;
          }
          open--;
          dead = dead == null ? new ArrayList<>() : dead;
          dead.add(connection);
          continue;
        }
        if (failedOpenings != failuresSeen && opening == 0) {
          throw new Unavailable(Unavailable.Reason.CANNOT_CONNECT, node, waited(now), lastFailure);
        }
        if (open < size && opening <= waiting) {
          startOpening();
        }
        long left = until - System.nanoTime();
        if (left <= 0) {
          throw new Unavailable(
              opening > 0 || open < size ? Unavailable.Reason.NOT_READY : Unavailable.Reason.BUSY,
              node,
              waited(now),
              null);
        }
        waiting++;
        try {
          changed.awaitNanos(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new Unavailable(Unavailable.Reason.INTERRUPTED, node, waited(now), null);
        } finally {
          waiting--;
        }
      }
    } finally {
      lock.unlock();
      if (dead != null) {
        dead.forEach(this::closeInBackground);
      }
    }
  }

  private static long waited(long since) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
  }

  /** Asks a background thread to open one more connection. Called with the lock held. */
  private void startOpening() {
    open++;
    opening++;
    try {
      background.execute(this::openOne);
    } catch (RejectedExecutionException e) {
      open--;
      opening--;
      throw new Unavailable(Unavailable.Reason.CLOSED, node, 0, null);
    }
  }

  /** Opens a connection on a background thread and hands it to the pool. */
  private void openOne() {
    Pooled made = null;
    RuntimeException failure = null;
    try {
      made = new Pooled(node, config, this);
    } catch (RuntimeException e) {
      failure = e;
      LOG.log(Level.DEBUG, "cannot open a connection to " + node, e);
    }
    boolean kept = false;
    lock.lock();
    try {
      opening--;
      if (made != null && !closed) {
        made.idleSince = System.nanoTime();
        idle.addFirst(made);
        lastFailure = null;
        kept = true;
      } else {
        open--;
        if (failure != null) {
          lastFailure = failure;
          failedOpenings++;
        }
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (made != null && !kept) {
      made.disconnectQuietly();
    }
  }

  /** Takes back a connection: kept if it is sound, otherwise closed in the background. */
  private void giveBack(Pooled connection) {
    boolean sound = !connection.isBroken() && connection.isConnected();
    if (sound && connection.getSoTimeout() != config.getSocketTimeoutMillis()) {
      try {
        connection.setSoTimeout(config.getSocketTimeoutMillis()); // a call had shortened it
      } catch (JedisConnectionException e) {
        sound = false;
      }
    }
    Pooled dropped = null;
    lock.lock();
    try {
      if (!connection.lent) {
        return; // given back already
      }
      connection.lent = false;
      if (sound && !closed) {
        long now = System.nanoTime();
        connection.idleSince = now;
        idle.addFirst(connection);
        Pooled oldest = idle.peekLast();
        if (oldest != null && now - oldest.idleSince >= IDLE_NANOS) {
          dropped = idle.pollLast();
          open--;
        }
      } else {
        open--;
        dropped = connection;
      }
      if (waiting > 0) {
        changed.signal(); // a borrower waits for this connection, or for room to open one
      }
    } finally {
      lock.unlock();
    }
    if (dropped != null) {
      closeInBackground(dropped);
    }
  }

  /**
   * Closes the idle connections, after one was found closed by the server: the others likely were
   * too (a restart). The connections in use are checked when they come back.
   */
  void clearIdle() {
    List<Pooled> stale;
    lock.lock();
    try {
      stale = new ArrayList<>(idle);
      open -= idle.size();
      idle.clear();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    stale.forEach(this::closeInBackground);
  }

  private void closeInBackground(Pooled connection) {
    try {
      background.execute(connection::disconnectQuietly);
    } catch (RejectedExecutionException e) {
      connection.disconnectQuietly();
    }
  }

  /**
   * Closes the idle connections and makes waiting borrowers fail; connections in use are closed
   * when they come back.
   */
  @Override
  public void close() {
    List<Pooled> left;
    lock.lock();
    try {
      closed = true;
      left = new ArrayList<>(idle);
      open -= idle.size();
      idle.clear();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    left.forEach(Pooled::disconnectQuietly);
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "NodePool[" + node + ", " + open + " open, " + idle.size() + " idle]";
    } finally {
      lock.unlock();
    }
  }

  /** A pooled connection: closing it gives it back to its pool. */
  private static final class Pooled extends Connection {
    private final NodePool pool;
    long idleSince; // guarded by the pool's lock
    boolean lent; // guarded by the pool's lock

    Pooled(HostAndPort node, JedisClientConfig config, NodePool pool) {
      super(node, config);
      this.pool = pool;
    }

    /** Gives the connection back to its pool; a second call does nothing. */
    @Override
    public void close() {
      pool.giveBack(this);
    }

    void disconnectQuietly() {
      try {
        disconnect();
      } catch (RuntimeException e) {
        LOG.log(Level.DEBUG, "closing a connection failed", e);
      }
    }
  }

  /**
   * No connection could be had: nothing was sent. The message is for logs; {@link Failures} words
   * what the caller sees.
   */
  static final class Unavailable extends JedisConnectionException {
    private static final long serialVersionUID = 1L;

    enum Reason {
      /** Every connection stayed in use. */
      BUSY,
      /** Opening a connection failed; the cause says why. */
      CANNOT_CONNECT,
      /** A connection was being opened but was not ready in time. */
      NOT_READY,
      /** The pool was closed (the client closed, or a sentinel named another master). */
      CLOSED,
      /** The waiting thread was interrupted. */
      INTERRUPTED
    }

    private final Reason reason;
    private final HostAndPort node;
    private final long waitedMillis;

    Unavailable(Reason reason, HostAndPort node, long waitedMillis, @Nullable Throwable cause) {
      super(reason + " " + node + " after " + waitedMillis + " ms", cause);
      this.reason = reason;
      this.node = node;
      this.waitedMillis = waitedMillis;
    }

    Reason reason() {
      return reason;
    }

    HostAndPort node() {
      return node;
    }

    long waitedMillis() {
      return waitedMillis;
    }

    /** Whether the last opening timed out in its handshake: the server accepts but is silent. */
    boolean silentServer() {
      for (Throwable t = getCause(); t != null; t = t.getCause()) {
        if (t instanceof SocketTimeoutException) {
          return true;
        }
        if (t.getCause() == t) {
          break;
        }
      }
      return false;
    }
  }
}
