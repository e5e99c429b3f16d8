package org.hotredis.collections;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hotredis.Arguments;
import org.hotredis.HotBuilder;
import org.hotredis.HotClient;
import org.hotredis.Replies;
import org.hotredis.Script;
import org.hotredis.codec.Codec;
import org.hotredis.codec.Codecs;
import org.hotredis.shaded.redis.clients.jedis.BuilderFactory;
import org.hotredis.toolkit.ByteKey;
import org.jspecify.annotations.Nullable;

/**
 * A counter stored in a Redis hash of decimal counts, as Python's {@code collections.Counter}: a
 * {@link HotDict} from elements to {@code Long} counts with counting methods.
 *
 * <pre>{@code
 * HotMultiSet<String> words = HotMultiSet.of(String.class, "words");
 * words.update(List.of("a", "b", "a"));   // one script: a=2, b=1
 * words.add("c", 5);                      // HINCRBY words c 5 -> 5
 * words.subtract("b", 3);                 // -2: counts are signed, as in Counter
 * words.mostCommon(2);                    // [c=5, a=2]
 * }</pre>
 *
 * <p>Counts follow Python's {@code Counter}: {@link #count} of a missing element is 0; counts may
 * be zero or negative ({@link #subtract} keeps them, and so does {@link #setCount}); {@link
 * #elements()} repeats only elements with a positive count; {@link #intersectionUpdate} ({@code
 * &=}) and {@link #unionUpdate} ({@code |=}) keep the minimum or maximum count and then drop every
 * element whose count is not positive, as {@code Counter} does (the Python HOT Redis kept them).
 * Counts are stored as decimal text ({@link Codecs#longs()}), so {@code redis-cli}, {@code HINCRBY}
 * and the Python HOT Redis {@code MultiSet} read and write the same hash. Arithmetic happens in
 * Redis ({@code HINCRBY}), exact over the whole range of {@code long}; a count that would overflow
 * throws {@link ArithmeticException} and changes nothing. Null elements are refused with {@link
 * NullPointerException}.
 *
 * <p>As a {@code HotDict}, a multiset also offers the {@link java.util.concurrent.ConcurrentMap}
 * methods ({@code merge(e, 1L, Long::sum)} works, though {@link #add} is one round trip), except
 * that {@link #update(Map)} adds counts, as {@code Counter.update} does, rather than replacing
 * them. Building with an initial content replaces whatever the key held (the Python HOT Redis added
 * to it).
 *
 * @param <E> the element type
 */
public final class HotMultiSet<E> extends HotDict<E, Long> {
  /*
   * Implementation notes. Lua numbers are doubles, so no script computes a count: bulk increments
   * are HINCRBYs inside multiset-increment.lua, which restores the counts it already changed if one
   * fails (all or nothing); multiset-combine.lua compares counts exactly as canonical decimal text
   * (sign, length, then digits) and writes back counts that were already stored or given; and
   * multiset-total.lua sums in three base-10^7 limbs, combined here with BigInteger. Deltas of bulk
   * calls are summed per element here first (Math.addExact), so each element is one HINCRBY.
   */
  private static final Codec<Long> COUNT = Codecs.longs();
  private static final Script INCREMENT =
      Script.load(HotMultiSet.class, "lua/multiset-increment.lua");
  private static final Script COMBINE = Script.load(HotMultiSet.class, "lua/multiset-combine.lua");
  private static final Script TOTAL = Script.load(HotMultiSet.class, "lua/multiset-total.lua");
  private static final BigInteger LIMB = BigInteger.valueOf(10_000_000L);

  private static final org.hotredis.shaded.redis.clients.jedis.Builder<Long> COUNT_OR_ZERO =
      Replies.map(Replies.decoded(COUNT), (@Nullable Long n) -> n == null ? 0L : n);

  private static final org.hotredis.shaded.redis.clients.jedis.Builder<Long> SUM =
      new org.hotredis.shaded.redis.clients.jedis.Builder<>() {
        @Override
        public Long build(@Nullable Object data) {
          List<?> limbs = (List<?>) requireNonNull(data, "total");
          BigInteger total =
              BigInteger.valueOf((Long) requireNonNull(limbs.get(0), "high"))
                  .multiply(LIMB)
                  .add(BigInteger.valueOf((Long) requireNonNull(limbs.get(1), "middle")))
                  .multiply(LIMB)
                  .add(BigInteger.valueOf((Long) requireNonNull(limbs.get(2), "low")));
          if (total.bitLength() > 63) {
            throw new ArithmeticException("the total of the counts, " + total + ", overflows long");
          }
          return total.longValue();
        }
      };

  private HotMultiSet(@Nullable HotClient client, @Nullable String key, Codec<E> codec) {
    super(client, key, "HotMultiSet", codec, COUNT);
  }

