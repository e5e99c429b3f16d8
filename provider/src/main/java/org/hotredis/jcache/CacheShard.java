package org.hotredis.jcache;

import static java.util.Objects.requireNonNull;
import static org.hotredis.jcache.ScriptReplies.RAW;
import static org.hotredis.jcache.ScriptReplies.bytes;
import static org.hotredis.jcache.ScriptReplies.flag;
import static org.hotredis.jcache.ScriptReplies.isGone;
import static org.hotredis.jcache.ScriptReplies.isNeed;
import static org.hotredis.jcache.ScriptReplies.pairs;
import static org.hotredis.jcache.ScriptReplies.requireBytes;
import static org.hotredis.jcache.ScriptReplies.status;
import static org.hotredis.jcache.ScriptReplies.text;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hotredis.Arguments;
import org.hotredis.HotClient;
import org.hotredis.Keys;
import org.hotredis.RedisBinding;
import org.hotredis.Replies;
import org.hotredis.Script;
import org.hotredis.jcache.CacheEntries.Incremented;
import org.hotredis.jcache.CacheEntries.Op;
import org.hotredis.jcache.CacheEntries.Page;
import org.hotredis.jcache.CacheEntries.Read;
import org.hotredis.jcache.CacheEntries.Written;
import org.hotredis.jcache.expiry.Durations;
import org.hotredis.shaded.redis.clients.jedis.BuilderFactory;

/**
 * The entries of a cache that live in one cluster slot: the whole cache, or one shard of a sharded
 * cache. Each method is one script call (or one command) on raw (encoded) keys and values.
 *
 * <p>Keys: the entries hash and its companions in its slot: {@code expiry} (a sorted set of
 * deadlines, in ms of Redis's clock), {@code listeners} (a hash of the handles that listen, to
 * lease deadline) and the record of the cache's incarnation: the stored configuration ({@code
 * config}) of an unsharded cache, or the shard's marker ({@code shard}). Writes carry the handle's
 * incarnation and are refused, before anything is written, if the cache was destroyed or created
 * anew since the handle opened. The scripts' headers describe each call.
 */
final class CacheShard {
  private static final Script WRITE = Script.load(CacheShard.class, "lua/cache-write.lua");
  private static final Script GET = Script.load(CacheShard.class, "lua/cache-get.lua");
  private static final Script SCAN = Script.load(CacheShard.class, "lua/cache-scan.lua");
  private static final Script SWEEP = Script.load(CacheShard.class, "lua/cache-sweep.lua");
  private static final Script INCREMENT = Script.load(CacheShard.class, "lua/cache-increment.lua");
  private static final Script SIZE = Script.load(CacheShard.class, "lua/cache-size.lua");
  private static final Script CLAIM = Script.load(CacheShard.class, "lua/cache-shard.lua");
  private static final Script LISTEN = Script.load(CacheShard.class, "lua/cache-listen.lua");

  private static final byte[] NONE = {};

  private final RedisBinding redis;
  private final String cacheName;
  private final byte[] channel;
  private final byte[] handle;
  private final byte[] incarnation;
  private final List<byte[]> readKeys;
  private final List<byte[]> writeKeys;
  private final List<byte[]> markerKeys;

  /**
   * Binds a shard.
   *
   * @param client the client
   * @param cacheName the cache's name, for messages
   * @param key the shard's entries hash
   * @param record the companion suffix of the incarnation's record: {@code config} for an unsharded
   *     cache, {@code shard} for a shard
   * @param channel the cache's event channel
   * @param handleId the handle's id, named in the events it causes
   * @param incarnation the incarnation the handle belongs to
   */
  CacheShard(
      HotClient client,
      String cacheName,
      String key,
      String record,
      byte[] channel,
      String handleId,
      String incarnation) {
    this.redis =
        RedisBinding.of(client, key, "cache", "hash")
            .withCompanion("expiry", "zset")
            .withCompanion("listeners", "hash")
            .withCompanion(record, "hash");
    this.cacheName = requireNonNull(cacheName, "cacheName");
    this.channel = requireNonNull(channel, "channel");
    this.handle = Arguments.of(handleId);
    this.incarnation = Arguments.of(incarnation);
    byte[] entries = Arguments.of(key);
    byte[] expiry = Arguments.of(Keys.companion(key, "expiry"));
    byte[] listeners = Arguments.of(Keys.companion(key, "listeners"));
    byte[] marker = Arguments.of(Keys.companion(key, record));
    this.readKeys = List.of(entries, expiry, listeners);
    this.writeKeys = List.of(entries, expiry, listeners, marker);
    this.markerKeys = List.of(listeners, marker);
  }

  String key() {
    return redis.key();
  }

