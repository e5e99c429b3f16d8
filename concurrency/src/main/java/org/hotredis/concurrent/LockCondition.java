package org.hotredis.concurrent;

import static java.util.Objects.requireNonNull;

import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import org.hotredis.Arguments;
import org.hotredis.HotClient;
import org.hotredis.Keys;
import org.hotredis.RedisBinding;
import org.hotredis.Script;

/**
 * A {@link Condition} of a Redis lock, shared by every process that names it alike: the waiters of
 * all processes wait in one queue in Redis and a signal from any process wakes the oldest.
 *
 * <p>Redis state, next to the lock ({@code {key}:condition:<name>:...}): {@code waiters}, a sorted
 * set of waiter ids by arrival; {@code leases}, a sorted set of the same ids by lease deadline
 * (Redis time), which each waiting process renews, so that the entry of a crashed waiter expires
 * and no signal is spent on it. Both sets expire with the last lease. Signals travel on the channel
 * {@code ...:signal} with the id of the waiter signalled as the message.
 *
 * <p>{@code await} subscribes first, then runs one script that checks that the caller holds the
 * lock, enqueues it and fully releases the lock (so no signal between the two can be missed); then
 * it waits for a message addressed to it, its deadline or an interrupt; then it re-acquires the
 * lock with the hold count it gave up. A waiter that stops waiting without a signal removes its
 * entry; if a signal had already removed it, it counts as signalled, so no signal is lost. Spurious
 * wake-ups (after the subscription reconnected) are possible, as {@link Condition} allows.
 */
final class LockCondition implements Condition {
  private static final Script AWAIT = Script.load(LockCondition.class, "lua/condition-await.lua");
  private static final Script SIGNAL = Script.load(LockCondition.class, "lua/condition-signal.lua");
  private static final Script RENEW = Script.load(LockCondition.class, "lua/condition-renew.lua");
  private static final Script LEAVE = Script.load(LockCondition.class, "lua/condition-leave.lua");
  private static final Script WAITERS =
      Script.load(LockCondition.class, "lua/condition-waiters.lua");
  private static final AtomicLong WAITER_IDS = new AtomicLong();
  private static final byte[] ONE = Arguments.of(1);
  private static final byte[] ALL = Arguments.of(0);

  private final LeasedLock lock;
  private final String name;
  private final RedisBinding redis;
  private final List<byte[]> lockAndQueues;
  private final List<byte[]> queues;
  private final List<byte[]> lockAndLeases;
  private final byte[] channel;

  LockCondition(LeasedLock lock, String name) {
    this.lock = lock;
    this.name = name;
    this.redis = lock.redis();
    String base = Keys.companion(redis.key(), "condition:" + name);
    byte[] waiters = Arguments.of(base + ":waiters");
    byte[] leases = Arguments.of(base + ":leases");
    this.lockAndQueues = List.of(redis.rawKey(), waiters, leases);
    this.queues = List.of(waiters, leases);
    this.lockAndLeases = List.of(redis.rawKey(), leases);
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
                  redis.write(
                      AWAIT.call(
                          IntegerReplies.LONG,
                          lockAndQueues,
                          List.of(
                              Arguments.of(me),
                              Arguments.of(id),
                              Arguments.of(lock.leaseMillis()),
                              lock.channel()))));
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
            .start();
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
      if (!signalled) {
        try {
          // Still queued means not signalled (a timeout, an interrupt or a spurious wake-up);
          // already gone means a signal chose this waiter, which must not be lost.
          signalled =
              redis.write(LEAVE.call(IntegerReplies.LONG, queues, List.of(Arguments.of(id)))) == 0L;
        } catch (RuntimeException e) {
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
    return redis.write(
            RENEW.call(
                IntegerReplies.LONG,
                queues,
                List.of(Arguments.of(id), Arguments.of(lock.leaseMillis()))))
        == 1L;
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
    lock.whileHeld(
        me,
        () -> {
          long signalled =
              redis.write(
                  SIGNAL.call(
                      IntegerReplies.LONG,
                      lockAndQueues,
                      List.of(Arguments.of(me), channel, howMany)));
          return signalled < 0 ? -1 : signalled + 1;
        });
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
                  long live =
                      redis.read(
                          WAITERS.call(
                              IntegerReplies.LONG, lockAndLeases, List.of(Arguments.of(me))));
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
