package org.hotredis.concurrent.locks;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.hotredis.Arguments;
import org.hotredis.HotBuilder;
import org.hotredis.HotClient;
import org.hotredis.HotObject;
import org.hotredis.HotRedisException;
import org.hotredis.Keys;
import org.hotredis.RedisBinding;
import org.hotredis.Replies;
import org.hotredis.Script;
import org.hotredis.ScriptCall;
import org.hotredis.StoredKeys;
import org.hotredis.shaded.redis.clients.jedis.BuilderFactory;
import org.hotredis.shaded.redis.clients.jedis.CommandObject;
import org.jspecify.annotations.Nullable;

/**
 * A {@link CountDownLatch} held in Redis, shared by every process that uses its key: threads of any
 * process wait until the count reaches zero, and threads of any process count it down.
 *
 * <pre>{@code
 * HotCountDownLatch ready = HotConcurrency.on(client).countDownLatch("workers-ready", 4);
 * ready.countDown();                       // in each of four worker processes
 * ready.await(30, TimeUnit.SECONDS);       // in the coordinator: returns once all four counted
 * }</pre>
 *
 * <p><b>Creation.</b> The first process to build the latch at a key sets its count; later ones
 * attach to it and must give the same count ({@link IllegalStateException} otherwise), as the SPI
 * requires of a name. An open latch stays open, as {@code CountDownLatch} does; {@link
 * #trySetCount} starts a new round on an open latch (Redisson's {@code RCountDownLatch} offers the
 * same), and {@link #delete()} removes it.
 *
 * <p><b>Counting down.</b> {@link #countDown()} is one script: exact across processes (no count is
 * lost or counted twice by Redis), and nothing happens at zero. A count-down whose reply is lost
 * (the connection broke) may or may not have counted; a caller that must retry it safely uses
 * {@link #countDown(String)} with a token of its own: a token counts once per round of the latch.
 *
 * <p><b>Waiting.</b> Waiters do not poll. Each waits on the client's one shared subscription for
 * the message the count-down to zero publishes, which wakes every waiter of every process at once;
 * a waiter joins the subscription before it reads the count, so it cannot miss the opening. After
 * the subscription was down (a restart, a failover) each process's oldest waiter reads the count
 * again, and passes the wake-up on; it also reads it every {@value #RECHECK_MILLIS} ms, which frees
 * waiters if the key expired or was deleted by a plain {@code DEL} (this class's {@link #delete()}
 * publishes). A waiting process that dies takes nothing with it: no lease is involved.
 *
 * <p><b>Redis state.</b> A hash at the key with fields {@code count}, {@code initial} and {@code
 * generation}; the tokens of the current round in the set {@code {key}:tokens}; the channel {@code
 * {key}:opened}. An absent key reads as an open latch.
 */
public final class HotCountDownLatch extends CountDownLatch implements HotObject {
  /** How often each process's oldest waiter reads the count again on its own, in milliseconds. */
  public static final long RECHECK_MILLIS = 10_000;

  private static final Script INIT = Script.load(HotCountDownLatch.class, "lua/latch-init.lua");
  private static final Script COUNT_DOWN =
      Script.load(HotCountDownLatch.class, "lua/latch-count-down.lua");
  private static final Script RESET = Script.load(HotCountDownLatch.class, "lua/latch-reset.lua");
  private static final Script DELETE = Script.load(HotCountDownLatch.class, "lua/latch-delete.lua");
  private static final byte[] COUNT = Arguments.of("count");
  private static final byte[] GENERATION = Arguments.of("generation");
  private static final byte[] NO_TOKEN = new byte[0];

  private final RedisBinding redis;
  private final byte[] channel;
  private final List<byte[]> keys;
  private final org.hotredis.shaded.redis.clients.jedis.Builder<State> state;

  private HotCountDownLatch(@Nullable HotClient client, @Nullable String key) {
    super(0);
    this.redis =
        RedisBinding.of(client, key, "HotCountDownLatch", "hash").withCompanion("tokens", "set");
    this.channel = Keys.bytes(Keys.companion(redis.key(), "opened"));
    this.keys = redis.rawKeys();
    String describe = redis.describe();
    this.state = Replies.map(BuilderFactory.BINARY_LIST, fields -> State.parse(fields, describe));
  }

