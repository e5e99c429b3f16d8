package org.hotredis.collections;

import static java.util.Objects.requireNonNull;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ListIterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.hotredis.Arguments;
import org.hotredis.HotBuilder;
import org.hotredis.HotClient;
import org.hotredis.HotObject;
import org.hotredis.RedisBinding;
import org.hotredis.Replies;
import org.hotredis.Script;
import org.hotredis.ScriptCall;
import org.hotredis.StoredKeys;
import org.hotredis.codec.Codec;
import org.hotredis.codec.Codecs;
import org.hotredis.shaded.redis.clients.jedis.BuilderFactory;
import org.hotredis.shaded.redis.clients.jedis.CommandObject;
import org.hotredis.shaded.redis.clients.jedis.params.LPosParams;
import org.hotredis.toolkit.ByteKey;
import org.hotredis.toolkit.Encoding;
import org.hotredis.toolkit.SharedScripts;
import org.jspecify.annotations.Nullable;

/**
 * A {@link java.util.List} stored in a Redis list, shared by every process that uses its key.
 *
 * <pre>{@code
 * HotList<String> list = HotList.builder(String.class).key("foo").initial(List.of("a", "b")).build();
 * list.addAll(List.of("c", "d"));          // RPUSH foo c d
 * list.add(1, "x");                        // one script: [a, x, b, c, d]
 * list.reverse();                          // one script, in place
 * }</pre>
 *
 * <p>Every mutating method is one Redis command or one Lua script, so concurrent writers in other
 * processes never interleave inside it; bulk methods ({@code addAll}, {@code removeAll}, {@code
 * retainAll}, {@code clear}) are one round trip too. Methods that run your code on the elements
 * ({@link #removeIf}, {@link #replaceAll}, {@link #sort}) read the list under {@code WATCH} and
 * write it back in one {@code MULTI}/{@code EXEC}, retrying if another client changed it: atomic,
 * and your function may run more than once. Each method's documentation states its round trips.
 *
 * <p>Elements are stored with the list's {@link Codec}; with the default codecs a {@code
 * HotList<String>} reads and writes the same Redis list as the Python HOT Redis {@code List} and
 * {@code redis-cli}. Null elements are refused with {@link NullPointerException}.
 *
 * <p><b>Iteration and views.</b> Iterators read the list in pages of {@value #PAGE} elements
 * ({@code LRANGE}), so iterating any list uses bounded memory. They are weakly consistent: they
 * never fail because another process changed the list, but may then skip or repeat elements. {@link
 * Iterator#remove()} and {@link ListIterator#set} check, in the same script, that the element still
 * holds the value the iterator returned, and throw {@link
 * java.util.ConcurrentModificationException} otherwise. {@link #subList} is a live view: its reads
 * and writes go to the Redis list, offset by its start, and each of its methods costs what the
 * list's own costs, over its index range; like {@link ArrayList#subList} its meaning is undefined
 * once the list is changed other than through it (here: by another process too).
 *
 * <p><b>Equality.</b> {@code equals} and {@code hashCode} follow the {@link List} contract over one
 * snapshot ({@code LRANGE 0 -1}); as the content changes over time, do not use a {@code HotList} as
 * a key in a hash-based collection.
 *
 * <p>Indexes are Java's: 0-based and never negative. {@link #slice} offers Python's slicing, with
 * negative indexes and steps.
 *
 * @param <E> the element type
 */
public final class HotList<E> extends AbstractList<E> implements HotObject {
  /*
   * Implementation notes. Scripts that shift elements (insert and remove at an index, reverse,
   * retainAll) move the elements on the shorter side of the index through a scratch list, the
   * companion key {key}:scratch, in slices of 1,000 with LPOP/RPOP count and LPUSH/RPUSH. That
   * keeps them O(min(i, n - i)) for an index i, with memory bounded inside Redis and no Lua
   * unpack limit, on lists of any length. The scratch list is empty before and after every script.
   * The scripts that search, filter or splice take an index range (list-position, list-contains-all,
   * list-filter, list-remove-range's 'first' mode, list-insert's replace count), so a sub-list runs
   * the list's own scripts over its range, never the JDK's element-by-element defaults.
   */

  /** Elements fetched per round trip by iterators. */
  static final int PAGE = 1000;

  /** Values sent per RPUSH by bulk writes; larger inputs go as several RPUSHes in one EXEC. */
  static final int CHUNK = 10_000;

  private static final Script SET = Script.load(HotList.class, "lua/list-set.lua");
  private static final Script INSERT = Script.load(HotList.class, "lua/list-insert.lua");
  private static final Script REMOVE_RANGE =
      Script.load(HotList.class, "lua/list-remove-range.lua");
  private static final Script REVERSE = Script.load(HotList.class, "lua/list-reverse.lua");
  private static final Script MULTIPLY = Script.load(HotList.class, "lua/list-multiply.lua");
  private static final Script FILTER = Script.load(HotList.class, "lua/list-filter.lua");
  private static final Script COUNT = Script.load(HotList.class, "lua/list-count.lua");
  private static final Script SLICE = Script.load(HotList.class, "lua/list-slice.lua");
  private static final Script POSITION = Script.load(HotList.class, "lua/list-position.lua");

  /** The end of a range that covers the whole list, however long (scripts clamp it). */
  private static final long END = Long.MAX_VALUE;

  private final RedisBinding redis;
  private final Codec<E> codec;
  private final Encoding<E> elements;
  private final List<byte[]> scriptKeys;

