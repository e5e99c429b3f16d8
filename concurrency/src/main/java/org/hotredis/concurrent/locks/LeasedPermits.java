package org.hotredis.concurrent.locks;

import java.util.List;
import org.hotredis.Arguments;
import org.hotredis.HotObject;
import org.hotredis.HotRedisException;
import org.hotredis.HotReplicationException;
import org.hotredis.Keys;
import org.hotredis.RedisBinding;
import org.hotredis.Replies;
import org.hotredis.Script;
import org.hotredis.ScriptCall;
import org.hotredis.ScriptOutcome;
import org.hotredis.ScriptOutcome.Code;
import org.hotredis.concurrent.Observers;
import org.hotredis.shaded.redis.clients.jedis.Builder;
import org.hotredis.shaded.redis.clients.jedis.BuilderFactory;
import org.jspecify.annotations.Nullable;

/**
 * The engine of {@link HotSemaphore} and {@link HotBoundedSemaphore}: permits in a Redis hash, held
 * as leases per holder.
 *
 * <p>Redis state: the hash at the key holds {@code capacity} (the initial permits, fixed when the
 * semaphore is created), {@code available}, {@code h:<holder>} (the permits each holder holds) and
 * {@code due} (no holder's lease runs out before it); the sorted set {@code {key}:leases} holds
 * each holder's lease deadline, in Redis time, and {@code {key}:waiting} each waiting thread's (of
 * every process), renewed by its attempts. Every script first takes back the permits of holders
 * whose lease ran out, once {@code due} has passed, so a crashed process's permits return to the
 * pool. The channel {@code {key}:released} carries the number of permits released (while a waiter
 * is recorded) or taken back.
 */
final class LeasedPermits {
  private static final Script SEMAPHORE = Script.load(LeasedPermits.class, "lua/semaphore.lua");
  private static final byte[] YES = Arguments.of(1);
  private static final byte[] NO = Arguments.of(0);
  private static final byte[] ALL = Arguments.of(-1);

  private final HotObject source;
  private final RedisBinding redis;
  private final int capacity;
  private final boolean bounded;
  private final long leaseMillis;
  private final @Nullable String owner;
  private final @Nullable LeaseListener listener;
  private final byte[] capacityArg;
  private final byte[] channel;
  private final byte[] lease;
  private final WaitChannel.Registry waiters =
      new WaitChannel.Registry() {
        @Override
        public long refreshMillis() {
          return Math.max(1, leaseMillis / 3);
        }

        @Override
        public void leave(String waiterId) {
          redis.write(step(BuilderFactory.LONG, owner(), "unwait", Arguments.of(waiterId)));
        }
      };

  LeasedPermits(
      HotObject source,
      RedisBinding redis,
      int capacity,
      boolean bounded,
      long leaseMillis,
      @Nullable String owner,
      @Nullable LeaseListener listener) {
    this.source = source;
    this.redis = redis;
    this.capacity = capacity;
    this.bounded = bounded;
    this.leaseMillis = leaseMillis;
    this.owner = owner;
    this.listener = listener;
    this.capacityArg = Arguments.of(capacity);
    this.lease = Arguments.of(leaseMillis);
    this.channel = Arguments.of(Keys.companion(redis.key(), "released"));
  }

  int capacity() {
    return capacity;
  }

  /** Returns the holder token: the explicit owner, else this process's client. */
  String owner() {
    return owner != null ? owner : redis.client().id();
  }

  // ---- acquiring ----

  /**
   * Acquires permits, waiting until the deadline.
   *
   * @return true if acquired, false if the deadline passed
   */
  boolean acquire(int permits, WaitDeadline deadline, boolean interruptible)
      throws InterruptedException {
    checkPermits(permits);
    checkNoTransaction();
    if (interruptible && Thread.interrupted()) {
      throw new InterruptedException();
    }
    String me = owner();
    long since = System.nanoTime();
    if (attempt(me, permits, null, since).acquired()) {
      return true;
    }
    if (deadline.hasPassed()) {
      return false;
    }
    return WaitChannel.await(
        redis.client(),
        channel,
        source,
        deadline,
        interruptible,
        waiterId -> attempt(me, permits, waiterId, since),
        waiters);
  }

  void acquireUninterruptibly(int permits) {
    try {
      acquire(permits, WaitDeadline.none(), false);
    } catch (InterruptedException e) {
      throw new AssertionError("an uninterruptible wait threw InterruptedException", e);
    }
  }

  boolean tryAcquire(int permits) {
    checkPermits(permits);
    checkNoTransaction();
    return attempt(owner(), permits, null, System.nanoTime()).acquired();
  }