  // ---- construction ----

  /**
   * Returns a builder for multisets of a type with its default codec ({@link Codecs#forType}).
   *
   * @param type the element type
   * @param <E> the element type
   * @return the builder
   */
  public static <E> Builder<E> builder(Class<E> type) {
    return new Builder<>(Codecs.forType(type));
  }

  /**
   * Returns a builder for multisets whose elements use a codec.
   *
   * @param codec the codec of the elements
   * @param <E> the element type
   * @return the builder
   */
  public static <E> Builder<E> builder(Codec<E> codec) {
    return new Builder<>(requireNonNull(codec, "codec"));
  }

  /**
   * Builds a {@link HotMultiSet}.
   *
   * @param <E> the element type
   */
  public static final class Builder<E> extends HotBuilder<Builder<E>> {
    private final Codec<E> codec;
    private @Nullable Map<E, Long> initial;

    private Builder(Codec<E> codec) {
      this.codec = codec;
    }

    /**
     * Sets the initial counts. When the multiset is built, they replace atomically whatever the key
     * held ({@code DEL} and {@code HSET} in one {@code MULTI}/{@code EXEC}).
     *
     * @param counts the count of each element
     * @return this builder
     * @throws NullPointerException if the map is or holds null
     */
    public Builder<E> initial(Map<? extends E, ? extends Long> counts) {
      this.initial = copyOf(counts);
      return this;
    }

    /**
     * Sets the initial counts to the number of times each element occurs, as {@code
     * Counter(iterable)}. When the multiset is built, they replace atomically whatever the key
     * held.
     *
     * @param elements the elements, repeated as often as they count
     * @return this builder
     * @throws NullPointerException if the iterable is or holds null
     */
    public Builder<E> initial(Iterable<? extends E> elements) {
      Map<E, Long> counts = new LinkedHashMap<>();
      for (E e : requireNonNull(elements, "elements")) {
        counts.merge(
            requireNonNull(e, "HOT Redis multisets do not hold null elements"), 1L, Long::sum);
      }
      this.initial = counts;
      return this;
    }

    /**
     * Creates the multiset, storing the initial counts if some were given. One round trip when
     * initial counts are given, none otherwise.
     *
     * @return the multiset
     */
    public HotMultiSet<E> build() {
      HotMultiSet<E> multiset = new HotMultiSet<>(client(), key(), codec);
      if (initial != null) {
        multiset.replaceWith(initial);
      }
      return multiset;
    }
  }

  // ---- counting ----

  /**
   * Returns the count of an element, 0 if it is absent, as {@code Counter[e]}. One round trip
   * ({@code HGET}).
   *
   * @param element the element
   * @return its count; 0 for an absent element or an object of another type
   * @throws NullPointerException if the element is null
   */
  public long count(Object element) {
    byte[] field = keyEncoding().query(element);
    if (field == null) {
      return 0;
    }
    return redis()
        .read(Replies.withReply(redis().commands().hget(redis().rawKey(), field), COUNT_OR_ZERO));
  }

  /**
   * Adds one to the count of an element. One round trip ({@code HINCRBY}). Atomic.
   *
   * @param element the element
   * @return the new count
   * @throws ArithmeticException if the count would overflow
   */
  public long add(E element) {
    return add(element, 1);
  }

  /**
   * Adds an amount to the count of an element (an absent element counts 0). One round trip ({@code
   * HINCRBY}). Atomic.
   *
   * @param element the element
   * @param amount the amount, which may be negative
   * @return the new count
   * @throws ArithmeticException if the count would overflow (nothing is changed)
   */
  public long add(E element, long amount) {
    byte[] field = keyEncoding().encode(element);
    return redis().write(redis().commands().hincrBy(redis().rawKey(), field, amount));
  }

  /**
   * Subtracts an amount from the count of an element; the count may become zero or negative, as in
   * {@code Counter.subtract}. One round trip ({@code HINCRBY}). Atomic.
   *
   * @param element the element
   * @param amount the amount
   * @return the new count
   * @throws ArithmeticException if the count would overflow (nothing is changed)
   */
  public long subtract(E element, long amount) {
    return add(element, Math.negateExact(amount));
  }

  /**
   * Adds one to the count of each element for each time it occurs, as {@code
   * Counter.update(iterable)}. One round trip (one script of {@code HINCRBY}s). Atomic: if one
   * count would overflow, nothing is changed.
   *
   * @param elements the elements
   * @throws ArithmeticException if a count would overflow
   * @throws NullPointerException if the iterable is or holds null
   */
  public void update(Iterable<? extends E> elements) {
    increment(occurrences(elements, 1));
  }

