package org.hotredis.concurrent.locks;

import static java.util.Objects.requireNonNull;

import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.util.Collection;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.hotredis.HotClient;
import org.hotredis.HotObject;
import org.hotredis.RedisBinding;
import org.hotredis.StoredKeys;
import org.jspecify.annotations.Nullable;

/**
 * What {@link HotSemaphore} and {@link HotBoundedSemaphore} share: every method of {@link
 * Semaphore}, overridden over one {@link LeasedPermits}. The JDK state inherited from {@code
 * Semaphore} (zero permits) is never used.
 */
abstract class AbstractHotSemaphore extends Semaphore implements HotObject {
  private static final long serialVersionUID = 1L;

  private final transient RedisBinding redis;
  private final transient LeasedPermits permits;

  AbstractHotSemaphore(
      String typeName,
      boolean bounded,
      @Nullable HotClient client,
      @Nullable String key,
      int capacity,
      LeaseBuilder<?> options) {
    super(0);
    this.redis =
        RedisBinding.of(client, key, typeName, "hash")
            .withCompanion("leases", "zset")
            .withCompanion("waiting", "zset");
    this.permits =
        new LeasedPermits(
            this,
            redis,
            capacity,
            bounded,
            options.leaseMillis(),
            options.owner(),
            options.listener());
  }

  /** Creates the semaphore in Redis if absent, or checks its capacity. One round trip. */
  final void verify() {
    permits.verify();
  }

  @Override
  public final StoredKeys storedKeys() {
    return redis;
  }

  final RedisBinding redis() {
    return redis;
  }

  /**
   * Returns the permits this semaphore was created with, which every process using its key agrees
   * on. No round trip.
   *
   * @return the initial permits
   */
  public final int capacity() {
    return permits.capacity();
  }

  // ---- acquiring ----

  /**
   * Acquires a permit, waiting until one is available or the thread is interrupted. One round trip
   * (one script) when a permit is available; waiting threads are woken by release notifications
   * (one per released permit per process), or when a holder's lease could have run out. Atomic.
   *
   * @throws InterruptedException if interrupted before or while waiting
   */
  @Override
  public void acquire() throws InterruptedException {
    permits.acquire(1, WaitDeadline.none(), true);
  }

  /**
   * Acquires permits, waiting until they are all available at once or the thread is interrupted.
   * Round trips as {@link #acquire()}. Atomic: all the permits or none.
   *
   * @param count the permits to acquire
   * @throws InterruptedException if interrupted before or while waiting
   * @throws IllegalArgumentException if {@code count} is negative
   */
  @Override
  public void acquire(int count) throws InterruptedException {
    permits.acquire(count, WaitDeadline.none(), true);
  }

  /**
   * Acquires a permit, waiting as long as it takes; an interrupt is kept for later. Round trips as
   * {@link #acquire()}. Atomic.
   */
  @Override
  public void acquireUninterruptibly() {
    permits.acquireUninterruptibly(1);
  }

  /**
   * Acquires permits, waiting as long as it takes; an interrupt is kept for later. Round trips as
   * {@link #acquire()}. Atomic.
   *
   * @param count the permits to acquire
   * @throws IllegalArgumentException if {@code count} is negative
   */
  @Override
  public void acquireUninterruptibly(int count) {
    permits.acquireUninterruptibly(count);
  }

  /**
   * Acquires a permit if one is available now. One round trip (one script). Atomic.
   *
   * @return true if acquired
   */
  @Override
  public boolean tryAcquire() {
    return permits.tryAcquire(1);
  }

  /**
   * Acquires permits if they are available now. One round trip (one script). Atomic.
   *
   * @param count the permits to acquire
   * @return true if acquired
   * @throws IllegalArgumentException if {@code count} is negative
   */
  @Override
  public boolean tryAcquire(int count) {
    return permits.tryAcquire(count);
  }

  /**
   * Acquires a permit if one becomes available within the timeout, to the millisecond. Round trips
   * as {@link #acquire()}. Atomic.
   *
   * @param timeout the maximum time to wait
   * @param unit its unit
   * @return true if acquired, false if the timeout passed first
   * @throws InterruptedException if interrupted before or while waiting
   */
  @Override
  public boolean tryAcquire(long timeout, TimeUnit unit) throws InterruptedException {
    return tryAcquire(1, timeout, unit);
  }

