package org.hotredis.concurrent.locks;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import org.hotredis.Arguments;
import org.hotredis.HotClient;
import org.hotredis.Keys;
import org.hotredis.RedisBinding;
import org.hotredis.Script;
import org.hotredis.Toolkit;
import org.hotredis.shaded.redis.clients.jedis.BuilderFactory;

/**
 * A {@link Condition} of a Redis lock, shared by every process that names it alike: the waiters of
 * all processes wait in one queue in Redis and a signal from any process wakes the oldest.
 *
 * <p>Redis state, next to the lock ({@code {key}:condition:<name>:...}): {@code waiters}, a sorted
 * set of waiter ids by arrival; {@code leases}, a sorted set of the same ids by lease deadline
 * (Redis time), which each waiting process renews on a heartbeat (every third of the lock's lease,
 * at most {@value #HEARTBEAT_MILLIS} ms), so that the entry of a crashed waiter expires; {@code
 * signalled}, the waiters a signal chose, by acknowledgement deadline. Signals travel on the
 * channel {@code ...:signal} with the id of the waiter signalled as the message. Every step is one
 * call of {@code condition.lua}.
 *
 * <p>{@code await} subscribes first, then runs one step that checks that the caller holds the lock,
 * enqueues it and fully releases the lock (so no signal between the two can be missed); then it
 * waits for a message addressed to it, its deadline or an interrupt; then it leaves the queue,
 * which acknowledges a signal that chose it, and re-acquires the lock with the hold count it gave
 * up. A waiter that stops waiting without a signal finds it still queued; if a signal had already
 * chosen it, it counts as signalled, so no signal is lost.
 *
 * <p>A signal that its waiter does not acknowledge within {@value #ACKNOWLEDGE_MILLIS} ms (the
 * waiter crashed after its last heartbeat, or is paused) is passed on to the oldest live waiter: by
 * the signalling process, which checks once that time has passed, or else by the next heartbeat of
 * any waiter, or the next signal. So a crashed waiter never absorbs a signal; a paused one may make
 * a signal wake two waiters, a spurious wake-up as {@link Condition} allows (as after the
 * subscription reconnected).
 */
final class LockCondition implements Condition {
  /** How long a signalled waiter has to acknowledge before its signal is passed on. */
  static final long ACKNOWLEDGE_MILLIS = 250;

  /** The longest pause between two heartbeats of a waiter. */
  static final long HEARTBEAT_MILLIS = 500;

  private static final System.Logger LOG = System.getLogger(LockCondition.class.getName());
  private static final Script CONDITION = Script.load(LockCondition.class, "lua/condition.lua");
  private static final AtomicLong WAITER_IDS = new AtomicLong();
  private static final byte[] ONE = Arguments.of(1);
  private static final byte[] ALL = Arguments.of(0);
  private static final byte[] ACKNOWLEDGE = Arguments.of(ACKNOWLEDGE_MILLIS);

  private final LeasedLock lock;
  private final String name;
  private final RedisBinding redis;
  private final List<byte[]> keys;
  private final byte[] channel;

  LockCondition(LeasedLock lock, String name) {
    this.lock = lock;
    this.name = name;
    this.redis = lock.redis();
    String base = Keys.companion(redis.key(), "condition:" + name);
    this.keys =
        List.of(
            redis.rawKey(),
            Arguments.of(base + ":waiters"),
            Arguments.of(base + ":leases"),
            Arguments.of(base + ":signalled"));
    this.channel = Arguments.of(base + ":signal");
  }

  LeasedLock lock() {
    return lock;
  }

  // ---- waiting ----

  @Override
  public void await() throws InterruptedException {
    waitForSignal(WaitDeadline.none(), true);
  }

  @Override
  public void awaitUninterruptibly() {
    try {
      waitForSignal(WaitDeadline.none(), false);
    } catch (InterruptedException e) {
      throw new AssertionError("an uninterruptible wait threw InterruptedException", e);
    }
  }

  @Override
  public long awaitNanos(long nanosTimeout) throws InterruptedException {
    long start = System.nanoTime();
    waitForSignal(WaitDeadline.in(nanosTimeout), true);
    long remaining = nanosTimeout - (System.nanoTime() - start);
    return remaining <= nanosTimeout ? remaining : Long.MIN_VALUE; // MIN_VALUE on overflow
  }

  @Override
  public boolean await(long time, TimeUnit unit) throws InterruptedException {
    return waitForSignal(WaitDeadline.in(unit.toNanos(time)), true);
  }

  @Override
  @SuppressWarnings("JavaUtilDate") // Condition's API
  public boolean awaitUntil(Date deadline) throws InterruptedException {
    return waitForSignal(
        WaitDeadline.atEpochMilli(requireNonNull(deadline, "deadline").getTime()), true);
  }