  /**
   * Adds each given count to the count of its element, as {@code Counter.update(mapping)}: unlike
   * {@link HotDict#update(Map)}, counts are added, not replaced. One round trip (one script).
   * Atomic: if one count would overflow, nothing is changed. A {@code HotDict} argument is read
   * with one {@code HGETALL}.
   *
   * @param counts the amount to add to each element's count
   * @throws ArithmeticException if a count would overflow
   * @throws NullPointerException if the map is or holds null
   */
  @Override
  public void update(Map<? extends E, ? extends Long> counts) {
    increment(amounts(counts, 1));
  }

  /**
   * Subtracts one from the count of each element for each time it occurs, as {@code
   * Counter.subtract(iterable)}; counts may become zero or negative. One round trip (one script).
   * Atomic: if one count would overflow, nothing is changed.
   *
   * @param elements the elements
   * @throws ArithmeticException if a count would overflow
   * @throws NullPointerException if the iterable is or holds null
   */
  public void subtract(Iterable<? extends E> elements) {
    increment(occurrences(elements, -1));
  }

  /**
   * Subtracts each given count from the count of its element, as {@code Counter.subtract(mapping)};
   * counts may become zero or negative. One round trip (one script). Atomic: if one count would
   * overflow, nothing is changed.
   *
   * @param counts the amount to subtract from each element's count
   * @throws ArithmeticException if a count would overflow
   * @throws NullPointerException if the map is or holds null
   */
  public void subtract(Map<? extends E, ? extends Long> counts) {
    increment(amounts(counts, -1));
  }

  /**
   * Sets the count of an element, as {@code Counter[e] = n}; a count of 0 is stored, as in {@code
   * Counter}. One round trip (one script: {@code HGET}, {@code HSET}). Atomic. Inside a
   * transaction, {@link #set} stores a count without reading the previous one.
   *
   * @param element the element
   * @param count the new count
   * @return the previous count, 0 if the element was absent
   */
  public long setCount(E element, long count) {
    Long previous = put(element, count);
    return previous == null ? 0 : previous;
  }

  /**
   * Sets the count of an element only if it is {@code expected} (an absent element counts 0). One
   * round trip (one compare-and-set script). Atomic.
   *
   * @param element the element
   * @param expected the count the element must have
   * @param count the new count
   * @return whether the count was set
   */
  public boolean setCount(E element, long expected, long count) {
    byte[] field = keyEncoding().encode(element);
    return redis()
        .write(
            compareAndSet(
                field, COUNTS, Arguments.of(expected), Arguments.of(count), false, CHANGED));
  }

  /**
   * Keeps, for each element, the smaller of its count and its count in another multiset (a missing
   * count being 0), then removes every element whose count is not positive: Python's {@code Counter
   * &= other}. One round trip (one script). Atomic. When {@code other} is a {@code HotMultiSet} of
   * the same client, the same element codec and (on Redis Cluster) the same slot, the script reads
   * it inside Redis, atomically with this one; otherwise its counts are read first (one {@code
   * HGETALL} for a {@code HotDict}) and sent along.
   *
   * @param other the other multiset's counts
   * @throws NullPointerException if the map is or holds null
   */
  public void intersectionUpdate(Map<? extends E, ? extends Long> other) {
    combine("min", other);
  }

  /**
   * Keeps, for each element, the larger of its count and its count in another multiset (a missing
   * count being 0), then removes every element whose count is not positive: Python's {@code Counter
   * |= other}. One round trip (one script). Atomic; {@code other} is read as by {@link
   * #intersectionUpdate}.
   *
   * @param other the other multiset's counts
   * @throws NullPointerException if the map is or holds null
   */
  public void unionUpdate(Map<? extends E, ? extends Long> other) {
    combine("max", other);
  }

  /**
   * Returns the sum of all counts, as {@code Counter.total()}, exactly. One round trip (one script
   * that reads the counts in slices of 1,000): O(n) in Redis.
   *
   * @return the total
   * @throws ArithmeticException if the total does not fit in a {@code long}
   */
  public long total() {
    return redis().read(TOTAL.call(SUM, List.of(redis().rawKey()), List.of()));
  }

  /**
   * Returns every element with its count, the largest counts first, as {@code
   * Counter.most_common()}; the order of equal counts is unspecified. One round trip ({@code
   * HGETALL}); sorted here.
   *
   * @return immutable entries, a new list
   */
  public List<Map.Entry<E, Long>> mostCommon() {
    return mostCommon(Integer.MAX_VALUE);
  }

