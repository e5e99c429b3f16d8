package org.hotredis.concurrent.locks;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import org.hotredis.HotClient;
import org.hotredis.HotObject;
import org.hotredis.RedisBinding;
import org.hotredis.StoredKeys;
import org.jspecify.annotations.Nullable;

/**
 * What {@link HotLock} and {@link HotReentrantLock} share: every method, over one {@link
 * LeasedLock}. The subclasses differ in re-entry and in their builders.
 */
abstract class AbstractHotLock implements OwnedLock, HotObject {
  private final RedisBinding redis;
  private final LeasedLock lock;

  AbstractHotLock(
      String typeName,
      boolean reentrant,
      @Nullable HotClient client,
      @Nullable String key,
      LeaseBuilder<?> options) {
    this.redis = RedisBinding.of(client, key, typeName, "hash");
    this.lock =
        new LeasedLock(
            this, redis, reentrant, options.leaseMillis(), options.owner(), options.listener());
  }

  @Override
  public final StoredKeys storedKeys() {
    return redis;
  }

  final RedisBinding redis() {
    return redis;
  }

  // ---- Lock ----

  /**
   * Acquires the lock, waiting as long as it takes; interrupts do not stop the wait (the interrupt
   * status is kept). One round trip (one script) when the lock is free; a waiting thread is woken
   * by the release notification, or when the holder's lease could have run out, and tries again.
   * Atomic.
   */
  @Override
  public void lock() {
    lock.acquireUninterruptibly(1);
  }

  /**
   * Acquires the lock unless the current thread is interrupted. Round trips as {@link #lock()}.
   * Atomic.
   *
   * @throws InterruptedException if interrupted before or while waiting (the interrupt status is
   *     cleared)
   */
  @Override
  public void lockInterruptibly() throws InterruptedException {
    lock.acquire(WaitDeadline.none(), true, 1);
  }

  /**
   * Acquires the lock if it is free now, or (for a {@link HotReentrantLock}) already held by this
   * owner. One round trip (one script). Atomic.
   *
   * @return true if acquired
   */
  @Override
  public boolean tryLock() {
    return lock.tryAcquire();
  }

