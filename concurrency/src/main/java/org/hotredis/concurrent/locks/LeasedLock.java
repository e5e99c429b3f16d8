package org.hotredis.concurrent.locks;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.function.LongSupplier;
import org.hotredis.Arguments;
import org.hotredis.HotClient;
import org.hotredis.HotObject;
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
 * The engine of {@link HotLock}, {@link HotReentrantLock} and both sides of {@link
 * HotReadWriteLock}: a hold with a lease, an acquisition token, a release channel, and the waiting,
 * watchdog and Condition machinery around them. What differs between them is the {@link Steps}: the
 * scripts and keys of each step.
 *
 * <p>Redis state of a plain lock: the hash at the lock's key holds {@code owner}, {@code count} and
 * {@code token}; its TTL is the lease. The fencing counter {@code {key}:fence} is not a companion
 * of the binding, so {@code delete()} leaves it and tokens keep increasing. The release channel
 * {@code {key}:released} carries a message whenever the lock becomes free.
 */
final class LeasedLock {
  private static final Script ACQUIRE = Script.load(LeasedLock.class, "lua/lock-acquire.lua");
  static final Script RELEASE = Script.load(LeasedLock.class, "lua/lock-release.lua");
  static final Script RENEW = Script.load(LeasedLock.class, "lua/lock-renew.lua");
  private static final Script DELETE = Script.load(LeasedLock.class, "lua/lock-delete.lua");
  static final Script GIVE_UP = Script.load(LeasedLock.class, "lua/lock-give-up.lua");
  private static final byte[] YES = Arguments.of(1);
  private static final byte[] NO = Arguments.of(0);

  /**
   * The scripts and keys of one kind of hold. Each script keeps the argument and reply conventions
   * of the plain lock's ({@code lock-acquire.lua}, {@code lock-release.lua}, {@code
   * lock-renew.lua}, {@code lock-give-up.lua}); an acquisition may take more arguments after the
   * plain lock's four.
   *
   * @param slotName names the holders' {@link LeaseSlot}s: distinct for each kind of hold on a key
   * @param describe the hold, for messages
   * @param acquire the acquisition script, run with {@code acquireKeys}
   * @param acquireKeys the acquisition's keys
   * @param extraArgs the acquisition's arguments after the plain lock's four
   * @param release the release script, run with {@code holdKeys}
   * @param renew the renewal script, run with {@code holdKeys}
   * @param giveUp the give-up script, run with {@code holdKeys}
   * @param holdKeys the keys of the release, renewal and give-up
   * @param registry records waiters in Redis, or null
   * @param shared whether many owners hold at once (read holds): an acquisition then lets the next
   *     waiter of this process try too
   */
  record Steps(
      String slotName,
      String describe,
      Script acquire,
      List<byte[]> acquireKeys,
      ExtraArgs extraArgs,
      Script release,
      Script renew,
      Script giveUp,
      List<byte[]> holdKeys,
      WaitChannel.@Nullable Registry registry,
      boolean shared) {}

  /** The arguments an acquisition takes after the plain lock's four. */
  @FunctionalInterface
  interface ExtraArgs {
    /**
     * Returns them.
     *
     * @param waiterId the id of a waiter that {@link Steps#registry()} records, or null
     * @param barge whether the attempt is an untimed {@code tryLock}, which may barge
     */
    List<byte[]> of(@Nullable String waiterId, boolean barge);
  }

  private final HotObject source;
  private final RedisBinding redis;
  private final boolean reentrant;
  private final long leaseMillis;
  private final @Nullable String owner;
  private final @Nullable LeaseListener listener;
  private final Steps steps;
  private final String describe;
  private final List<byte[]> lockKey;
  private final byte[] channel;
  private final AtomicInteger conditions = new AtomicInteger();

  LeasedLock(
      HotObject source,
      RedisBinding redis,
      boolean reentrant,
      long leaseMillis,
      @Nullable String owner,
      @Nullable LeaseListener listener) {
    this(
        source,
        redis,
        reentrant,
        leaseMillis,
        owner,
        listener,
        new Steps(
            redis.key(),
            redis.describe(),
            ACQUIRE,
            List.of(redis.rawKey(), Arguments.of(Keys.companion(redis.key(), "fence"))),
            (waiterId, barge) -> List.of(),
            RELEASE,
            RENEW,
            GIVE_UP,
            List.of(redis.rawKey()),
            null,
            false));
  }

