package org.hotredis.jcache;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hotredis.Arguments;
import org.hotredis.HotClient;
import org.hotredis.Keys;
import org.hotredis.RedisBinding;
import org.hotredis.Replies;
import org.hotredis.Script;
import org.hotredis.jcache.expiry.Durations;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.Builder;

/**
 * The Redis side of one cache handle: every read and write of the cache is one script call here, on
 * raw (encoded) keys and values.
 *
 * <p>Keys: the entries hash ({@code <prefix><name>}) and its companions in the same cluster slot:
 * {@code expiry} (a sorted set of deadlines, in ms of Redis's clock), {@code listeners} and {@code
 * handles} (hashes of handle id to lease deadline) and {@code config} (the stored configuration).
 * Events are published on the channel {@code {<prefix><name>}:events}. The scripts' headers
 * describe each call; writes that need an expiry duration the operation has not asked its policy
 * for come back naming it, and are run again once it is known ({@link Durations}). Cache operations
 * need their results at once, so they refuse to run inside a {@link org.hotredis.HotTransaction}.
 */
final class CacheStore {
  private static final Script WRITE = Script.load(CacheStore.class, "lua/cache-write.lua");
  private static final Script GET = Script.load(CacheStore.class, "lua/cache-get.lua");
  private static final Script SCAN = Script.load(CacheStore.class, "lua/cache-scan.lua");
  private static final Script SWEEP = Script.load(CacheStore.class, "lua/cache-sweep.lua");
  private static final Script INCREMENT = Script.load(CacheStore.class, "lua/cache-increment.lua");
  private static final Script OPEN = Script.load(CacheStore.class, "lua/cache-open.lua");
  private static final Script HANDLE = Script.load(CacheStore.class, "lua/cache-handle.lua");
  private static final Script DESTROY = Script.load(CacheStore.class, "lua/cache-destroy.lua");

  /** Operations per write script; larger batches run as several scripts. */
  static final int BATCH = 1000;

  static final char PUT = 'P';
  static final char PUT_IF_ABSENT = 'A';
  static final char REPLACE = 'R';
  static final char REPLACE_IF = 'E';
  static final char REMOVE = 'D';
  static final char REMOVE_IF = 'F';
  static final char TOUCH = 'T';

  private static final byte[] NONE = {};
  private static final Builder<Object> RAW =
      new Builder<>() {
        @Override
        public Object build(@Nullable Object data) {
          return data == null ? List.of() : data;
        }
      };

  private final RedisBinding redis;
  private final byte[] channel;
  private final byte[] handle;
  private final String handleId;
  private final List<byte[]> dataKeys;
  private final List<byte[]> allKeys;
  private final List<byte[]> handleKeys;

  /**
   * Creates the store of a handle.
   *
   * @param client the client
   * @param key the entries hash
   * @param handleId the handle's id, named in the events it causes
   */
  CacheStore(HotClient client, String key, String handleId) {
    this.redis =
        RedisBinding.of(
                requireNonNull(client, "client"), requireNonNull(key, "key"), "cache", "hash")
            .withCompanion("expiry", "zset")
            .withCompanion("listeners", "hash")
            .withCompanion("handles", "hash")
            .withCompanion("config", "hash");
    this.channel = Arguments.of(Keys.companion(key, "events"));
    this.handleId = requireNonNull(handleId, "handleId");
    this.handle = Arguments.of(handleId);
    // Named one by one: RedisBinding.rawKeys() does not keep the companions' order.
    byte[] entries = Arguments.of(key);
    byte[] expiry = Arguments.of(Keys.companion(key, "expiry"));
    byte[] listeners = Arguments.of(Keys.companion(key, "listeners"));
    byte[] handles = Arguments.of(Keys.companion(key, "handles"));
    byte[] config = Arguments.of(Keys.companion(key, "config"));
    this.allKeys = List.of(entries, expiry, listeners, handles, config);
    this.dataKeys = List.of(entries, expiry, listeners);
    this.handleKeys = List.of(handles, listeners, config);
  }

  RedisBinding redis() {
    return redis;
  }

  String key() {
    return redis.key();
  }

  byte[] channel() {
    return channel;
  }

  String handleId() {
    return handleId;
  }

  HotClient client() {
    return redis.client();
  }

  // ---- entries ----

  /** One operation of a write script. */
  @SuppressWarnings("ArrayRecordComponent") // raw bytes, never compared
  record Op(
      char code,
      byte[] key,
      byte @Nullable [] expected,
      byte @Nullable [] value,
      Durations durations) {}

  /**
   * What a write did to one entry.
   *
   * @param status C created, U updated, X updated and expired at once, Z not stored, D removed, T
   *     touched, W touched and expired at once, N nothing
   * @param old the value before, if asked for and present
   * @param expired the value of an expired entry found and removed, if asked for
   */
  @SuppressWarnings("ArrayRecordComponent") // raw bytes, never compared
  record Written(char status, byte @Nullable [] old, byte @Nullable [] expired) {}

