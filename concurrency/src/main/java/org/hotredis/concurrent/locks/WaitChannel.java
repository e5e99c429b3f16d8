package org.hotredis.concurrent.locks;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.hotredis.HotClient;
import org.hotredis.HotConnectionException;
import org.hotredis.Notifications;
import org.hotredis.Toolkit;
import org.jspecify.annotations.Nullable;

/**
 * The threads of this process that wait for messages on one channel through one client, in arrival
 * order, sharing one registration on the client's {@link Notifications}.
 *
 * <p>Two kinds of channel exist. On a <em>release</em> channel (a lock's or a semaphore's) a
 * message says that something was freed, and carries how many permits (1 for a lock): it wakes that
 * many waiters that are not woken yet, first come first, never all of them, so 1,000 waiting
 * threads do not all hit Redis for one release. On an <em>addressed</em> channel (a Condition's) a
 * message names the one waiter it is for.
 *
 * <p>A woken waiter that leaves without using its wake-up (it timed out, was interrupted, or
 * failed) passes it on to the first waiter not yet woken, so no release is lost in this process.
 * Only the head waiter (the oldest) also wakes up on its own when the holder's lease could have run
 * out (the <em>hint</em> from its last attempt): that is how a crashed holder's lock is taken over
 * without any message, by one thread per process rather than all of them. When the head leaves, the
 * next waiter becomes head and inherits the hint. After the subscription was down (messages may be
 * lost), the head waiter, or every addressed waiter, is woken to check again.
 *
 * <p>The channel is subscribed while it has waiters, and unsubscribed when the last one leaves. The
 * first waiter subscribes (under a lock of its own, never the channel's monitor, which the
 * subscription thread takes to deliver messages); the others wait for it.
 */
final class WaitChannel implements Notifications.Listener {
  private static final System.Logger LOG = System.getLogger(WaitChannel.class.getName());
  private static final AtomicLong WAITER_IDS = new AtomicLong();
  private static final long MILLI = TimeUnit.MILLISECONDS.toNanos(1);

  private record Id(HotClient client, String channel) {}

  /** A client's channels, kept as its {@link Toolkit#state}: they go when the client closes. */
  private static final class Channels {
    final Map<Id, WaitChannel> byId = new ConcurrentHashMap<>();
  }

  /** Returns a client's channels; a closed client has none. */
  private static Map<Id, WaitChannel> channels(HotClient client) {
    if (!client.isClosed()) {
      try {
        return Toolkit.of(client).state(Channels.class, Channels::new).byId;
      } catch (IllegalStateException closedMeanwhile) {
        // fall through: nothing is kept for a closed client
      }
    }
    return Collections.emptyMap();
  }

  /**
   * What one attempt to acquire reported.
   *
   * @param acquired whether it acquired
   * @param hintMillis on failure, when the head waiter should try again unprompted (the holder's
   *     remaining lease, or the earliest holder lease of a semaphore); on success, the same for the
   *     next head; -1 for none
   * @param more on failure, that something is available but not enough for this waiter, so the
   *     waiter behind it should try; on success, that something is left, so the next waiter should
   *     try
   */
  record Outcome(boolean acquired, long hintMillis, boolean more) {}

  /** One attempt to acquire, one round trip. */
  @FunctionalInterface
  interface Attempt {
    /**
     * Attempts once.
     *
     * @param waiterId the waiter's id, which a {@link Registry} records in Redis when the attempt
     *     fails (and forgets when it succeeds)
     */
    Outcome attempt(String waiterId);
  }

  /**
   * Where waiters are also recorded in Redis, with a lease, so that every process can count them: a
   * failed attempt records its waiter, a successful one forgets it.
   */
  interface Registry {
    /** Returns how often a parked waiter attempts again, which renews its record. */
    long refreshMillis();

    /** Forgets a waiter that stops waiting without acquiring. One round trip. */
    void leave(String waiterId);
  }