  private HotList(@Nullable HotClient client, @Nullable String key, Codec<E> codec) {
    this.redis = RedisBinding.of(client, key, "HotList", "list").withCompanion("scratch", "list");
    this.codec = requireNonNull(codec, "codec");
    this.elements = new Encoding<>(redis, codec, "HOT Redis lists do not hold null elements");
    this.scriptKeys = redis.rawKeys();
  }

  // ---- construction ----

  /**
   * Returns a builder for lists of a type with its default codec ({@link Codecs#forType}).
   *
   * @param type the element type
   * @param <E> the element type
   * @return the builder
   */
  public static <E> Builder<E> builder(Class<E> type) {
    return new Builder<>(Codecs.forType(type));
  }

  /**
   * Returns a builder for lists whose elements use a codec.
   *
   * @param codec the codec of the elements
   * @param <E> the element type
   * @return the builder
   */
  public static <E> Builder<E> builder(Codec<E> codec) {
    return new Builder<>(requireNonNull(codec, "codec"));
  }

  /**
   * Builds a {@link HotList}.
   *
   * @param <E> the element type
   */
  public static final class Builder<E> extends HotBuilder<Builder<E>> {
    private final Codec<E> codec;
    private @Nullable List<? extends E> initial;

    private Builder(Codec<E> codec) {
      this.codec = codec;
    }

    /**
     * Sets the initial contents. When the list is built, they replace atomically whatever the key
     * held ({@code DEL} and {@code RPUSH} in one {@code MULTI}/{@code EXEC}); an empty collection
     * leaves an empty list.
     *
     * @param elements the elements, in order
     * @return this builder
     */
    public Builder<E> initial(Collection<? extends E> elements) {
      this.initial = List.copyOf(requireNonNull(elements, "elements"));
      return this;
    }

    /**
     * Creates the list, storing the initial contents if some were given. One round trip when
     * initial contents are given, none otherwise.
     *
     * @return the list
     */
    public HotList<E> build() {
      HotList<E> list = new HotList<>(client(), key(), codec);
      if (initial != null) {
        list.replaceWith(list.elements.encodeAll(initial));
      }
      return list;
    }
  }

  @Override
  public StoredKeys storedKeys() {
    return redis;
  }

  RedisBinding redis() {
    return redis;
  }

  /**
   * Returns the codec of the elements.
   *
   * @return the codec
   */
  public Codec<E> codec() {
    return codec;
  }

  // ---- the List contract: reads ----

  /**
   * Returns the number of elements, at most {@link Integer#MAX_VALUE}. One round trip ({@code
   * LLEN}).
   */
  @Override
  public int size() {
    return redis.read(
        Replies.map(
            redis.commands().llen(redis.rawKey()), n -> (int) Math.min(Integer.MAX_VALUE, n)));
  }

  /**
   * Returns the number of elements, without the {@code int} limit of {@link #size()}. One round
   * trip ({@code LLEN}).
   *
   * @return the length of the Redis list
   */
  public long longSize() {
    return redis.read(redis.commands().llen(redis.rawKey()));
  }

  /** Returns whether the list is empty. One round trip ({@code LLEN}). */
  @Override
  public boolean isEmpty() {
    return redis.read(Replies.map(redis.commands().llen(redis.rawKey()), n -> n == 0));
  }

  /**
   * Returns the element at an index. One round trip ({@code LINDEX}).
   *
   * @throws IndexOutOfBoundsException if the index is negative or not below the size
   */
  @Override
  public E get(int index) {
    checkNotNegative(index);
    return redis.read(
        Replies.withReply(redis.commands().lindex(redis.rawKey(), index), present(index)));
  }

  /**
   * Returns whether the list contains an element. One round trip ({@code LPOS}).
   *
   * @throws NullPointerException if {@code o} is null
   */
  @Override
  public boolean contains(Object o) {
    byte[] raw = elements.query(o);
    if (raw == null) {
      return false;
    }
    return redis.read(
        Replies.map(
            redis.commands().lpos(redis.rawKey(), raw, LPosParams.lPosParams()),
            (@Nullable Long index) -> index != null));
  }

  /**
   * Returns the index of the first occurrence of an element, or -1. One round trip ({@code LPOS}).
   *
   * @throws NullPointerException if {@code o} is null
   */
  @Override
  public int indexOf(Object o) {
    return position(o, LPosParams.lPosParams());
  }

  /**
   * Returns the index of the last occurrence of an element, or -1. One round trip ({@code LPOS RANK
   * -1}).
   *
   * @throws NullPointerException if {@code o} is null
   */
  @Override
  public int lastIndexOf(Object o) {
    return position(o, LPosParams.lPosParams().rank(-1));
  }

  private int position(Object o, LPosParams params) {
    byte[] raw = elements.query(o);
    if (raw == null) {
      return -1;
    }
    return redis.read(
        Replies.map(
            redis.commands().lpos(redis.rawKey(), raw, params),
            (@Nullable Long index) ->
                index == null ? -1 : (int) Math.min(Integer.MAX_VALUE, index)));
  }

  /**
   * Returns whether the list contains every element of a collection. One round trip (one script
   * that scans the list once). A null element is never contained.
   *
   * @throws NullPointerException if the collection is null
   */
  @Override
  public boolean containsAll(Collection<?> c) {
    List<byte[]> values = elements.queriesIfAll(c);
    if (values == null) {
      return false;
    }
    if (values.isEmpty()) {
      return true;
    }
    return redis.read(containsAllCall(0, END, values));
  }