  /**
   * Acquires the lock if it becomes available within the timeout, to the millisecond. Round trips
   * as {@link #lock()}; a timeout of zero or less makes one attempt. Atomic.
   *
   * @param time the maximum time to wait
   * @param unit its unit
   * @return true if acquired, false if the timeout passed first
   * @throws InterruptedException if interrupted before or while waiting
   */
  @Override
  public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
    requireNonNull(unit, "unit");
    return lock.acquire(WaitDeadline.in(unit.toNanos(time)), true, 1);
  }

  /**
   * Releases one hold; the last one frees the lock, stops the lease renewals and wakes a waiter.
   * One round trip (one script). Atomic.
   *
   * <p>If the connection breaks or times out, Redis may or may not have applied the release: it is
   * sent once more, fenced by the acquisition's token and hold count so that it cannot apply twice,
   * and if that succeeds this method returns normally. If it fails too, this owner gives the whole
   * hold up: the lease is no longer renewed, the {@link LeaseListener} hears that it was lost, and
   * the lock is freed as soon as Redis answers (retried in the background, and before this owner's
   * next acquisition, which therefore works), at the latest when the lease runs out.
   *
   * @throws IllegalMonitorStateException if this owner does not hold the lock; the message says
   *     whether its lease was lost
   * @throws org.hotredis.HotConnectionException if Redis could not be reached twice; the owner has
   *     given the hold up, as the message says
   */
  @Override
  public void unlock() {
    lock.release();
  }

  /**
   * Returns a new {@link Condition} of this lock, shared across processes: conditions are named by
   * the order of their creation on this object ({@code "0"}, {@code "1"}, ...), so processes that
   * create their conditions in the same order share them. Use {@link #newCondition(String)} to name
   * one explicitly. No round trip.
   *
   * <p>{@code await} takes three round trips plus the re-acquisition: the script that enqueues the
   * waiter and releases the lock atomically, the subscription's confirmation (shared per process),
   * and the removal of the waiter's entry, which also acknowledges a signal. {@code signal} and
   * {@code signalAll} are one script each and throw {@link IllegalMonitorStateException} unless the
   * caller holds the lock. Waiting processes renew their entries on a heartbeat (at most every 500
   * ms), and a signal its waiter does not acknowledge within 250 ms is passed on to the next live
   * waiter, so a crashed waiter never absorbs a signal.
   *
   * @return the condition
   */
  @Override
  public Condition newCondition() {
    return lock.newCondition();
  }

  /**
   * Returns the {@link Condition} of this lock with a name, shared by every process that uses the
   * same lock key and name. No round trip.
   *
   * @param name a non-empty name
   * @return the condition
   */
  public Condition newCondition(String name) {
    return lock.newCondition(name);
  }

  // ---- ReentrantLock's queries ----

  /**
   * Returns the holds this owner has on the lock. One round trip ({@code HMGET}).
   *
   * @return the hold count, 0 if this owner does not hold the lock
   */
  @Override
  public int getHoldCount() {
    return lock.holdCount();
  }

  /**
   * Returns whether this owner holds the lock: the current thread by default, or this object's
   * explicit owner token. One round trip ({@code HGET}).
   *
   * @return true if held by this owner
   */
  @Override
  public boolean isHeldByCurrentThread() {
    return lock.isHeldByCurrentOwner();
  }

  /**
   * Returns whether any owner in any process holds the lock. One round trip ({@code EXISTS}).
   *
   * @return true if locked
   */
  @Override
  public boolean isLocked() {
    return lock.isLocked();
  }

  /**
   * Returns the fencing token of this owner's current acquisition: a number that grows with every
   * acquisition of this lock by anyone (re-entries excepted) and survives {@link #delete()}. Pass
   * it to a store that rejects writes with a token lower than one it has seen, so a holder whose
   * lease ran out unnoticed (a long pause) cannot overwrite a newer holder's work. No round trip
   * when this process acquired the lock; one ({@code HMGET}) otherwise.
   *
   * @return the fencing token
   * @throws IllegalMonitorStateException if this owner does not hold the lock, or its lease was
   *     lost
   */
  public long fencingToken() {
    return lock.fencingToken();
  }

  /**
   * Returns whether threads of this process wait for the lock through this client. No round trip.
   *
   * @return true if some thread waits
   */
  @Override
  public boolean hasQueuedThreads() {
    return !lock.queuedThreads().isEmpty();
  }

  /**
   * Returns whether a thread of this process waits for the lock through this client. No round trip.
   *
   * @param thread the thread
   * @return true if it waits
   */
  @Override
  public boolean hasQueuedThread(Thread thread) {
    requireNonNull(thread, "thread");
    return lock.queuedThreads().contains(thread);
  }

  /**
   * Returns how many threads of this process wait for the lock through this client. No round trip.
   *
   * @return the number of waiting threads
   */
  @Override
  public int getQueueLength() {
    return lock.queuedThreads().size();
  }

  /**
   * Returns the threads of this process that wait for the lock through this client, oldest first.
   * No round trip.
   *
   * @return a snapshot of the waiting threads
   */
  public List<Thread> getQueuedThreads() {
    return lock.queuedThreads();
  }

  /**
   * Returns whether a condition of this lock has live waiters in any process. The caller must hold
   * the lock. One round trip (one script).
   *
   * @param condition a condition of this lock
   * @return true if some process waits on it
   */
  @Override
  public boolean hasWaiters(Condition condition) {
    return lock.ownCondition(condition).waiters() > 0;
  }

  /**
   * Returns how many live waiters, in all processes, a condition of this lock has. The caller must
   * hold the lock. One round trip (one script).
   *
   * @param condition a condition of this lock
   * @return the number of waiters
   */
  @Override
  public int getWaitQueueLength(Condition condition) {
    return lock.ownCondition(condition).waiters();
  }

  // ---- HotObject ----

  /**
   * Deletes the lock whoever holds it, and wakes the waiters; the holder's lease is then lost (its
   * watchdog reports it, and its {@code unlock} fails). The fencing counter is kept, so tokens keep
   * increasing. One round trip (one script). Atomic.
   *
   * @return true if the lock was held
   */
  @Override
  public boolean delete() {
    return lock.delete();
  }

  /**
   * Not supported: a lock's time to live is its holder's lease, which the holder's watchdog
   * manages.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public boolean expire(Duration ttl) {
    throw new UnsupportedOperationException(
        redis.describe() + ": a lock's time to live is its holder's lease; set it with lease()");
  }

  /**
   * Not supported: a lock without a time to live would outlive a crashed holder forever.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public boolean persist() {
    throw new UnsupportedOperationException(
        redis.describe() + ": a lock always expires with its holder's lease");
  }

  /**
   * Describes the lock by type and key, such as {@code HotLock 'orders'}. No round trip.
   *
   * @return the description
   */
  @Override
  public String toString() {
    return redis.describe();
  }
}