  /** A thread waiting on a channel. */
  static final class Waiter {
    private final Thread thread = Thread.currentThread();
    private final @Nullable String address;
    private final WaitChannel channel;
    private volatile boolean signalled;
    private volatile boolean delivered;
    private boolean hinted; // guarded by channel
    private long hintAt; // guarded by channel

    private Waiter(WaitChannel channel, @Nullable String address) {
      this.channel = channel;
      this.address = address;
    }

    /**
     * Returns whether a message (or a passed-on wake-up) woke this waiter since it last checked.
     */
    boolean signalled() {
      return signalled;
    }

    /** Wakes the waiter. */
    void signal() {
      signalled = true;
      LockSupport.unpark(thread);
    }

    /**
     * Wakes the waiter with certainty that it was signalled: a message addressed to it came, or its
     * Condition entry vanished.
     */
    void deliver() {
      delivered = true;
      signal();
    }

    /** Returns whether {@link #deliver()} woke the waiter. */
    boolean delivered() {
      return delivered;
    }

    WaitChannel channel() {
      return channel;
    }
  }

  private final Id id;
  private final byte[] channel;
  private final boolean addressed;
  private final List<Waiter> waiters = new ArrayList<>(); // guarded by this
  private final Object subscribing = new Object(); // held while subscribing
  private Notifications.@Nullable Subscription subscription; // guarded by this
  private int joining; // threads subscribing or about to add their waiter; guarded by this
  private boolean retired; // guarded by this

  private WaitChannel(Id id, byte[] channel, boolean addressed) {
    this.id = id;
    this.channel = channel.clone();
    this.addressed = addressed;
  }

  // ---- joining and leaving ----

