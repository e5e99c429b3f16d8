package org.hotredis.jcache;

import static java.util.Objects.requireNonNull;
import static org.hotredis.jcache.ScriptReplies.RAW;
import static org.hotredis.jcache.ScriptReplies.items;
import static org.hotredis.jcache.ScriptReplies.requireBytes;
import static org.hotredis.jcache.ScriptReplies.text;

import java.time.Duration;
import java.util.List;
import org.hotredis.Arguments;
import org.hotredis.HotClient;
import org.hotredis.Keys;
import org.hotredis.RedisBinding;
import org.hotredis.Replies;
import org.hotredis.Script;
import org.hotredis.ScriptOutcome;
import org.hotredis.ScriptOutcome.Code;
import org.hotredis.shaded.redis.clients.jedis.BuilderFactory;
import org.jspecify.annotations.Nullable;

/**
 * The Redis side of one cache handle's lifecycle: opening it (creating or attaching to the cache),
 * renewing and closing its lease, and destroying the cache. The entries are {@link CacheEntries}'.
 *
 * <p>Keys: the cache's key ({@code <prefix><name>}, the entries hash of an unsharded cache) and its
 * companions in the same cluster slot: {@code expiry} (the deadlines), {@code listeners} and {@code
 * handles} (hashes of handle id to lease deadline), {@code config} (the stored configuration, its
 * summary, the incarnation's id and the number of shards) and {@code writing} (the write leases of
 * write-through, {@link WriteLeases}). Events are published on the channel {@code
 * {<prefix><name>}:events}. Cache operations need their results at once, so they refuse to run
 * inside a {@link org.hotredis.HotTransaction}.
 */
final class HandleLifecycle {
  private static final Script OPEN = Script.load(HandleLifecycle.class, "lua/cache-open.lua");
  private static final Script HANDLE = Script.load(HandleLifecycle.class, "lua/cache-handle.lua");
  private static final Script DESTROY = Script.load(HandleLifecycle.class, "lua/cache-destroy.lua");
  private static final Script REVIVE = Script.load(HandleLifecycle.class, "lua/cache-revive.lua");

  /** What a renewal found: see {@link #renew}. */
  enum Renewal implements ScriptOutcome {
    /** The cache still has the handle's incarnation. */
    @Code("1")
    CURRENT,
    /** The cache was destroyed or created anew: the handle is stale. */
    @Code("0")
    GONE,
    /** The configuration is missing altogether: Redis lost its data. */
    @Code("2")
    LOST;

    /** Reads the reply of {@code cache-handle.lua}'s renewal: 1, 0 or 2. */
    static Renewal from(long reply) {
      return ScriptOutcome.of(Renewal.class, reply, "cache-handle.lua");
    }
  }

  private final RedisBinding redis;
  private final byte[] channel;
  private final byte[] handle;
  private final String handleId;
  private final List<byte[]> allKeys;
  private final List<byte[]> handleKeys;
  private byte @Nullable [] configuration; // what open() stored or attached to, for revive()
  private @Nullable String summary;
  private int shards = 1;

  /**
   * Creates the lifecycle of a handle.
   *
   * @param client the client
   * @param key the cache's key
   * @param handleId the handle's id, named in the events it causes
   */
  HandleLifecycle(HotClient client, String key, String handleId) {
    this.redis =
        RedisBinding.of(
                requireNonNull(client, "client"), requireNonNull(key, "key"), "cache", "hash")
            .withCompanion("expiry", "zset")
            .withCompanion("listeners", "hash")
            .withCompanion("handles", "hash")
            .withCompanion("config", "hash")
            .withCompanion("writing", "hash");
    this.channel = Arguments.of(Keys.companion(key, "events"));
    this.handleId = requireNonNull(handleId, "handleId");
    this.handle = Arguments.of(handleId);
    // Named one by one: RedisBinding.rawKeys() does not keep the companions' order.
    byte[] entries = Arguments.of(key);
    byte[] expiry = Arguments.of(Keys.companion(key, "expiry"));
    byte[] listeners = Arguments.of(Keys.companion(key, "listeners"));
    byte[] handles = Arguments.of(Keys.companion(key, "handles"));
    byte[] config = Arguments.of(Keys.companion(key, "config"));
    byte[] writing = Arguments.of(Keys.companion(key, "writing"));
    this.allKeys = List.of(entries, expiry, listeners, handles, config, writing);
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
      @Nullable String summary) {

    /**
     * Reads the reply of {@code cache-open.lua}.
     *
     * @return what was found, or null for {@code {'missing'}}
     */
    static @Nullable Opened from(@Nullable Object reply) {
      List<?> items = items(reply, "cache-open");
      String outcome = items.isEmpty() ? "" : text(items.get(0));
      return switch (outcome) {
        case "created" -> new Opened(true, null, text(items.get(1)), null);
        case "attached" ->
            new Opened(false, requireBytes(items.get(1)), text(items.get(2)), text(items.get(3)));
        case "missing" -> null;
        default ->
            throw new IllegalStateException(
                "cache-open replied '" + outcome + "'; expected created, attached or missing");
      };
    }
  }

