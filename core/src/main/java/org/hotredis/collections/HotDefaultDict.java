package org.hotredis.collections;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.hotredis.HotBuilder;
import org.hotredis.HotClient;
import org.hotredis.codec.Codec;
import org.hotredis.codec.Codecs;
import org.jspecify.annotations.Nullable;

/**
 * A {@link HotDict} with a default factory, as Python's {@code collections.defaultdict}: {@link
 * #getOrCreate} returns the value of a key, storing the factory's value first if the key is absent.
 *
 * <pre>{@code
 * HotDefaultDict<String, Long> visits =
 *     HotDefaultDict.builder(String.class, Long.class, () -> 0L).key("visits").build();
 * visits.getOrCreate("home");                        // 0, now stored
 * visits.updateAndGet("home", n -> n + 1);           // 1: defaultdict's d[k] += 1, atomic
 * }</pre>
 *
 * <p>Everything else is a {@link HotDict}, with the {@link java.util.Map} contract intact: {@link
 * #get}, {@link #containsKey} and the views never create a key. The factory lives in this object
 * only; every process using the key supplies its own.
 *
 * <p><b>When the factory runs.</b> {@link #getOrCreate} reads the key first ({@code HGET}, one
 * round trip) and calls the factory only if the key is absent; it then stores the factory's value
 * with one compare-and-set script, which stores it only if the key is still absent and otherwise
 * answers with the value another client stored meanwhile. So the factory runs at most once per
 * call, and only on a miss, and the method always returns what the hash holds afterwards, decoded
 * by the value codec: never the factory's object for one process and a stored value for another, as
 * the Python HOT Redis did (it called the factory on every access, and returned its object on the
 * first access and a {@code str} afterwards).
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class HotDefaultDict<K, V> extends HotDict<K, V> {
  private final Supplier<? extends V> defaultFactory;

  private HotDefaultDict(
      @Nullable HotClient client,
      @Nullable String key,
      Codec<K> keyCodec,
      Codec<V> valueCodec,
      Supplier<? extends V> defaultFactory) {
    super(client, key, "HotDefaultDict", keyCodec, valueCodec);
    this.defaultFactory = requireNonNull(defaultFactory, "defaultFactory");
  }

  // ---- construction ----

  /**
   * Returns a builder for dicts of two types with their default codecs ({@link Codecs#forType}).
   *
   * @param keyType the key type
   * @param valueType the value type
   * @param defaultFactory makes the value of an absent key for {@link #getOrCreate}; it must not
   *     return null
   * @param <K> the key type
   * @param <V> the value type
   * @return the builder
   */
  public static <K, V> Builder<K, V> builder(
      Class<K> keyType, Class<V> valueType, Supplier<? extends V> defaultFactory) {
    return new Builder<>(
        Codecs.forType(keyType),
        Codecs.forType(valueType),
        requireNonNull(defaultFactory, "defaultFactory"));
  }

  /**
   * Returns a builder for dicts whose keys and values use codecs.
   *
   * @param keyCodec the codec of the keys
   * @param valueCodec the codec of the values
   * @param defaultFactory makes the value of an absent key for {@link #getOrCreate}; it must not
   *     return null
   * @param <K> the key type
   * @param <V> the value type
   * @return the builder
   */
  public static <K, V> Builder<K, V> builder(
      Codec<K> keyCodec, Codec<V> valueCodec, Supplier<? extends V> defaultFactory) {
    return new Builder<>(
        requireNonNull(keyCodec, "keyCodec"),
        requireNonNull(valueCodec, "valueCodec"),
        requireNonNull(defaultFactory, "defaultFactory"));
  }

  /**
   * Builds a {@link HotDefaultDict}.
   *
   * @param <K> the key type
   * @param <V> the value type
   */
  public static final class Builder<K, V> extends HotBuilder<Builder<K, V>> {
    private final Codec<K> keyCodec;
    private final Codec<V> valueCodec;
    private final Supplier<? extends V> defaultFactory;
    private @Nullable Map<K, V> initial;

    private Builder(Codec<K> keyCodec, Codec<V> valueCodec, Supplier<? extends V> defaultFactory) {
      this.keyCodec = keyCodec;
      this.valueCodec = valueCodec;
      this.defaultFactory = defaultFactory;
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
    public HotDefaultDict<K, V> build() {
      HotDefaultDict<K, V> dict =
          new HotDefaultDict<>(client(), key(), keyCodec, valueCodec, defaultFactory);
      if (initial != null) {
        dict.replaceWith(initial);
      }
      return dict;
    }
  }

  /**
   * Returns the factory that makes the value of an absent key.
   *
   * @return the default factory
   */
  public Supplier<? extends V> defaultFactory() {
    return defaultFactory;
  }

  // ---- defaultdict ----

  /**
   * Returns the value of a key, storing the factory's value first if the key is absent, as Python's
   * {@code defaultdict[k]}. One round trip ({@code HGET}) when the key is present; on a miss, the
   * factory runs once and one compare-and-set script stores its value unless another client stored
   * one first, whose value is then returned. Atomic.
   *
   * @param key the key
   * @return the value the hash holds for the key afterwards
   * @throws NullPointerException if the key is null or the factory returns null
   * @throws IllegalStateException inside a transaction other than an optimistic one
   */
  public V getOrCreate(K key) {
    return requireNonNull(computeIfAbsent(key, k -> newValue()));
  }

  /**
   * Replaces the value of a key with a function's result on it, starting from the factory's value
   * if the key is absent: Python's {@code d[k] += x} on a {@code defaultdict}, done atomically (the
   * Python HOT Redis read and wrote in two steps, losing concurrent updates). {@code HGET}, then
   * one compare-and-set script per attempt; a conflicting write by another client makes it retry
   * with the new value, so the function (and the factory) may run more than once.
   *
   * @param key the key
   * @param function computes the new value from the current or default one; must not return null
   * @return the new value
   * @throws NullPointerException if the key is null, or the factory or function returns null
   * @throws IllegalStateException inside a transaction other than an optimistic one
   */
  public V updateAndGet(K key, UnaryOperator<V> function) {
    requireNonNull(function, "function");
    return requireNonNull(
        compute(
            key,
            (k, current) ->
                requireNonNull(
                    function.apply(current != null ? current : newValue()),
                    "the function returned null")));
  }

  // ---- Python's dict methods, keeping the type ----

  /**
   * Returns a new dict holding the same entries and using the same default factory, at a new random
   * key in this dict's cluster slot; see {@link HotDict#copy()}. One round trip. Atomic.
   *
   * @return the copy
   */
  @Override
  public HotDefaultDict<K, V> copy() {
    HotDefaultDict<K, V> copy = sibling();
    copyTo(copy);
    return copy;
  }

  /**
   * Returns a new dict mapping each of some keys to one value, with this dict's default factory;
   * see {@link HotDict#fromKeys}. One round trip, none for no keys. Atomic.
   *
   * @return the new dict
   */
  @Override
  public HotDefaultDict<K, V> fromKeys(Collection<? extends K> keys, V value) {
    HotDefaultDict<K, V> dict = sibling();
    dict.fill(keys, value);
    return dict;
  }

  private HotDefaultDict<K, V> sibling() {
    return new HotDefaultDict<>(
        redis().client(), siblingKey(), keyCodec(), valueCodec(), defaultFactory);
  }

  private V newValue() {
    return requireNonNull(defaultFactory.get(), "the default factory returned null");
  }
}
