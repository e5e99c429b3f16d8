package org.hotredis.concurrent.locks;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.hotredis.Arguments;
import org.hotredis.HotBuilder;
import org.hotredis.HotClient;
import org.hotredis.HotConnectionException;
import org.hotredis.HotObject;
import org.hotredis.HotRedisException;
import org.hotredis.Keys;
import org.hotredis.RedisBinding;
import org.hotredis.Replies;
import org.hotredis.Script;
import org.hotredis.ScriptCall;
import org.hotredis.ScriptOutcome;
import org.hotredis.ScriptOutcome.Code;
import org.hotredis.StoredKeys;
import org.hotredis.shaded.redis.clients.jedis.BuilderFactory;
import org.jspecify.annotations.Nullable;

/**
 * A {@link CyclicBarrier} held in Redis, shared by every process that uses its key: it trips when
 * its number of parties, threads of any processes, wait at it; then every waiter of every process
 * returns and the next generation starts.
 *
 * <pre>{@code
 * HotCyclicBarrier step = HotConcurrency.on(client).cyclicBarrier("simulation-step", 16);
 * step.await();                            // in each of 16 workers, in any processes
 * }</pre>
 *
 * <p><b>Creation.</b> The first process to build the barrier at a key sets its parties; later ones
 * must give the same parties ({@link IllegalStateException} otherwise). The barrier action is each
 * process's own: the last party to arrive runs its process's action, once per trip, before any
 * waiter is released, as {@code CyclicBarrier} does.
 *
 * <p><b>Breaking.</b> As {@code CyclicBarrier}: a waiting party's timeout or interrupt, a barrier
 * action that throws, or {@link #reset()} while parties wait break the barrier, and the other
 * waiters get {@link BrokenBarrierException}; it stays broken until {@link #reset()}. Moreover each
 * waiting party holds a lease (Redis time), renewed by the client's scheduler every third of it
 * while the party waits; a party whose process dies (or cannot reach Redis) for a whole lease
 * breaks the barrier for the others. Every step first looks for leases that ran out, so the break
 * is seen by the next step of any party: a renewal (every third of a lease) of any live waiter, or
 * the recheck each waiting process's oldest waiter makes when the earliest lease could have run
 * out. {@link #delete()} breaks it too.
 *
 * <p><b>Waiting.</b> Waiters do not poll. Each waits on the client's one shared subscription for
 * the message a trip or a break publishes, which wakes every waiter of every process; a waiter
 * joins the subscription before it arrives, so it cannot miss it. After the subscription was down,
 * and when the earliest lease could have run out (at most every {@value #RECHECK_MILLIS} ms), each
 * process's oldest waiter checks again, and passes the wake-up on.
 *
 * <p><b>Exactly once.</b> Arriving, tripping after the action, and leaving are each one script,
 * sent again once when the reply is lost: a party has an id of its own for each call of {@code
 * await}, so a step sent again reports what it did rather than doing it twice, and a generation
 * trips once. (An arrival sent again finds the record of its generation's trip while no later
 * generation has tripped, which only a barrier with more threads than parties could do within the
 * moment of a resend.) Arriving during the action of another party's trip waits for the next
 * generation, as a thread of {@code CyclicBarrier} waits for its lock.
 *
 * <p><b>Redis state.</b> A hash at the key with the fields {@code parties}, {@code generation},
 * {@code arrived}, {@code broken}, {@code tripping} and {@code a:<party>} (each waiting party's
 * arrival index); the waiting parties' lease deadlines in the sorted set {@code {key}:leases}; the
 * latest 100 generations that ended broken in {@code {key}:broken}; the parties of the last
 * generation that tripped in {@code {key}:passed}; the channel {@code {key}:generation}.
 */
public final class HotCyclicBarrier extends CyclicBarrier implements HotObject {
  /** The longest a waiting process's oldest waiter goes without checking again, in milliseconds. */
  public static final long RECHECK_MILLIS = 10_000;

