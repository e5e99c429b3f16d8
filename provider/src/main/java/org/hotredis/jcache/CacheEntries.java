package org.hotredis.jcache;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.zip.CRC32;
import org.hotredis.HotClient;
import org.hotredis.Keys;
import org.hotredis.jcache.CacheShard.Incremented;
import org.hotredis.jcache.CacheShard.Op;
import org.hotredis.jcache.CacheShard.OpCode;
import org.hotredis.jcache.CacheShard.Page;
import org.hotredis.jcache.CacheShard.Read;
import org.hotredis.jcache.CacheShard.ReadMode;
import org.hotredis.jcache.CacheShard.WriteStatus;
import org.hotredis.jcache.CacheShard.Written;
import org.hotredis.jcache.expiry.Durations;
import org.jspecify.annotations.Nullable;

/**
 * The entries of a cache, in one hash or spread over shards: routes each operation to the shard
 * that holds its keys.
 *
 * <p>An unsharded cache keeps its entries in the hash named by the cache's key ({@code
 * <prefix><name>}). A cache with {@code n > 1} shards keeps them in {@code n} hashes whose hash
 * tags fall in evenly spaced ranges of the cluster's 16384 slots: shard {@code i} is <code>
 * &#123;&lt;prefix&gt;&lt;name&gt;#i&#125;</code>, or <code>&#123;&lt;prefix&gt;&lt;name&gt;#i.j
 * &#125;</code> with the smallest {@code j} that puts it in its range. A key belongs to shard
 * {@code crc32(encoded key) mod n}. Single-key operations are one script on their shard; bulk
 * operations run one script per shard (per batch of {@value #BATCH}) they touch, in turn.
 */
final class CacheEntries {
  /** Operations per write script; larger batches run as several scripts. */
  static final int BATCH = 1000;

  private static final int SLOTS = 16384;

  private final List<CacheShard> shards;
  private final String cacheName;
  private volatile @Nullable Runnable onGone;
  private volatile @Nullable BooleanSupplier onLost;
  private volatile @Nullable NearCache near;

  private CacheEntries(String cacheName, List<CacheShard> shards) {
    this.cacheName = cacheName;
    this.shards = List.copyOf(shards);
  }

  /**
   * Binds the entries of a handle and, for a sharded cache, claims each shard for its incarnation
   * (one round trip per shard).
   *
   * @param handle the handle's lifecycle
   * @param cacheName the cache's name
   * @param shards the number of shards
   * @param incarnation the incarnation the handle belongs to
   * @return the entries
   * @throws CacheGoneException if a shard belongs to a newer incarnation
   */
  static CacheEntries open(
      HandleLifecycle handle, String cacheName, int shards, String incarnation) {
    HotClient client = handle.client();
    if (shards == 1) {
      return new CacheEntries(
          cacheName,
          List.of(
              new CacheShard(
                  client,
                  cacheName,
                  handle.key(),
                  "config",
                  handle.channel(),
                  handle.handleId(),
                  incarnation)));
    }
    List<CacheShard> bound = new ArrayList<>(shards);
    for (String key : shardKeys(handle.key(), shards)) {
      CacheShard shard =
          new CacheShard(
              client, cacheName, key, "shard", handle.channel(), handle.handleId(), incarnation);
      if (!shard.claim()) {
        throw new CacheGoneException(cacheName);
      }
      bound.add(shard);
    }
    return new CacheEntries(cacheName, bound);
  }

  /**
   * Deletes the shards of a sharded cache that was destroyed: one {@code DEL} per shard.
   *
   * @param client the client
   * @param key the cache's key
   * @param shards the number of shards; nothing is done for 1
   */
  static void deleteShards(HotClient client, String key, int shards) {
    if (shards <= 1) {
      return;
    }
    byte[] none = {};
    for (String shardKey : shardKeys(key, shards)) {
      new CacheShard(client, key, shardKey, "shard", none, "-", "-").delete();
    }
  }

  /**
   * Returns the entries hashes of the shards of a cache.
   *
   * @param key the cache's key
   * @param shards the number of shards, more than 1
   * @return the shards' keys, each with its own hash tag
   * @throws IllegalArgumentException if the key contains a brace, which would change the tags
   */
  static List<String> shardKeys(String key, int shards) {
    checkShardable(key);
    List<String> keys = new ArrayList<>(shards);
    for (int i = 0; i < shards; i++) {
      int from = (int) ((long) i * SLOTS / shards);
      int to = (int) ((long) (i + 1) * SLOTS / shards);
      String tag = key + "#" + i;
      for (int j = 1; outside(Keys.slot(tag), from, to); j++) {
        tag = key + "#" + i + "." + j;
      }
      keys.add("{" + tag + "}");
    }
    return keys;
  }

