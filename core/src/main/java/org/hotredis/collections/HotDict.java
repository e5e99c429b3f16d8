package org.hotredis.collections;

import static java.util.Objects.requireNonNull;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Function;
import org.hotredis.Arguments;
import org.hotredis.HotBuilder;
import org.hotredis.HotClient;
import org.hotredis.HotClientBuilder;
import org.hotredis.HotObject;
import org.hotredis.HotTransaction;
import org.hotredis.Keys;
import org.hotredis.RedisBinding;
import org.hotredis.Replies;
import org.hotredis.Script;
import org.hotredis.ScriptCall;
import org.hotredis.StoredKeys;
import org.hotredis.codec.Codec;
import org.hotredis.codec.Codecs;
import org.hotredis.shaded.redis.clients.jedis.BuilderFactory;
import org.hotredis.shaded.redis.clients.jedis.CommandObject;
import org.hotredis.shaded.redis.clients.jedis.params.ScanParams;
import org.hotredis.shaded.redis.clients.jedis.resps.ScanResult;
import org.hotredis.toolkit.ByteKey;
import org.hotredis.toolkit.Encoding;
import org.hotredis.toolkit.IterationMemory;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ConcurrentMap} stored in a Redis hash, shared by every process that uses its key.
 *
 * <pre>{@code
 * HotDict<String, String> dict = client.dict("users", String.class, String.class);
 * dict.set("ann", "admin");                      // HSET users ann admin
 * dict.putIfAbsent("bob", "guest");              // one script: HSETNX, or the current value
 * dict.merge("visits", "x", String::concat);     // compare-and-set loop; other processes may race
 * }</pre>
 *
 * <p>Each field of the hash is a key encoded with the key {@link Codec}, and its value a value
 * encoded with the value codec; with the default codecs a {@code HotDict<String, String>} reads and
 * writes the same hash as the Python HOT Redis {@code Dict} and {@code redis-cli}. Null keys and
 * values are refused with {@link NullPointerException}, as {@link
 * java.util.concurrent.ConcurrentHashMap} refuses them; a query with an object of another type
 * finds nothing.
 *
 * <p><b>Atomicity.</b> Every method that reads or changes one entry, and every bulk method ({@code
 * putAll}, {@code clear}, the views' {@code removeAll} and {@code retainAll}), is one Redis command
 * or one Lua script: one round trip, atomic. {@code putIfAbsent}, {@code remove(k, v)} and both
 * {@code replace} methods compare and set inside Redis. {@link #compute}, {@link #computeIfAbsent},
 * {@link #computeIfPresent} and {@link #merge} run your function in this JVM, so they read the
 * entry ({@code HGET}) and then write it back with a compare-and-set script that fails if another
 * client changed the entry in between; they then retry with the value that script returned, as
 * {@link ConcurrentMap}'s own retry loops do. They are atomic, never lose another client's write,
 * and your function may run more than once. {@link #replaceAll} and the views' {@code removeIf}
 * read the whole hash under {@code WATCH} and write in one {@code MULTI}/{@code EXEC}, retried if
 * another client changed the hash meanwhile.
 *
 * <p><b>Iteration and views.</b> {@link #keySet()}, {@link #values()} and {@link #entrySet()} are
 * live views: their reads and removals go to the Redis hash. Their iterators (and {@link #forEach})
 * read it in pages of about {@value #PAGE} entries ({@code HSCAN}). They are weakly consistent, as
 * {@code HSCAN} is: they never fail because another process changed the hash, return every entry
 * present for the whole iteration, and may miss entries added or removed meanwhile. They never
 * return an entry twice, on a single server or a cluster, although {@code HSCAN} may when the hash
 * shrinks during the iteration: each iteration remembers the fields it returned (none for a hash
 * that fits in one page), in this JVM up to a budget ({@link HotClientBuilder#iteratorMemory}, 16
 * MiB by default), beyond it in a temporary hash in Redis; see {@link IterationMemory}. The values
 * view returns a value once for each entry that holds it. {@link Map.Entry#setValue} writes through
 * only if the entry still holds the value the iterator returned (a compare-and-set), and throws
 * {@link java.util.ConcurrentModificationException} otherwise, so a read-modify-write through an
 * entry never overwrites another client's change. {@code Iterator.remove} deletes the key ({@code
 * HDEL}).
 *
 * <p><b>Equality.</b> {@code equals}, {@code hashCode} and {@code toString} follow the {@link Map}
 * contract over one snapshot ({@code HGETALL}); as the content changes over time, do not use a
 * {@code HotDict} as a key in a hash-based collection.
 *
 * <p><b>Transactions.</b> Inside {@link HotClient#transaction()}, {@link #set}, {@link #putAll},
 * {@link #clear} and {@link #copy} are queued; methods whose result Redis computes ({@code get},
 * {@code put}, {@code remove}, ...) go through {@link HotTransaction#defer}; the compute methods
 * and iteration need several round trips and are refused. In the body of {@link
 * HotClient#optimistic}, the compute methods read at once and queue their compare-and-set.
 *
 * <p>{@link HotDefaultDict} and {@link HotMultiSet} are the two kinds of {@code HotDict} with extra
 * behaviour, as Python's {@code defaultdict} and {@code Counter} are kinds of {@code dict}; no
 * other subclass can exist.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public sealed class HotDict<K, V> extends AbstractMap<K, V>
    implements ConcurrentMap<K, V>, HotObject permits HotDefaultDict, HotMultiSet {
  /*
   * Implementation notes. One script, dict-compare-and-set.lua, is the compare-and-set step of
   * putIfAbsent, replace(k, o, n), remove(k, v), setDefault, Entry.setValue and the compute loop:
   * it changes a field only if it holds the expected bytes (or is absent), and otherwise answers
   * with what the field holds now, so each retry of the compute loop costs one round trip and
   * never re-reads. Values are compared as the bytes the codec wrote, which the Codec contract
   * makes equivalent to equals(). Views and iterators are package-private classes (DictKeySet,
   * DictValues, DictEntrySet, DictEntry, DictScan) that work on raw fields and values through the
   * package-private methods at the end of this class. No state lives in a HotDict beyond its
   * binding and codecs; views are created on each call.
   */

  /** Entries asked for per {@code HSCAN} round trip by iterators. */
  static final int PAGE = 1000;

  /** Fields sent per {@code HSET} by bulk writes; larger inputs go as several in one EXEC. */
  static final int CHUNK = 10_000;

  private static final Script PUT = Script.load(HotDict.class, "lua/dict-put.lua");
  private static final Script REPLACE = Script.load(HotDict.class, "lua/dict-replace.lua");
  private static final Script REMOVE = Script.load(HotDict.class, "lua/dict-remove.lua");
  private static final Script POP_ITEM = Script.load(HotDict.class, "lua/dict-pop-item.lua");
  private static final Script COMPARE_AND_SET =
      Script.load(HotDict.class, "lua/dict-compare-and-set.lua");
  private static final Script CONTAINS_VALUES =
      Script.load(HotDict.class, "lua/dict-contains-values.lua");
  private static final Script REMOVE_MATCHING =
      Script.load(HotDict.class, "lua/dict-remove-matching.lua");
  private static final Script COPY = Script.load(HotDict.class, "lua/dict-copy.lua");

  /** Compare-and-set expectations: the field must be absent. */
  static final byte[] ABSENT = Arguments.of("absent");

  /** Compare-and-set expectations: the field must hold the expected bytes. */
  static final byte[] HOLDS = Arguments.of("value");

  /** Compare-and-set expectations: a count, where a missing field counts as "0". */
  static final byte[] COUNTS = Arguments.of("count");

  private static final byte[] SET = Arguments.of("set");
  private static final byte[] DELETE = Arguments.of("delete");
  private static final byte[] YES = Arguments.of("1");
  private static final byte[] NO = Arguments.of("0");
  private static final byte[] NONE = {};

  /** What removeMatching matches: keys, values, or key-value pairs. */
  static final String KEYS = "keys";

  static final String VALUES = "values";
  static final String ENTRIES = "entries";

  /** A compare-and-set reply: true if the field was changed. */
  static final org.hotredis.shaded.redis.clients.jedis.Builder<Boolean> CHANGED =
      new org.hotredis.shaded.redis.clients.jedis.Builder<>() {
        @Override
        public Boolean build(@Nullable Object data) {
          return data instanceof Long;
        }
      };

  /** A compare-and-set reply: null if the field was changed, otherwise what it holds now. */
  private static final org.hotredis.shaded.redis.clients.jedis.Builder<@Nullable Conflict>
      CONFLICT =
          new org.hotredis.shaded.redis.clients.jedis.Builder<>() {
            @Override
            public @Nullable Conflict build(@Nullable Object data) {
              return data instanceof Long ? null : new Conflict((byte[]) data);
            }
          };

  /** An {@code HGETALL} reply, as field and value pairs in the order Redis sent them. */
  private static final org.hotredis.shaded.redis.clients.jedis.Builder<
          List<Map.Entry<byte[], byte[]>>>
      RAW_ENTRIES =
          new org.hotredis.shaded.redis.clients.jedis.Builder<>() {
            @Override
            public List<Map.Entry<byte[], byte[]>> build(@Nullable Object data) {
              List<Map.Entry<byte[], byte[]>> entries = new ArrayList<>();
              if (data == null) {
                return entries;
              }
              List<?> flat = (List<?>) data;
              for (int i = 0; i + 1 < flat.size(); i += 2) {
                entries.add(
                    new SimpleImmutableEntry<>(
                        (byte[]) requireNonNull(flat.get(i), "nil field"),
                        (byte[]) requireNonNull(flat.get(i + 1), "nil value")));
              }
              return entries;
            }
          };

  private final RedisBinding redis;
  private final Codec<K> keyCodec;
  private final Codec<V> valueCodec;
  private final Encoding<K> keyEncoding;
  private final Encoding<V> valueEncoding;
  private final List<byte[]> keys;

  HotDict(
      @Nullable HotClient client,
      @Nullable String key,
      String typeName,
      Codec<K> keyCodec,
      Codec<V> valueCodec) {
    this.redis = RedisBinding.of(client, key, typeName, "hash");
    this.keyCodec = requireNonNull(keyCodec, "keyCodec");
    this.valueCodec = requireNonNull(valueCodec, "valueCodec");
    this.keyEncoding = new Encoding<>(redis, keyCodec, "HOT Redis dicts do not hold null keys");
    this.valueEncoding =
        new Encoding<>(redis, valueCodec, "HOT Redis dicts do not hold null values");
    this.keys = List.of(redis.rawKey());
  }

  // ---- construction ----

  /**
   * Returns a builder for dicts of two types with their default codecs ({@link Codecs#forType}).
   *
   * @param keyType the key type
   * @param valueType the value type
   * @param <K> the key type
   * @param <V> the value type
   * @return the builder
   */
  public static <K, V> Builder<K, V> builder(Class<K> keyType, Class<V> valueType) {
    return new Builder<>(Codecs.forType(keyType), Codecs.forType(valueType));
  }

  /**
   * Returns a builder for dicts whose keys and values use codecs.
   *
   * @param keyCodec the codec of the keys
   * @param valueCodec the codec of the values
   * @param <K> the key type
   * @param <V> the value type
   * @return the builder
   */
  public static <K, V> Builder<K, V> builder(Codec<K> keyCodec, Codec<V> valueCodec) {
    return new Builder<>(
        requireNonNull(keyCodec, "keyCodec"), requireNonNull(valueCodec, "valueCodec"));
  }

  /**
   * Builds a {@link HotDict}.
   *
   * @param <K> the key type
   * @param <V> the value type
   */
  public static final class Builder<K, V> extends HotBuilder<Builder<K, V>> {
    private final Codec<K> keyCodec;
    private final Codec<V> valueCodec;
    private @Nullable Map<K, V> initial;

    private Builder(Codec<K> keyCodec, Codec<V> valueCodec) {
      this.keyCodec = keyCodec;
      this.valueCodec = valueCodec;
    }

    /**
     * Sets the initial contents. When the dict is built, they replace atomically whatever the key
     * held ({@code DEL} and {@code HSET} in one {@code MULTI}/{@code EXEC}); an empty map leaves an
     * empty dict.
     *
     * @param entries the entries
     * @return this builder
     * @throws NullPointerException if the map is or holds null
     */
    public Builder<K, V> initial(Map<? extends K, ? extends V> entries) {
      this.initial = copyOf(entries);
      return this;
    }

    /**
     * Creates the dict, storing the initial contents if some were given. One round trip when
     * initial contents are given, none otherwise.
     *
     * @return the dict
     */
    public HotDict<K, V> build() {
      HotDict<K, V> dict = new HotDict<>(client(), key(), "HotDict", keyCodec, valueCodec);
      if (initial != null) {
        dict.replaceWith(initial);
      }
      return dict;
    }
  }

  @Override
  public final StoredKeys storedKeys() {
    return redis;
  }

  final RedisBinding redis() {
    return redis;
  }

  /**
   * Returns the codec of the keys.
   *
   * @return the codec
   */
  public final Codec<K> keyCodec() {
    return keyCodec;
  }

  /**
   * Returns the codec of the values.
   *
   * @return the codec
   */
  public final Codec<V> valueCodec() {
    return valueCodec;
  }

  // ---- the Map contract: reads ----

  /**
   * Returns the number of entries, at most {@link Integer#MAX_VALUE}. One round trip ({@code
   * HLEN}).
   */
  @Override
  public final int size() {
    return redis.read(
        Replies.map(
            redis.commands().hlen(redis.rawKey()), n -> (int) Math.min(Integer.MAX_VALUE, n)));
  }

  /**
   * Returns the number of entries, without the {@code int} limit of {@link #size()}. One round trip
   * ({@code HLEN}).
   *
   * @return the number of fields of the Redis hash
   */
  public final long longSize() {
    return redis.read(redis.commands().hlen(redis.rawKey()));
  }

  /** Returns whether the dict is empty. One round trip ({@code HLEN}). */
  @Override
  public final boolean isEmpty() {
    return redis.read(Replies.map(redis.commands().hlen(redis.rawKey()), n -> n == 0));
  }

  /**
   * Returns the value of a key, or null if the key is absent. One round trip ({@code HGET}).
   *
   * @throws NullPointerException if the key is null
   */
  @Override
  public final @Nullable V get(Object key) {
    byte[] field = keyEncoding.query(key);
    if (field == null) {
      return null;
    }
    return redis.read(
        Replies.withReply(
            redis.commands().hget(redis.rawKey(), field), Replies.decoded(valueCodec)));
  }

  /**
   * Returns the value of a key, or a default if the key is absent. One round trip ({@code HGET}).
   *
   * @throws NullPointerException if the key is null
   */
  @Override
  public final @Nullable V getOrDefault(Object key, @Nullable V defaultValue) {
    byte[] field = keyEncoding.query(key);
    if (field == null) {
      return defaultValue;
    }
    return redis.read(
        Replies.withReply(
            redis.commands().hget(redis.rawKey(), field),
            Replies.map(Replies.decoded(valueCodec), v -> v == null ? defaultValue : v)));
  }

  /**
   * Returns whether a key is present. One round trip ({@code HEXISTS}).
   *
   * @throws NullPointerException if the key is null
   */
  @Override
  public final boolean containsKey(Object key) {
    byte[] field = keyEncoding.query(key);
    if (field == null) {
      return false;
    }
    return redis.read(redis.commands().hexists(redis.rawKey(), field));
  }

  /**
   * Returns whether some key has a value. One round trip (one script that scans the values in
   * slices of 1,000 entries, stopping at the first match): O(n) in Redis.
   *
   * @throws NullPointerException if the value is null
   */
  @Override
  public final boolean containsValue(Object value) {
    byte[] raw = valueEncoding.query(value);
    return raw != null && containsValues(List.of(raw));
  }

  // ---- the Map contract: writes ----

  /**
   * Associates a value with a key and returns the previous value. One round trip (one script:
   * {@code HGET}, {@code HSET}). Atomic. Use {@link #set} when the previous value is not needed.
   *
   * @return the previous value, or null if the key was absent
   * @throws NullPointerException if the key or value is null
   */
  @Override
  public final @Nullable V put(K key, V value) {
    byte[] field = keyEncoding.encode(key);
    byte[] raw = valueEncoding.encode(value);
    return redis.write(PUT.call(Replies.decoded(valueCodec), keys, List.of(field, raw)));
  }

  /**
   * Associates a value with a key, as Python's {@code d[k] = v}. One round trip ({@code HSET}).
   * Atomic. Inside a transaction it is queued.
   *
   * @param key the key
   * @param value the value
   * @throws NullPointerException if the key or value is null
   */
  public final void set(K key, V value) {
    byte[] field = keyEncoding.encode(key);
    byte[] raw = valueEncoding.encode(value);
    redis.send(redis.commands().hset(redis.rawKey(), field, raw));
  }

  /**
   * Associates a value with a key unless the key is present. One round trip (one script). Atomic.
   *
   * @return null if the value was stored, otherwise the current value (which is kept)
   * @throws NullPointerException if the key or value is null
   */
  @Override
  public final @Nullable V putIfAbsent(K key, V value) {
    byte[] field = keyEncoding.encode(key);
    byte[] raw = valueEncoding.encode(value);
    return redis.write(compareAndSet(field, ABSENT, null, raw, false, currentIfConflict()));
  }

  /**
   * Removes a key and returns its value. One round trip (one script: {@code HGET}, {@code HDEL}).
   * Atomic.
   *
   * @return the removed value, or null if the key was absent
   * @throws NullPointerException if the key is null
   */
  @Override
  public final @Nullable V remove(Object key) {
    byte[] field = keyEncoding.query(key);
    if (field == null) {
      return null;
    }
    return redis.write(REMOVE.call(Replies.decoded(valueCodec), keys, List.of(field, NO)));
  }

  /**
   * Removes a key only if it has a value. One round trip (one compare-and-set script). Atomic.
   *
   * @return whether the entry was removed
   * @throws NullPointerException if the key or value is null
   */
  @Override
  public final boolean remove(Object key, Object value) {
    byte[] field = keyEncoding.query(key);
    byte[] raw = valueEncoding.query(value);
    if (field == null || raw == null) {
      return false;
    }
    return redis.write(compareAndSet(field, HOLDS, raw, null, false, CHANGED));
  }

  /**
   * Replaces the value of a key only if the key is present. One round trip (one script). Atomic.
   *
   * @return the previous value, or null if the key was absent (and nothing changed)
   * @throws NullPointerException if the key or value is null
   */
  @Override
  public final @Nullable V replace(K key, V value) {
    byte[] field = keyEncoding.encode(key);
    byte[] raw = valueEncoding.encode(value);
    return redis.write(REPLACE.call(Replies.decoded(valueCodec), keys, List.of(field, raw)));
  }

  /**
   * Replaces the value of a key only if it is {@code oldValue}. One round trip (one compare-and-set
   * script). Atomic.
   *
   * @return whether the value was replaced
   * @throws NullPointerException if an argument is null
   */
  @Override
  public final boolean replace(K key, V oldValue, V newValue) {
    byte[] field = keyEncoding.encode(key);
    byte[] expected = valueEncoding.encode(oldValue);
    byte[] raw = valueEncoding.encode(newValue);
    return redis.write(compareAndSet(field, HOLDS, expected, raw, false, CHANGED));
  }

  /**
   * Copies every entry of a map into this dict, replacing the values of keys already present. One
   * round trip ({@code HSET}); above {@value #CHUNK} entries, several {@code HSET}s in one {@code
   * MULTI}/{@code EXEC}. Atomic. A {@code HotDict} argument is read with one {@code HGETALL}.
   *
   * @throws NullPointerException if the map is or holds null
   */
  @Override
  public final void putAll(Map<? extends K, ? extends V> m) {
    Map<ByteKey, byte[]> entries = encodeEntries(contents(requireNonNull(m, "m")));
    if (!entries.isEmpty()) {
      redis.atomically(hsets(entries));
    }
  }

  /** Removes every entry. One round trip ({@code DEL}). Atomic. */
  @Override
  public final void clear() {
    redis.send(redis.commands().del(redis.rawKey()));
  }

  // ---- compare-and-set loops ----

  /**
   * Returns the value of a key, computing and storing it if the key is absent. One round trip
   * ({@code HGET}) when present; otherwise the function runs here and one compare-and-set script
   * stores its value, unless another client stored a value first, which is then returned. Atomic;
   * the function runs at most once.
   *
   * @return the current (existing or computed) value, or null if the function returned null
   * @throws IllegalStateException inside a transaction other than an optimistic one
   */
  @Override
  public final @Nullable V computeIfAbsent(
      K key, Function<? super K, ? extends V> mappingFunction) {
    requireNonNull(mappingFunction, "mappingFunction");
    return computeLoop(key, current -> current != null ? current : mappingFunction.apply(key));
  }

  /**
   * Replaces the value of a present key with the function's result, or removes the key if that is
   * null. {@code HGET}, then one compare-and-set script per attempt; a conflicting write by another
   * client makes it retry with the new value. Atomic; the function may run more than once.
   *
   * @return the new value, or null if the key is now absent
   * @throws IllegalStateException inside a transaction other than an optimistic one
   */
  @Override
  public final @Nullable V computeIfPresent(
      K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
    requireNonNull(remappingFunction, "remappingFunction");
    return computeLoop(
        key, current -> current == null ? null : remappingFunction.apply(key, current));
  }

  /**
   * Replaces the value of a key with the function's result on the current value (null when absent),
   * or removes the key if that is null. {@code HGET}, then one compare-and-set script per attempt;
   * a conflicting write by another client makes it retry with the new value. Atomic; the function
   * may run more than once.
   *
   * @return the new value, or null if the key is now absent
   * @throws IllegalStateException inside a transaction other than an optimistic one
   */
  @Override
  public final @Nullable V compute(
      K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
    requireNonNull(remappingFunction, "remappingFunction");
    return computeLoop(key, current -> remappingFunction.apply(key, current));
  }

  /**
   * Stores a value for an absent key, or replaces the present value with the function's result on
   * it and the given value (removing the key if that is null). {@code HGET}, then one
   * compare-and-set script per attempt; a conflicting write by another client makes it retry with
   * the new value. Atomic; the function may run more than once.
   *
   * @return the new value, or null if the key is now absent
   * @throws IllegalStateException inside a transaction other than an optimistic one
   */
  @Override
  public final @Nullable V merge(
      K key, V value, BiFunction<? super V, ? super V, ? extends V> remappingFunction) {
    requireNonNull(value, "HOT Redis dicts do not hold null values");
    requireNonNull(remappingFunction, "remappingFunction");
    return computeLoop(
        key, current -> current == null ? value : remappingFunction.apply(current, value));
  }

  /**
   * Replaces each value with the function's result on its entry. Reads the hash in pages under
   * {@code WATCH} and writes the changed values in one {@code MULTI}/{@code EXEC}, retried if
   * another client changed the hash meanwhile: atomic, and the function may run more than once per
   * entry. Round trips: {@code WATCH}, one per {@value #PAGE} entries, and one for the writes.
   *
   * @throws NullPointerException if the function returns null (nothing is changed)
   * @throws IllegalStateException inside a transaction
   */
  @Override
  public final void replaceAll(BiFunction<? super K, ? super V, ? extends V> function) {
    requireNonNull(function, "function");
    redis.multiStep();
    redis
        .client()
        .optimistic(
            List.of(this),
            tx -> {
              Set<ByteKey> seen = new HashSet<>();
              Map<ByteKey, byte[]> writes = new LinkedHashMap<>();
              forEachRaw(
                  (field, value) -> {
                    ByteKey k = new ByteKey(field);
                    if (!seen.add(k)) {
                      return;
                    }
                    V next =
                        requireNonNull(
                            function.apply(keyEncoding.decode(field), valueEncoding.decode(value)),
                            "HOT Redis dicts do not hold null values");
                    byte[] raw = valueEncoding.encode(next);
                    if (!Arrays.equals(raw, value)) {
                      writes.put(k, raw);
                    }
                  });
              if (!writes.isEmpty()) {
                redis.atomically(hsets(writes));
              }
              return null;
            });
  }

  /**
   * Runs an action on each entry, reading the hash in pages of about {@value #PAGE} entries ({@code
   * HSCAN}, one round trip per page). Weakly consistent, and once per entry, as the iterators.
   *
   * @throws IllegalStateException inside a transaction other than an optimistic one
   */
  @Override
  public final void forEach(BiConsumer<? super K, ? super V> action) {
    requireNonNull(action, "action");
    new DictScan<>(this, (field, value) -> new SimpleImmutableEntry<>(field, value))
        .forEachRemaining(
            raw ->
                action.accept(
                    keyEncoding.decode(raw.getKey()), valueEncoding.decode(raw.getValue())));
  }

  // ---- views ----

  /**
   * Returns a live view of the keys. {@code contains} is {@code HEXISTS}, {@code remove} is {@code
   * HDEL}, {@code removeAll} and {@code retainAll} are one round trip each; the iterator reads the
   * hash in pages ({@code HSCAN}) and its {@code remove} is {@code HDEL}. Adding is not supported.
   */
  @Override
  public final Set<K> keySet() {
    return new DictKeySet<>(this);
  }

  /**
   * Returns a live view of the values. {@code contains} is one script; {@code remove(v)} removes
   * one entry holding {@code v}, atomically (one script); the iterator reads the hash in pages
   * ({@code HSCAN}). Adding is not supported.
   */
  @Override
  public final Collection<V> values() {
    return new DictValues<>(this);
  }

  /**
   * Returns a live view of the entries. {@code contains} and {@code remove} compare the entry's
   * value with the stored one in one round trip; the iterator reads the hash in pages ({@code
   * HSCAN}); its entries' {@code setValue} is a compare-and-set against the value read (see the
   * class description). Adding is not supported.
   */
  @Override
  public final Set<Map.Entry<K, V>> entrySet() {
    return new DictEntrySet<>(this);
  }

  // ---- object methods ----

  /**
   * Compares with another map entry by entry, over one snapshot of this dict. One round trip
   * ({@code HGETALL}), plus one for a {@code HotDict} argument or the other map's own reads.
   */
  @Override
  public final boolean equals(@Nullable Object o) {
    if (o == this) {
      return true;
    }
    return o instanceof Map<?, ?> other && snapshot().equals(contents(other));
  }

  /** Returns the {@link Map#hashCode()} of one snapshot. One round trip ({@code HGETALL}). */
  @Override
  public final int hashCode() {
    return snapshot().hashCode();
  }

  /** Returns the entries as {@code {k1=v1, k2=v2}}, from one snapshot. One round trip. */
  @Override
  public final String toString() {
    return snapshot().toString();
  }

  /**
   * Returns a copy of the entries, from one snapshot. One round trip ({@code HGETALL}).
   *
   * @return a new {@link LinkedHashMap}, in the order Redis returned the entries
   */
  public final Map<K, V> snapshot() {
    return redis.read(
        Replies.withReply(
            redis.commands().hgetAll(redis.rawKey()), Replies.map(RAW_ENTRIES, this::decodeAll)));
  }

  // ---- Python's dict methods ----

  /**
   * Returns the value of a key, storing {@code value} first if the key is absent, as Python's
   * {@code dict.setdefault}. One round trip (one script); the Python HOT Redis needed two, and a
   * concurrent removal between them made it return None. Atomic.
   *
   * @param key the key
   * @param value the value to store if the key is absent
   * @return the value now stored: the existing one, or {@code value}
   * @throws NullPointerException if the key or value is null
   */
  public final V setDefault(K key, V value) {
    byte[] field = keyEncoding.encode(key);
    byte[] raw = valueEncoding.encode(value);
    return redis.write(compareAndSet(field, ABSENT, null, raw, false, currentOr(value)));
  }

  /**
   * Removes a key and returns its value, as Python's {@code dict.pop(k)}. One round trip (one
   * script). Atomic.
   *
   * @param key the key
   * @return the removed value
   * @throws NoSuchElementException if the key is absent (Python's {@code KeyError})
   * @throws NullPointerException if the key is null
   */
  public final V pop(K key) {
    byte[] field = keyEncoding.encode(key);
    return redis.write(
        REMOVE.call(
            Replies.required(valueCodec, () -> new NoSuchElementException("no entry for " + key)),
            keys,
            List.of(field, YES)));
  }

  /**
   * Removes a key and returns its value, or a default if it is absent, as Python's {@code
   * dict.pop(k, default)}. One round trip (one script). Atomic.
   *
   * @param key the key
   * @param defaultValue what to return if the key is absent
   * @return the removed value, or {@code defaultValue}
   * @throws NullPointerException if the key is null
   */
  public final @Nullable V pop(K key, @Nullable V defaultValue) {
    byte[] field = keyEncoding.encode(key);
    return redis.write(
        REMOVE.call(
            Replies.map(Replies.decoded(valueCodec), v -> v == null ? defaultValue : v),
            keys,
            List.of(field, NO)));
  }

  /**
   * Removes some entry, chosen by Redis, and returns it, as Python's {@code dict.popitem()}. One
   * round trip (one script: {@code HRANDFIELD}, {@code HDEL}). Atomic.
   *
   * @return the removed entry, immutable
   * @throws NoSuchElementException if the dict is empty (Python's {@code KeyError})
   */
  public final Map.Entry<K, V> popItem() {
    return redis.write(
        POP_ITEM.call(
            new org.hotredis.shaded.redis.clients.jedis.Builder<Map.Entry<K, V>>() {
              @Override
              public Map.Entry<K, V> build(@Nullable Object data) {
                List<?> pair = (List<?>) requireNonNull(data, "popitem reply");
                return new SimpleImmutableEntry<>(
                    keyEncoding.decode((byte[]) requireNonNull(pair.get(0), "field")),
                    valueEncoding.decode((byte[]) requireNonNull(pair.get(1), "value")));
              }
            },
            keys,
            List.of()));
  }

  /**
   * Copies every entry of a map into this dict, as Python's {@code dict.update(mapping)}: the same
   * as {@link #putAll}. One round trip. Atomic.
   *
   * @param m the entries
   * @throws NullPointerException if the map is or holds null
   */
  public void update(Map<? extends K, ? extends V> m) {
    putAll(m);
  }

  /**
   * Returns a new dict holding the same entries, at a new random key in this dict's cluster slot (
   * <code>&#123;tag&#125;:uuid</code>, where the tag is this key's hash tag or this key), with this
   * dict's client and codecs, as Python's {@code dict.copy()}. One round trip (one script: {@code
   * COPY}); the copy has no time to live. Atomic. Inside a transaction it is queued.
   *
   * @return the copy
   * @throws IllegalArgumentException if this key contains <code>&#125;</code> but no hash tag, so
   *     no key can share its slot (see {@link Keys#companion})
   */
  public HotDict<K, V> copy() {
    HotDict<K, V> copy =
        new HotDict<>(redis.client(), siblingKey(), "HotDict", keyCodec, valueCodec);
    copyTo(copy);
    return copy;
  }

  /**
   * Returns a new dict mapping each of some keys to one value, at a new random key in this dict's
   * cluster slot, with this dict's client and codecs, as Python's {@code dict.fromkeys(keys, v)}.
   * One round trip ({@code HSET}), none for no keys. Atomic.
   *
   * @param keys the keys
   * @param value the value of every key
   * @return the new dict
   * @throws NullPointerException if the collection holds null, or the value is null
   */
  public HotDict<K, V> fromKeys(Collection<? extends K> keys, V value) {
    HotDict<K, V> dict =
        new HotDict<>(redis.client(), siblingKey(), "HotDict", keyCodec, valueCodec);
    dict.fill(keys, value);
    return dict;
  }

  // ---- shared with the subclasses and the views ----

  /** Stores entries in place of whatever the key held: DEL and HSETs in one MULTI/EXEC. */
  final void replaceWith(Map<? extends K, ? extends V> entries) {
    Map<ByteKey, byte[]> raw = encodeEntries(entries);
    List<CommandObject<?>> commands = new ArrayList<>();
    commands.add(redis.commands().del(redis.rawKey()));
    commands.addAll(hsets(raw));
    redis.atomically(commands);
  }

  /** Copies this hash to another dict's key, in one script. */
  final void copyTo(HotDict<?, ?> target) {
    redis.send(
        COPY.call(BuilderFactory.LONG, List.of(redis.rawKey(), target.redis.rawKey()), List.of()));
  }

  /** Stores one value under each key, for fromKeys. */
  final void fill(Collection<? extends K> keys, V value) {
    byte[] raw = valueEncoding.encode(value);
    Map<ByteKey, byte[]> entries = new LinkedHashMap<>();
    for (K key : requireNonNull(keys, "keys")) {
      entries.put(new ByteKey(keyEncoding.encode(key)), raw);
    }
    if (!entries.isEmpty()) {
      redis.atomically(hsets(entries));
    }
  }

  /** Returns a random key in this key's cluster slot, for copies. */
  final String siblingKey() {
    String key = redis.key();
    String tag = Keys.hashTag(key);
    String random = UUID.randomUUID().toString();
    return tag != null ? "{" + tag + "}:" + random : Keys.companion(key, random);
  }

  /**
   * The compare-and-set loop behind the compute methods: reads the field, applies the function, and
   * writes the result only if the field still holds what was read; on a conflict, applies the
   * function again to what the script found. In an optimistic transaction the conditional write is
   * queued and fails the EXEC with ConcurrentModificationException if the field changed.
   */
  final @Nullable V computeLoop(K key, Function<@Nullable V, @Nullable V> remap) {
    byte[] field = keyEncoding.encode(key);
    redis.multiStep();
    boolean queued = redis.inOptimisticTransaction();
    byte[] current = redis.read(redis.commands().hget(redis.rawKey(), field));
    while (true) {
      V old = current == null ? null : valueEncoding.decode(current);
      V next = remap.apply(old);
      byte[] raw = next == null ? null : valueEncoding.encode(next);
      if (raw == null ? current == null : Arrays.equals(raw, current)) {
        return next;
      }
      ScriptCall<@Nullable Conflict> call =
          compareAndSet(field, current == null ? ABSENT : HOLDS, current, raw, queued, CONFLICT);
      if (queued) {
        redis.send(call);
        return next;
      }
      Conflict conflict = redis.write(call);
      if (conflict == null) {
        return next;
      }
      current = conflict.current;
    }
  }

  /**
   * Prepares a compare-and-set of one field (dict-compare-and-set.lua).
   *
   * @param expect {@link #ABSENT}, {@link #HOLDS} or {@link #COUNTS}
   * @param expected the bytes expected, or null with ABSENT
   * @param update the new bytes, or null to remove the field
   * @param strict whether a mismatch is an error (CONCURRENT) rather than a reply
   */
  final <T> ScriptCall<T> compareAndSet(
      byte[] field,
      byte[] expect,
      byte @Nullable [] expected,
      byte @Nullable [] update,
      boolean strict,
      org.hotredis.shaded.redis.clients.jedis.Builder<T> reply) {
    return COMPARE_AND_SET.call(
        reply,
        keys,
        List.of(
            field,
            expect,
            expected == null ? NONE : expected,
            update == null ? DELETE : SET,
            update == null ? NONE : update,
            strict ? YES : NO));
  }

  /** Reads one page of entries from a cursor ({@code HSCAN}). */
  final ScanResult<Map.Entry<byte[], byte[]>> scan(byte[] cursor) {
    return redis.read(redis.commands().hscan(redis.rawKey(), cursor, new ScanParams().count(PAGE)));
  }

  /** Reads the whole hash page by page, handing each field and value over raw. */
  final void forEachRaw(BiConsumer<byte[], byte[]> action) {
    byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
    while (true) {
      ScanResult<Map.Entry<byte[], byte[]>> page = scan(cursor);
      for (Map.Entry<byte[], byte[]> entry : page.getResult()) {
        action.accept(entry.getKey(), entry.getValue());
      }
      if (page.isCompleteIteration()) {
        return;
      }
      cursor = page.getCursorAsBytes();
    }
  }

  /** Returns the raw entries of one snapshot ({@code HGETALL}). */
  final List<Map.Entry<byte[], byte[]>> rawEntries() {
    return redis.read(Replies.withReply(redis.commands().hgetAll(redis.rawKey()), RAW_ENTRIES));
  }

  /** Returns the keys of one snapshot ({@code HKEYS}). */
  final List<K> keysSnapshot() {
    return redis.read(
        Replies.withReply(redis.commands().hkeys(redis.rawKey()), Replies.decodedList(keyCodec)));
  }

  /** Returns the values of one snapshot ({@code HVALS}). */
  final List<V> valuesSnapshot() {
    return redis.read(
        Replies.withReply(redis.commands().hvals(redis.rawKey()), Replies.decodedList(valueCodec)));
  }

  /** Returns the stored values of some fields, null where absent ({@code HMGET}). */
  final List<byte @Nullable []> rawGet(List<byte[]> fields) {
    return redis.read(redis.commands().hmget(redis.rawKey(), fields.toArray(new byte[0][])));
  }

  /** Returns whether every value is held by some field (one script). */
  final boolean containsValues(List<byte[]> values) {
    return redis.read(CONTAINS_VALUES.call(Replies.isOne(), keys, values));
  }

  /** Returns whether a field holds exactly some bytes ({@code HGET}). */
  final boolean holds(byte[] field, byte[] value) {
    return redis.read(
        Replies.withReply(
            redis.commands().hget(redis.rawKey(), field),
            Replies.map(BuilderFactory.BINARY, (byte @Nullable [] v) -> Arrays.equals(v, value))));
  }

  /** Removes one field ({@code HDEL}); queued in a transaction. */
  final void removeField(byte[] field) {
    redis.send(redis.commands().hdel(redis.rawKey(), field));
  }

  /** Removes fields ({@code HDEL}); returns whether any was present. */
  final boolean removeFields(List<byte[]> fields) {
    return redis.write(
        Replies.withReply(
            redis.commands().hdel(redis.rawKey(), fields.toArray(new byte[0][])),
            Replies.isPositive()));
  }

  /**
   * Removes the fields matching keys, values or entries, or every other field (one script).
   *
   * @param kind {@link #KEYS}, {@link #VALUES} or {@link #ENTRIES}
   * @param retain whether to remove the fields that do not match
   * @param limit the most fields to remove, 0 for no limit
   * @param args the keys, values, or field and value pairs
   * @return whether any field was removed
   */
  final boolean removeMatching(String kind, boolean retain, int limit, List<byte[]> args) {
    List<byte[]> all = new ArrayList<>(args.size() + 3);
    all.add(Arguments.of(kind));
    all.add(Arguments.of(retain ? "retain" : "remove"));
    all.add(Arguments.of(limit));
    all.addAll(args);
    return redis.write(REMOVE_MATCHING.call(Replies.isPositive(), keys, all));
  }

  /**
   * Removes the entries that satisfy a predicate on their raw field and value: reads the hash under
   * WATCH and removes the matching fields in one MULTI/EXEC, retried on conflict.
   */
  final boolean removeEntriesIf(BiPredicate<byte[], byte[]> filter) {
    redis.multiStep();
    return redis
        .client()
        .optimistic(
            List.of(this),
            tx -> {
              Set<ByteKey> doomed = new LinkedHashSet<>();
              forEachRaw(
                  (field, value) -> {
                    if (filter.test(field, value)) {
                      doomed.add(new ByteKey(field));
                    }
                  });
              if (doomed.isEmpty()) {
                return false;
              }
              List<byte[]> fields = new ArrayList<>(doomed.size());
              doomed.forEach(b -> fields.add(b.bytes()));
              List<CommandObject<?>> commands = new ArrayList<>();
              for (int i = 0; i < fields.size(); i += CHUNK) {
                List<byte[]> chunk = fields.subList(i, Math.min(fields.size(), i + CHUNK));
                commands.add(redis.commands().hdel(redis.rawKey(), chunk.toArray(new byte[0][])));
              }
              redis.atomically(commands);
              return true;
            });
  }

  final Encoding<K> keyEncoding() {
    return keyEncoding;
  }

  final Encoding<V> valueEncoding() {
    return valueEncoding;
  }

  /** Encodes entries, the last value of a key winning; refuses nulls before anything is sent. */
  final Map<ByteKey, byte[]> encodeEntries(Map<? extends K, ? extends V> entries) {
    Map<ByteKey, byte[]> raw = new LinkedHashMap<>();
    for (Map.Entry<? extends K, ? extends V> entry : entries.entrySet()) {
      raw.put(
          new ByteKey(keyEncoding.encode(entry.getKey())), valueEncoding.encode(entry.getValue()));
    }
    return raw;
  }

  /**
   * Splits encoded entries into HSETs of at most {@value #CHUNK} fields. The fields are distinct
   * (keyed by ByteKey), so a map keyed by arrays, as Jedis takes it, loses nothing.
   */
  @SuppressWarnings("ArrayAsKeyOfSetOrMap")
  final List<CommandObject<Long>> hsets(Map<ByteKey, byte[]> entries) {
    List<CommandObject<Long>> commands = new ArrayList<>();
    Map<byte[], byte[]> chunk = new LinkedHashMap<>();
    for (Map.Entry<ByteKey, byte[]> entry : entries.entrySet()) {
      chunk.put(entry.getKey().bytes(), entry.getValue());
      if (chunk.size() == CHUNK) {
        commands.add(redis.commands().hset(redis.rawKey(), chunk));
        chunk = new LinkedHashMap<>();
      }
    }
    if (!chunk.isEmpty()) {
      commands.add(redis.commands().hset(redis.rawKey(), chunk));
    }
    return commands;
  }

  /** Decodes raw entries into a new LinkedHashMap. */
  final Map<K, V> decodeAll(List<Map.Entry<byte[], byte[]>> raw) {
    Map<K, V> map = new LinkedHashMap<>();
    for (Map.Entry<byte[], byte[]> entry : raw) {
      map.put(keyEncoding.decode(entry.getKey()), valueEncoding.decode(entry.getValue()));
    }
    return map;
  }

  /** A reply builder for a compare-and-set that expected absence: null, or the current value. */
  private org.hotredis.shaded.redis.clients.jedis.Builder<@Nullable V> currentIfConflict() {
    return new org.hotredis.shaded.redis.clients.jedis.Builder<>() {
      @Override
      public @Nullable V build(@Nullable Object data) {
        return data instanceof byte[] raw ? Codecs.decode(valueCodec, raw) : null;
      }
    };
  }

  /** A reply builder for setDefault: the value stored, or the value that was already there. */
  private org.hotredis.shaded.redis.clients.jedis.Builder<V> currentOr(V stored) {
    return new org.hotredis.shaded.redis.clients.jedis.Builder<>() {
      @Override
      public V build(@Nullable Object data) {
        return data instanceof byte[] raw ? Codecs.decode(valueCodec, raw) : stored;
      }
    };
  }

  /** Returns the contents of a map to read in one go: a HotDict's snapshot, or the map itself. */
  @SuppressWarnings("unchecked")
  static <A, B> Map<? extends A, ? extends B> contents(Map<? extends A, ? extends B> m) {
    if (m instanceof HotDict<?, ?> dict) {
      return (Map<? extends A, ? extends B>) dict.snapshot();
    }
    return m;
  }

  /** Copies a map, keeping its order and refusing null keys and values. */
  static <A, B> Map<A, B> copyOf(Map<? extends A, ? extends B> m) {
    Map<A, B> copy = new LinkedHashMap<>();
    for (Map.Entry<? extends A, ? extends B> entry : contents(requireNonNull(m, "m")).entrySet()) {
      copy.put(
          requireNonNull(entry.getKey(), "HOT Redis dicts do not hold null keys"),
          requireNonNull(entry.getValue(), "HOT Redis dicts do not hold null values"));
    }
    return copy;
  }

  /** What a failed compare-and-set found: the field's current bytes, or null when absent. */
  static final class Conflict {
    final byte @Nullable [] current;

    Conflict(byte @Nullable [] current) {
      this.current = current;
    }
  }
}