  /**
   * Counts the occurrences of an element, as Python's {@code list.count}. One round trip (one
   * script over {@code LPOS COUNT 0}).
   *
   * @param o the element
   * @return how many elements equal it
   */
  public long count(Object o) {
    byte[] raw = elements.query(o);
    if (raw == null) {
      return 0;
    }
    return redis.read(COUNT.call(BuilderFactory.LONG, List.of(redis.rawKey()), List.of(raw)));
  }

  // ---- the List contract: writes ----

  /**
   * Appends an element. One round trip ({@code RPUSH}). Atomic.
   *
   * @return {@code true}
   */
  @Override
  public boolean add(E e) {
    redis.send(redis.commands().rpush(redis.rawKey(), elements.encode(e)));
    return true;
  }

  /**
   * Inserts an element at an index, shifting later elements. One round trip (one script, which
   * checks the index against the current length). Atomic.
   *
   * @throws IndexOutOfBoundsException if the index is negative or greater than the size
   */
  @Override
  public void add(int index, E element) {
    checkNotNegative(index);
    redis.send(insertCall(index, 0, List.of(elements.encode(element))));
  }

  /**
   * Replaces the element at an index. One round trip (one script: {@code LINDEX}, {@code LSET}).
   * Atomic.
   *
   * @return the previous element
   * @throws IndexOutOfBoundsException if the index is negative or not below the size
   */
  @Override
  public E set(int index, E element) {
    checkNotNegative(index);
    return redis.write(setCall(index, elements.encode(element), null));
  }

  /**
   * Removes the element at an index, shifting later elements. One round trip (one script). Atomic.
   *
   * @return the removed element
   * @throws IndexOutOfBoundsException if the index is negative or not below the size
   */
  @Override
  public E remove(int index) {
    checkNotNegative(index);
    return redis.write(removeRangeCall(index, index + 1, null, null, present(index)));
  }

  /**
   * Removes the first occurrence of an element. One round trip ({@code LREM 1}). Atomic.
   *
   * @return whether an element was removed
   * @throws NullPointerException if {@code o} is null
   */
  @Override
  public boolean remove(Object o) {
    byte[] raw = elements.query(o);
    if (raw == null) {
      return false;
    }
    return redis.write(
        Replies.withReply(redis.commands().lrem(redis.rawKey(), 1, raw), Replies.isPositive()));
  }

  /** Removes every element. One round trip ({@code DEL}). Atomic. */
  @Override
  public void clear() {
    redis.send(redis.commands().del(redis.rawKey()));
  }

  /**
   * Appends every element of a collection, in its iteration order. One round trip ({@code RPUSH});
   * above {@value #CHUNK} elements, several {@code RPUSH}es in one {@code MULTI}/{@code EXEC}.
   * Atomic.
   *
   * @return whether the list changed, that is whether {@code c} was not empty
   * @throws NullPointerException if the collection is or contains null
   */
  @Override
  public boolean addAll(Collection<? extends E> c) {
    List<byte[]> values = elements.encodeAll(requireNonNull(c, "c"));
    if (values.isEmpty()) {
      return false;
    }
    redis.atomically(pushes(values));
    return true;
  }

  /**
   * Inserts every element of a collection at an index, in its iteration order. One round trip (one
   * script). Atomic.
   *
   * @return whether the list changed, that is whether {@code c} was not empty
   * @throws IndexOutOfBoundsException if the index is negative or greater than the size
   */
  @Override
  public boolean addAll(int index, Collection<? extends E> c) {
    checkNotNegative(index);
    List<byte[]> values = elements.encodeAll(requireNonNull(c, "c"));
    if (values.isEmpty()) {
      return false;
    }
    redis.send(insertCall(index, 0, values));
    return true;
  }

  /**
   * Removes every occurrence of every element of a collection. One round trip (one script of {@code
   * LREM}s). Atomic.
   *
   * @return whether the list changed
   */
  @Override
  public boolean removeAll(Collection<?> c) {
    List<byte[]> values = elements.queries(requireNonNull(c, "c"));
    if (values.isEmpty()) {
      return false;
    }
    return redis.write(filterCall("drop", 0, END, values, Replies.isPositive()));
  }

  /**
   * Keeps only the elements contained in a collection, in order. One round trip (one script that
   * rebuilds the list). Atomic.
   *
   * @return whether the list changed
   */
  @Override
  public boolean retainAll(Collection<?> c) {
    List<byte[]> values = elements.queries(requireNonNull(c, "c"));
    return redis.write(filterCall("keep", 0, END, values, Replies.isPositive()));
  }

  /**
   * Removes the elements that satisfy a predicate. Reads the list in pages under {@code WATCH} and
   * removes the matching values in one {@code MULTI}/{@code EXEC}, retried if another client
   * changed the list meanwhile: atomic, and the predicate may run more than once per element. Round
   * trips: {@code WATCH}, one per {@value #PAGE} elements, and one for the removal.
   *
   * @return whether the list changed
   */
  @Override
  public boolean removeIf(Predicate<? super E> filter) {
    requireNonNull(filter, "filter");
    redis.multiStep();
    return redis
        .client()
        .optimistic(
            List.of(this),
            tx -> {
              Set<ByteKey> matching = new LinkedHashSet<>();
              forEachRaw(
                  0,
                  Integer.MAX_VALUE,
                  raw -> {
                    if (filter.test(elements.decode(raw))) {
                      matching.add(new ByteKey(raw));
                    }
                  });
              if (matching.isEmpty()) {
                return false;
              }
              List<byte[]> values = ByteKey.bytes(matching);
              redis.send(filterCall("drop", 0, END, values, Replies.isPositive()));
              return true;
            });
  }