  /**
   * Checks that a cache's key can be sharded.
   *
   * @param key the cache's key
   * @throws IllegalArgumentException if the key contains a brace, which would change the tags
   */
  static void checkShardable(String key) {
    if (key.indexOf('{') >= 0 || key.indexOf('}') >= 0) {
      throw new IllegalArgumentException(
          "cache key '"
              + key
              + "' contains a brace; a sharded cache gives each shard its own hash tag, so its"
              + " key prefix and name must not contain '{' or '}'");
    }
  }

  private static boolean outside(int slot, int from, int to) {
    return slot < from || slot >= to;
  }

  /**
   * Has {@code onGone} run when a write finds the cache destroyed (before the write throws), unless
   * {@code onLost} finds that Redis lost the cache's data and revives it (returning true): then the
   * write runs once more.
   */
  /**
   * Has every write drop the keys it wrote from a near cache, after its script returns (or fails).
   *
   * @param nearCache the handle's near cache
   */
  void nearCache(NearCache nearCache) {
    this.near = requireNonNull(nearCache, "nearCache");
  }

  void onGone(Runnable onGone, BooleanSupplier onLost) {
    this.onGone = requireNonNull(onGone, "onGone");
    this.onLost = requireNonNull(onLost, "onLost");
  }

  /**
   * Claims every shard of a sharded cache again for the incarnation, after Redis lost the cache's
   * data. One round trip per shard; none for an unsharded cache.
   *
   * @return false if a shard belongs to a newer incarnation
   */
  boolean reclaim() {
    if (shards.size() == 1) {
      return true;
    }
    boolean current = true;
    for (CacheShard shard : shards) {
      current &= shard.claim();
    }
    return current;
  }

  int shardCount() {
    return shards.size();
  }

  // ---- entries ----

  /**
   * Runs write operations on distinct keys, one script per shard and batch of {@value #BATCH} (each
   * atomic). A batch that needs an expiry duration an operation has not asked its policy for comes
   * back naming it; the operation's {@link Durations} ask the policy, and the batch runs again.
   *
   * @param ops the operations
   * @param wantOld whether to reply with old and expired values
   * @return what each operation did, in order
   * @throws CacheGoneException if the cache was destroyed since the handle opened
   */
  List<Written> write(List<Op> ops, boolean wantOld) {
    return write(ops, wantOld, null);
  }

  /**
   * Runs write operations as {@link #write(List, boolean)} does, for a write-through operation that
   * holds the write leases of their keys ({@link WriteLeases}): each batch is refused, before
   * anything is written, unless the token still holds the lease of every key in it.
   *
   * @param ops the operations
   * @param wantOld whether to reply with old and expired values
   * @param token the token of the operation holding the keys' write leases, or null for none
   * @return what each operation did, in order
   * @throws CacheGoneException if the cache was destroyed since the handle opened
   * @throws LeaseLostException if a key's lease lapsed and another operation took it
   */
  List<Written> write(List<Op> ops, boolean wantOld, @Nullable String token) {
    try {
      return guarded(
          () -> routed(ops, Op::key, (shard, part) -> shard.write(part, wantOld, token)));
    } finally {
      NearCache kept = near;
      if (kept != null) {
        for (Op op : ops) {
          kept.invalidate(op.key());
        }
      }
    }
  }

  /**
   * Puts one entry, without write-through: one script on the key's shard, which reads the clock,
   * the listeners and the old value only when the entry or the cache needs them.
   *
   * @param key the encoded key
   * @param value the encoded value
   * @param wantOld whether to reply with the old and expired values
   * @param durations the operation's expiry durations
   * @return what the put did
   * @throws CacheGoneException if the cache was destroyed since the handle opened
   */
  Written put(byte[] key, byte[] value, boolean wantOld, Durations durations) {
    try {
      return guarded(() -> shardOf(key).put(key, value, wantOld, durations));
    } finally {
      NearCache kept = near;
      if (kept != null) {
        kept.invalidate(key);
      }
    }
  }

