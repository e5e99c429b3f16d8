package org.hotredis.jcache;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.CacheException;
import org.hotredis.jcache.CacheEntries.LeaseBatch;

/**
 * The write leases of one write-through cache handle: a write-through operation holds the lease of
 * each key it writes around its writer call and the cache's write, so that writes from any number
 * of JVMs reach the system of record and the cache in the same order, and the two agree once writes
 * stop. Caches without write-through take no lease.
 *
 * <p>A lease is a field of a hash beside the entries, in their cluster slot ({@code
 * cache-lease.lua}): the holding operation's token and a deadline. Taking the leases of one
 * script's keys is all or nothing; an operation on several keys takes its batches in the order
 * {@link CacheEntries#leaseOrder} gives every JVM, so overlapping operations cannot wait for each
 * other in a cycle. The handle's renewal task extends the leases held ({@link #renew()}, every
 * third of the lease), so a slow writer keeps its keys; the lease of a JVM that died lapses after
 * at most {@code hotredis.jcache.lease}.
 *
 * <p>An operation that finds a key leased marks the lease as waited for and waits, without polling:
 * the holder's release publishes a message on the cache's channel when someone waited ({@link
 * #wake()}, called by the handle for messages of other handles and after this handle's own
 * releases), and the waiter tries again; it also tries again when the holder's deadline passes, or
 * after {@value #MAX_WAIT_MILLIS} ms in case a message was lost.
 *
 * <p>Every write carries the operation's token and is refused, before anything changes, if a key's
 * lease lapsed and another operation took it ({@link LeaseLostException}): the operation then takes
 * its leases again and runs once more, its writer call included, so the last writer call and the
 * cache's last write of a key are the same operation's.
 */
final class WriteLeases {
  private static final System.Logger LOG = System.getLogger(WriteLeases.class.getName());
  private static final long MAX_WAIT_MILLIS = 1_000;
  private static final int MAX_LOST = 10;

  private final String cacheName;
  private final CacheEntries entries;
  private final String handleId;
  private final Duration lease;
  private final AtomicLong tokens = new AtomicLong();
  private final Set<Held> held = ConcurrentHashMap.newKeySet();
  private final ThreadLocal<Boolean> holding = new ThreadLocal<>();
  private final Object released = new Object();
  private long generation; // guarded by released

  /**
   * Creates the leases of a handle.
   *
   * @param cacheName the cache's name, for messages
   * @param entries the handle's entries
   * @param handleId the handle's id, the prefix of its operations' tokens
   * @param lease how long a lease lasts without renewal
   */
  WriteLeases(String cacheName, CacheEntries entries, String handleId, Duration lease) {
    this.cacheName = requireNonNull(cacheName, "cacheName");
    this.entries = requireNonNull(entries, "entries");
    this.handleId = requireNonNull(handleId, "handleId");
    this.lease = requireNonNull(lease, "lease");
  }

  /** An operation's work under its keys' leases. */
  interface Body<T> {
    /**
     * Does the work.
     *
     * @param token the operation's token, for the writes ({@link CacheEntries#write(List, boolean,
     *     String)})
     * @return the result
     */
    T run(String token);
  }

  /** The leases one script took for an operation. */
  private record Held(LeaseBatch batch, String token) {}

  /**
   * Runs an operation under the write leases of its keys: takes them (waiting while another
   * operation holds one), runs the work, and gives them back, also when the work fails. One round
   * trip per {@value CacheEntries#BATCH} keys of a shard to take them, as many to give them back,
   * more while waiting. If a key's lease lapsed before the work's write, the work runs again under
   * new leases.
   *
   * @param keys the encoded keys the operation writes
   * @param body the work
   * @param <T> the result type
   * @return the work's result
   * @throws CacheException if the thread is interrupted while it waits, if the operation runs
   *     inside another write-through operation's writer or processor on this handle (it would wait
   *     for itself), or if its leases kept lapsing
   */
  <T> T holding(List<byte[]> keys, Body<T> body) {
    if (holding.get() != null) {
      throw new CacheException(
          "cache "
              + cacheName
              + ": a write-through operation ran inside the writer or entry processor of another"
              + " one on the same cache, and would wait for that operation's write lease");
    }
    holding.set(Boolean.TRUE);
    try {
      for (int attempt = 1; ; attempt++) {
        String token = handleId + "/" + tokens.incrementAndGet();
        List<Held> taken = acquire(token, keys);
        try {
          return body.run(token);
        } catch (LeaseLostException lost) {
          if (attempt >= MAX_LOST) {
            throw lost;
          }
          LOG.log(Level.DEBUG, "write lease lost on cache " + cacheName + "; running again", lost);
        } finally {
          release(taken);
        }
      }
    } finally {
      holding.remove();
    }
  }

  private List<Held> acquire(String token, List<byte[]> keys) {
    List<Held> taken = new ArrayList<>();
    try {
      for (LeaseBatch batch : entries.leaseOrder(keys)) {
        while (true) {
          long seen = generation();
          long blocked = batch.shard().acquireLeases(token, lease, batch.keys());
          if (blocked == 0) {
            break;
          }
          awaitRelease(seen, Math.min(blocked, MAX_WAIT_MILLIS));
        }
        Held leases = new Held(batch, token);
        taken.add(leases);
        held.add(leases);
      }
      return taken;
    } catch (RuntimeException e) {
      try {
        release(taken);
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private void release(List<Held> taken) {
    boolean waited = false;
    RuntimeException failure = null;
    for (Held leases : taken) {
      held.remove(leases);
      try {
        waited |= leases.batch().shard().releaseLeases(leases.token(), leases.batch().keys());
      } catch (RuntimeException e) {
        // The lease lapses by itself; the operation's outcome stands.
        if (failure == null) {
          failure = e;
        }
      }
    }
    if (waited) {
      wake();
    }
    if (failure != null) {
      LOG.log(Level.DEBUG, "giving back write leases of cache " + cacheName + " failed", failure);
    }
  }

  private long generation() {
    synchronized (released) {
      return generation;
    }
  }

  /** Waits until a release is announced after {@code seen}, or {@code millis} pass. */
  private void awaitRelease(long seen, long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    synchronized (released) {
      while (generation == seen) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(released, remaining);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new CacheException(
              "interrupted while waiting for the write lease of a key of cache " + cacheName, e);
        }
      }
    }
  }

  /**
   * Wakes the operations of this handle that wait for a lease, so they try again: a lease was given
   * back, or the subscription that announces releases was down.
   */
  void wake() {
    synchronized (released) {
      generation++;
      released.notifyAll();
    }
  }

  /**
   * Extends the leases this handle's operations hold: one round trip per batch held. Runs on the
   * handle's renewal task, every third of the lease.
   */
  void renew() {
    for (Held leases : held) {
      leases.batch().shard().renewLeases(leases.token(), lease, leases.batch().keys());
    }
  }

  @Override
  public String toString() {
    return "WriteLeases[" + cacheName + ", " + held.size() + " batch(es) held]";
  }
}