  /**
   * Returns the {@code n} elements with the largest counts, with their counts, largest first, as
   * {@code Counter.most_common(n)}; the order of equal counts is unspecified. One round trip
   * ({@code HGETALL}); sorted here.
   *
   * @param n how many elements at most
   * @return immutable entries, a new list of at most {@code n}
   * @throws IllegalArgumentException if {@code n} is negative
   */
  public List<Map.Entry<E, Long>> mostCommon(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must not be negative, was " + n);
    }
    List<Map.Entry<E, Long>> entries = new ArrayList<>();
    snapshot().forEach((e, count) -> entries.add(new SimpleImmutableEntry<>(e, count)));
    entries.sort(Map.Entry.<E, Long>comparingByValue(Comparator.reverseOrder()));
    return n >= entries.size() ? entries : new ArrayList<>(entries.subList(0, n));
  }

  /**
   * Returns each element repeated as many times as its count, as {@code Counter.elements()};
   * elements whose count is zero or negative are left out. The counts come from one snapshot (one
   * round trip, {@code HGETALL}); the repetitions are produced lazily.
   *
   * @return a sequential stream
   */
  public Stream<E> elements() {
    return snapshot().entrySet().stream()
        .filter(entry -> entry.getValue() > 0)
        .flatMap(entry -> Stream.generate(entry::getKey).limit(entry.getValue()));
  }

  // ---- Python's dict methods, keeping the type ----

  /**
   * Returns a new multiset holding the same counts, at a new random key in this multiset's cluster
   * slot; see {@link HotDict#copy()}. One round trip. Atomic.
   *
   * @return the copy
   */
  @Override
  public HotMultiSet<E> copy() {
    HotMultiSet<E> copy = sibling();
    copyTo(copy);
    return copy;
  }

  /**
   * Returns a new multiset giving each of some elements one count; see {@link HotDict#fromKeys}.
   * One round trip, none for no elements. Atomic.
   *
   * @return the new multiset
   */
  @Override
  public HotMultiSet<E> fromKeys(Collection<? extends E> keys, Long value) {
    HotMultiSet<E> multiset = sibling();
    multiset.fill(keys, value);
    return multiset;
  }

  // ---- internals ----

  private HotMultiSet<E> sibling() {
    return new HotMultiSet<>(redis().client(), siblingKey(), keyCodec());
  }

  /** Counts the occurrences of each element, times a sign, by encoded element. */
  private Map<ByteKey, Long> occurrences(Iterable<? extends E> elements, int sign) {
    Map<ByteKey, Long> deltas = new LinkedHashMap<>();
    for (E e : requireNonNull(elements, "elements")) {
      deltas.merge(new ByteKey(keyEncoding().encode(e)), (long) sign, Math::addExact);
    }
    return deltas;
  }

  /** Sums the given amounts, times a sign, by encoded element. */
  private Map<ByteKey, Long> amounts(Map<? extends E, ? extends Long> counts, int sign) {
    Map<ByteKey, Long> deltas = new LinkedHashMap<>();
    for (Map.Entry<? extends E, ? extends Long> entry :
        contents(requireNonNull(counts, "counts")).entrySet()) {
      long amount = requireNonNull(entry.getValue(), "HOT Redis multisets do not hold null counts");
      deltas.merge(
          new ByteKey(keyEncoding().encode(entry.getKey())),
          sign < 0 ? Math.negateExact(amount) : amount,
          Math::addExact);
    }
    return deltas;
  }

  /** Adds amounts to counts, all or nothing, in one script; queued in a transaction. */
  private void increment(Map<ByteKey, Long> deltas) {
    if (deltas.isEmpty()) {
      return;
    }
    List<byte[]> args = new ArrayList<>(deltas.size() * 2);
    deltas.forEach(
        (field, amount) -> {
          args.add(field.bytes());
          args.add(Arguments.of(amount));
        });
    redis().send(INCREMENT.call(BuilderFactory.LONG, List.of(redis().rawKey()), args));
  }

  private void combine(String mode, Map<? extends E, ? extends Long> other) {
    requireNonNull(other, "other");
    if (other instanceof HotMultiSet<?> multiset && readableInside(multiset)) {
      redis()
          .send(
              COMBINE.call(
                  BuilderFactory.LONG,
                  List.of(redis().rawKey(), multiset.redis().rawKey()),
                  List.of(Arguments.of(mode))));
      return;
    }
    List<byte[]> args = new ArrayList<>();
    args.add(Arguments.of(mode));
    for (Map.Entry<? extends E, ? extends Long> entry : contents(other).entrySet()) {
      args.add(keyEncoding().encode(entry.getKey()));
      args.add(
          Arguments.of(
              (long)
                  requireNonNull(entry.getValue(), "HOT Redis multisets do not hold null counts")));
    }
    redis().send(COMBINE.call(BuilderFactory.LONG, List.of(redis().rawKey()), args));
  }

  /** Whether one script can read another multiset's hash beside this one. */
  private boolean readableInside(HotMultiSet<?> other) {
    return other.keyCodec().equals(keyCodec()) && redis().colocated(other.redis());
  }
}