  /**
   * Waits, and re-acquires the lock before returning or throwing.
   *
   * @return false if the deadline passed without a signal
   */
  private boolean waitForSignal(WaitDeadline deadline, boolean interruptible)
      throws InterruptedException {
    lock.checkNoTransaction();
    if (interruptible && Thread.interrupted()) {
      throw new InterruptedException();
    }
    HotClient client = redis.client();
    String me = lock.owner();
    String id = me + ":w" + WAITER_IDS.incrementAndGet();
    WaitChannel.Waiter waiter = WaitChannel.join(client, channel, id, interruptible);
    boolean interrupted = !interruptible && Thread.interrupted();
    WaitChannel waitChannel = waiter.channel();
    int holds;
    try {
      holds =
          lock.releaseForAwait(
              me,
              () ->
                  step(
                      "await",
                      Arguments.of(me),
                      Arguments.of(id),
                      Arguments.of(lock.leaseMillis()),
                      lock.channel()));
    } catch (RuntimeException e) {
      waitChannel.leave(waiter, false, -1);
      throw e;
    }
    LeaseKeeper watchdog =
        new LeaseKeeper(
                client,
                null,
                lock.leaseMillis(),
                0,
                System.nanoTime(),
                () -> renew(id),
                waiter::deliver)
            .start(Math.min(HEARTBEAT_MILLIS, Math.max(1, lock.leaseMillis() / 3)));
    boolean signalled = false;
    boolean interruptedWaiting = false;
    boolean timedOut = false;
    RuntimeException failure = null;
    try {
      while (!waiter.signalled() && !deadline.hasPassed()) {
        waitChannel.park(waiter, deadline, this);
        if (Thread.interrupted()) {
          if (interruptible) {
            interruptedWaiting = true;
            break;
          }
          interrupted = true;
        }
      }
      timedOut = !waiter.signalled() && !interruptedWaiting && deadline.hasPassed();
      watchdog.end();
      signalled = waiter.delivered();
      try {
        // Still queued means not signalled (a timeout, an interrupt or a spurious wake-up);
        // already gone means a signal chose this waiter, which must not be lost. Leaving also
        // acknowledges the signal, so that it is not passed on.
        signalled |= step("leave", Arguments.of(id)) == 0L;
      } catch (RuntimeException e) {
        if (!signalled) {
          failure = e;
        }
      }
    } finally {
      watchdog.end();
      waitChannel.leave(waiter, false, -1);
    }
    lock.acquireUninterruptibly(holds);
    interrupted |= Thread.interrupted();
    if (failure != null) {
      if (interrupted || interruptedWaiting) {
        Thread.currentThread().interrupt();
      }
      throw failure;
    }
    if (interruptedWaiting && !signalled) {
      throw new InterruptedException();
    }
    if (interrupted || interruptedWaiting) {
      Thread.currentThread().interrupt();
    }
    return signalled || !timedOut;
  }

  private boolean renew(String id) {
    return step("renew", Arguments.of(id), Arguments.of(lock.leaseMillis())) == 1L;
  }

  /** Runs one step of {@code condition.lua}. */
  private long step(String operation, byte[]... args) {
    List<byte[]> all = new ArrayList<>(3 + args.length);
    all.add(Arguments.of(operation));
    all.add(channel);
    all.add(ACKNOWLEDGE);
    all.addAll(List.of(args));
    return redis.write(CONDITION.call(BuilderFactory.LONG, keys, all));
  }

  // ---- signalling ----

  @Override
  public void signal() {
    signal(ONE);
  }

  @Override
  public void signalAll() {
    signal(ALL);
  }

  private void signal(byte[] howMany) {
    lock.checkNoTransaction();
    String me = lock.owner();
    long signalled =
        lock.whileHeld(
                me,
                () -> {
                  long count = step("signal", Arguments.of(me), howMany);
                  return count < 0 ? -1 : count + 1;
                })
            - 1;
    if (signalled > 0 && howMany == ONE) {
      checkAcknowledged();
    }
  }

  /**
   * Once a signalled waiter's acknowledgement is due, passes the signal on if it did not come, on
   * the client's scheduler. A failure is left to the waiters' heartbeats, which pass it on too.
   */
  private void checkAcknowledged() {
    try {
      var unused =
          Toolkit.of(redis.client())
              .scheduler()
              .schedule(
                  () -> {
                    try {
                      step("pass-on");
                    } catch (RuntimeException e) {
                      LOG.log(Level.DEBUG, "passing an unacknowledged signal on failed", e);
                    }
                  },
                  ACKNOWLEDGE_MILLIS + 10,
                  TimeUnit.MILLISECONDS);
    } catch (IllegalStateException | RejectedExecutionException e) {
      LOG.log(Level.DEBUG, "the client is closed; the waiters' heartbeats pass the signal on", e);
    }
  }

  // ---- queries ----

  /** Returns how many live waiters the condition has, for the lock's holder. One round trip. */
  int waiters() {
    lock.checkNoTransaction();
    String me = lock.owner();
    long count =
        lock.whileHeld(
                me,
                () -> {
                  long live = step("waiters", Arguments.of(me));
                  return live < 0 ? -1 : live + 1;
                })
            - 1;
    return (int) Math.min(count, Integer.MAX_VALUE);
  }

  @Override
  public String toString() {
    return "Condition '" + name + "' of " + redis.describe();
  }
}