  /**
   * Replaces each element with the result of a function. Reads the list in pages under {@code
   * WATCH} and rewrites it in one {@code MULTI}/{@code EXEC} (keeping its time to live), retried if
   * another client changed it meanwhile: atomic, and the function may run more than once per
   * element.
   */
  @Override
  public void replaceAll(UnaryOperator<E> operator) {
    requireNonNull(operator, "operator");
    rewrite(contents -> contents.replaceAll(operator));
  }

  /**
   * Sorts the list, with Java's ordering ({@code null} means natural ordering). Reads the list in
   * pages under {@code WATCH} and rewrites it in one {@code MULTI}/{@code EXEC} (keeping its time
   * to live), retried if another client changed it meanwhile: atomic.
   */
  @Override
  public void sort(@Nullable Comparator<? super E> c) {
    rewrite(contents -> contents.sort(c));
  }

  private void rewrite(Consumer<List<E>> change) {
    redis.multiStep();
    redis
        .client()
        .optimistic(
            List.of(this),
            tx -> {
              List<E> contents = new ArrayList<>();
              forEachRaw(0, Integer.MAX_VALUE, raw -> contents.add(elements.decode(raw)));
              long ttl = redis.read(redis.commands().pttl(redis.rawKey()));
              if (contents.isEmpty()) {
                return null;
              }
              change.accept(contents);
              List<CommandObject<?>> commands = new ArrayList<>();
              commands.add(redis.commands().del(redis.rawKey()));
              commands.addAll(pushes(elements.encodeAll(contents)));
              if (ttl > 0) {
                commands.add(redis.commands().pexpire(redis.rawKey(), ttl));
              }
              redis.atomically(commands);
              return null;
            });
  }

  // ---- Python's list methods, and the deque-like ends ----

  /**
   * Reverses the list in place, as Python's {@code list.reverse}. One round trip (one script, O(n),
   * for lists of any length). Atomic.
   */
  public void reverse() {
    redis.send(REVERSE.call(BuilderFactory.LONG, scriptKeys, List.of()));
  }

  /**
   * Repeats the contents in place, as Python's {@code list *= n}: {@code [a, b]} multiplied by 3 is
   * {@code [a, b, a, b, a, b]}; 0 or less empties the list. One round trip (one script). Atomic.
   *
   * @param times the factor
   */
  public void multiply(int times) {
    redis.send(
        MULTIPLY.call(BuilderFactory.LONG, List.of(redis.rawKey()), List.of(Arguments.of(times))));
  }

  /**
   * Returns a copy of part of the list with Python's slice semantics, {@code list[start:stop]}:
   * negative indexes count from the end, out-of-range bounds are clamped, and an empty range gives
   * an empty list. One round trip ({@code LRANGE}).
   *
   * @param start the first index, inclusive
   * @param stop the end index, exclusive
   * @return the elements, a new {@link ArrayList}
   */
  public List<E> slice(int start, int stop) {
    return slice(start, stop, 1);
  }

  /**
   * Returns a copy of part of the list with Python's extended slice semantics, {@code
   * list[start:stop:step]}. A null bound is Python's omitted bound; a negative step walks
   * backwards. One round trip (one script).
   *
   * @param start the first index, or null
   * @param stop the end index (exclusive), or null
   * @param step the step, not 0
   * @return the elements, a new {@link ArrayList}
   * @throws IllegalArgumentException if the step is 0
   */
  public List<E> slice(@Nullable Integer start, @Nullable Integer stop, int step) {
    if (step == 0) {
      throw new IllegalArgumentException("slice step cannot be zero");
    }
    return redis.read(
        SLICE.call(
            Replies.decodedList(codec),
            List.of(redis.rawKey()),
            List.of(
                start == null ? new byte[0] : Arguments.of(start),
                stop == null ? new byte[0] : Arguments.of(stop),
                Arguments.of(step))));
  }

  /**
   * Inserts an element at the head. One round trip ({@code LPUSH}). Atomic.
   *
   * @param e the element
   */
  public void addFirst(E e) {
    redis.send(redis.commands().lpush(redis.rawKey(), elements.encode(e)));
  }

  /**
   * Appends an element at the tail. One round trip ({@code RPUSH}). Atomic.
   *
   * @param e the element
   */
  public void addLast(E e) {
    add(e);
  }

  /**
   * Returns the first element. One round trip ({@code LINDEX 0}).
   *
   * @return the first element
   * @throws NoSuchElementException if the list is empty
   */
  public E getFirst() {
    return redis.read(
        Replies.withReply(redis.commands().lindex(redis.rawKey(), 0), presentOrEmpty()));
  }

  /**
   * Returns the last element. One round trip ({@code LINDEX -1}).
   *
   * @return the last element
   * @throws NoSuchElementException if the list is empty
   */
  public E getLast() {
    return redis.read(
        Replies.withReply(redis.commands().lindex(redis.rawKey(), -1), presentOrEmpty()));
  }

  /**
   * Removes and returns the first element. One round trip ({@code LPOP}). Atomic.
   *
   * @return the removed element
   * @throws NoSuchElementException if the list is empty
   */
  public E removeFirst() {
    return redis.write(Replies.withReply(redis.commands().lpop(redis.rawKey()), presentOrEmpty()));
  }

  /**
   * Removes and returns the last element, as Python's {@code list.pop()}. One round trip ({@code
   * RPOP}). Atomic.
   *
   * @return the removed element
   * @throws NoSuchElementException if the list is empty
   */
  public E removeLast() {
    return redis.write(Replies.withReply(redis.commands().rpop(redis.rawKey()), presentOrEmpty()));
  }

