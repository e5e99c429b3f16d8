package org.hotredis.concurrent.locks;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.hotredis.HotClient;
import org.hotredis.HotObject;
import org.hotredis.RedisBinding;
import org.hotredis.StoredKeys;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ReadWriteLock} held in Redis, shared by every process that uses its key: many readers at
 * once, or one writer, across all processes, with {@link ReentrantReadWriteLock}'s queries and the
 * fair mode's preference for writers.
 *
 * <pre>{@code
 * HotReadWriteLock prices = HotConcurrency.on(client).readWriteLock("prices");
 * prices.readLock().lock();            // any number of processes read at once
 * try {
 *   return table.get(item);
 * } finally {
 *   prices.readLock().unlock();
 * }
 * }</pre>
 *
 * <p><b>Holds.</b> Both locks are reentrant and count holds per owner, in Redis: the client and the
 * current thread, or the builder's explicit owner token shared by every thread that uses the
 * object. Many owners hold the {@linkplain #readLock() read lock} at once; one owner holds the
 * {@linkplain #writeLock() write lock}, and only while nobody else reads.
 *
 * <p><b>Writers first.</b> As {@code new ReentrantReadWriteLock(true)}: while a writer waits (in
 * any process), an owner that does not read yet and does not hold the write lock does not get the
 * read lock, so a stream of readers cannot starve writers; the writer gets the lock once the
 * readers are gone. An owner that already reads re-enters at once, so a reader never deadlocks
 * behind a waiting writer. The untimed {@code tryLock()} of either lock barges, as the JDK's does:
 * it takes a lock that is free of holders even if writers wait. Waiting writers are recorded in
 * Redis with a lease of their own, so a writer whose process died stops holding readers back within
 * a lease.
 *
 * <p><b>Downgrade, not upgrade.</b> The writer may take the read lock and then release the write
 * lock, keeping the read lock. An owner that holds only the read lock does not get the write lock:
 * {@code writeLock().tryLock()} (both forms) returns false, and {@code writeLock().lock()} and
 * {@code lockInterruptibly()} throw {@link IllegalMonitorStateException} at once, where the JDK's
 * would wait forever. A Condition waiter of the write lock that also reads gets the same exception
 * from {@code await} when it wants the write lock back; release the read lock before waiting.
 *
 * <p><b>Leases.</b> Every hold is a lease (30 s by default), renewed every third of it by the
 * client's scheduler while this process holds it: each reader's hold, and the writer's. When a
 * process dies its holds end within one lease and waiters in other processes take over. A lease
 * found lost (a partition longer than the lease, a {@link #delete()}) is reported to the builder's
 * {@link LeaseListener}, and the next {@code unlock} of that lock throws {@link
 * IllegalMonitorStateException} saying so. Every write acquisition gets a {@linkplain
 * WriteLock#fencingToken() fencing token}.
 *
 * <p><b>Waiting.</b> Waiters do not poll: they wait on the client's one shared subscription for the
 * release notification. Freeing the write lock wakes the waiters (readers one after another, each
 * passing the wake-up on); the last reader's release wakes a waiting writer. The oldest waiter of
 * each process also tries again when what blocks it could have run out (a holder's lease, a waiting
 * writer's record), and a waiting writer renews its record every third of its lease.
 *
 * <p>Every step is one script; every method states its round trips. The lock cannot be used inside
 * a transaction ({@link IllegalStateException}): each step needs the previous reply.
 */
public final class HotReadWriteLock implements ReadWriteLock, HotObject {
  /*
   * Redis layout and scripts: see ReadWriteLayout. The write side is a LeasedLock over a plain
   * lock's hash, so its release, renewal, give-up and Conditions are the plain lock's scripts; the
   * read side is a LeasedLock whose steps are the rwlock-read-*.lua scripts, with its own lease
   * slots (an owner may hold both locks, each with its own lease). Both acquire scripts first drop
   * readers whose lease ran out; the read acquisition answers "a writer waits" with the code that
   * lets the next waiter of this process try, so a reader held back by a waiting writer never
   * keeps that writer's wake-up to itself.
   */

  private final ReadWriteLayout layout;
  private final ReadLock readLock;
  private final WriteLock writeLock;

  private HotReadWriteLock(@Nullable HotClient client, @Nullable String key, Builder options) {
    this.layout = new ReadWriteLayout(ReadWriteLayout.bind(client, key), this, options);
    this.readLock = new ReadLock(layout);
    this.writeLock = new WriteLock(layout);
  }

  /**
   * Returns a builder of read-write locks.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the read lock. No round trip.
   *
   * @return the read lock
   */
  @Override
  public ReadLock readLock() {
    return readLock;
  }

  /**
   * Returns the write lock. No round trip.
   *
   * @return the write lock
   */
  @Override
  public WriteLock writeLock() {
    return writeLock;
  }

  @Override
  public StoredKeys storedKeys() {
    return layout.redis;
  }

  RedisBinding redis() {
    return layout.redis;
  }

  // ---- ReentrantReadWriteLock's queries ----

  /**
   * Returns the read holds of all owners in all processes (readers whose lease ran out are not
   * counted). One round trip (one script).
   *
   * @return the read holds
   */
  public int getReadLockCount() {
    return saturated(layout.state().readHolds());
  }

  /**
   * Returns whether any owner holds the write lock. One round trip (one script).
   *
   * @return true if write-locked
   */
  public boolean isWriteLocked() {
    return layout.state().writeHolds() > 0;
  }

  /**
   * Returns whether this owner holds the write lock. One round trip (one script).
   *
   * @return true if this owner writes
   */
  public boolean isWriteLockedByCurrentThread() {
    return layout.state().writtenByOwner();
  }

  /**
   * Returns this owner's holds of the read lock. One round trip (one script).
   *
   * @return the read holds, 0 if this owner does not read
   */
  public int getReadHoldCount() {
    return saturated(layout.state().ownReadHolds());
  }

  /**
   * Returns this owner's holds of the write lock. One round trip (one script).
   *
   * @return the write holds, 0 if this owner does not write
   */
  public int getWriteHoldCount() {
    return layout.state().ownWriteHolds();
  }

  /**
   * Returns whether threads of this process wait for either lock through this client. No round
   * trip.
   *
   * @return true if some thread waits
   */
  public boolean hasQueuedThreads() {
    return !layout.write.queuedThreads().isEmpty();
  }

  /**
   * Returns whether a thread of this process waits for either lock through this client. No round
   * trip.
   *
   * @param thread the thread
   * @return true if it waits
   */
  public boolean hasQueuedThread(Thread thread) {
    requireNonNull(thread, "thread");
    return layout.write.queuedThreads().contains(thread);
  }

  /**
   * Returns how many threads of this process wait for either lock through this client. No round
   * trip.
   *
   * @return the number of waiting threads
   */
  public int getQueueLength() {
    return layout.write.queuedThreads().size();
  }

  // ---- HotObject ----

  /**
   * Deletes the lock whoever holds it, readers and writer, and wakes the waiters; the holders'
   * leases are then lost (their watchdogs report it, and their {@code unlock} fails). The token
   * counter is kept, so fencing tokens keep increasing. One round trip (one script). Atomic.
   *
   * @return true if the lock was held
   */
  @Override
  public boolean delete() {
    return layout.delete();
  }

  /**
   * Not supported: a lock's time to live is its holders' leases, which their watchdogs manage.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public boolean expire(Duration ttl) {
    throw new UnsupportedOperationException(
        layout.redis.describe()
            + ": a lock's time to live is its holders' leases; set it with lease()");
  }

  /**
   * Not supported: a lock without a time to live would outlive a crashed holder forever.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public boolean persist() {
    throw new UnsupportedOperationException(
        layout.redis.describe() + ": a lock always expires with its holders' leases");
  }

  /**
   * Describes the lock as {@link ReentrantReadWriteLock#toString()} does, such as {@code
   * HotReadWriteLock 'prices'[Write locks = 0, Read locks = 2]}. One round trip (one script).
   *
   * @return the description
   */
  @Override
  public String toString() {
    ReadWriteLayout.State state = layout.state();
    return layout.redis.describe()
        + "[Write locks = "
        + state.writeHolds()
        + ", Read locks = "
        + state.readHolds()
        + "]";
  }

  private static int saturated(long count) {
    return (int) Math.min(count, Integer.MAX_VALUE);
  }

  // ---- the two locks ----

  /**
   * The read lock of a {@link HotReadWriteLock}: shared by any number of owners, reentrant, and
   * without conditions (as {@link ReentrantReadWriteLock.ReadLock}).
   */
  public static final class ReadLock implements OwnedLock {
    private final ReadWriteLayout layout;
    private final LeasedLock lock;

    private ReadLock(ReadWriteLayout layout) {
      this.layout = layout;
      this.lock = layout.read;
    }

    /**
     * Acquires a read hold, waiting as long as it takes while another owner writes or (for an owner
     * that does not read yet) a writer waits; interrupts do not stop the wait (the interrupt status
     * is kept). One round trip (one script) when it is free; a waiting thread is woken by a release
     * notification and tries again. Atomic.
     *
     * @throws IllegalStateException inside a transaction
     */
    @Override
    public void lock() {
      lock.acquireUninterruptibly(1);
    }

    /**
     * Acquires a read hold unless the current thread is interrupted. Round trips as {@link
     * #lock()}. Atomic.
     *
     * @throws InterruptedException if interrupted before or while waiting
     */
    @Override
    public void lockInterruptibly() throws InterruptedException {
      lock.acquire(WaitDeadline.none(), true, 1);
    }

    /**
     * Acquires a read hold if no other owner holds the write lock now, even if writers wait (it
     * barges, as the JDK's does). One round trip (one script). Atomic.
     *
     * @return true if acquired
     */
    @Override
    public boolean tryLock() {
      return lock.tryAcquire();
    }

    /**
     * Acquires a read hold if it becomes available within the timeout, letting waiting writers go
     * first. Round trips as {@link #lock()}; a timeout of zero or less makes one attempt. Atomic.
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
     * Releases one read hold; the owner's last one ends its lease, and the last reader's wakes a
     * waiting writer. One round trip (one script). Atomic. A release whose reply is lost is handled
     * as {@link HotReentrantLock#unlock()} describes.
     *
     * @throws IllegalMonitorStateException if this owner does not hold the read lock; the message
     *     says whether its lease was lost
     */
    @Override
    public void unlock() {
      lock.release();
    }

    /**
     * Not supported: read locks have no conditions, as {@link
     * ReentrantReadWriteLock.ReadLock#newCondition()} documents.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public Condition newCondition() {
      throw new UnsupportedOperationException(
          layout.redis.describe() + ": the read lock has no conditions; use the write lock's");
    }

    /**
     * Returns this owner's read holds. One round trip (one script).
     *
     * @return the hold count, 0 if this owner does not read
     */
    @Override
    public int getHoldCount() {
      return saturated(layout.state().ownReadHolds());
    }

    /**
     * Returns whether this owner holds the read lock. One round trip (one script).
     *
     * @return true if this owner reads
     */
    @Override
    public boolean isHeldByCurrentThread() {
      return layout.state().ownReadHolds() > 0;
    }

    /**
     * Returns whether any owner in any process holds the read lock. One round trip (one script).
     *
     * @return true if read-locked
     */
    @Override
    public boolean isLocked() {
      return layout.state().readHolds() > 0;
    }

    /**
     * Returns whether threads of this process wait for either lock of the read-write lock through
     * this client, as {@link ReentrantReadWriteLock#hasQueuedThreads()}. No round trip.
     *
     * @return true if some thread waits
     */
    @Override
    public boolean hasQueuedThreads() {
      return !lock.queuedThreads().isEmpty();
    }

    /**
     * Returns whether a thread of this process waits for either lock of the read-write lock through
     * this client. No round trip.
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
     * Returns how many threads of this process wait for either lock of the read-write lock through
     * this client. No round trip.
     *
     * @return the number of waiting threads
     */
    @Override
    public int getQueueLength() {
      return lock.queuedThreads().size();
    }

    /**
     * Refuses every condition: the read lock has none.
     *
     * @param condition a condition
     * @return never
     * @throws IllegalArgumentException always, the condition is not the read lock's
     */
    @Override
    public boolean hasWaiters(Condition condition) {
      throw notOurs(condition);
    }

    /**
     * Refuses every condition: the read lock has none.
     *
     * @param condition a condition
     * @return never
     * @throws IllegalArgumentException always, the condition is not the read lock's
     */
    @Override
    public int getWaitQueueLength(Condition condition) {
      throw notOurs(condition);
    }

    private IllegalArgumentException notOurs(Condition condition) {
      requireNonNull(condition, "condition");
      return new IllegalArgumentException(
          "the condition does not belong to the read lock of " + layout.redis.describe());
    }

    /**
     * Describes the lock, such as {@code HotReadWriteLock 'prices' (read lock)}. No round trip.
     *
     * @return the description
     */
    @Override
    public String toString() {
      return layout.redis.describe() + " (read lock)";
    }
  }

  /**
   * The write lock of a {@link HotReadWriteLock}: one owner at a time, reentrant, with conditions
   * shared across processes and a fencing token for each acquisition.
   */
  public static final class WriteLock implements OwnedLock {
    private final ReadWriteLayout layout;
    private final LeasedLock lock;

    private WriteLock(ReadWriteLayout layout) {
      this.layout = layout;
      this.lock = layout.write;
    }

    /**
     * Acquires the write lock, waiting as long as it takes for the readers and any other writer to
     * leave; interrupts do not stop the wait (the interrupt status is kept). One round trip (one
     * script) when it is free; a waiting writer is recorded in Redis, so new readers let it go
     * first, and is woken by a release notification. Atomic.
     *
     * @throws IllegalMonitorStateException if this owner holds the read lock but not the write
     *     lock: an upgrade is refused rather than waited for forever
     */
    @Override
    public void lock() {
      lock.acquireUninterruptibly(1);
    }

    /**
     * Acquires the write lock unless the current thread is interrupted. Round trips as {@link
     * #lock()}. Atomic.
     *
     * @throws InterruptedException if interrupted before or while waiting
     * @throws IllegalMonitorStateException if this owner holds only the read lock (an upgrade)
     */
    @Override
    public void lockInterruptibly() throws InterruptedException {
      lock.acquire(WaitDeadline.none(), true, 1);
    }

    /**
     * Acquires the write lock if nobody else holds either lock now, or re-enters it. One round trip
     * (one script). Atomic.
     *
     * @return true if acquired; false also for an owner that holds only the read lock
     */
    @Override
    public boolean tryLock() {
      return lock.tryAcquire();
    }

    /**
     * Acquires the write lock if it becomes available within the timeout. Round trips as {@link
     * #lock()}; a timeout of zero or less makes one attempt. Atomic.
     *
     * @param time the maximum time to wait
     * @param unit its unit
     * @return true if acquired, false if the timeout passed first or this owner holds only the read
     *     lock
     * @throws InterruptedException if interrupted before or while waiting
     */
    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
      requireNonNull(unit, "unit");
      return lock.acquire(WaitDeadline.in(unit.toNanos(time)), true, 1);
    }

    /**
     * Releases one write hold; the last one frees the write lock, stops its lease renewals and
     * wakes the waiters. One round trip (one script). Atomic. A release whose reply is lost is
     * handled as {@link HotReentrantLock#unlock()} describes.
     *
     * @throws IllegalMonitorStateException if this owner does not hold the write lock; the message
     *     says whether its lease was lost
     */
    @Override
    public void unlock() {
      lock.release();
    }

    /**
     * Returns a new {@link Condition} of the write lock, shared across processes as {@link
     * HotReentrantLock#newCondition()}'s: named by creation order on this object. No round trip;
     * {@code await} and {@code signal} cost what they cost there.
     *
     * @return the condition
     */
    @Override
    public Condition newCondition() {
      return lock.newCondition();
    }

    /**
     * Returns the {@link Condition} of the write lock with a name, shared by every process that
     * uses the same lock key and name. No round trip.
     *
     * @param name a non-empty name
     * @return the condition
     */
    public Condition newCondition(String name) {
      return lock.newCondition(name);
    }

    /**
     * Returns this owner's write holds. One round trip (one script).
     *
     * @return the hold count, 0 if this owner does not write
     */
    @Override
    public int getHoldCount() {
      return layout.state().ownWriteHolds();
    }

    /**
     * Returns whether this owner holds the write lock. One round trip (one script).
     *
     * @return true if this owner writes
     */
    @Override
    public boolean isHeldByCurrentThread() {
      return layout.state().writtenByOwner();
    }

    /**
     * Returns whether any owner in any process holds the write lock. One round trip (one script).
     *
     * @return true if write-locked
     */
    @Override
    public boolean isLocked() {
      return layout.state().writeHolds() > 0;
    }

    /**
     * Returns the fencing token of this owner's current write acquisition: it grows with every
     * acquisition of this lock's read or write lock by anyone (re-entries excepted) and survives
     * {@link HotReadWriteLock#delete()}. No round trip when this process acquired it; one ({@code
     * HMGET}) otherwise.
     *
     * @return the fencing token
     * @throws IllegalMonitorStateException if this owner does not hold the write lock, or its lease
     *     was lost
     */
    public long fencingToken() {
      return lock.fencingToken();
    }

    /**
     * Returns whether threads of this process wait for either lock of the read-write lock through
     * this client, as {@link ReentrantReadWriteLock#hasQueuedThreads()}. No round trip.
     *
     * @return true if some thread waits
     */
    @Override
    public boolean hasQueuedThreads() {
      return !lock.queuedThreads().isEmpty();
    }

    /**
     * Returns whether a thread of this process waits for either lock of the read-write lock through
     * this client. No round trip.
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
     * Returns how many threads of this process wait for either lock of the read-write lock through
     * this client. No round trip.
     *
     * @return the number of waiting threads
     */
    @Override
    public int getQueueLength() {
      return lock.queuedThreads().size();
    }

    /**
     * Returns whether a condition of the write lock has live waiters in any process. The caller
     * must hold the write lock. One round trip (one script).
     *
     * @param condition a condition of the write lock
     * @return true if some process waits on it
     */
    @Override
    public boolean hasWaiters(Condition condition) {
      return lock.ownCondition(condition).waiters() > 0;
    }

    /**
     * Returns how many live waiters, in all processes, a condition of the write lock has. The
     * caller must hold the write lock. One round trip (one script).
     *
     * @param condition a condition of the write lock
     * @return the number of waiters
     */
    @Override
    public int getWaitQueueLength(Condition condition) {
      return lock.ownCondition(condition).waiters();
    }

    /**
     * Describes the lock, such as {@code HotReadWriteLock 'prices' (write lock)}. No round trip.
     *
     * @return the description
     */
    @Override
    public String toString() {
      return layout.redis.describe() + " (write lock)";
    }
  }

  /**
   * Builds a {@link HotReadWriteLock}: key, client, lease (of every hold, read or write), owner
   * token and lease-lost listener.
   */
  public static final class Builder extends LeaseBuilder<Builder> {
    private Builder() {}

    /**
     * Creates the lock handle. No round trip.
     *
     * @return the lock
     */
    public HotReadWriteLock build() {
      return new HotReadWriteLock(client(), key(), this);
    }
  }

  /** Returns the queued threads; for tests. */
  List<Thread> queuedThreads() {
    return layout.write.queuedThreads();
  }
}