  /**
   * Opens the handle: see {@code cache-open.lua}.
   *
   * @param mode {@code create}, {@code attach} or {@code declare}
   * @param configuration the configuration to store
   * @param summary its readable summary
   * @param shards the number of shards of a cache created now
   * @param lease the handle's lease
   * @param id a unique id for the incarnation of a cache created now
   * @return what was found, or null if {@code attach} found no cache
   */
  @Nullable Opened open(
      String mode, byte[] configuration, String summary, int shards, Duration lease, String id) {
    List<byte[]> args =
        List.of(
            Arguments.of(mode),
            handle,
            Arguments.of(lease.toMillis()),
            configuration,
            Arguments.of(summary),
            Arguments.of(id),
            Arguments.of(shards));
    Opened opened = Opened.from(redis.write(OPEN.call(RAW, allKeys, args)));
    if (opened != null) {
      byte[] stored = opened.configuration();
      String storedSummary = opened.summary();
      if (stored != null && storedSummary != null) {
        remember(stored, storedSummary, shards);
      } else {
        remember(configuration, summary, shards);
      }
    }
    return opened;
  }

  private synchronized void remember(byte[] configuration, String summary, int shards) {
    this.configuration = configuration;
    this.summary = summary;
    this.shards = shards;
  }

  /**
   * Records the number of shards of the cache the handle opened (the stored one when it attached).
   */
  synchronized void shards(int shards) {
    this.shards = shards;
  }

  /**
   * Renews the handle's lease and records whether it listens.
   *
   * @param listening whether the handle has listeners
   * @param lease the lease
   * @param incarnation the incarnation the handle belongs to
   * @return whether the cache still has the handle's incarnation, was destroyed or created anew, or
   *     lost its data
   */
  Renewal renew(boolean listening, Duration lease, String incarnation) {
    List<byte[]> args =
        List.of(
            handle,
            Arguments.of("renew"),
            Arguments.of(lease.toMillis()),
            Arguments.of(listening ? "1" : "0"),
            Arguments.of(incarnation));
    return Renewal.from(redis.write(HANDLE.call(BuilderFactory.LONG, handleKeys, args)));
  }

  /**
   * Stores the handle's configuration again, under its incarnation, if Redis lost the cache's data
   * (see {@code cache-revive.lua}). One round trip.
   *
   * @return true if the cache has the handle's incarnation now, false if it was destroyed or
   *     created anew
   */
  boolean revive(Duration lease, String incarnation) {
    byte[] stored;
    String storedSummary;
    int storedShards;
    synchronized (this) {
      stored = configuration;
      storedSummary = summary;
      storedShards = shards;
    }
    if (stored == null || storedSummary == null) {
      return false;
    }
    List<byte[]> args =
        List.of(
            handle,
            Arguments.of(incarnation),
            Arguments.of(lease.toMillis()),
            stored,
            Arguments.of(storedSummary),
            Arguments.of(storedShards));
    return redis.write(REVIVE.call(Replies.isOne(), handleKeys, args));
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
   * Destroys the cache's keys in this slot and tells other JVMs' handles; the shards of a sharded
   * cache are the caller's to delete ({@link CacheEntries#deleteShards}). A tombstone stays for
   * {@code tombstone}, so that a handle that missed the message closes itself.
   *
   * @return 0 if the cache did not exist, else its number of shards
   */
  int destroy(Duration tombstone) {
    long destroyed =
        redis.write(
            DESTROY.call(
                BuilderFactory.LONG,
                allKeys,
                List.of(channel, handle, Arguments.of(Math.max(1, tombstone.toMillis())))));
    return (int) destroyed;
  }

  @Override
  public String toString() {
    return "HandleLifecycle[" + redis.key() + ", handle " + handleId + "]";
  }
}