  // ---- views ----

  /**
   * Returns an iterator that reads the list in pages of {@value #PAGE} elements (one round trip per
   * page). Weakly consistent; {@code remove()} is one round trip and checks the element is
   * unchanged.
   */
  @Override
  public Iterator<E> iterator() {
    return new Cursor(null, 0);
  }

  /**
   * Returns a spliterator over the paging iterator. It is not {@code SIZED}: the list may change
   * while a stream runs, so its length is not known in advance.
   */
  @Override
  public Spliterator<E> spliterator() {
    return Spliterators.spliteratorUnknownSize(
        iterator(), Spliterator.ORDERED | Spliterator.NONNULL);
  }

  /** Returns a list iterator that reads the list in pages; see {@link #iterator()}. */
  @Override
  public ListIterator<E> listIterator() {
    return new Cursor(null, 0);
  }

  /**
   * Returns a list iterator starting at an index, reading in pages; see {@link #iterator()}. One
   * round trip ({@code LLEN}) to check a non-zero index.
   *
   * @throws IndexOutOfBoundsException if the index is negative or greater than the size
   */
  @Override
  public ListIterator<E> listIterator(int index) {
    checkNotNegative(index);
    if (index > 0 && index > longSize()) {
      throw new IndexOutOfBoundsException("Index: " + index + " out of range for " + describe());
    }
    return new Cursor(null, index);
  }

  /**
   * Returns a live view of the elements from one index (inclusive) to another (exclusive). One
   * round trip ({@code LLEN}) to check the bounds.
   *
   * <p>Reads and writes go to the Redis list, and every method of the view (and of its own
   * sub-lists) costs what the list's costs, over the view's index range only: {@code get}, {@code
   * set}, {@code add}, {@code remove(int)}, {@code addAll}, {@code clear}, {@code contains}, {@code
   * indexOf}, {@code lastIndexOf}, {@code containsAll}, {@code remove(Object)}, {@code removeAll}
   * and {@code retainAll} are one round trip each (one command or one script), atomic; {@code
   * toArray}, {@code equals}, {@code hashCode} and {@code toString} read the range once ({@code
   * LRANGE}); iterators and streams read it in pages of {@value #PAGE}; {@code removeIf}, {@code
   * replaceAll} and {@code sort} read the range under {@code WATCH} (one round trip per page) and
   * write it back with one script in one {@code MULTI}/{@code EXEC}, retried if another client
   * changed the list: atomic. {@code size} and {@code isEmpty} are tracked locally, as {@link
   * ArrayList#subList} does. Like {@link ArrayList#subList}, the view's meaning is undefined once
   * the list is changed other than through it (here: by another process too).
   *
   * @throws IndexOutOfBoundsException if the bounds are outside {@code 0..size()} or reversed
   */
  @Override
  public List<E> subList(int fromIndex, int toIndex) {
    checkRange(fromIndex, toIndex, size());
    return new View(null, fromIndex, toIndex - fromIndex);
  }

  // ---- whole-list reads ----

  /** Returns the elements in an array, from one snapshot. One round trip ({@code LRANGE 0 -1}). */
  @Override
  public Object[] toArray() {
    return redis.read(snapshotCommand(List::toArray));
  }

  /** Returns the elements in an array, from one snapshot. One round trip ({@code LRANGE 0 -1}). */
  @Override
  public <T> T[] toArray(T[] a) {
    requireNonNull(a, "a");
    return redis.read(snapshotCommand(elements -> elements.toArray(a)));
  }

  /**
   * Compares with another list element by element, over one snapshot of this list. One round trip
   * ({@code LRANGE 0 -1}), plus the other list's reads.
   */
  @Override
  public boolean equals(@Nullable Object o) {
    if (o == this) {
      return true;
    }
    if (!(o instanceof List)) {
      return false;
    }
    redis.multiStep();
    return snapshot().equals(o);
  }

  /** Returns the {@link List#hashCode()} of one snapshot. One round trip ({@code LRANGE 0 -1}). */
  @Override
  public int hashCode() {
    return redis.read(snapshotCommand(List::hashCode));
  }

  /** Returns the elements as {@code [a, b, c]}, from one snapshot. One round trip. */
  @Override
  public String toString() {
    return redis.read(snapshotCommand(List::toString));
  }

  /**
   * Returns a copy of the elements, from one snapshot. One round trip ({@code LRANGE 0 -1}).
   *
   * @return a new {@link ArrayList}
   */
  public List<E> snapshot() {
    return range(0, -1);
  }

  /** The command that reads the whole list, its reply turned into a result. */
  private <R> CommandObject<R> snapshotCommand(Function<List<E>, R> result) {
    return Replies.withReply(
        redis.commands().lrange(redis.rawKey(), 0, -1),
        Replies.map(Replies.decodedList(codec), result));
  }

  // ---- internals ----

  private List<E> range(long start, long stop) {
    return redis.read(
        Replies.withReply(
            redis.commands().lrange(redis.rawKey(), start, stop), Replies.decodedList(codec)));
  }

  private List<byte[]> rawRange(long start, long stop) {
    return redis.read(redis.commands().lrange(redis.rawKey(), start, stop));
  }

  /** Reads the elements from an index to before another in pages, handing each over raw. */
  private void forEachRaw(int from, int to, Consumer<byte[]> action) {
    for (long start = from; start < to; start += PAGE) {
      long stop = Math.min(start + PAGE, to) - 1;
      List<byte[]> page = rawRange(start, stop);
      page.forEach(action);
      if (page.size() < stop - start + 1) {
        return;
      }
    }
  }