  /**
   * Acquires permits if they all become available within the timeout, to the millisecond. Round
   * trips as {@link #acquire()}. Atomic.
   *
   * @param count the permits to acquire
   * @param timeout the maximum time to wait
   * @param unit its unit
   * @return true if acquired, false if the timeout passed first
   * @throws InterruptedException if interrupted before or while waiting
   * @throws IllegalArgumentException if {@code count} is negative
   */
  @Override
  public boolean tryAcquire(int count, long timeout, TimeUnit unit) throws InterruptedException {
    requireNonNull(unit, "unit");
    return permits.acquire(count, WaitDeadline.in(unit.toNanos(timeout)), true);
  }

  /**
   * Acquires every permit available now, and returns how many; if fewer than zero are available,
   * sets them to zero and returns that negative number, as {@link Semaphore#drainPermits()} does.
   * One round trip (one script). Atomic.
   *
   * @return the permits acquired
   */
  @Override
  public int drainPermits() {
    return permits.drain();
  }

  // ---- releasing and counting ----

  /**
   * Releases a permit. One round trip (one script). Atomic.
   *
   * @throws IllegalMonitorStateException if this holder's lease was lost (its permits were already
   *     taken back), or, for a {@link HotBoundedSemaphore}, if it holds no permit
   */
  @Override
  public void release() {
    permits.release(1);
  }

  /**
   * Releases permits. One round trip (one script). Atomic.
   *
   * @param count the permits to release
   * @throws IllegalArgumentException if {@code count} is negative
   * @throws IllegalMonitorStateException if this holder's lease was lost, or, for a {@link
   *     HotBoundedSemaphore}, if it holds fewer than {@code count} permits
   * @throws ArithmeticException if the available permits would exceed {@link Integer#MAX_VALUE}
   */
  @Override
  public void release(int count) {
    permits.release(count);
  }

  /**
   * Returns the permits available now, after taking back those of holders whose lease ran out. One
   * round trip (one script).
   *
   * @return the available permits, possibly negative
   */
  @Override
  public int availablePermits() {
    return permits.available();
  }

  /**
   * Removes available permits for good; the available count may become negative. Unlike {@code
   * acquire}, it never waits and records no holder. One round trip (one script). Atomic.
   *
   * @param reduction the permits to remove
   * @throws IllegalArgumentException if {@code reduction} is negative
   */
  @Override
  public void reducePermits(int reduction) {
    permits.reduce(reduction);
  }

  /**
   * Returns false: waiters are woken roughly in arrival order within a process, but a new arrival
   * may take permits before them. No round trip.
   *
   * @return false
   */
  @Override
  public boolean isFair() {
    return false;
  }

  /**
   * Returns how many threads wait for permits, in every process: each waiting thread is recorded in
   * Redis, with the semaphore's lease, so a crashed process's waiters drop out within one lease.
   * This is what {@link Semaphore#getQueueLength()} would say; that method is final in {@code
   * Semaphore} and returns 0 here. One round trip (one script).
   *
   * @return the number of waiting threads
   */
  public final int waitingThreads() {
    return permits.waitingThreads();
  }

  /**
   * Returns whether any thread waits for permits, in any process; see {@link #waitingThreads()}.
   * This is what {@link Semaphore#hasQueuedThreads()} would say; that method is final in {@code
   * Semaphore} and returns false here. One round trip (one script).
   *
   * @return true if some thread waits
   */
  public final boolean hasWaitingThreads() {
    return permits.waitingThreads() > 0;
  }

  /**
   * Returns the threads of this process waiting for permits through this client, oldest first. No
   * round trip. For every process, use {@link #waitingThreads()}.
   *
   * @return a snapshot of the waiting threads
   */
  @Override
  public Collection<Thread> getQueuedThreads() {
    return permits.queuedThreads();
  }

  /**
   * Describes the semaphore by type, key and capacity, such as {@code HotSemaphore 'pool' (3
   * permits)}. No round trip.
   *
   * @return the description
   */
  @Override
  public String toString() {
    return redis.describe() + " (" + permits.capacity() + " permits)";
  }

  private void writeObject(ObjectOutputStream out) throws NotSerializableException {
    throw new NotSerializableException(
        redis.describe() + " is a handle on Redis state; pass its key instead");
  }
}