  /**
   * Applies the access duration to an entry read, if it still holds what was read: one write
   * script, none when the access duration leaves the deadline alone.
   *
   * @param key the encoded key
   * @param read the encoded value read
   * @param durations the operation's expiry durations
   * @return whether the entry expired at once (access duration 0) and was removed
   */
  boolean touch(byte[] key, byte[] read, Durations durations) {
    durations.evaluate(false, false, true);
    if (!durations.accessChangesDeadline()) {
      return false;
    }
    Op touch = new Op(OpCode.TOUCH, key, read, null, durations);
    return write(List.of(touch), false).get(0).status() == WriteStatus.TOUCHED_AND_EXPIRED;
  }

  /**
   * A batch of keys whose write leases one script takes: keys of one shard.
   *
   * @param shard the shard
   * @param keys the encoded keys, at most {@value #BATCH}
   */
  record LeaseBatch(CacheShard shard, List<byte[]> keys) {}

  /**
   * Orders keys as every JVM takes their write leases: by shard, then by their encoded bytes, in
   * batches of at most {@value #BATCH} keys of one shard. An operation that takes its batches in
   * this order waits only for keys after those it holds, so operations on overlapping keys cannot
   * wait for each other in a cycle.
   *
   * @param keys the encoded keys; duplicates count once
   * @return the batches, in order
   */
  List<LeaseBatch> leaseOrder(List<byte[]> keys) {
    List<TreeSet<byte[]>> byShard = new ArrayList<>(shards.size());
    for (int i = 0; i < shards.size(); i++) {
      byShard.add(new TreeSet<>(Arrays::compareUnsigned));
    }
    for (byte[] key : keys) {
      byShard.get(indexOf(key)).add(key);
    }
    List<LeaseBatch> batches = new ArrayList<>();
    for (int s = 0; s < shards.size(); s++) {
      List<byte[]> sorted = new ArrayList<>(byShard.get(s));
      for (int from = 0; from < sorted.size(); from += BATCH) {
        batches.add(
            new LeaseBatch(
                shards.get(s),
                List.copyOf(sorted.subList(from, Math.min(sorted.size(), from + BATCH)))));
      }
    }
    return batches;
  }

  /**
   * Reads entries, one script per shard and batch of {@value #BATCH}.
   *
   * @param keys the keys
   * @param access the access duration to apply to hits ({@code ?} or {@link Durations#KEEP} for
   *     none)
   * @param values whether to return the values ({@code false}: existence only, no access)
   * @return what was found for each key, in order
   */
  List<Read> read(List<byte[]> keys, String access, boolean values) {
    return read(keys, access, values ? ReadMode.VALUE : ReadMode.EXISTENCE);
  }

  /**
   * Reads entries, one script per shard and batch of {@value #BATCH}.
   *
   * @param keys the keys
   * @param access the access duration to apply to hits ({@code ?} or {@link Durations#KEEP} for
   *     none)
   * @param mode what to reply for each key
   * @return what was found for each key, in order
   */
  List<Read> read(List<byte[]> keys, String access, ReadMode mode) {
    return routed(keys, Function.identity(), (shard, part) -> shard.read(part, access, mode));
  }

  /**
   * Reads one page of entries: {@code HSCAN} over the shards in turn. A sharded cursor is the
   * shard's number, a colon and that shard's cursor.
   *
   * @param cursor the cursor, {@code 0} to start
   * @param count how many entries to ask for
   * @return the page
   */
  Page scan(String cursor, int count) {
    if (shards.size() == 1) {
      return shards.get(0).scan(cursor, count);
    }
    int colon = cursor.indexOf(':');
    int shard = colon < 0 ? 0 : Integer.parseInt(cursor.substring(0, colon));
    Page page = shards.get(shard).scan(colon < 0 ? cursor : cursor.substring(colon + 1), count);
    String next;
    if (!page.cursor().equals("0")) {
      next = shard + ":" + page.cursor();
    } else {
      next = shard + 1 < shards.size() ? (shard + 1) + ":0" : "0";
    }
    return new Page(next, page.live(), page.expired(), page.shard(), page.shardDone());
  }

  /**
   * Removes expired entries: at most {@code limit} from each shard.
   *
   * @param limit the most entries to remove per shard
   * @return the entries removed
   */
  List<Map.Entry<byte[], byte[]>> sweep(int limit) {
    List<Map.Entry<byte[], byte[]>> removed = new ArrayList<>();
    for (CacheShard shard : shards) {
      removed.addAll(shard.sweep(limit));
    }
    NearCache kept = near;
    if (kept != null) {
      for (Map.Entry<byte[], byte[]> entry : removed) {
        kept.invalidate(entry.getKey());
      }
    }
    return removed;
  }

