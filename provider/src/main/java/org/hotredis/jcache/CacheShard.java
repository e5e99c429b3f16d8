package org.hotredis.jcache;

import static java.util.Objects.requireNonNull;
import static org.hotredis.jcache.ScriptReplies.RAW;
import static org.hotredis.jcache.ScriptReplies.bytes;
import static org.hotredis.jcache.ScriptReplies.items;
import static org.hotredis.jcache.ScriptReplies.pairs;
import static org.hotredis.jcache.ScriptReplies.requireBytes;
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
import org.hotredis.ScriptOutcome;
import org.hotredis.ScriptOutcome.Code;
import org.hotredis.jcache.expiry.Durations;
import org.hotredis.shaded.redis.clients.jedis.BuilderFactory;
import org.jspecify.annotations.Nullable;

/**
 * The entries of a cache that live in one cluster slot: the whole cache, or one shard of a sharded
 * cache. Each method is one script call (or one command) on raw (encoded) keys and values.
 *
 * <p>Keys: the entries hash and its companions in its slot: {@code expiry} (a sorted set of
 * deadlines, in ms of Redis's clock), {@code listeners} (a hash of the handles that listen, to
 * lease deadline), the record of the cache's incarnation: the stored configuration ({@code config})
 * of an unsharded cache, or the shard's marker ({@code shard}), and the write leases of
 * write-through ({@code writing}, see {@link WriteLeases}). Writes carry the handle's incarnation
 * and are refused, before anything is written, if the cache was destroyed or created anew since the
 * handle opened. The scripts' headers describe each call; the types at the end of the class read
 * their replies by name.
 */
final class CacheShard {
  private static final Script WRITE = Script.load(CacheShard.class, "lua/cache-write.lua");
  private static final Script PUT = Script.load(CacheShard.class, "lua/cache-put.lua");
  private static final Script GET = Script.load(CacheShard.class, "lua/cache-get.lua");
  private static final Script SCAN = Script.load(CacheShard.class, "lua/cache-scan.lua");
  private static final Script SWEEP = Script.load(CacheShard.class, "lua/cache-sweep.lua");
  private static final Script INCREMENT = Script.load(CacheShard.class, "lua/cache-increment.lua");
  private static final Script SIZE = Script.load(CacheShard.class, "lua/cache-size.lua");
  private static final Script CLEAR = Script.load(CacheShard.class, "lua/cache-clear.lua");
  private static final Script CLAIM = Script.load(CacheShard.class, "lua/cache-shard.lua");
  private static final Script LISTEN = Script.load(CacheShard.class, "lua/cache-listen.lua");
  private static final Script LEASE = Script.load(CacheShard.class, "lua/cache-lease.lua");

  private static final byte[] NONE = {};