  private void replaceWith(List<byte[]> values) {
    List<CommandObject<?>> commands = new ArrayList<>();
    commands.add(redis.commands().del(redis.rawKey()));
    if (!values.isEmpty()) {
      commands.addAll(pushes(values));
    }
    redis.atomically(commands);
  }

  private List<CommandObject<Long>> pushes(List<byte[]> values) {
    List<CommandObject<Long>> commands = new ArrayList<>();
    for (int i = 0; i < values.size(); i += CHUNK) {
      List<byte[]> chunk = values.subList(i, Math.min(values.size(), i + CHUNK));
      commands.add(redis.commands().rpush(redis.rawKey(), chunk.toArray(new byte[0][])));
    }
    return commands;
  }

  /**
   * Keeps or drops the elements of a range equal to the values, as {@code list-filter.lua}
   * describes; its reply is how many elements were removed.
   */
  private <T> ScriptCall<T> filterCall(
      String mode,
      long from,
      long to,
      List<byte[]> values,
      org.hotredis.shaded.redis.clients.jedis.Builder<T> reply) {
    List<byte[]> args = new ArrayList<>(values.size() + 3);
    args.add(Arguments.of(mode));
    args.add(Arguments.of(from));
    args.add(Arguments.of(to));
    args.addAll(values);
    return FILTER.call(reply, scriptKeys, args);
  }

  /** Whether a range holds every value ({@code list-contains-all.lua}). */
  private ScriptCall<Boolean> containsAllCall(long from, long to, List<byte[]> values) {
    return SharedScripts.listContainsAll(redis.rawKey(), from, to, values);
  }

  /** Inserts values at an index after removing {@code count} elements there (a splice). */
  private ScriptCall<Long> insertCall(long index, long count, List<byte[]> values) {
    List<byte[]> args = new ArrayList<>(values.size() + 2);
    args.add(Arguments.of(index));
    args.add(Arguments.of(count));
    args.addAll(values);
    return INSERT.call(BuilderFactory.LONG, scriptKeys, args);
  }

  private ScriptCall<E> setCall(long index, byte[] value, byte @Nullable [] expected) {
    List<byte[]> args =
        expected == null
            ? List.of(Arguments.of(index), value)
            : List.of(Arguments.of(index), value, expected);
    return SET.call(present(index), List.of(redis.rawKey()), args);
  }

  /**
   * Removes a range ({@code list-remove-range.lua}); with a mode, only the one element if it holds
   * the value ({@code expect}), or the first element of the range equal to it ({@code first}).
   */
  private <T> ScriptCall<T> removeRangeCall(
      long from,
      long to,
      @Nullable String mode,
      byte @Nullable [] value,
      org.hotredis.shaded.redis.clients.jedis.Builder<T> reply) {
    List<byte[]> args =
        mode == null || value == null
            ? List.of(Arguments.of(from), Arguments.of(to))
            : List.of(Arguments.of(from), Arguments.of(to), Arguments.of(mode), value);
    return REMOVE_RANGE.call(reply, scriptKeys, args);
  }

  /** A reply builder that decodes an element that must exist at an index. */
  private org.hotredis.shaded.redis.clients.jedis.Builder<E> present(long index) {
    return Replies.required(
        codec,
        () -> new IndexOutOfBoundsException("Index: " + index + " out of range for " + describe()));
  }

  /** A reply builder that decodes an end element of a list that must not be empty. */
  private org.hotredis.shaded.redis.clients.jedis.Builder<E> presentOrEmpty() {
    return Replies.required(codec, () -> new NoSuchElementException(describe() + " is empty"));
  }

  private String describe() {
    return redis.describe();
  }

  private static void checkNotNegative(long index) {
    if (index < 0) {
      throw new IndexOutOfBoundsException("Index: " + index + " is negative");
    }
  }

  private static void checkRange(int from, int to, int size) {
    if (from < 0 || to > size || from > to) {
      throw new IndexOutOfBoundsException(
          "fromIndex: " + from + ", toIndex: " + to + ", size: " + size);
    }
  }

  /**
   * A live view of a range of the list, as {@link #subList} returns it. Its size is tracked
   * locally, as {@code AbstractList}'s sublists do, and updated through its ancestors when it
   * changes the list. Every method is one round trip or one script over the range, as the list's
   * own (the scripts take the range: {@code [offset, offset + size)}); {@code removeIf}, {@code
   * replaceAll} and {@code sort} read the range under {@code WATCH} and write it back with one
   * script in one {@code MULTI}/{@code EXEC}. A method that finds nothing to do on an empty view
   * sends nothing.
   */
  private final class View extends AbstractList<E> {
    private final @Nullable View parent;
    private final int offset;
    private int size;

    View(@Nullable View parent, int offset, int size) {
      this.parent = parent;
      this.offset = offset;
      this.size = size;
    }

    private void resize(long delta) {
      for (View v = this; v != null; v = v.parent) {
        v.size += (int) delta;
        v.modCount++;
      }
    }

    private long end() {
      return (long) offset + size;
    }

    // ---- required methods ----

    @Override
    public int size() {
      return size;
    }

    @Override
    public E get(int index) {
      checkIndex(index, size);
      return HotList.this.get(offset + index);
    }

    @Override
    public E set(int index, E element) {
      checkIndex(index, size);
      return HotList.this.set(offset + index, element);
    }

    @Override
    public void add(int index, E element) {
      checkPosition(index);
      HotList.this.add(offset + index, element);
      resize(1);
    }