  /** Acquires every available permit; returns how many. */
  int drain() {
    checkNoTransaction();
    AcquireReply reply = acquireScript(owner(), ALL, null);
    return reply.acquired() ? (int) reply.taken() : 0;
  }

  private WaitChannel.Outcome attempt(
      String me, int permits, @Nullable String waiterId, long since) {
    AcquireReply reply = acquireScript(me, Arguments.of(permits), waiterId);
    if (reply.acquired()) {
      if (permits > 0) {
        Observers.permitsAcquired(redis.key(), permits, System.nanoTime() - since);
      }
      return new WaitChannel.Outcome(true, -1, reply.available() > 0);
    }
    return new WaitChannel.Outcome(
        false, reply.earliestLeaseEndMillis(), reply.available() > 0 && permits > 0);
  }

  /**
   * Runs the acquire script; starts the holder's lease when it is a new holder, and records the
   * permits it holds.
   */
  private AcquireReply acquireScript(String me, byte[] permits, @Nullable String waiterId) {
    LeaseSlot.Key slotKey = slotKey(me);
    AcquireReply reply =
        LeaseSlot.with(
            slotKey,
            slot -> {
              long sentAt = System.nanoTime();
              AcquireReply acquired;
              try {
                acquired =
                    redis.write(
                        waiterId == null
                            ? step(AcquireReply.BUILDER, me, "acquire", permits, lease)
                            : step(
                                AcquireReply.BUILDER,
                                me,
                                "acquire",
                                permits,
                                lease,
                                Arguments.of(waiterId),
                                lease));
              } catch (HotReplicationException e) {
                throw giveBackUnacknowledged(e, me);
              } catch (RuntimeException unknown) {
                LeaseKeeper held = slot.lease();
                if (held == null || held.isLost()) {
                  // Redis may have granted them: take them back soon, not when the lease runs out.
                  slot.owe(giveUpStep(me), leaseMillis);
                }
                throw unknown;
              }
              if (acquired.acquired() && acquired.newHolder()) {
                slot.keep(
                    new LeaseKeeper(
                        redis.client(),
                        slotKey,
                        leaseMillis,
                        0,
                        sentAt,
                        () -> renew(me),
                        () -> reportLost(me)),
                    giveUpStep(me));
              }
              if (acquired.heldAfter() >= 0) {
                slot.holds(acquired.heldAfter());
              }
              return acquired;
            });
    if (reply.acquired()) {
      MemoryOrder.afterAcquire();
    }
    return reply;
  }

  /**
   * Undoes an acquisition the replicas did not acknowledge (the master has it, a promoted replica
   * might not): releases the permits it took, so that the caller, who gets the exception, does not
   * hold them. The release is a write too; its own missing acknowledgement is recorded on the
   * exception as suppressed.
   */
  private HotReplicationException giveBackUnacknowledged(HotReplicationException e, String me) {
    if (e.result() instanceof AcquireReply acquired
        && acquired.acquired()
        && acquired.taken() > 0) {
      try {
        redis.write(
            step(
                ReleaseReply.BUILDER,
                me,
                "release",
                Arguments.of(acquired.taken()),
                bounded ? YES : NO,
                NO));
      } catch (RuntimeException releaseFailed) {
        e.addSuppressed(releaseFailed); // if it was not applied, the lease gives the permits back
      }
    }
    return e;
  }

  private boolean renew(String me) {
    return redis.write(step(BuilderFactory.LONG, me, "renew", Arguments.of(leaseMillis))) == 1L;
  }

  private void reportLost(String me) {
    LeaseListener current = listener;
    if (current != null) {
      current.leaseLost(new LeaseLostEvent(source, me, 0));
    }
  }

  private LeaseSlot.Key slotKey(String me) {
    return new LeaseSlot.Key(redis.client(), redis.key(), me);
  }

  // ---- releasing ----