  private static final System.Logger LOG = System.getLogger(HotCyclicBarrier.class.getName());
  private static final Script ARRIVE =
      Script.load(HotCyclicBarrier.class, "lua/barrier-arrive.lua");
  private static final Script CHECK = Script.load(HotCyclicBarrier.class, "lua/barrier-check.lua");
  private static final Script LEAVE = Script.load(HotCyclicBarrier.class, "lua/barrier-leave.lua");
  private static final Script TRIP = Script.load(HotCyclicBarrier.class, "lua/barrier-trip.lua");
  private static final Script RENEW = Script.load(HotCyclicBarrier.class, "lua/barrier-renew.lua");
  private static final Script STATE = Script.load(HotCyclicBarrier.class, "lua/barrier-state.lua");
  private static final Script RESET = Script.load(HotCyclicBarrier.class, "lua/barrier-reset.lua");
  private static final Script DELETE =
      Script.load(HotCyclicBarrier.class, "lua/barrier-delete.lua");
  private static final AtomicLong PARTY_IDS = new AtomicLong();
  private static final byte[] NOW = new byte[0];
  private static final byte[] YES = Arguments.of(1);
  private static final byte[] NO = Arguments.of(0);

  private final RedisBinding redis;
  private final int parties;
  private final @Nullable Runnable action;
  private final long leaseMillis;
  private final List<byte[]> keys;
  private final byte[] channel;
  private final byte[] partiesArg;
  private final byte[] leaseArg;

  private HotCyclicBarrier(
      @Nullable HotClient client,
      @Nullable String key,
      int parties,
      @Nullable Runnable action,
      long leaseMillis) {
    super(1);
    this.redis =
        RedisBinding.of(client, key, "HotCyclicBarrier", "hash")
            .withCompanion("leases", "zset")
            .withCompanion("broken", "zset")
            .withCompanion("passed", "hash");
    this.parties = parties;
    this.action = action;
    this.leaseMillis = leaseMillis;
    this.keys = redis.rawKeys();
    this.channel = Keys.bytes(Keys.companion(redis.key(), "generation"));
    this.partiesArg = Arguments.of(parties);
    this.leaseArg = Arguments.of(leaseMillis);
  }

  /**
   * Returns a builder for a barrier of a number of parties.
   *
   * @param parties the parties, at least 1
   * @return the builder
   * @throws IllegalArgumentException if {@code parties} is less than 1
   */
  public static Builder builder(int parties) {
    if (parties < 1) {
      throw new IllegalArgumentException("parties must be at least 1, was " + parties);
    }
    return new Builder(parties);
  }

  @Override
  public StoredKeys storedKeys() {
    return redis;
  }

  // ---- waiting ----

  /**
   * Waits until all parties (threads of any processes) have called {@code await} on this barrier.
   * One script to arrive, then one to check each time the thread is woken (by the trip's message,
   * see the class comment); the last party: one script, or two with a barrier action, which runs in
   * between. A timeout or an interrupt: one more script, which breaks the barrier.
   *
   * @return the arrival index: {@code getParties() - 1} for the first to arrive, 0 for the last
   * @throws InterruptedException if interrupted before or while waiting; the barrier breaks
   * @throws BrokenBarrierException if the barrier was or became broken while waiting (another
   *     party's timeout, interrupt or death, a reset, a failed barrier action, a deletion)
   * @throws IllegalStateException inside a transaction, or if the barrier exists with other parties
   */
  @Override
  public int await() throws InterruptedException, BrokenBarrierException {
    try {
      return await(WaitDeadline.none());
    } catch (TimeoutException e) {
      throw new AssertionError("an untimed wait timed out", e);
    }
  }