  /** Runs a batch of writes on distinct keys, atomically; see {@link CacheEntries#write}. */
  List<Written> write(List<Op> ops, boolean wantOld) {
    redis.multiStep();
    while (true) {
      List<byte[]> args = new ArrayList<>(4 + 7 * ops.size());
      args.add(channel);
      args.add(handle);
      args.add(incarnation);
      args.add(Arguments.of(wantOld ? "1" : "0"));
      for (Op op : ops) {
        Durations durations = op.durations();
        args.add(new byte[] {(byte) op.code()});
        args.add(op.key());
        args.add(op.expected() == null ? NONE : op.expected());
        args.add(op.value() == null ? NONE : op.value());
        args.add(Arguments.of(durations.creation()));
        args.add(Arguments.of(durations.update()));
        args.add(Arguments.of(durations.access()));
      }
      List<?> reply = (List<?>) redis.write(WRITE.call(RAW, writeKeys, args));
      checkNotGone(reply);
      if (isNeed(reply)) {
        for (int i = 1; i < reply.size() && i <= ops.size(); i++) {
          String need = text(reply.get(i));
          ops.get(i - 1).durations().evaluate(need.equals("C"), need.equals("U"), need.equals("A"));
        }
        continue;
      }
      List<Written> results = new ArrayList<>(ops.size());
      for (int i = 1; i + 2 < reply.size(); i += 3) {
        results.add(
            new Written(status(reply.get(i)), bytes(reply.get(i + 1)), bytes(reply.get(i + 2))));
      }
      return results;
    }
  }

  /** Reads entries; see {@link CacheEntries#read}. */
  List<Read> read(List<byte[]> keys, String access, boolean values) {
    redis.multiStep();
    List<byte[]> args = new ArrayList<>(4 + keys.size());
    args.add(channel);
    args.add(handle);
    args.add(Arguments.of(access));
    args.add(Arguments.of(values ? "v" : "x"));
    args.addAll(keys);
    List<?> reply = (List<?>) redis.read(GET.call(RAW, readKeys, args));
    List<Read> results = new ArrayList<>(keys.size());
    for (int i = 0; i + 1 < reply.size(); i += 2) {
      results.add(new Read(status(reply.get(i)), bytes(reply.get(i + 1))));
    }
    return results;
  }

  /** Reads one page of entries with {@code HSCAN}; the page's cursor is this shard's. */
  Page scan(String cursor, int count) {
    List<byte[]> args = List.of(channel, handle, Arguments.of(cursor), Arguments.of(count));
    List<?> reply = (List<?>) redis.read(SCAN.call(RAW, readKeys, args));
    String next = new String(requireBytes(reply.get(0)), StandardCharsets.US_ASCII);
    return new Page(next, pairs(reply.get(1)), pairs(reply.get(2)));
  }

  /** Removes at most {@code limit} expired entries and returns them. */
  List<Map.Entry<byte[], byte[]>> sweep(int limit) {
    List<byte[]> args = List.of(channel, handle, Arguments.of(limit));
    return pairs(redis.write(SWEEP.call(RAW, readKeys, args)));
  }

  /** Adds to a count with {@code HINCRBY}; see {@link CacheEntries#increment}. */
  Incremented increment(byte[] key, long amount, Durations durations) {
    redis.multiStep();
    while (true) {
      List<byte[]> args =
          List.of(
              channel,
              handle,
              incarnation,
              key,
              Arguments.of(amount),
              Arguments.of(durations.creation()),
              Arguments.of(durations.update()));
      List<?> reply = (List<?>) redis.write(INCREMENT.call(RAW, writeKeys, args));
      checkNotGone(reply);
      if (isNeed(reply)) {
        durations.evaluate(flag(reply, 1), flag(reply, 2), false);
        continue;
      }
      return new Incremented(
          status(reply.get(1)),
          requireBytes(reply.get(2)),
          bytes(reply.get(3)),
          bytes(reply.get(4)));
    }
  }

  /** Counts the live entries. */
  long size() {
    return redis.read(SIZE.call(BuilderFactory.LONG, readKeys.subList(0, 2), List.of()));
  }

  /** Deletes every entry and deadline: one {@code DEL}. */
  void clear() {
    redis.send(redis.commands().del(readKeys.get(0), readKeys.get(1)));
  }

  // ---- shards of a sharded cache ----

  /**
   * Claims this shard for the handle's incarnation: empties it if an older incarnation left it.
   *
   * @return false if the shard belongs to a newer incarnation: the handle is stale
   */
  boolean claim() {
    return redis.write(CLAIM.call(Replies.isOne(), writeKeys, List.of(incarnation)));
  }

  /**
   * Records whether the handle listens, renewing its lease in this shard.
   *
   * @return false if the shard belongs to another incarnation
   */
  boolean listen(boolean listening, Duration lease) {
    List<byte[]> args =
        List.of(
            handle,
            Arguments.of(listening ? "1" : "0"),
            Arguments.of(lease.toMillis()),
            incarnation);
    return redis.write(LISTEN.call(Replies.isOne(), markerKeys, args));
  }

  /** Deletes the shard: entries, deadlines, listeners and marker. One {@code DEL}. */
  void delete() {
    redis.send(redis.commands().del(writeKeys.toArray(new byte[0][])));
  }

  private void checkNotGone(List<?> reply) {
    if (isGone(reply)) {
      throw new CacheGoneException(cacheName);
    }
  }

  @Override
  public String toString() {
    return "CacheShard[" + redis.key() + "]";
  }
}