  /**
   * Releases permits. When the outcome is unknown (the connection broke or timed out), the release
   * is sent again once, in a form that reports a release already applied as applied, if the holder
   * holds at least the permits released; if that cannot be done or fails too, the holder gives all
   * its permits up (see {@link #giveUp}).
   */
  void release(int permits) {
    checkPermits(permits);
    checkNoTransaction();
    MemoryOrder.beforeRelease();
    String me = owner();
    LeaseKeeper[] lost = new LeaseKeeper[1];
    ReleaseReply reply =
        LeaseSlot.withGivingUp(
            slotKey(me),
            slot -> {
              LeaseKeeper lease = slot.lease();
              if (lease != null && lease.isLost()) {
                slot.release();
                return new ReleaseReply(Released.LOST, 0);
              }
              ReleaseReply released;
              try {
                released = redis.write(releaseStep(me, permits, lease != null, -1));
              } catch (HotReplicationException e) {
                if (e.result() instanceof ReleaseReply applied) {
                  applyRelease(slot, lease, applied, lost);
                }
                throw e;
              } catch (RuntimeException unknown) {
                if (lease == null) {
                  throw unknown;
                }
                released = releaseAgain(me, permits, slot, lease, unknown);
              }
              applyRelease(slot, lease, released, lost);
              return released;
            });
    if (lost[0] != null) {
      lost[0].report();
    }
    if (reply.outcome() == Released.LOST) {
      throw leaseLost(me);
    }
    if (reply.outcome() != Released.RELEASED) {
      throw new IllegalMonitorStateException(
          redis.describe()
              + ": this holder ("
              + me
              + ") holds "
              + reply.held()
              + " permit(s) and cannot release "
              + permits
              + "; a bounded semaphore never exceeds its "
              + capacity
              + " permits");
    }
  }

  private ScriptCall<ReleaseReply> releaseStep(String me, int permits, boolean held, long before) {
    byte[][] args = {
      Arguments.of(permits), bounded ? YES : NO, held ? YES : NO, Arguments.of(before)
    };
    return step(
        ReleaseReply.BUILDER, me, "release", before < 0 ? java.util.Arrays.copyOf(args, 3) : args);
  }

  /** Applies a release's reply to the holder's slot. */
  private static void applyRelease(
      LeaseSlot slot, @Nullable LeaseKeeper lease, ReleaseReply released, LeaseKeeper[] lost) {
    if (released.outcome() == Released.RELEASED && released.held() == 0) {
      slot.release();
    } else if (released.outcome() == Released.RELEASED) {
      slot.holds(released.held());
    } else if (released.outcome() == Released.LOST && lease != null) {
      if (lease.lose()) {
        lost[0] = lease;
      }
      slot.release();
    }
  }

  /**
   * Sends a release whose outcome is unknown again, stating the permits the holder held before, so
   * that a release already applied is not applied twice. A release of more permits than the holder
   * holds cannot be told apart that way; it, a second failure, or permits this process did not
   * expect make the holder give its permits up.
   *
   * @return the release's reply
   */
  private ReleaseReply releaseAgain(
      String me, int permits, LeaseSlot slot, LeaseKeeper lease, RuntimeException unknown) {
    long before = slot.holds();
    if (permits > before) {
      throw giveUp(me, slot, lease, unknown);
    }
    ReleaseReply reply;
    try {
      reply = redis.write(releaseStep(me, permits, true, before));
    } catch (RuntimeException again) {
      unknown.addSuppressed(again);
      throw giveUp(me, slot, lease, unknown);
    }
    if (reply.outcome() == Released.MISMATCH) {
      throw giveUp(me, slot, lease, unknown);
    }
    return reply;
  }

  /** The step that takes back every permit of this holder. */
  private LeaseSlot.GiveUp giveUpStep(String me) {
    return () -> redis.write(step(BuilderFactory.LONG, me, "give-up"));
  }

  /**
   * Gives up every permit of this holder after a release whose outcome is unknown: the lease is no
   * longer renewed and is reported lost, and the holder's permits are taken back — now if Redis
   * answers, else by the slot's retries or the holder's next step, and at the latest when the lease
   * runs out. The other threads of this process that hold permits through this holder find its
   * lease lost when they release, as after any lost lease.
   *
   * @return the exception to throw, which says so
   */
  private LeaseSlot.GaveUp giveUp(
      String me, LeaseSlot slot, LeaseKeeper lease, RuntimeException cause) {
    return slot.giveUp(
        lease,
        giveUpStep(me),
        leaseMillis,
        "could not release permits of "
            + redis.describe()
            + " (holder "
            + me
            + "): "
            + cause.getMessage()
            + "; Redis may or may not have applied it, so this holder gives all its permits up:"
            + " its lease is no longer renewed, they are taken back as soon as Redis answers, at"
            + " the latest when the lease runs out within "
            + leaseMillis
            + " ms, and the holder's next acquisition works once Redis answers",
        cause);
  }

  private IllegalMonitorStateException leaseLost(String me) {
    return new IllegalMonitorStateException(
        redis.describe()
            + ": the lease of this holder ("
            + me
            + ") was lost: it was not renewed within "
            + leaseMillis
            + " ms or the semaphore was deleted, and its permits were taken back");
  }