    @Override
    public E remove(int index) {
      checkIndex(index, size);
      E removed = HotList.this.remove(offset + index);
      resize(-1);
      return removed;
    }

    @Override
    protected void removeRange(int fromIndex, int toIndex) {
      if (toIndex > fromIndex) {
        redis.send(
            removeRangeCall(
                offset + fromIndex, offset + toIndex, null, null, BuilderFactory.RAW_OBJECT));
        resize(fromIndex - toIndex);
      }
    }

    // ---- round-trip optimisations: one round trip or one script over the range ----

    @Override
    public boolean addAll(int index, Collection<? extends E> c) {
      checkPosition(index);
      List<byte[]> values = elements.encodeAll(requireNonNull(c, "c"));
      if (values.isEmpty()) {
        return false;
      }
      redis.send(insertCall(offset + (long) index, 0, values));
      resize(values.size());
      return true;
    }

    @Override
    public boolean addAll(Collection<? extends E> c) {
      return addAll(size, c);
    }

    @Override
    public void clear() {
      removeRange(0, size);
    }

    @Override
    public boolean contains(Object o) {
      return indexOf(o) >= 0;
    }

    @Override
    public int indexOf(Object o) {
      return position("first", o);
    }

    @Override
    public int lastIndexOf(Object o) {
      return position("last", o);
    }

    private int position(String which, Object o) {
      byte[] raw = elements.query(o);
      if (raw == null || size == 0) {
        return -1;
      }
      List<byte[]> args =
          List.of(Arguments.of(which), Arguments.of(offset), Arguments.of(end()), raw);
      return redis.read(
          POSITION.call(
              Replies.map(BuilderFactory.LONG, (Long i) -> i < 0 ? -1 : (int) (i - offset)),
              List.of(redis.rawKey()),
              args));
    }

    @Override
    public boolean containsAll(Collection<?> c) {
      List<byte[]> values = elements.queriesIfAll(c);
      if (values == null) {
        return false;
      }
      if (values.isEmpty()) {
        return true;
      }
      return size > 0 && redis.read(containsAllCall(offset, end(), values));
    }

    @Override
    public boolean remove(Object o) {
      byte[] raw = elements.query(o);
      if (raw == null || size == 0) {
        return false;
      }
      boolean removed =
          redis.write(
              removeRangeCall(
                  offset,
                  end(),
                  "first",
                  raw,
                  Replies.map(BuilderFactory.BINARY, (byte @Nullable [] r) -> r != null)));
      if (removed) {
        resize(-1);
      }
      return removed;
    }

    @Override
    public boolean removeAll(Collection<?> c) {
      List<byte[]> values = elements.queries(requireNonNull(c, "c"));
      return !values.isEmpty() && filter("drop", values);
    }

    @Override
    public boolean retainAll(Collection<?> c) {
      return filter("keep", elements.queries(requireNonNull(c, "c")));
    }

    private boolean filter(String mode, List<byte[]> values) {
      if (size == 0) {
        return false;
      }
      long removed = redis.write(filterCall(mode, offset, end(), values, BuilderFactory.LONG));
      resize(-removed);
      return removed > 0;
    }

    @Override
    public boolean removeIf(Predicate<? super E> filter) {
      requireNonNull(filter, "filter");
      if (size == 0) {
        return false;
      }
      redis.multiStep();
      long removed =
          redis
              .client()
              .optimistic(
                  List.of(HotList.this),
                  tx -> {
                    List<byte[]> range = readRange();
                    Set<ByteKey> matching = new LinkedHashSet<>();
                    for (byte[] raw : range) {
                      ByteKey value = new ByteKey(raw);
                      if (!matching.contains(value) && filter.test(elements.decode(raw))) {
                        matching.add(value);
                      }
                    }
                    if (matching.isEmpty()) {
                      return 0L;
                    }
                    long count =
                        range.stream().filter(r -> matching.contains(new ByteKey(r))).count();
                    List<byte[]> values = ByteKey.bytes(matching);
                    redis.send(filterCall("drop", offset, end(), values, BuilderFactory.LONG));
                    return count;
                  });
      resize(-removed);
      return removed > 0;
    }

    @Override
    public void replaceAll(UnaryOperator<E> operator) {
      requireNonNull(operator, "operator");
      rewrite(contents -> contents.replaceAll(operator));
    }

    @Override
    public void sort(@Nullable Comparator<? super E> c) {
      rewrite(contents -> contents.sort(c));
    }

    /**
     * Reads the range under WATCH, changes it in this JVM, and writes it back in place with one
     * splice script (list-insert.lua removing the range's elements), if anything changed.
     */
    private void rewrite(Consumer<List<E>> change) {
      if (size == 0) {
        return;
      }
      redis.multiStep();
      redis
          .client()
          .optimistic(
              List.of(HotList.this),
              tx -> {
                List<byte[]> range = readRange();
                if (range.size() != size) {
                  throw new ConcurrentModificationException(
                      describe() + " no longer holds the range of this sub-list");
                }
                List<E> contents = new ArrayList<>(range.size());
                range.forEach(raw -> contents.add(elements.decode(raw)));
                change.accept(contents);
                List<byte[]> values = elements.encodeAll(contents);
                for (int i = 0; i < values.size(); i++) {
                  if (!Arrays.equals(values.get(i), range.get(i))) {
                    redis.send(insertCall(offset, size, values));
                    break;
                  }
                }
                return null;
              });
    }

    /** Reads the range's raw elements in pages. */
    private List<byte[]> readRange() {
      List<byte[]> range = new ArrayList<>(size);
      forEachRaw(offset, offset + size, range::add);
      return range;
    }

    // ---- views ----