  /**
   * Runs write operations on distinct keys, in batches of {@value #BATCH} (each batch atomic). A
   * batch that needs an expiry duration an operation has not asked its policy for comes back naming
   * it; the operation's {@link Durations} ask the policy, and the batch runs again.
   *
   * @param ops the operations
   * @param wantOld whether to reply with old and expired values
   * @return what each operation did, in order
   */
  List<Written> write(List<Op> ops, boolean wantOld) {
    redis.multiStep();
    List<Written> results = new ArrayList<>(ops.size());
    for (int from = 0; from < ops.size(); from += BATCH) {
      results.addAll(writeBatch(ops.subList(from, Math.min(ops.size(), from + BATCH)), wantOld));
    }
    return results;
  }

  private List<Written> writeBatch(List<Op> ops, boolean wantOld) {
    while (true) {
      List<byte[]> args = new ArrayList<>(3 + 7 * ops.size());
      args.add(channel);
      args.add(handle);
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
      List<?> reply = (List<?>) redis.write(WRITE.call(RAW, dataKeys, args));
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

  /**
   * What a read found for one key.
   *
   * @param status H hit, W hit that expired at once, M miss, X miss that removed an expired entry
   * @param value the value (H, W), the expired value (X), or null
   */
  @SuppressWarnings("ArrayRecordComponent") // raw bytes, never compared
  record Read(char status, byte @Nullable [] value) {
    boolean hit() {
      return status == 'H' || status == 'W';
    }
  }

  /**
   * Reads entries.
   *
   * @param keys the keys
   * @param access the access duration to apply to hits ({@code ?} or {@code k} for none)
   * @param values whether to return the values ({@code false}: existence only, no access)
   * @return what was found for each key, in order
   */
  List<Read> read(List<byte[]> keys, String access, boolean values) {
    redis.multiStep();
    List<byte[]> args = new ArrayList<>(4 + keys.size());
    args.add(channel);
    args.add(handle);
    args.add(Arguments.of(access));
    args.add(Arguments.of(values ? "v" : "x"));
    args.addAll(keys);
    List<?> reply = (List<?>) redis.read(GET.call(RAW, dataKeys, args));
    List<Read> results = new ArrayList<>(keys.size());
    for (int i = 0; i + 1 < reply.size(); i += 2) {
      results.add(new Read(status(reply.get(i)), bytes(reply.get(i + 1))));
    }
    return results;
  }

  /**
   * One page of an iteration.
   *
   * @param cursor the next cursor, {@code 0} when done
   * @param live the live entries
   * @param expired the expired entries the page removed
   */
  record Page(
      String cursor,
      List<Map.Entry<byte[], byte[]>> live,
      List<Map.Entry<byte[], byte[]>> expired) {}

  /**
   * Reads one page of entries.
   *
   * @param cursor the cursor, {@code 0} to start
   * @param count how many entries to ask for
   * @return the page
   */
  Page scan(String cursor, int count) {
    List<byte[]> args = List.of(channel, handle, Arguments.of(cursor), Arguments.of(count));
    List<?> reply = (List<?>) redis.read(SCAN.call(RAW, dataKeys, args));
    String next = new String(requireBytes(reply.get(0)), StandardCharsets.US_ASCII);
    return new Page(next, pairs(reply.get(1)), pairs(reply.get(2)));
  }

  /**
   * Removes one slice of expired entries.
   *
   * @param limit the most entries to remove
   * @return the entries removed
   */
  List<Map.Entry<byte[], byte[]>> sweep(int limit) {
    List<byte[]> args = List.of(channel, handle, Arguments.of(limit));
    return pairs(redis.write(SWEEP.call(RAW, dataKeys, args)));
  }

  /**
   * What an increment did.
   *
   * @param status C created, U updated, X updated and expired at once, Z not stored
   * @param value the new count's text
   * @param old the old count's text, or null
   * @param expired the value of an expired entry found and removed, or null
   */
  @SuppressWarnings("ArrayRecordComponent") // raw bytes, never compared
  record Incremented(char status, byte[] value, byte @Nullable [] old, byte @Nullable [] expired) {}

  /**
   * Adds to a count with {@code HINCRBY}.
   *
   * @param key the encoded key
   * @param amount the amount
   * @param durations the operation's expiry durations
   * @return what was done
   */
  Incremented increment(byte[] key, long amount, Durations durations) {
    redis.multiStep();
    while (true) {
      List<byte[]> args =
          List.of(
              channel,
              handle,
              key,
              Arguments.of(amount),
              Arguments.of(durations.creation()),
              Arguments.of(durations.update()));
      List<?> reply = (List<?>) redis.write(INCREMENT.call(RAW, dataKeys, args));
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

  /** Deletes every entry and deadline; no events. One round trip ({@code DEL}). */
  void clear() {
    redis.send(redis.commands().del(allKeys.get(0), allKeys.get(1)));
  }

  // ---- the handle's lifecycle ----

  /**
   * What opening a handle found.
   *
   * @param created whether the cache was created (or its configuration stored) now
   * @param configuration the stored configuration when attached, else null
   * @param incarnation the id of the cache's incarnation
   * @param summary the stored summary when attached, else null
   */
  @SuppressWarnings("ArrayRecordComponent") // raw bytes, never compared
  record Opened(
      boolean created,
      byte @Nullable [] configuration,
      String incarnation,
      @Nullable String summary) {}

  /**
   * Opens the handle: see {@code cache-open.lua}.
   *
   * @param mode {@code create}, {@code attach} or {@code declare}
   * @param configuration the configuration to store
   * @param summary its readable summary
   * @param lease the handle's lease
   * @param incarnation the id of a cache created now
   * @return what was found, or null if {@code attach} found no cache
   */
  @Nullable Opened open(
      String mode, byte[] configuration, String summary, Duration lease, String incarnation) {
    List<byte[]> args =
        List.of(
            Arguments.of(mode),
            handle,
            Arguments.of(lease.toMillis()),
            configuration,
            Arguments.of(summary),
            Arguments.of(incarnation));
    List<?> reply = (List<?>) redis.write(OPEN.call(RAW, allKeys, args));
    switch (text(reply.get(0))) {
      case "created" -> {
        return new Opened(true, null, text(reply.get(1)), null);
      }
      case "attached" -> {
        return new Opened(
            false, requireBytes(reply.get(1)), text(reply.get(2)), text(reply.get(3)));
      }
      default -> {
        return null;
      }
    }
  }

  /**
   * Renews the handle's lease and records whether it listens.
   *
   * @param listening whether the handle has listeners
   * @param lease the lease
   * @param incarnation the incarnation the handle belongs to
   * @return false if the cache was destroyed or created anew since the handle opened
   */
  boolean renew(boolean listening, Duration lease, String incarnation) {
    List<byte[]> args =
        List.of(
            handle,
            Arguments.of("renew"),
            Arguments.of(lease.toMillis()),
            Arguments.of(listening ? "1" : "0"),
            Arguments.of(incarnation));
    return redis.write(HANDLE.call(Replies.isOne(), handleKeys, args));
  }

  /**
   * Closes the handle's lease.
   *
   * @param incarnation the incarnation the handle belongs to
   */
  void closeHandle(String incarnation) {
    List<byte[]> args =
        List.of(
            handle,
            Arguments.of("close"),
            Arguments.of(0),
            Arguments.of("0"),
            Arguments.of(incarnation));
    redis.send(HANDLE.call(Replies.isOne(), handleKeys, args));
  }

  /**
   * Destroys the cache in Redis and tells other JVMs' handles.
   *
   * @return true if the cache existed
   */
  boolean destroy() {
    return redis.write(DESTROY.call(Replies.isOne(), allKeys, List.of(channel, handle)));
  }

  // ---- replies ----

  private static boolean isNeed(List<?> reply) {
    return !reply.isEmpty() && "?".equals(text(reply.get(0)));
  }

  private static boolean flag(List<?> reply, int index) {
    return "1".equals(text(reply.get(index)));
  }

  private static char status(@Nullable Object item) {
    byte[] bytes = requireBytes(item);
    return bytes.length == 0 ? 'N' : (char) bytes[0];
  }

  private static String text(@Nullable Object item) {
    return new String(requireBytes(item), StandardCharsets.UTF_8);
  }

  private static byte @Nullable [] bytes(@Nullable Object item) {
    return item instanceof byte[] bytes ? bytes : null;
  }

  private static byte[] requireBytes(@Nullable Object item) {
    if (item instanceof byte[] bytes) {
      return bytes;
    }
    if (item instanceof Long number) {
      return Arguments.of(number);
    }
    throw new IllegalStateException("unexpected script reply item: " + item);
  }

  private static List<Map.Entry<byte[], byte[]>> pairs(@Nullable Object item) {
    List<Map.Entry<byte[], byte[]>> pairs = new ArrayList<>();
    if (item instanceof List<?> flat) {
      for (int i = 0; i + 1 < flat.size(); i += 2) {
        pairs.add(
            new SimpleImmutableEntry<>(requireBytes(flat.get(i)), requireBytes(flat.get(i + 1))));
      }
    }
    return pairs;
  }

  @Override
  public String toString() {
    return "CacheStore[" + redis.key() + ", handle " + handleId + "]";
  }
}