  // ---- counting ----

  int available() {
    checkNoTransaction();
    return (int) permitsScript(0);
  }

  void reduce(int reduction) {
    if (reduction < 0) {
      throw new IllegalArgumentException("reduction must not be negative, was " + reduction);
    }
    checkNoTransaction();
    permitsScript(reduction);
  }

  /** Creates the semaphore if absent, or checks that it has this capacity. */
  void verify() {
    permitsScript(0);
  }

  private long permitsScript(int reduction) {
    return redis.write(step(BuilderFactory.LONG, owner(), "permits", Arguments.of(reduction)));
  }

  /** Prepares one step of {@code semaphore.lua} for a holder. */
  private <T> ScriptCall<T> step(
      org.hotredis.shaded.redis.clients.jedis.Builder<T> reply,
      String holder,
      String operation,
      byte[]... args) {
    List<byte[]> all = new java.util.ArrayList<>(4 + args.length);
    all.add(capacityArg);
    all.add(channel);
    all.add(Arguments.of(holder));
    all.add(Arguments.of(operation));
    all.addAll(List.of(args));
    return SEMAPHORE.call(reply, redis.rawKeys(), all);
  }

  /** Returns how many threads of every process wait for permits. One round trip (one script). */
  int waitingThreads() {
    checkNoTransaction();
    return (int)
        Math.min(Integer.MAX_VALUE, redis.write(step(BuilderFactory.LONG, owner(), "waiting")));
  }

  List<Thread> queuedThreads() {
    return WaitChannel.queuedThreads(redis.client(), channel);
  }

  private static void checkPermits(int permits) {
    if (permits < 0) {
      throw new IllegalArgumentException("permits must not be negative, was " + permits);
    }
  }

  private void checkNoTransaction() {
    redis.multiStep();
    if (redis.inOptimisticTransaction()) {
      throw new IllegalStateException(
          redis.describe() + " cannot be used inside an optimistic transaction");
    }
  }

  // ---- script replies ----

  /**
   * The reply of {@code semaphore.lua}'s acquire step: {@code {acquired, taken, available, new
   * holder, earliest lease end, held after}}.
   *
   * @param acquired whether the permits were acquired
   * @param taken the permits taken (negative when a drain zeroed negative permits)
   * @param available the permits available after
   * @param newHolder whether the holder held no permits before
   * @param earliestLeaseEndMillis ms until the earliest holder lease runs out, -1 if none
   * @param heldAfter the permits the holder holds after, -1 if unchanged
   */
  record AcquireReply(
      boolean acquired,
      long taken,
      long available,
      boolean newHolder,
      long earliestLeaseEndMillis,
      long heldAfter) {
    static final Builder<AcquireReply> BUILDER =
        Replies.map(BuilderFactory.LONG_LIST, AcquireReply::parse);

    static AcquireReply parse(List<Long> reply) {
      if (reply.size() != 6) {
        throw new HotRedisException("unexpected reply of semaphore.lua acquire: " + reply);
      }
      return new AcquireReply(
          reply.get(0) == 1,
          reply.get(1),
          reply.get(2),
          reply.get(3) == 1,
          reply.get(4),
          reply.get(5));
    }
  }

  /** What {@code semaphore.lua}'s release step did. */
  enum Released implements ScriptOutcome {
    /** Released; the holder still holds {@link ReleaseReply#held()} permits. */
    @Code("1")
    RELEASED,
    /** A bounded semaphore refused to release more than the {@code held()} permits. */
    @Code("0")
    REFUSED,
    /**
     * The holder believed it held permits but holds none (its lease was lost); nothing released.
     */
    @Code("-1")
    LOST,
    /**
     * The permits held before, as stated, match neither before nor after: the holder holds {@code
     * held()}.
     */
    @Code("-2")
    MISMATCH
  }

  /**
   * The reply of {@code semaphore.lua}'s release step: {@code {1, held}}, {@code {0, held}}, {@code
   * {-1, 0}} or {@code {-2, held}}.
   *
   * @param outcome what the script did
   * @param held the permits the holder holds
   */
  record ReleaseReply(Released outcome, long held) {
    static final Builder<ReleaseReply> BUILDER =
        Replies.map(BuilderFactory.LONG_LIST, ReleaseReply::parse);

    static ReleaseReply parse(List<Long> reply) {
      Released outcome = ScriptOutcome.first(Released.class, reply, 2, "semaphore.lua");
      return new ReleaseReply(outcome, reply.get(1));
    }
  }
}