    @Override
    public Iterator<E> iterator() {
      return new Cursor(this, 0);
    }

    @Override
    public ListIterator<E> listIterator(int index) {
      checkPosition(index);
      return new Cursor(this, index);
    }

    @Override
    public Spliterator<E> spliterator() {
      return Spliterators.spliteratorUnknownSize(
          iterator(), Spliterator.ORDERED | Spliterator.NONNULL);
    }

    @Override
    public List<E> subList(int fromIndex, int toIndex) {
      checkRange(fromIndex, toIndex, size);
      return new View(this, offset + fromIndex, toIndex - fromIndex);
    }

    // ---- whole-range reads and object methods: one snapshot of the range ----

    @Override
    public Object[] toArray() {
      return snapshot().toArray();
    }

    @Override
    public <T> T[] toArray(T[] a) {
      return snapshot().toArray(a);
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o == this || (o instanceof List && snapshot().equals(o));
    }

    @Override
    public int hashCode() {
      return snapshot().hashCode();
    }

    @Override
    public String toString() {
      return snapshot().toString();
    }

    /** Reads the view's range; refused inside a transaction, as its callers post-process it. */
    private List<E> snapshot() {
      redis.multiStep();
      return size == 0 ? new ArrayList<>() : range(offset, offset + size - 1L);
    }

    private void checkPosition(int index) {
      if (index < 0 || index > size) {
        throw new IndexOutOfBoundsException("Index: " + index + ", Size: " + size);
      }
    }
  }

  private static void checkIndex(int index, int size) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("Index: " + index + ", Size: " + size);
    }
  }

  /**
   * A list iterator over the whole list or a view, reading pages of {@value #PAGE} elements. Its
   * {@code remove} and {@code set} check, in the same script, that the element still holds the
   * value last returned.
   */
  private final class Cursor implements ListIterator<E> {
    private final @Nullable View view;
    private int next;
    private int lastReturned = -1;
    private byte @Nullable [] lastRaw;
    private List<byte[]> page = new ArrayList<>();
    private int pageStart;
    private boolean pageEnded;

    Cursor(@Nullable View view, int next) {
      this.view = view;
      this.next = next;
    }

    private int offset() {
      return view == null ? 0 : view.offset;
    }

    private int limit() {
      return view == null ? Integer.MAX_VALUE : view.size;
    }

    /**
     * Returns the raw element at a view index, fetching its page if needed, or null. A page that
     * came back shorter than asked for was the end of the list: reading on past it asks nothing.
     */
    private byte @Nullable [] raw(int index, boolean forward) {
      if (index < 0 || index >= limit()) {
        return null;
      }
      if (index < pageStart || index >= pageStart + page.size()) {
        if (forward && pageEnded && index >= pageStart + page.size()) {
          return null;
        }
        int start = forward ? index : Math.max(0, index - PAGE + 1);
        int end = (int) Math.min((long) start + PAGE, limit());
        pageStart = start;
        page = new ArrayList<>(rawRange(offset() + (long) start, offset() + (long) end - 1));
        pageEnded = page.size() < end - start;
        if (index >= pageStart + page.size()) {
          return null;
        }
      }
      return page.get(index - pageStart);
    }

    @Override
    public boolean hasNext() {
      return raw(next, true) != null;
    }

    @Override
    public E next() {
      byte[] raw = raw(next, true);
      if (raw == null) {
        throw new NoSuchElementException();
      }
      lastReturned = next++;
      lastRaw = raw;
      return elements.decode(raw);
    }

    @Override
    public boolean hasPrevious() {
      return next > 0;
    }

    @Override
    public E previous() {
      byte[] raw = raw(next - 1, false);
      if (raw == null) {
        throw new NoSuchElementException();
      }
      lastReturned = --next;
      lastRaw = raw;
      return elements.decode(raw);
    }

    @Override
    public int nextIndex() {
      return next;
    }

    @Override
    public int previousIndex() {
      return next - 1;
    }

    @Override
    public void remove() {
      byte[] expected = lastRaw;
      if (lastReturned < 0 || expected == null) {
        throw new IllegalStateException("next() or previous() has not returned an element");
      }
      long at = offset() + (long) lastReturned;
      redis.send(removeRangeCall(at, at + 1, "expect", expected, BuilderFactory.RAW_OBJECT));
      if (view != null) {
        view.resize(-1);
      }
      if (lastReturned >= pageStart && lastReturned < pageStart + page.size()) {
        page.remove(lastReturned - pageStart);
      } else {
        page = new ArrayList<>();
      }
      if (lastReturned < next) {
        next--;
      }
      lastReturned = -1;
      lastRaw = null;
    }

    @Override
    public void set(E e) {
      byte[] expected = lastRaw;
      if (lastReturned < 0 || expected == null) {
        throw new IllegalStateException("next() or previous() has not returned an element");
      }
      byte[] value = elements.encode(e);
      redis.write(setCall(offset() + (long) lastReturned, value, expected));
      lastRaw = value;
      if (lastReturned >= pageStart && lastReturned < pageStart + page.size()) {
        page.set(lastReturned - pageStart, value);
      }
    }

    @Override
    public void add(E e) {
      byte[] value = elements.encode(e);
      redis.send(insertCall(offset() + (long) next, 0, List.of(value)));
      if (view != null) {
        view.resize(1);
      }
      if (next >= pageStart && next <= pageStart + page.size()) {
        page.add(next - pageStart, value);
      } else {
        page = new ArrayList<>();
      }
      next++;
      lastReturned = -1;
      lastRaw = null;
    }
  }
}