  LeasedLock(
      HotObject source,
      RedisBinding redis,
      boolean reentrant,
      long leaseMillis,
      @Nullable String owner,
      @Nullable LeaseListener listener,
      Steps steps) {
    this.source = source;
    this.redis = redis;
    this.reentrant = reentrant;
    this.leaseMillis = leaseMillis;
    this.owner = owner;
    this.listener = listener;
    this.steps = steps;
    this.describe = steps.describe();
    this.lockKey = List.of(redis.rawKey());
    this.channel = Arguments.of(Keys.companion(redis.key(), "released"));
  }

  RedisBinding redis() {
    return redis;
  }

  HotClient client() {
    return redis.client();
  }

  long leaseMillis() {
    return leaseMillis;
  }

  byte[] channel() {
    return channel;
  }

  /** Returns the owner token of the calling thread. */
  String owner() {
    return owner != null ? owner : redis.client().id() + ":" + Thread.currentThread().getId();
  }

  // ---- acquiring ----

  /**
   * Makes one attempt, without waiting. A non-reentrant lock already held by this owner gives
   * false, as it cannot be acquired now.
   *
   * @return true if acquired
   */
  boolean tryAcquire() {
    checkNoTransaction();
    try {
      return attempt(owner(), 1, System.nanoTime(), null, true).acquired();
    } catch (RefusedException e) {
      return false;
    }
  }

  /**
   * Acquires {@code holds} holds, waiting until the deadline. A non-reentrant lock already held by
   * this owner throws {@link IllegalStateException} from an untimed wait, which could never end,
   * and gives false at once from a timed one.
   *
   * @return true if acquired, false if the deadline passed
   */
  boolean acquire(WaitDeadline deadline, boolean interruptible, int holds)
      throws InterruptedException {
    checkNoTransaction();
    if (interruptible && Thread.interrupted()) {
      throw new InterruptedException();
    }
    String me = owner();
    long since = System.nanoTime();
    try {
      if (attempt(me, holds, since, null, false).acquired()) {
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
          waiterId -> attempt(me, holds, since, waiterId, false),
          steps.registry());
    } catch (RefusedException e) {
      if (deadline.isTimed()) {
        return false;
      }
      throw e.refusal();
    }
  }

  /** Acquires without a deadline and without being interruptible, restoring the interrupt. */
  void acquireUninterruptibly(int holds) {
    try {
      acquire(WaitDeadline.none(), false, holds);
    } catch (InterruptedException e) {
      throw new AssertionError("an uninterruptible wait threw InterruptedException", e);
    }
  }

  /**
   * Thrown by an attempt that can never succeed for this owner: a non-reentrant lock's holder
   * acquiring it again, or a reader acquiring the write lock. A timed or untimed {@code tryLock}
   * returns false instead; an untimed wait throws {@link #refusal()}, as it could never end.
   */
  private static final class RefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final RuntimeException refusal;

    RefusedException(RuntimeException refusal) {
      super(refusal.getMessage(), null, false, false);
      this.refusal = refusal;
    }