  /**
   * Returns a builder for a latch that opens after a number of count-downs.
   *
   * @param count the count, at least 0 (a latch of 0 is open)
   * @return the builder
   * @throws IllegalArgumentException if {@code count} is negative
   */
  public static Builder builder(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative, was " + count);
    }
    return new Builder(count);
  }

  @Override
  public StoredKeys storedKeys() {
    return redis;
  }

  // ---- waiting ----

  /**
   * Waits until the count reaches zero, or the thread is interrupted. One round trip when the latch
   * is open; a waiting thread wakes on the opening's message (see the class comment).
   *
   * @throws InterruptedException if interrupted before or while waiting
   * @throws IllegalStateException inside a transaction
   */
  @Override
  public void await() throws InterruptedException {
    await(WaitDeadline.none());
  }

  /**
   * Waits until the count reaches zero, the timeout passes, or the thread is interrupted. Round
   * trips as {@link #await()}.
   *
   * @param timeout the longest wait; zero or less only checks
   * @param unit the unit of {@code timeout}
   * @return true if the count reached zero, false if the timeout passed first
   * @throws InterruptedException if interrupted before or while waiting
   * @throws IllegalStateException inside a transaction
   */
  @Override
  public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
    return await(WaitDeadline.in(requireNonNull(unit, "unit").toNanos(timeout)));
  }

  private boolean await(WaitDeadline deadline) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    redis.multiStep();
    long[] round = {-1};
    return WaitChannel.await(
        redis.client(),
        channel,
        this,
        deadline,
        true,
        waiterId -> {
          State now = redis.read(Replies.withReply(hmget(), state));
          if (round[0] < 0) {
            round[0] = now.generation();
          }
          // Open, or reset for a new round since this wait began: the round waited for has ended.
          boolean open = now.count() == 0 || now.generation() != round[0];
          return new WaitChannel.Outcome(open, open ? -1 : RECHECK_MILLIS, open);
        },
        null);
  }

  private CommandObject<List<byte[]>> hmget() {
    return redis.commands().hmget(redis.rawKey(), COUNT, GENERATION);
  }

  // ---- counting down ----

  /**
   * Counts the latch down by one, opening it (and waking every waiter of every process) when the
   * count reaches zero; nothing happens at zero. One round trip (one script). Atomic. Inside a
   * transaction it is queued.
   *
   * @throws org.hotredis.HotWrongTypeException if the key holds another Redis type
   * @throws HotRedisException if the key holds a hash that is not a latch
   */
  @Override
  public void countDown() {
    redis.send(countDownCall(NO_TOKEN));
  }

  /**
   * Counts the latch down by one unless this token already counted it down in this round of the
   * latch: a count-down that may be repeated safely, after a failure whose outcome is unknown. One
   * round trip (one script). Atomic. Inside a transaction it is queued.
   *
   * @param token the caller's token, such as a worker's id; not empty
   * @throws IllegalArgumentException if the token is empty
   */
  public void countDown(String token) {
    requireNonNull(token, "token");
    if (token.isEmpty()) {
      throw new IllegalArgumentException("the token must not be empty");
    }
    redis.send(countDownCall(token.getBytes(UTF_8)));
  }

  private ScriptCall<Long> countDownCall(byte[] token) {
    return COUNT_DOWN.call(BuilderFactory.LONG, keys, List.of(channel, token));
  }

  /**
   * Returns the current count, 0 once open. One round trip ({@code HGET}).
   *
   * @return the count
   */
  @Override
  public long getCount() {
    return redis.read(Replies.withReply(hmget(), state)).count();
  }

  /**
   * Starts a new round of an open latch with a count, as Redisson's {@code trySetCount}: the tokens
   * of the last round are forgotten. A latch still counting down is left alone. One round trip (one
   * script). Atomic.
   *
   * @param count the new count, at least 1
   * @return true if the count was set, false if the latch is still counting down
   * @throws IllegalArgumentException if {@code count} is less than 1
   */
  public boolean trySetCount(long count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, was " + count);
    }
    return redis.write(RESET.call(Replies.isOne(), keys, List.of(Arguments.of(count))));
  }

  /**
   * Deletes the latch and its tokens, and releases its waiters as if it had opened. One round trip
   * (one script). Atomic.
   *
   * @return true if anything was deleted
   */
  @Override
  public boolean delete() {
    return redis.write(DELETE.call(Replies.isPositive(), keys, List.of(channel)));
  }

  /**
   * Returns the latch's description and current count, as {@code CountDownLatch} does. One round
   * trip.
   *
   * @return for example {@code HotCountDownLatch 'ready'[Count = 3]}
   */
  @Override
  public String toString() {
    return redis.describe() + "[Count = " + getCount() + "]";
  }

  private void create(int count) {
    redis.write(
        INIT.call(BuilderFactory.LONG, List.of(redis.rawKey()), List.of(Arguments.of(count))));
  }

  /**
   * What {@code HMGET count generation} read: the remaining count (0 for an absent latch) and the
   * round.
   */
  private record State(long count, long generation) {
    static State parse(List<byte[]> fields, String latch) {
      return new State(number(fields.get(0), latch), number(fields.get(1), latch));
    }

    private static long number(byte @Nullable [] field, String latch) {
      if (field == null) {
        return 0;
      }
      String text = new String(field, UTF_8);
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw new HotRedisException(
            latch + " holds '" + text + "' where a count was expected; delete() it to start over");
      }
    }
  }

  /** Builds a {@link HotCountDownLatch}: key and client, then {@link #build()}. */
  public static final class Builder extends HotBuilder<Builder> {
    private final int count;

    private Builder(int count) {
      this.count = count;
    }

    /**
     * Creates the latch in Redis with the count if absent, or checks that it was set to this count.
     * One round trip (one script).
     *
     * @return the latch
     * @throws IllegalStateException if the latch was set to another count
     */
    public HotCountDownLatch build() {
      HotCountDownLatch latch = new HotCountDownLatch(client(), key());
      latch.create(count);
      return latch;
    }
  }
}
