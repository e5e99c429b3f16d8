package org.hotredis.concurrent.locks;

import java.util.ArrayList;
import java.util.List;
import org.hotredis.Arguments;
import org.hotredis.HotClient;
import org.hotredis.HotObject;
import org.hotredis.HotRedisException;
import org.hotredis.Keys;
import org.hotredis.RedisBinding;
import org.hotredis.Replies;
import org.hotredis.Script;
import org.hotredis.shaded.redis.clients.jedis.Builder;
import org.hotredis.shaded.redis.clients.jedis.BuilderFactory;
import org.jspecify.annotations.Nullable;

/**
 * The Redis layout of a {@link HotReadWriteLock} and the two {@link LeasedLock}s over it: the write
 * side, whose hash is a plain lock's (so the plain lock's release, renewal, give-up and Condition
 * scripts run on it unchanged), and the read side, whose holds live in the readers hash.
 *
 * <p>Keys, all in the lock key's cluster slot: the write lock hash at the key ({@code owner},
 * {@code count}, {@code token}; its TTL is the writer's lease); {@code {key}:readers}, a hash of
 * {@code total} (read holds of all readers), {@code c:<owner>} (an owner's read holds) and {@code
 * t:<owner>} (the token of its read acquisition); {@code {key}:reader-leases}, a sorted set of each
 * reader's lease deadline in Redis time; {@code {key}:writers-waiting}, a sorted set of the waiting
 * writers of every process by record deadline; and {@code {key}:fence}, the counter of tokens,
 * which outlives the lock. The channel {@code {key}:released} announces every release that may let
 * a waiter in.
 */
final class ReadWriteLayout {
  private static final Script READ_ACQUIRE =
      Script.load(ReadWriteLayout.class, "lua/rwlock-read-acquire.lua");
  private static final Script READ_RELEASE =
      Script.load(ReadWriteLayout.class, "lua/rwlock-read-release.lua");
  private static final Script READ_RENEW =
      Script.load(ReadWriteLayout.class, "lua/rwlock-read-renew.lua");
  private static final Script READ_GIVE_UP =
      Script.load(ReadWriteLayout.class, "lua/rwlock-read-give-up.lua");
  private static final Script WRITE_ACQUIRE =
      Script.load(ReadWriteLayout.class, "lua/rwlock-write-acquire.lua");
  private static final Script UNWAIT = Script.load(ReadWriteLayout.class, "lua/rwlock-unwait.lua");
  private static final Script STATE = Script.load(ReadWriteLayout.class, "lua/rwlock-state.lua");
  private static final Script DELETE = Script.load(ReadWriteLayout.class, "lua/rwlock-delete.lua");
  private static final byte[] YES = Arguments.of(1);
  private static final byte[] NO = Arguments.of(0);
  private static final byte[] NO_WAITER = new byte[0];

  final RedisBinding redis;
  final LeasedLock read;
  final LeasedLock write;
  private final List<byte[]> keys;
  private final byte[] channel;

  ReadWriteLayout(RedisBinding redis, HotObject source, LeaseBuilder<?> options) {
    this.redis = redis;
    List<byte[]> all = new ArrayList<>(redis.rawKeys());
    all.add(Arguments.of(Keys.companion(redis.key(), "fence")));
    this.keys = List.copyOf(all);
    this.channel = Arguments.of(Keys.companion(redis.key(), "released"));
    long leaseMillis = options.leaseMillis();
    byte[] lease = Arguments.of(leaseMillis);
    WaitChannel.Registry writers =
        new WaitChannel.Registry() {
          @Override
          public long refreshMillis() {
            return Math.max(1, leaseMillis / 3);
          }

          @Override
          public void leave(String waiterId) {
            redis.write(
                UNWAIT.call(BuilderFactory.LONG, keys, List.of(Arguments.of(waiterId), channel)));
          }
        };
    this.write =
        new LeasedLock(
            source,
            redis,
            true,
            leaseMillis,
            options.owner(),
            options.listener(),
            new LeasedLock.Steps(
                redis.key(),
                redis.describe() + " (write lock)",
                WRITE_ACQUIRE,
                keys,
                (waiterId, barge) ->
                    List.of(channel, waiterId == null ? NO_WAITER : Arguments.of(waiterId), lease),
                LeasedLock.RELEASE,
                LeasedLock.RENEW,
                LeasedLock.GIVE_UP,
                List.of(redis.rawKey()),
                writers,
                false));
    this.read =
        new LeasedLock(
            source,
            redis,
            true,
            leaseMillis,
            options.owner(),
            options.listener(),
            new LeasedLock.Steps(
                redis.companion("readers"),
                redis.describe() + " (read lock)",
                READ_ACQUIRE,
                keys,
                (waiterId, barge) -> List.of(channel, barge ? YES : NO),
                READ_RELEASE,
                READ_RENEW,
                READ_GIVE_UP,
                keys,
                null,
                true));
  }

  /** Binds a read-write lock's keys. */
  static RedisBinding bind(@Nullable HotClient client, @Nullable String key) {
    return RedisBinding.of(client, key, "HotReadWriteLock", "hash")
        .withCompanion("readers", "hash")
        .withCompanion("reader-leases", "zset")
        .withCompanion("writers-waiting", "zset");
  }

  /** Reads the lock's state for the current owner. One round trip (one script). */
  State state() {
    write.checkNoTransaction();
    return redis.read(STATE.call(State.BUILDER, keys, List.of(Arguments.of(write.owner()))));
  }

  /** Deletes the lock whoever holds it, waking the waiters; the token counter stays. */
  boolean delete() {
    return redis.write(DELETE.call(BuilderFactory.LONG, keys, List.of(channel))) == 1L;
  }

  /**
   * The state of a read-write lock, as {@code rwlock-state.lua} reads it for one owner.
   *
   * @param writeHolds the write holds (0 when not write-locked)
   * @param writtenByOwner whether the owner holds the write lock
   * @param readHolds the read holds of all live readers
   * @param ownReadHolds the owner's read holds
   */
  record State(long writeHolds, boolean writtenByOwner, long readHolds, long ownReadHolds) {
    static final Builder<State> BUILDER = Replies.map(BuilderFactory.LONG_LIST, State::parse);

    static State parse(List<Long> reply) {
      if (reply.size() != 4) {
        throw new HotRedisException("unexpected reply of rwlock-state.lua: " + reply);
      }
      return new State(reply.get(0), reply.get(1) == 1L, reply.get(2), reply.get(3));
    }

    int ownWriteHolds() {
      return writtenByOwner ? (int) writeHolds : 0;
    }
  }
}