  private final RedisBinding redis;
  private final String cacheName;
  private final byte[] channel;
  private final byte[] handle;
  private final byte[] incarnation;
  private final List<byte[]> readKeys;
  private final List<byte[]> writeKeys;
  private final List<byte[]> incrementKeys;
  private final byte[] wantOldArg = Arguments.of("1");
  private final byte[] noOldArg = Arguments.of("0");
  private final List<byte[]> markerKeys;
  private final List<byte[]> leaseKeys;

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
            .withCompanion(record, "hash")
            .withCompanion("writing", "hash");
    this.cacheName = requireNonNull(cacheName, "cacheName");
    this.channel = requireNonNull(channel, "channel");
    this.handle = Arguments.of(handleId);
    this.incarnation = Arguments.of(incarnation);
    byte[] entries = Arguments.of(key);
    byte[] expiry = Arguments.of(Keys.companion(key, "expiry"));
    byte[] listeners = Arguments.of(Keys.companion(key, "listeners"));
    byte[] marker = Arguments.of(Keys.companion(key, record));
    byte[] leases = Arguments.of(Keys.companion(key, "writing"));
    this.readKeys = List.of(entries, expiry, listeners);
    this.writeKeys = List.of(entries, expiry, listeners, marker, leases);
    this.incrementKeys = List.of(entries, expiry, listeners, marker);
    this.markerKeys = List.of(listeners, marker);
    this.leaseKeys = List.of(leases);
  }

  String key() {
    return redis.key();
  }

  /** Runs a batch of writes on distinct keys, atomically; see {@link CacheEntries#write}. */
  List<Written> write(List<Op> ops, boolean wantOld, @Nullable String token) {
    redis.multiStep();
    while (true) {
      List<byte[]> args = new ArrayList<>(5 + 7 * ops.size());
      args.add(channel);
      args.add(handle);
      args.add(incarnation);
      args.add(Arguments.of(wantOld ? "1" : "0"));
      args.add(token == null ? NONE : Arguments.of(token));
      for (Op op : ops) {
        Durations durations = op.durations();
        args.add(new byte[] {op.code().letter()});
        args.add(op.key());
        args.add(op.expected() == null ? NONE : op.expected());
        args.add(op.value() == null ? NONE : op.value());
        args.add(Arguments.of(durations.creation()));
        args.add(Arguments.of(durations.update()));
        args.add(Arguments.of(durations.access()));
      }
      WriteReply reply = WriteReply.from(redis.write(WRITE.call(RAW, writeKeys, args)));
      if (reply.verdict() == Verdict.GONE) {
        throw new CacheGoneException(cacheName);
      }
      if (reply.verdict() == Verdict.LOST) {
        throw new LeaseLostException(cacheName);
      }
      if (reply.verdict() == Verdict.NEED) {
        List<Need> needs = reply.needs();
        for (int i = 0; i < needs.size() && i < ops.size(); i++) {
          Need need = needs.get(i);
          ops.get(i)
              .durations()
              .evaluate(need == Need.CREATION, need == Need.UPDATE, need == Need.ACCESS);
        }
        continue;
      }
      return reply.written();
    }
  }

  /** Puts one entry, without write-through; see {@link CacheEntries#put}. */
  Written put(byte[] key, byte[] value, boolean wantOld, Durations durations) {
    redis.multiStep();
    while (true) {
      List<byte[]> args =
          List.of(
              incarnation,
              key,
              value,
              Arguments.of(durations.creation()),
              Arguments.of(durations.update()),
              wantOld ? wantOldArg : noOldArg,
              channel,
              handle);
      Object raw = redis.write(PUT.call(RAW, incrementKeys, args));
      if (raw instanceof byte[] status) {
        return new Written(WriteStatus.from(status, "cache-put.lua"), null, null);
      }
      WriteReply reply = WriteReply.from(raw);
      if (reply.verdict() == Verdict.GONE) {
        throw new CacheGoneException(cacheName);
      }
      if (reply.verdict() == Verdict.NEED) {
        Need need = reply.needs().get(0);
        durations.evaluate(need == Need.CREATION, need == Need.UPDATE, false);
        continue;
      }
      return reply.written().get(0);
    }
  }

  /** Reads entries; see {@link CacheEntries#read}. */
  List<Read> read(List<byte[]> keys, String access, ReadMode mode) {
    redis.multiStep();
    List<byte[]> args = new ArrayList<>(4 + keys.size());
    args.add(channel);
    args.add(handle);
    args.add(Arguments.of(access));
    args.add(Arguments.of(mode.argument));
    args.addAll(keys);
    return Read.from(redis.read(GET.call(RAW, readKeys, args)), mode);
  }

  /** Reads one page of entries with {@code HSCAN}; the page's cursor is this shard's. */
  Page scan(String cursor, int count) {
    List<byte[]> args = List.of(channel, handle, Arguments.of(cursor), Arguments.of(count));
    List<?> reply = (List<?>) redis.read(SCAN.call(RAW, readKeys, args));
    String next = new String(requireBytes(reply.get(0)), StandardCharsets.US_ASCII);
    return new Page(next, pairs(reply.get(1)), pairs(reply.get(2)), redis, next.equals("0"));
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
      IncrementReply reply =
          IncrementReply.from(redis.write(INCREMENT.call(RAW, incrementKeys, args)));
      if (reply.verdict() == Verdict.GONE) {
        throw new CacheGoneException(cacheName);
      }
      Incremented incremented = reply.incremented();
      if (incremented == null) {
        durations.evaluate(reply.needsCreation(), reply.needsUpdate(), false);
        continue;
      }
      return incremented;
    }
  }

  /** Counts the live entries. */
  long size() {
    return redis.read(SIZE.call(BuilderFactory.LONG, readKeys.subList(0, 2), List.of()));
  }

  /** Deletes every entry and deadline, telling near caches: one script. */
  void clear() {
    redis.write(CLEAR.call(BuilderFactory.LONG, readKeys, List.of(channel, handle)));
  }

  // ---- write leases (see cache-lease.lua) ----

  /**
   * Takes the write leases of keys for an operation, all of them or none.
   *
   * @return 0 if taken, else how long (ms) until the first lease that blocks lapses
   */
  long acquireLeases(String token, Duration lease, List<byte[]> keys) {
    return redis.write(
        LEASE.call(BuilderFactory.LONG, leaseKeys, leaseArgs("acquire", token, lease, keys)));
  }

  /**
   * Extends the write leases an operation holds.
   *
   * @return how many of the keys it still held
   */
  long renewLeases(String token, Duration lease, List<byte[]> keys) {
    return redis.write(
        LEASE.call(BuilderFactory.LONG, leaseKeys, leaseArgs("renew", token, lease, keys)));
  }

  /**
   * Gives back the write leases an operation holds.
   *
   * @return true if another operation waited for one of them (other handles were told)
   */
  boolean releaseLeases(String token, List<byte[]> keys) {
    return redis.write(
        LEASE.call(Replies.isOne(), leaseKeys, leaseArgs("release", token, Duration.ZERO, keys)));
  }

  private List<byte[]> leaseArgs(String mode, String token, Duration lease, List<byte[]> keys) {
    List<byte[]> args = new ArrayList<>(5 + keys.size());
    args.add(Arguments.of(mode));
    args.add(Arguments.of(token));
    args.add(Arguments.of(lease.toMillis()));
    args.add(channel);
    args.add(handle);
    args.addAll(keys);
    return args;
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

  // ---- the scripts' operations and replies, read by name ----

  /** What an operation of {@code cache-write.lua} does, by the letter the script reads. */
  enum OpCode {
    /** Put. */
    PUT('P'),
    /** Put if absent. */
    PUT_IF_ABSENT('A'),
    /** Replace if present. */
    REPLACE('R'),
    /** Replace if it holds the expected value. */
    REPLACE_IF('E'),
    /** Remove. */
    REMOVE('D'),
    /** Remove if it holds the expected value. */
    REMOVE_IF('F'),
    /** Apply the access duration if it holds the expected value. */
    TOUCH('T');

    private final byte letter;

    OpCode(char letter) {
      this.letter = (byte) letter;
    }

    byte letter() {
      return letter;
    }
  }

  /** One operation of a write script. */
  @SuppressWarnings("ArrayRecordComponent") // raw bytes, never compared
  record Op(
      OpCode code,
      byte[] key,
      byte @Nullable [] expected,
      byte @Nullable [] value,
      Durations durations) {}

  /**
   * One page of an iteration.
   *
   * @param cursor the next cursor, {@code 0} when done
   * @param live the live entries
   * @param expired the expired entries the page removed
   * @param shard the binding of the shard the page comes from, whose slot holds its iteration's
   *     memory
   * @param shardDone whether the page is the last of its shard
   */
  record Page(
      String cursor,
      List<Map.Entry<byte[], byte[]>> live,
      List<Map.Entry<byte[], byte[]>> expired,
      RedisBinding shard,
      boolean shardDone) {}

  /** The first item of the replies of {@code cache-write.lua} and {@code cache-increment.lua}. */
  enum Verdict implements ScriptOutcome {
    /** Done: the items after it say what each operation did. */
    @Code("ok")
    OK,
    /** The cache was destroyed or created anew since the handle opened: nothing was written. */
    @Code("gone")
    GONE,
    /** The operation's token lost a key's write lease: nothing was written. */
    @Code("lost")
    LOST,
    /** An operation needs an expiry duration not known yet: nothing was written. */
    @Code("?")
    NEED;

    static Verdict from(List<?> reply, String script) {
      return ScriptOutcome.of(Verdict.class, reply.isEmpty() ? null : reply.get(0), script);
    }
  }

  /** The expiry duration an operation of {@code cache-write.lua} needs before it can run. */
  enum Need implements ScriptOutcome {
    /** None: the operation runs with what it has. */
    @Code("")
    NONE,
    /** The creation duration. */
    @Code("C")
    CREATION,
    /** The update duration. */
    @Code("U")
    UPDATE,
    /** The access duration. */
    @Code("A")
    ACCESS;

    static Need from(@Nullable Object item) {
      return ScriptOutcome.of(Need.class, item, "cache-write.lua");
    }
  }

  /** What {@code cache-write.lua} or {@code cache-increment.lua} did to one entry. */
  enum WriteStatus implements ScriptOutcome {
    /** Created. */
    @Code("C")
    CREATED,
    /** Updated. */
    @Code("U")
    UPDATED,
    /** Updated and expired at once (update duration 0). */
    @Code("X")
    UPDATED_AND_EXPIRED,
    /** Not stored (creation duration 0). */
    @Code("Z")
    NOT_STORED,
    /** Removed. */
    @Code("D")
    REMOVED,
    /** Touched: the access duration applied. */
    @Code("T")
    TOUCHED,
    /** Touched and expired at once (access duration 0). */
    @Code("W")
    TOUCHED_AND_EXPIRED,
    /** Nothing done: the entry was absent, present, or held another value. */
    @Code("N")
    NOTHING;

    /** Whether a value was stored: created or updated. */
    boolean stored() {
      return this == CREATED || this == UPDATED || this == UPDATED_AND_EXPIRED;
    }

    static WriteStatus from(@Nullable Object item, String script) {
      return ScriptOutcome.of(WriteStatus.class, item, script);
    }
  }

  /**
   * What a write did to one entry.
   *
   * @param status what was done
   * @param old the value before, if asked for and present
   * @param expired the value of an expired entry found and removed, if asked for
   */
  @SuppressWarnings("ArrayRecordComponent") // raw bytes, never compared
  record Written(WriteStatus status, byte @Nullable [] old, byte @Nullable [] expired) {
    /** Whether a value was stored: created or updated. */
    boolean stored() {
      return status.stored();
    }
  }

  /**
   * The reply of {@code cache-write.lua}.
   *
   * @param verdict whether the writes ran
   * @param needs with {@link Verdict#NEED}, what each operation needs, in order
   * @param written with {@link Verdict#OK}, what each operation did, in order
   */
  record WriteReply(Verdict verdict, List<Need> needs, List<Written> written) {
    static WriteReply from(@Nullable Object reply) {
      List<?> items = items(reply, "cache-write");
      Verdict verdict = Verdict.from(items, "cache-write.lua");
      List<Need> needs = new ArrayList<>();
      List<Written> written = new ArrayList<>();
      if (verdict == Verdict.NEED) {
        for (int i = 1; i < items.size(); i++) {
          needs.add(Need.from(items.get(i)));
        }
      } else if (verdict == Verdict.OK) {
        for (int i = 1; i + 2 < items.size(); i += 3) {
          written.add(
              new Written(
                  WriteStatus.from(items.get(i), "cache-write.lua"),
                  bytes(items.get(i + 1)),
                  bytes(items.get(i + 2))));
        }
      }
      return new WriteReply(verdict, needs, written);
    }
  }

  /** What {@code cache-get.lua} found for one key. */
  enum ReadStatus implements ScriptOutcome {
    /** A hit. */
    @Code("H")
    HIT,
    /** A hit that expired at once (access duration 0). */
    @Code("W")
    HIT_AND_EXPIRED,
    /** A miss. */
    @Code("M")
    MISS,
    /** A miss that found an expired entry and removed it. */
    @Code("X")
    EXPIRED;

    static ReadStatus from(@Nullable Object item) {
      return ScriptOutcome.of(ReadStatus.class, item, "cache-get.lua");
    }
  }

  /** What a read replies for each key. */
  enum ReadMode {
    /** Whether the entry exists; no access. */
    EXISTENCE("x", 2),
    /** The value; an access. */
    VALUE("v", 2),
    /** The value and the time the entry has left; an access. */
    VALUE_AND_DEADLINE("d", 3);

    private final String argument;
    private final int items;

    ReadMode(String argument, int items) {
      this.argument = argument;
      this.items = items;
    }
  }

  /**
   * What a read found for one key.
   *
   * @param status what was found
   * @param value the value ({@link ReadStatus#HIT}, {@link ReadStatus#HIT_AND_EXPIRED}), the
   *     expired value ({@link ReadStatus#EXPIRED}), or null
   * @param left with {@link ReadMode#VALUE_AND_DEADLINE}, the milliseconds a hit has left before
   *     its deadline, or -1 for none; else 0
   */
  @SuppressWarnings("ArrayRecordComponent") // raw bytes, never compared
  record Read(ReadStatus status, byte @Nullable [] value, long left) {
    boolean hit() {
      return status == ReadStatus.HIT || status == ReadStatus.HIT_AND_EXPIRED;
    }

    /** The reads of a reply of {@code cache-get.lua}, one per key, in order. */
    static List<Read> from(@Nullable Object reply, ReadMode mode) {
      List<?> items = items(reply, "cache-get");
      int stride = mode.items;
      List<Read> reads = new ArrayList<>(items.size() / stride);
      for (int i = 0; i + stride - 1 < items.size(); i += stride) {
        long left = stride == 3 && items.get(i + 2) instanceof Long number ? number : 0;
        reads.add(new Read(ReadStatus.from(items.get(i)), bytes(items.get(i + 1)), left));
      }
      return reads;
    }
  }

  /**
   * What an increment did.
   *
   * @param status {@link WriteStatus#CREATED}, {@link WriteStatus#UPDATED}, {@link
   *     WriteStatus#UPDATED_AND_EXPIRED} or {@link WriteStatus#NOT_STORED}
   * @param value the new count's text
   * @param old the old count's text, or null
   * @param expired the value of an expired entry found and removed, or null
   */
  @SuppressWarnings("ArrayRecordComponent") // raw bytes, never compared
  record Incremented(
      WriteStatus status, byte[] value, byte @Nullable [] old, byte @Nullable [] expired) {}

  /**
   * The reply of {@code cache-increment.lua}.
   *
   * @param verdict whether the increment ran
   * @param needsCreation with {@link Verdict#NEED}, whether the creation duration is needed
   * @param needsUpdate with {@link Verdict#NEED}, whether the update duration is needed
   * @param incremented with {@link Verdict#OK}, what was done; else null
   */
  record IncrementReply(
      Verdict verdict,
      boolean needsCreation,
      boolean needsUpdate,
      @Nullable Incremented incremented) {
    static IncrementReply from(@Nullable Object reply) {
      List<?> items = items(reply, "cache-increment");
      Verdict verdict = Verdict.from(items, "cache-increment.lua");
      return switch (verdict) {
        case NEED ->
            new IncrementReply(
                verdict, "1".equals(text(items.get(1))), "1".equals(text(items.get(2))), null);
        case OK ->
            new IncrementReply(
                verdict,
                false,
                false,
                new Incremented(
                    WriteStatus.from(items.get(1), "cache-increment.lua"),
                    requireBytes(items.get(2)),
                    bytes(items.get(3)),
                    bytes(items.get(4))));
        case GONE -> new IncrementReply(verdict, false, false, null);
        case LOST -> throw new IllegalStateException("cache-increment replied 'lost'");
      };
    }
  }

  @Override
  public String toString() {
    return "CacheShard[" + redis.key() + "]";
  }
}