  /**
   * Adds the current thread as a waiter, subscribing the channel first if this process has no
   * waiter on it yet (returning once Redis confirmed the subscription).
   *
   * @param address the waiter's address on an addressed channel, or null on a release channel
   * @param interruptible whether an interrupt while subscribing throws; otherwise it is kept for
   *     the caller to restore
   * @throws InterruptedException if interruptible and interrupted while subscribing
   */
  static Waiter join(
      HotClient client, byte[] channel, @Nullable String address, boolean interruptible)
      throws InterruptedException {
    Id id = new Id(client, new String(channel, ISO_8859_1));
    boolean interrupted = false;
    try {
      while (true) {
        WaitChannel joined =
            Toolkit.of(client)
                .state(Channels.class, Channels::new)
                .byId
                .computeIfAbsent(id, k -> new WaitChannel(k, channel, address != null));
        synchronized (joined.subscribing) {
          synchronized (joined) {
            if (joined.retired) {
              continue;
            }
            joined.joining++;
          }
          try {
            // Subscribe without holding the channel's monitor: the subscription thread may be
            // delivering a late message of an earlier subscription of this channel to it.
            if (joined.subscriptionOrNull() == null) {
              joined.setSubscription(Toolkit.of(client).notifications().subscribe(channel, joined));
            }
          } catch (HotConnectionException e) {
            joined.abandonJoin();
            if (!Thread.interrupted()) {
              throw e;
            }
            if (interruptible) {
              throw new InterruptedException("interrupted while subscribing to notifications");
            }
            interrupted = true;
            continue;
          } catch (RuntimeException e) {
            joined.abandonJoin();
            throw e;
          }
          synchronized (joined) {
            joined.joining--;
            Waiter waiter = new Waiter(joined, address);
            joined.waiters.add(waiter);
            return waiter;
          }
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private synchronized Notifications.@Nullable Subscription subscriptionOrNull() {
    return subscription;
  }

  private synchronized void setSubscription(Notifications.Subscription subscription) {
    this.subscription = subscription;
  }

  /** Undoes a join whose subscription failed; retires the channel if nobody else uses it. */
  private void abandonJoin() {
    Notifications.Subscription toClose = null;
    synchronized (this) {
      joining--;
      if (waiters.isEmpty() && joining == 0) {
        toClose = retire();
      }
    }
    if (toClose != null) {
      toClose.close();
    }
  }

  /**
   * Removes a waiter. An unused wake-up, or {@code wakeNext}, wakes the first waiter not yet woken;
   * when the head leaves, the next waiter becomes head and inherits a hint: {@code hintMillis} from
   * now if not negative, else the leaver's own.
   */
  void leave(Waiter waiter, boolean wakeNext, long hintMillis) {
    Notifications.Subscription toClose = null;
    synchronized (this) {
      int index = waiters.indexOf(waiter);
      if (index < 0) {
        return;
      }
      waiters.remove(index);
      // A Condition's signal names its waiter: it is never passed on.
      if (!addressed && (waiter.signalled || wakeNext)) {
        wake(0, 1);
      }
      if (!addressed && index == 0 && !waiters.isEmpty()) {
        Waiter head = waiters.get(0);
        if (hintMillis >= 0) {
          setHint(head, hintMillis);
        } else if (waiter.hinted && (!head.hinted || head.hintAt - waiter.hintAt < 0)) {
          head.hinted = true;
          head.hintAt = waiter.hintAt;
        }
        LockSupport.unpark(head.thread);
      }
      if (waiters.isEmpty() && joining == 0) {
        toClose = retire();
      }
    }
    if (toClose != null) {
      toClose.close();
    }
  }

  /** Called with the monitor held; returns the subscription to close outside it. */
  private Notifications.@Nullable Subscription retire() {
    retired = true;
    channels(id.client()).remove(id, this);
    Notifications.Subscription current = subscription;
    subscription = null;
    return current;
  }

  // ---- waiting ----

  /**
   * Waits on a release channel until an attempt acquires: joins (subscribing), attempts, and parks
   * until woken, until the head's hint is due, or until the deadline; then attempts again.
   *
   * @return true once acquired, false if the deadline passed first
   * @throws InterruptedException if interruptible and interrupted (the interrupt status is
   *     cleared); an uninterruptible wait restores the interrupt status before returning
   */
  static boolean await(
      HotClient client,
      byte[] channel,
      Object blocker,
      WaitDeadline deadline,
      boolean interruptible,
      Attempt attempt,
      @Nullable Registry registry)
      throws InterruptedException {
    Waiter waiter = join(client, channel, null, interruptible);
    WaitChannel waitChannel = waiter.channel;
    String waiterId =
        client.id() + ":" + Thread.currentThread().getId() + ":" + WAITER_IDS.incrementAndGet();
    long refresh = registry == null ? Long.MAX_VALUE : registry.refreshMillis() * MILLI;
    boolean interrupted = false;
    boolean left = false;
    boolean acquired = false;
    try {
      while (true) {
        waiter.signalled = false;
        Outcome outcome = attempt.attempt(waiterId);
        long refreshAt = System.nanoTime() + refresh;
        if (outcome.acquired()) {
          left = true;
          acquired = true;
          waitChannel.leave(waiter, outcome.more(), outcome.hintMillis());
          return true;
        }
        waitChannel.hint(waiter, outcome.hintMillis(), outcome.more());
        while (!waiter.signalled
            && !waitChannel.hintDue(waiter)
            && (registry == null || System.nanoTime() - refreshAt < 0)) {
          if (deadline.hasPassed()) {
            left = true;
            waitChannel.leave(waiter, false, -1);
            return false;
          }
          waitChannel.park(waiter, deadline, blocker, registry == null ? 0 : refreshAt);
          if (Thread.interrupted()) {
            if (interruptible) {
              left = true;
              waitChannel.leave(waiter, false, -1);
              throw new InterruptedException();
            }
            interrupted = true;
          }
        }
      }
    } finally {
      if (!left) {
        waitChannel.leave(waiter, false, -1);
      }
      if (registry != null && !acquired) {
        forget(registry, waiterId);
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Forgets a registered waiter; on failure its record expires with its lease. */
  private static void forget(Registry registry, String waiterId) {
    try {
      registry.leave(waiterId);
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "forgetting a waiter failed; its record expires with its lease", e);
    }
  }

  /** Records a failed attempt's hint; {@code passOn} wakes the first not-woken waiter behind. */
  private synchronized void hint(Waiter waiter, long hintMillis, boolean passOn) {
    if (hintMillis < 0) {
      waiter.hinted = false;
    } else {
      setHint(waiter, hintMillis);
    }
    if (passOn) {
      int index = waiters.indexOf(waiter);
      if (index >= 0) {
        wake(index + 1, 1);
      }
    }
  }

  private static void setHint(Waiter waiter, long hintMillis) {
    waiter.hinted = true;
    waiter.hintAt = System.nanoTime() + (hintMillis + 1) * MILLI;
  }

  /** Returns whether the waiter is the head and its hint is due. */
  private synchronized boolean hintDue(Waiter waiter) {
    return waiter.hinted
        && !waiters.isEmpty()
        && waiters.get(0) == waiter
        && System.nanoTime() - waiter.hintAt >= 0;
  }

  /**
   * Parks the waiter's thread until it is woken, unparked, interrupted, the deadline passes, or
   * (for the head) its hint is due. May return spuriously.
   */
  void park(Waiter waiter, WaitDeadline deadline, Object blocker) {
    park(waiter, deadline, blocker, 0);
  }

  /** Parks as {@link #park(Waiter, WaitDeadline, Object)}, also until {@code until} unless 0. */
  private void park(Waiter waiter, WaitDeadline deadline, Object blocker, long until) {
    long wait = deadline.remainingNanos();
    if (until != 0) {
      wait = Math.min(wait, until - System.nanoTime());
    }
    synchronized (this) {
      if (waiter.hinted && !waiters.isEmpty() && waiters.get(0) == waiter) {
        wait = Math.min(wait, waiter.hintAt - System.nanoTime());
      }
    }
    if (waiter.signalled || wait <= 0) {
      return;
    }
    if (wait == Long.MAX_VALUE) {
      LockSupport.park(blocker);
    } else {
      LockSupport.parkNanos(blocker, wait);
    }
  }

  /** Wakes up to {@code count} waiters not yet woken, from position {@code from}. */
  private void wake(int from, int count) {
    int woken = 0;
    for (int i = from; i < waiters.size() && woken < count; i++) {
      Waiter waiter = waiters.get(i);
      if (!waiter.signalled) {
        waiter.signal();
        woken++;
      }
    }
  }

  // ---- notifications ----

  @Override
  public void onMessage(byte[] message) {
    synchronized (this) {
      if (addressed) {
        String address = new String(message, UTF_8);
        for (Waiter waiter : waiters) {
          if (address.equals(waiter.address)) {
            waiter.deliver();
          }
        }
      } else {
        wake(0, permits(message));
      }
    }
  }

  @Override
  public void onReconnect() {
    synchronized (this) {
      wake(0, addressed ? Integer.MAX_VALUE : 1);
    }
  }

  private static int permits(byte[] message) {
    try {
      return Math.max(1, Integer.parseInt(new String(message, ISO_8859_1).trim()));
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  // ---- monitoring ----

  /** Returns the threads of this process waiting on a channel through a client, oldest first. */
  static List<Thread> queuedThreads(HotClient client, byte[] channel) {
    WaitChannel waitChannel = channels(client).get(new Id(client, new String(channel, ISO_8859_1)));
    List<Thread> threads = new ArrayList<>();
    if (waitChannel != null) {
      synchronized (waitChannel) {
        for (Waiter waiter : waitChannel.waiters) {
          threads.add(waiter.thread);
        }
      }
    }
    return threads;
  }

  @Override
  public String toString() {
    return "WaitChannel[" + new String(channel, UTF_8) + "]";
  }
}