  /**
   * Adds to a count with {@code HINCRBY}, on the key's shard.
   *
   * @param key the encoded key
   * @param amount the amount
   * @param durations the operation's expiry durations
   * @return what was done
   * @throws CacheGoneException if the cache was destroyed since the handle opened
   */
  Incremented increment(byte[] key, long amount, Durations durations) {
    try {
      return guarded(() -> shardOf(key).increment(key, amount, durations));
    } finally {
      NearCache kept = near;
      if (kept != null) {
        kept.invalidate(key);
      }
    }
  }

  /** Counts the live entries: one script per shard. */
  long size() {
    long size = 0;
    for (CacheShard shard : shards) {
      size += shard.size();
    }
    return size;
  }

  /**
   * Deletes every entry and deadline: one script per shard; no entry events, but other handles'
   * near caches are told to drop everything.
   */
  void clear() {
    try {
      for (CacheShard shard : shards) {
        shard.clear();
      }
    } finally {
      NearCache kept = near;
      if (kept != null) {
        kept.invalidateAll();
      }
    }
  }

  /**
   * Records in each shard of a sharded cache whether the handle listens (an unsharded cache keeps
   * this with the handle's lease, in {@link HandleLifecycle#renew}).
   *
   * @return false if a shard belongs to another incarnation
   */
  boolean renewListening(boolean listening, java.time.Duration lease) {
    if (shards.size() == 1) {
      return true;
    }
    boolean current = true;
    for (CacheShard shard : shards) {
      current &= shard.listen(listening, lease);
    }
    return current;
  }

  /** Deletes the shards of a sharded cache: one {@code DEL} per shard. */
  void deleteShards() {
    if (shards.size() > 1) {
      for (CacheShard shard : shards) {
        shard.delete();
      }
    }
  }

  // ---- routing ----

  private CacheShard shardOf(byte[] key) {
    return shards.get(indexOf(key));
  }

  private int indexOf(byte[] key) {
    if (shards.size() == 1) {
      return 0;
    }
    CRC32 crc = new CRC32();
    crc.update(key);
    return (int) (crc.getValue() % shards.size());
  }

  /** A call on one shard with a part of the items: returns one result per item, in order. */
  private interface ShardCall<T, R> {
    List<R> run(CacheShard shard, List<T> part);
  }

  /**
   * Runs a call per shard and batch of {@value #BATCH} on the items each shard holds, and puts the
   * results back in the items' order.
   */
  private <T, R> List<R> routed(List<T> items, Function<T, byte[]> keyOf, ShardCall<T, R> call) {
    if (shards.size() == 1) {
      List<R> results = new ArrayList<>(items.size());
      for (int from = 0; from < items.size(); from += BATCH) {
        results.addAll(
            call.run(shards.get(0), items.subList(from, Math.min(items.size(), from + BATCH))));
      }
      return results;
    }
    List<List<Integer>> positions = new ArrayList<>(shards.size());
    for (int i = 0; i < shards.size(); i++) {
      positions.add(new ArrayList<>());
    }
    for (int i = 0; i < items.size(); i++) {
      positions.get(indexOf(keyOf.apply(items.get(i)))).add(i);
    }
    Object[] results = new Object[items.size()];
    for (int s = 0; s < shards.size(); s++) {
      List<Integer> mine = positions.get(s);
      for (int from = 0; from < mine.size(); from += BATCH) {
        List<Integer> batch = mine.subList(from, Math.min(mine.size(), from + BATCH));
        List<T> part = new ArrayList<>(batch.size());
        batch.forEach(i -> part.add(items.get(i)));
        List<R> done = call.run(shards.get(s), part);
        for (int k = 0; k < batch.size(); k++) {
          results[batch.get(k)] = done.get(k);
        }
      }
    }
    @SuppressWarnings("unchecked")
    List<R> ordered = (List<R>) Arrays.asList(results);
    return ordered;
  }

  private <R> R guarded(java.util.function.Supplier<R> call) {
    try {
      return call.get();
    } catch (CacheGoneException e) {
      BooleanSupplier lost = onLost;
      if (lost != null && lost.getAsBoolean()) {
        try {
          return call.get();
        } catch (CacheGoneException again) {
          e = again;
        }
      }
      Runnable gone = onGone;
      if (gone != null) {
        gone.run();
      }
      throw e;
    }
  }

  @Override
  public String toString() {
    return "CacheEntries[" + cacheName + ", " + shards.size() + " shard(s)]";
  }
}