    RuntimeException refusal() {
      return refusal;
    }
  }

  /**
   * Makes one attempt; starts the watchdog on a new acquisition.
   *
   * @param since the {@link System#nanoTime()} at which the caller began to acquire
   */
  private WaitChannel.Outcome attempt(
      String me, int holds, long since, @Nullable String waiterId, boolean barge) {
    LeaseSlot.Key slotKey = slotKey(me);
    AcquireReply reply =
        LeaseSlot.with(
            slotKey,
            slot -> {
              long sentAt = System.nanoTime();
              AcquireReply acquired;
              try {
                acquired = redis.write(acquireCall(me, holds, waiterId, barge));
              } catch (HotReplicationException e) {
                throw giveBackUnacknowledged(e, me, holds);
              } catch (RuntimeException unknown) {
                LeaseKeeper lease = slot.lease();
                if (lease == null || lease.isLost()) {
                  // Redis may have granted it: free it soon rather than when the lease runs out.
                  slot.owe(giveUpStep(me, ""), leaseMillis);
                }
                throw unknown;
              }
              if (acquired.outcome() == Acquired.NEW) {
                long token = acquired.value();
                slot.keep(
                    new LeaseKeeper(
                        redis.client(),
                        slotKey,
                        leaseMillis,
                        token,
                        sentAt,
                        () -> renew(me, token),
                        () -> reportLost(me, token)),
                    giveUpStep(me, Long.toString(token)));
                slot.holds(holds);
                Observers.lockAcquired(redis.key(), sentAt - since);
              } else if (acquired.outcome() == Acquired.REENTERED) {
                slot.holds(acquired.value());
              }
              return acquired;
            });
    if (reply.held()) {
      MemoryOrder.afterAcquire();
      return new WaitChannel.Outcome(
          true, reply.outcome() == Acquired.NEW ? leaseMillis : -1, steps.shared());
    }
    if (reply.outcome() == Acquired.SELF_HELD) {
      throw new RefusedException(
          new IllegalStateException(
              describe
                  + " is not reentrant and is already held by this owner ("
                  + me
                  + "); use HotReentrantLock to lock it again while holding it"));
    }
    if (reply.outcome() == Acquired.UPGRADE) {
      throw new RefusedException(
          new IllegalMonitorStateException(
              describe
                  + " cannot be acquired by this owner ("
                  + me
                  + ") while it holds the read lock: an upgrade from reading to writing is not"
                  + " granted (two readers upgrading would wait for each other forever); release"
                  + " the read lock first"));
    }
    // Blocked only by waiting writers: a writer waiting behind this one in this process may go.
    return new WaitChannel.Outcome(
        false, reply.value(), reply.outcome() == Acquired.WRITER_WAITING);
  }

  private ScriptCall<AcquireReply> acquireCall(
      String me, int holds, @Nullable String waiterId, boolean barge) {
    List<byte[]> extra = steps.extraArgs().of(waiterId, barge);
    List<byte[]> args = new ArrayList<>(4 + extra.size());
    args.add(Arguments.of(me));
    args.add(Arguments.of(leaseMillis));
    args.add(reentrant ? YES : NO);
    args.add(Arguments.of(holds));
    args.addAll(extra);
    return steps.acquire().call(AcquireReply.BUILDER, steps.acquireKeys(), args);
  }

  /**
   * Undoes an acquisition the replicas did not acknowledge (the master has it, a promoted replica
   * might not): releases the holds it took, so that the caller, who gets the exception, does not
   * hold them. The releases are writes too; their own missing acknowledgements are recorded on the
   * exception as suppressed.
   */
  private HotReplicationException giveBackUnacknowledged(
      HotReplicationException e, String me, int holds) {
    if (e.result() instanceof AcquireReply acquired && acquired.held()) {
      for (int i = 0; i < holds; i++) {
        try {
          redis.write(
              steps
                  .release()
                  .call(
                      ReleaseReply.BUILDER, steps.holdKeys(), List.of(Arguments.of(me), channel)));
        } catch (HotReplicationException releaseUnacknowledged) {
          e.addSuppressed(releaseUnacknowledged);
        } catch (RuntimeException releaseFailed) {
          e.addSuppressed(releaseFailed);
          break; // the lease, which nobody renews, frees the lock
        }
      }
    }
    return e;
  }

  private boolean renew(String me, long token) {
    return redis.write(
            steps
                .renew()
                .call(
                    BuilderFactory.LONG,
                    steps.holdKeys(),
                    List.of(Arguments.of(me), Arguments.of(leaseMillis), Arguments.of(token))))
        == 1L;
  }

  private void reportLost(String me, long token) {
    LeaseListener current = listener;
    if (current != null) {
      current.leaseLost(new LeaseLostEvent(source, me, token));
    }
  }

  private LeaseSlot.Key slotKey(String me) {
    return new LeaseSlot.Key(redis.client(), steps.slotName(), me);
  }

  // ---- releasing ----

  /**
   * Releases one hold. When the outcome is unknown (the connection broke or timed out), the release
   * is sent again once, in a form that reports a release already applied as applied; if that fails
   * too, the owner gives the whole hold up (see {@link #giveUp}).
   */
  void release() {
    checkNoTransaction();
    MemoryOrder.beforeRelease();
    String me = owner();
    whileHeld(
        me,
        (slot, lease) -> {
          ReleaseReply reply;
          try {
            reply =
                redis.write(
                    steps
                        .release()
                        .call(
                            ReleaseReply.BUILDER,
                            steps.holdKeys(),
                            List.of(Arguments.of(me), channel)));
          } catch (HotReplicationException e) {
            if (e.result() instanceof ReleaseReply applied) {
              applyRelease(slot, applied);
            }
            throw e;
          } catch (RuntimeException unknown) {
            if (lease == null) {
              throw unknown;
            }
            reply = releaseAgain(me, slot, lease, unknown);
          }
          return applyRelease(slot, reply);
        });
  }

  /** Applies a release's reply to the slot; returns what {@link #whileHeld} expects. */
  private static long applyRelease(LeaseSlot slot, ReleaseReply reply) {
    return switch (reply.outcome()) {
      case PARTIAL -> {
        slot.holds(reply.value());
        yield 1;
      }
      case FREED -> 0;
      case NOT_HELD, MISMATCH -> -1;
    };
  }

  /**
   * Sends a release whose outcome is unknown again, fenced by the acquisition's token and the holds
   * it had, so that a release already applied is not applied twice. If that fails too, or Redis
   * shows holds this process did not expect, the owner gives the hold up.
   *
   * @return the release's reply
   */
  private ReleaseReply releaseAgain(
      String me, LeaseSlot slot, LeaseKeeper lease, RuntimeException unknown) {
    long before = slot.holds();
    ReleaseReply reply;
    try {
      reply =
          redis.write(
              steps
                  .release()
                  .call(
                      ReleaseReply.BUILDER,
                      steps.holdKeys(),
                      List.of(
                          Arguments.of(me),
                          channel,
                          Arguments.of(lease.token()),
                          Arguments.of(before))));
    } catch (RuntimeException again) {
      unknown.addSuppressed(again);
      throw giveUp(me, slot, lease, unknown);
    }
    if (reply.outcome() == Released.NOT_HELD && before == 1) {
      return new ReleaseReply(Released.FREED, lease.token()); // the lost reply had freed it
    }
    if (reply.outcome() == Released.MISMATCH) {
      throw giveUp(me, slot, lease, unknown);
    }
    return reply;
  }

  /**
   * The step that frees the lock if the acquisition with this token (or any, if empty) holds it.
   */
  private LeaseSlot.GiveUp giveUpStep(String me, String token) {
    return () ->
        redis.write(
            steps
                .giveUp()
                .call(
                    BuilderFactory.LONG,
                    steps.holdKeys(),
                    List.of(Arguments.of(me), Arguments.of(token), channel)));
  }

  /**
   * Gives up the whole hold of an acquisition after a release whose outcome is unknown: the lease
   * is no longer renewed and is reported lost, and the lock is deleted if that acquisition still
   * holds it — now if Redis answers, else by the slot's retries or the owner's next step, and at
   * the latest when the lease runs out.
   *
   * @return the exception to throw, which says so
   */
  private LeaseSlot.GaveUp giveUp(
      String me, LeaseSlot slot, LeaseKeeper lease, RuntimeException cause) {
    return slot.giveUp(
        lease,
        giveUpStep(me, Long.toString(lease.token())),
        leaseMillis,
        "could not release "
            + describe
            + " (owner "
            + me
            + "): "
            + cause.getMessage()
            + "; Redis may or may not have applied it, so this owner gives the lock up: it is"
            + " no longer renewed, it is freed as soon as Redis answers, at the latest when the"
            + " lease runs out within "
            + leaseMillis
            + " ms, and the owner's next acquisition works once Redis answers",
        cause);
  }

  /**
   * Releases every hold for a Condition waiter, recording it in the condition's queue, in one
   * script.
   *
   * @param call runs the script, which returns the holds given up, or 0 if not held
   * @return the holds given up
   */
  int releaseForAwait(String me, LongSupplier call) {
    checkNoTransaction();
    MemoryOrder.beforeRelease();
    long[] holds = new long[1];
    whileHeld(
        me,
        (slot, lease) -> {
          try {
            holds[0] = call.getAsLong();
          } catch (HotReplicationException e) {
            throw e;
          } catch (RuntimeException unknown) {
            if (lease == null) {
              throw unknown;
            }
            throw giveUp(me, slot, lease, unknown);
          }
          return holds[0] > 0 ? 0 : -1;
        });
    return (int) holds[0];
  }

  /** A step that needs the owner to hold the lock; see {@link #whileHeld}. */
  @FunctionalInterface
  interface HeldStep {
    /**
     * Runs the step.
     *
     * @param slot the owner's slot, held
     * @param lease the owner's current lease in this process, or null
     * @return negative if Redis said the owner does not hold the lock, 0 if it fully released it,
     *     positive otherwise
     */
    long run(LeaseSlot slot, @Nullable LeaseKeeper lease);
  }

  /**
   * Runs a step that needs this owner to hold the lock, holding the owner's slot. The step returns
   * a negative number if Redis said the owner does not hold the lock, 0 if it fully released the
   * lock (ending the lease), or a positive number otherwise. If this process kept a lease for the
   * owner and Redis says it does not hold the lock, the lease was lost: that is reported (once) and
   * thrown as such.
   *
   * @throws IllegalMonitorStateException if the owner does not hold the lock, saying whether its
   *     lease was lost
   */
  long whileHeld(String me, LongSupplier step) {
    return whileHeld(me, (slot, lease) -> step.getAsLong());
  }

  private long whileHeld(String me, HeldStep step) {
    LeaseKeeper[] lost = new LeaseKeeper[1];
    long result =
        LeaseSlot.withGivingUp(
            slotKey(me),
            slot -> {
              LeaseKeeper lease = slot.lease();
              if (lease != null && lease.isLost()) {
                slot.release();
                return Long.MIN_VALUE;
              }
              long outcome = step.run(slot, lease);
              if (outcome == 0) {
                if (lease != null) {
                  Observers.lockReleased(redis.key(), System.nanoTime() - lease.acquiredAt());
                }
                slot.release();
              } else if (outcome < 0 && lease != null) {
                if (lease.lose()) {
                  lost[0] = lease;
                }
                slot.release();
                return Long.MIN_VALUE;
              }
              return outcome;
            });
    if (lost[0] != null) {
      lost[0].report();
    }
    if (result == Long.MIN_VALUE) {
      throw leaseLost(me);
    }
    if (result < 0) {
      throw new IllegalMonitorStateException(describe + " is not held by this owner (" + me + ")");
    }
    return result;
  }

  private IllegalMonitorStateException leaseLost(String me) {
    return new IllegalMonitorStateException(
        describe
            + ": the lease of this owner ("
            + me
            + ") was lost: it was not renewed within "
            + leaseMillis
            + " ms or the lock was deleted, and another owner may have acquired it since");
  }

  /** Deletes the lock whoever holds it, waking waiters; the fencing counter stays. */
  boolean delete() {
    return redis.write(DELETE.call(BuilderFactory.LONG, lockKey, List.of(channel))) == 1L;
  }

  // ---- queries ----

  int holdCount() {
    List<byte[]> held =
        redis.read(
            redis.commands().hmget(redis.rawKey(), Arguments.of("owner"), Arguments.of("count")));
    byte[] holder = held.get(0);
    byte[] count = held.get(1);
    if (holder == null || count == null || !owner().equals(text(holder))) {
      return 0;
    }
    return Integer.parseInt(text(count));
  }

  boolean isHeldByCurrentOwner() {
    byte[] holder = redis.read(redis.commands().hget(redis.rawKey(), Arguments.of("owner")));
    return holder != null && owner().equals(text(holder));
  }

  boolean isLocked() {
    return redis.exists();
  }

  long fencingToken() {
    String me = owner();
    LeaseKeeper lease = LeaseSlot.with(slotKey(me), LeaseSlot::lease);
    if (lease != null) {
      if (lease.isLost()) {
        throw leaseLost(me);
      }
      return lease.token();
    }
    List<byte[]> held =
        redis.read(
            redis.commands().hmget(redis.rawKey(), Arguments.of("owner"), Arguments.of("token")));
    byte[] holder = held.get(0);
    byte[] token = held.get(1);
    if (holder == null || token == null || !me.equals(text(holder))) {
      throw new IllegalMonitorStateException(describe + " is not held by this owner (" + me + ")");
    }
    return Long.parseLong(text(token));
  }

  List<Thread> queuedThreads() {
    return WaitChannel.queuedThreads(redis.client(), channel);
  }

  // ---- conditions ----

  Condition newCondition() {
    return new LockCondition(this, Integer.toString(conditions.getAndIncrement()));
  }

  Condition newCondition(String name) {
    requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a condition name must not be empty");
    }
    return new LockCondition(this, name);
  }

  LockCondition ownCondition(Condition condition) {
    requireNonNull(condition, "condition");
    if (condition instanceof LockCondition own && own.lock() == this) {
      return own;
    }
    throw new IllegalArgumentException("the condition does not belong to " + describe);
  }

  HotObject source() {
    return source;
  }

  /** Refuses use inside a transaction: a lock needs each reply before deciding the next step. */
  void checkNoTransaction() {
    redis.multiStep();
    if (redis.inOptimisticTransaction()) {
      throw new IllegalStateException(
          describe + " cannot be used inside an optimistic transaction");
    }
  }

  static String text(byte[] bytes) {
    return new String(bytes, UTF_8);
  }

  // ---- script replies ----

  /** What {@code lock-acquire.lua} did. */
  enum Acquired implements ScriptOutcome {
    /** Newly acquired; the value is the fencing token. */
    @Code("1")
    NEW,
    /** Re-entered by its owner; the value is the hold count. */
    @Code("2")
    REENTERED,
    /** Held by another owner; the value is its remaining lease in ms (-1: no lease). */
    @Code("0")
    HELD_BY_OTHER,
    /** Held by this owner, and not reentrant; no value. */
    @Code("-1")
    SELF_HELD,
    /**
     * Free of holders that block it, but a writer waits, so a new reader lets it go first; the
     * value is when the earliest waiting writer's record runs out, in ms.
     */
    @Code("3")
    WRITER_WAITING,
    /** A write acquisition by an owner that holds only read holds: refused; no value. */
    @Code("-3")
    UPGRADE
  }

  /**
   * The reply of {@code lock-acquire.lua}: {@code {1, token}}, {@code {2, holds}}, {@code {0,
   * remaining lease}} or {@code {-1, 0}}.
   *
   * @param outcome what the script did
   * @param value the number that goes with it, as {@link Acquired} says
   */
  record AcquireReply(Acquired outcome, long value) {
    static final Builder<AcquireReply> BUILDER =
        Replies.map(BuilderFactory.LONG_LIST, AcquireReply::parse);

    /** Whether the owner holds the lock after the attempt. */
    boolean held() {
      return outcome == Acquired.NEW || outcome == Acquired.REENTERED;
    }

    static AcquireReply parse(List<Long> reply) {
      Acquired outcome = ScriptOutcome.first(Acquired.class, reply, 2, "the acquire script");
      return new AcquireReply(outcome, reply.get(1));
    }
  }

  /** What {@code lock-release.lua} did. */
  enum Released implements ScriptOutcome {
    /** The owner (with that token) does not hold the lock; no value. */
    @Code("0")
    NOT_HELD,
    /** One hold released (or a release already applied), others left; the value is the holds. */
    @Code("1")
    PARTIAL,
    /** The last hold released: the lock is free; the value is the fencing token. */
    @Code("2")
    FREED,
    /** The owner holds neither the holds given nor one fewer; the value is its holds. */
    @Code("-2")
    MISMATCH
  }

  /**
   * The reply of {@code lock-release.lua}: {@code {0, 0}}, {@code {1, holds left}}, {@code {2,
   * token}} or {@code {-2, holds}}.
   *
   * @param outcome what the script did
   * @param value the number that goes with it, as {@link Released} says
   */
  record ReleaseReply(Released outcome, long value) {
    static final Builder<ReleaseReply> BUILDER =
        Replies.map(BuilderFactory.LONG_LIST, ReleaseReply::parse);

    static ReleaseReply parse(List<Long> reply) {
      Released outcome = ScriptOutcome.first(Released.class, reply, 2, "the release script");
      return new ReleaseReply(outcome, reply.get(1));
    }
  }
}