  /**
   * Waits until all parties have called {@code await} on this barrier, or the timeout passes. Round
   * trips as {@link #await()}.
   *
   * @param timeout the longest wait; zero or less only arrives (breaking the barrier unless this
   *     party is the last)
   * @param unit the unit of {@code timeout}
   * @return the arrival index: {@code getParties() - 1} for the first to arrive, 0 for the last
   * @throws InterruptedException if interrupted before or while waiting; the barrier breaks
   * @throws BrokenBarrierException if the barrier was or became broken while waiting
   * @throws TimeoutException if the timeout passed first; the barrier breaks
   * @throws IllegalStateException inside a transaction, or if the barrier exists with other parties
   */
  @Override
  public int await(long timeout, TimeUnit unit)
      throws InterruptedException, BrokenBarrierException, TimeoutException {
    return await(WaitDeadline.in(requireNonNull(unit, "unit").toNanos(timeout)));
  }

  private int await(WaitDeadline deadline)
      throws InterruptedException, BrokenBarrierException, TimeoutException {
    redis.multiStep();
    HotClient client = redis.client();
    String id =
        client.id() + ":" + Thread.currentThread().getId() + ":" + PARTY_IDS.incrementAndGet();
    if (Thread.interrupted()) {
      // As CyclicBarrier: an interrupted thread breaks the barrier rather than arriving.
      if (step(LEAVE, id, NOW).outcome() != Step.BROKE) {
        Thread.currentThread().interrupt();
        throw new BrokenBarrierException();
      }
      throw new InterruptedException();
    }
    Party party = new Party(id);
    try {
      boolean ended;
      try {
        ended =
            WaitChannel.await(
                client, channel, this, deadline, true, waiter -> party.attempt(), null);
      } catch (InterruptedException e) {
        if (party.generation < 0) {
          throw e; // waiting for another party's barrier action: it had not arrived
        }
        return party.leave(e, null);
      }
      if (!ended) {
        if (party.generation < 0) {
          throw new TimeoutException(); // it had not arrived: nothing to break
        }
        return party.leave(null, new TimeoutException());
      }
      return switch (party.outcome) {
        case ACTION -> party.runAction();
        case TRIPPED, PASSED -> party.index;
        default -> throw new BrokenBarrierException();
      };
    } finally {
      party.endLease();
    }
  }

  /** One call of {@code await}: its id, and what Redis said of it. */
  private final class Party {
    private final String id;
    private long generation = -1;
    private int index;
    private Step outcome = Step.WAITING;
    private @Nullable LeaseKeeper lease;

    Party(String id) {
      this.id = id;
    }

    /** Arrives, or (once arrived) checks whether the generation ended. One round trip. */
    WaitChannel.Outcome attempt() {
      Reply reply;
      if (generation < 0) {
        long sentAt = System.nanoTime();
        reply = idempotent(arriveCall());
        if (reply.outcome() == Step.WAITING || reply.outcome() == Step.ACTION) {
          generation = reply.generation();
          index = (int) reply.index();
          startLease(sentAt);
        } else if (reply.outcome() != Step.BUSY) {
          index = (int) reply.index();
        }
      } else {
        reply = idempotent(call(CHECK, Arguments.of(id), Arguments.of(generation)));
      }
      outcome = reply.outcome();
      if (outcome == Step.WAITING || outcome == Step.BUSY) {
        long earliest = reply.hintMillis();
        long hint = earliest < 0 ? RECHECK_MILLIS : Math.min(RECHECK_MILLIS, earliest);
        return new WaitChannel.Outcome(false, hint, false);
      }
      // The generation ended: the other waiters of this process look too.
      return new WaitChannel.Outcome(true, -1, outcome != Step.ACTION);
    }

    private ScriptCall<Reply> arriveCall() {
      return ARRIVE.call(
          Reply.of(ARRIVE),
          keys,
          List.of(partiesArg, channel, Arguments.of(id), leaseArg, action != null ? YES : NO));
    }

    private void startLease(long sentAt) {
      lease =
          new LeaseKeeper(
                  redis.client(),
                  null,
                  leaseMillis,
                  0,
                  sentAt,
                  () -> renew(id),
                  () -> LOG.log(Level.DEBUG, "a waiting party's lease ended: {0}", id))
              .start();
    }

    void endLease() {
      LeaseKeeper current = lease;
      if (current != null) {
        current.end();
      }
    }

    /** The last party: runs the action, then trips the barrier. */
    int runAction() throws BrokenBarrierException {
      Runnable run = requireNonNull(action, "action");
      boolean ran = false;
      try {
        run.run();
        ran = true;
      } finally {
        if (!ran) {
          breakQuietly();
        }
      }
      if (idempotent(call(TRIP, Arguments.of(id), Arguments.of(generation))).outcome()
          != Step.TRIPPED) {
        throw new BrokenBarrierException();
      }
      return 0;
    }

    private void breakQuietly() {
      try {
        idempotent(call(LEAVE, Arguments.of(id), Arguments.of(generation)));
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "breaking a barrier after its action failed did not reach Redis", e);
      }
    }

    /**
     * Leaves after an interrupt or a timeout, breaking the barrier unless the generation ended
     * first (then the interrupt is kept, as {@code CyclicBarrier} does).
     */
    int leave(@Nullable InterruptedException interrupted, @Nullable TimeoutException timedOut)
        throws InterruptedException, BrokenBarrierException, TimeoutException {
      endLease();
      Step left = idempotent(call(LEAVE, Arguments.of(id), Arguments.of(generation))).outcome();
      if (left == Step.BROKE) {
        if (interrupted != null) {
          throw interrupted;
        }
        throw requireNonNull(timedOut, "timedOut");
      }
      if (interrupted != null) {
        Thread.currentThread().interrupt();
      }
      if (left == Step.PASSED) {
        return index;
      }
      throw new BrokenBarrierException();
    }
  }

  /** Runs a step that may be sent again: after a lost reply, it is sent once more. */
  private Reply idempotent(ScriptCall<Reply> call) {
    try {
      return redis.write(call);
    } catch (HotConnectionException e) {
      try {
        return redis.write(call);
      } catch (RuntimeException again) {
        e.addSuppressed(again);
        throw e;
      }
    }
  }

  private boolean renew(String id) {
    return redis.write(
            RENEW.call(
                BuilderFactory.LONG,
                keys,
                List.of(partiesArg, channel, Arguments.of(id), leaseArg)))
        == 1L;
  }

  private Reply step(Script script, String id, byte[] generation) {
    return idempotent(call(script, Arguments.of(id), generation));
  }

  private ScriptCall<Reply> call(Script script, byte[] party, byte[] argument) {
    return script.call(Reply.of(script), keys, List.of(partiesArg, channel, party, argument));
  }

  // ---- the rest of CyclicBarrier ----

  /**
   * Returns the number of parties that trip the barrier. No round trip: fixed when the barrier was
   * built, and checked by every step.
   *
   * @return the parties
   */
  @Override
  public int getParties() {
    return parties;
  }

  /**
   * Returns whether the barrier is broken. One round trip (one script, which first breaks the
   * barrier if a waiting party's lease ran out).
   *
   * @return true if broken
   */
  @Override
  public boolean isBroken() {
    return state().get(1) == 1L;
  }

  /**
   * Returns the number of parties (of every process) waiting at the barrier. One round trip (one
   * script, which first breaks the barrier if a waiting party's lease ran out).
   *
   * @return the parties waiting
   */
  @Override
  public int getNumberWaiting() {
    return (int) (long) state().get(0);
  }

  private List<Long> state() {
    redis.multiStep();
    return redis.write(STATE.call(BuilderFactory.LONG_LIST, keys, List.of(partiesArg, channel)));
  }

  /**
   * Resets the barrier to its initial state: parties waiting at it get {@link
   * BrokenBarrierException}, and a broken barrier becomes usable. One round trip (one script).
   * Atomic.
   */
  @Override
  public void reset() {
    redis.multiStep();
    redis.write(RESET.call(BuilderFactory.LONG, keys, List.of(partiesArg, channel)));
  }

  /**
   * Deletes the barrier; parties waiting at it get {@link BrokenBarrierException}, and the next
   * step creates it again. One round trip (one script). Atomic.
   *
   * @return true if anything was deleted
   */
  @Override
  public boolean delete() {
    return redis.write(DELETE.call(Replies.isPositive(), keys, List.of(channel)));
  }

  /**
   * Describes the barrier and its parties. No round trip.
   *
   * @return for example {@code HotCyclicBarrier 'step'[parties = 16]}
   */
  @Override
  public String toString() {
    return redis.describe() + "[parties = " + parties + "]";
  }

  private void create() {
    state();
  }

  // ---- script replies ----

  /** What a step of the barrier's scripts replied. */
  enum Step implements ScriptOutcome {
    /** The party waits. */
    @Code("1")
    WAITING,
    /** The party is the last, and runs the barrier action before it trips the barrier. */
    @Code("2")
    ACTION,
    /** The party tripped the barrier. */
    @Code("3")
    TRIPPED,
    /** The party's generation tripped. */
    @Code("4")
    PASSED,
    /** The party broke the barrier. */
    @Code("5")
    BROKE,
    /** The barrier is broken (or was deleted). */
    @Code("0")
    BROKEN,
    /** Another party runs the barrier action: arrive again in the next generation. */
    @Code("-1")
    BUSY
  }

  /**
   * A step's reply: {@code {outcome, arrival index, generation, ms until the earliest lease runs
   * out}}.
   */
  private record Reply(Step outcome, long index, long generation, long hintMillis) {
    /** Returns the builder of a script's reply, which names the script when the reply is wrong. */
    static org.hotredis.shaded.redis.clients.jedis.Builder<Reply> of(Script script) {
      String name = script.name() + ".lua";
      return Replies.map(BuilderFactory.LONG_LIST, reply -> parse(reply, name));
    }

    static Reply parse(List<Long> reply, String script) {
      Step outcome = ScriptOutcome.first(Step.class, reply, 4, script);
      return new Reply(outcome, reply.get(1), reply.get(2), reply.get(3));
    }
  }

  /**
   * Builds a {@link HotCyclicBarrier}: key and client, optionally the barrier action and the
   * waiting parties' lease, then {@link #build()}.
   */
  public static final class Builder extends HotBuilder<Builder> {
    private final int parties;
    private @Nullable Runnable action;
    private Duration lease = LeaseBuilder.DEFAULT_LEASE;

    private Builder(int parties) {
      this.parties = parties;
    }

    /**
     * Sets the barrier action: run once per trip, by the last party to arrive if it is in this
     * process, before the other parties are released. If it throws, the barrier breaks and the
     * exception propagates to that party.
     *
     * @param action the action
     * @return this builder
     */
    public Builder action(Runnable action) {
      this.action = requireNonNull(action, "action");
      return this;
    }

    /**
     * Sets the lease of a waiting party: how long the barrier outlives the last renewal of a party
     * whose process died before it breaks. While a party waits, the client's scheduler renews its
     * lease every third of it. 30 seconds by default.
     *
     * @param lease at least 30 ms
     * @return this builder
     */
    public Builder lease(Duration lease) {
      requireNonNull(lease, "lease");
      if (lease.compareTo(LeaseBuilder.MIN_LEASE) < 0) {
        throw new IllegalArgumentException("lease must be at least 30 ms, was " + lease);
      }
      this.lease = lease;
      return this;
    }

    /**
     * Creates the barrier in Redis with the parties if absent, or checks that it has these parties.
     * One round trip (one script).
     *
     * @return the barrier
     * @throws IllegalStateException if the barrier exists with other parties
     * @throws HotRedisException if the key holds a hash that is not a barrier
     */
    public HotCyclicBarrier build() {
      HotCyclicBarrier barrier =
          new HotCyclicBarrier(client(), key(), parties, action, lease.toMillis());
      barrier.create();
      return barrier;
    }
  }
}
