package org.hotredis.collections;

import static java.util.Objects.requireNonNull;

import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
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
import org.hotredis.HotClientBuilder;
import org.hotredis.HotObject;
import org.hotredis.RedisBinding;
import org.hotredis.Replies;
import org.hotredis.Script;
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
 * A {@link java.util.Set} stored in a Redis set, shared by every process that uses its key.
 *
 * <pre>{@code
 * HotSet<String> tags = HotSet.builder(String.class).key("tags").initial(Set.of("a", "b")).build();
 * tags.add("c");                                  // SADD tags c
 * tags.retainAll(Set.of("a", "c", "x"));          // one script: {a, c}
 * Set<String> both = tags.intersection(others);   // SINTER tags others (both HotSets)
 * tags.symmetricDifferenceUpdate(List.of("a", "z")); // one script: {c, z}
 * }</pre>
 *
 * <p>Every mutating method is one Redis command or one Lua script, so concurrent writers in other
 * processes never interleave inside it; bulk methods ({@code addAll}, {@code removeAll}, {@code
 * retainAll}) and the in-place set algebra are one round trip too, for inputs of any size. {@link
 * #removeIf} runs your predicate in this JVM: it reads the set under {@code WATCH} and removes the
 * matching members in one {@code MULTI}/{@code EXEC}, retrying if another client changed the set.
 * Each method's documentation states its round trips.
 *
 * <p>Members are stored with the set's {@link Codec} and compared by their encoding, as Redis
 * compares them; with the default codecs a {@code HotSet<String>} reads and writes the same Redis
 * set as the Python HOT Redis {@code Set} and {@code redis-cli}. Null members are refused with
 * {@link NullPointerException}; a query for an object of another type, or a collection holding
 * null, finds nothing.
 *
 * <p><b>Set algebra.</b> Python's set methods are here under Java names: {@link #union}, {@link
 * #intersection}, {@link #difference} and {@link #symmetricDifference} return a new {@link
 * LinkedHashSet}; {@link #unionUpdate}, {@link #intersectionUpdate}, {@link #differenceUpdate} and
 * {@link #symmetricDifferenceUpdate} change this set in place and return whether it changed; {@link
 * #isSubsetOf}, {@link #isSupersetOf}, {@link #isDisjoint} and the proper variants compare. Their
 * arguments may be any collections. Another {@code HotSet} is combined inside Redis, atomically
 * with this one, when Redis can see both: it uses the same {@link HotClient} and an equal codec
 * and, on Redis Cluster, its key is in the same hash slot as this set's key (give related sets keys
 * with a common hash tag, such as {@code {user:1}:tags} and {@code {user:1}:seen}). Any other
 * {@code HotSet} is read first, in one round trip ({@code SMEMBERS}), and then treated as a plain
 * collection: the method is still correct, but no longer atomic with respect to that set, and it
 * cannot run inside a transaction. Plain collections travel with the command.
 *
 * <p><b>Iteration.</b> Iterators read the set in pages of about {@value #PAGE} members ({@code
 * SSCAN}). They are weakly consistent, with the guarantee of Redis's {@code SCAN}: every member
 * present for the whole iteration is returned, members added or removed meanwhile may or may not
 * be; and no member is returned twice, on a single server or a cluster, although {@code SSCAN} may
 * return one twice when the set shrinks during the iteration: each iteration remembers the members
 * it returned (none for a set that fits in one page), in this JVM up to a budget ({@link
 * HotClientBuilder#iteratorMemory}, 16 MiB by default), beyond it in a temporary hash in Redis; see
 * {@link IterationMemory}. {@link Iterator#remove()} removes the last member returned ({@code
 * SREM}); as members have no positions, that is safe whatever other processes do. For one
 * consistent copy, use {@link #snapshot()}.
 *
 * <p><b>Equality.</b> {@code equals}, {@code hashCode}, {@code toString} and {@code toArray} follow
 * the {@link Set} contract over one snapshot ({@code SMEMBERS}); as the content changes over time,
 * do not use a {@code HotSet} as a key in a hash-based collection.
 *
 * @param <E> the member type
 */
public final class HotSet<E> extends AbstractSet<E> implements HotObject {
  /*
   * Implementation notes. The in-place scripts never use *STORE commands or temporary keys: they
   * stream members with SSCAN (or take them from ARGV) and apply SADD/SREM in slices of 1,000, so
   * the set keeps its identity and time to live, Lua's unpack limit is never reached, and Redis
   * memory stays bounded. Every script checks the type of every key (SCARD) before its first
   * write, so a WRONGTYPE changes nothing. Removing members of the set a script is scanning is
   * safe: SCAN still returns every member present from start to end, and a member returned twice
   * is removed once (SREM counts exactly). Arguments are split by Operands: HotSets that Redis can
   * combine with this one become KEYS; everything else is encoded into ARGV or combined in the
   * reply builder, so each method stays one command and can be deferred in a transaction.
   */

  /** Members fetched per round trip by iterators, as the {@code COUNT} hint of {@code SSCAN}. */
  static final int PAGE = 1000;

  /** Members sent per {@code SADD}/{@code SREM}; larger inputs go through one script. */
  static final int CHUNK = 10_000;

  private static final Script UNION_UPDATE = Script.load(HotSet.class, "lua/set-union-update.lua");
  private static final Script DIFFERENCE_UPDATE =
      Script.load(HotSet.class, "lua/set-difference-update.lua");
  private static final Script INTERSECTION_UPDATE =
      Script.load(HotSet.class, "lua/set-intersection-update.lua");
  private static final Script SYMMETRIC_DIFFERENCE_UPDATE =
      Script.load(HotSet.class, "lua/set-symmetric-difference-update.lua");
  private static final Script SYMMETRIC_DIFFERENCE =
      Script.load(HotSet.class, "lua/set-symmetric-difference.lua");
  private static final Script RELATION = Script.load(HotSet.class, "lua/set-relation.lua");

  private final RedisBinding redis;
  private final Codec<E> codec;
  private final Encoding<E> encoding;

  private HotSet(@Nullable HotClient client, @Nullable String key, Codec<E> codec) {
    this.redis = RedisBinding.of(client, key, "HotSet", "set");
    this.codec = requireNonNull(codec, "codec");
    this.encoding = new Encoding<>(redis, codec, "HOT Redis sets do not hold null members");
  }

  // ---- construction ----

  /**
   * Returns a builder for sets of a type with its default codec ({@link Codecs#forType}).
   *
   * @param type the member type
   * @param <E> the member type
   * @return the builder
   */
  public static <E> Builder<E> builder(Class<E> type) {
    return new Builder<>(Codecs.forType(type));
  }

  /**
   * Returns a builder for sets whose members use a codec.
   *
   * @param codec the codec of the members
   * @param <E> the member type
   * @return the builder
   */
  public static <E> Builder<E> builder(Codec<E> codec) {
    return new Builder<>(requireNonNull(codec, "codec"));
  }

  /**
   * Builds a {@link HotSet}.
   *
   * @param <E> the member type
   */
  public static final class Builder<E> extends HotBuilder<Builder<E>> {
    private final Codec<E> codec;
    private @Nullable List<? extends E> initial;

    private Builder(Codec<E> codec) {
      this.codec = codec;
    }

    /**
     * Sets the initial members. When the set is built, they replace atomically whatever the key
     * held ({@code DEL} and {@code SADD} in one {@code MULTI}/{@code EXEC}, the {@code SADD} split
     * into chunks of {@value HotSet#CHUNK} members); an empty collection leaves an empty set.
     *
     * @param members the members; duplicates are stored once
     * @return this builder
     */
    public Builder<E> initial(Collection<? extends E> members) {
      this.initial = List.copyOf(requireNonNull(members, "members"));
      return this;
    }

    /**
     * Creates the set, storing the initial members if some were given. One round trip when initial
     * members are given, none otherwise.
     *
     * @return the set
     */
    public HotSet<E> build() {
      HotSet<E> set = new HotSet<>(client(), key(), codec);
      if (initial != null) {
        set.replaceWith(set.encoding.encodeAll(initial));
      }
      return set;
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
   * Returns the codec of the members.
   *
   * @return the codec
   */
  public Codec<E> codec() {
    return codec;
  }

  // ---- the Set contract: reads ----

  /**
   * Returns the number of members, at most {@link Integer#MAX_VALUE}. One round trip ({@code
   * SCARD}).
   */
  @Override
  public int size() {
    return (int) Math.min(Integer.MAX_VALUE, longSize());
  }

  /**
   * Returns the number of members, without the {@code int} limit of {@link #size()}. One round trip
   * ({@code SCARD}).
   *
   * @return the cardinality of the Redis set
   */
  public long longSize() {
    return redis.read(redis.commands().scard(redis.rawKey()));
  }

  /** Returns whether the set is empty. One round trip ({@code SCARD}). */
  @Override
  public boolean isEmpty() {
    return redis.read(Replies.map(redis.commands().scard(redis.rawKey()), n -> n == 0));
  }

  /**
   * Returns whether the set contains a member. One round trip ({@code SISMEMBER}); none for an
   * object of another type.
   *
   * @throws NullPointerException if {@code o} is null
   */
  @Override
  public boolean contains(Object o) {
    byte[] raw = encoding.query(o);
    if (raw == null) {
      return false;
    }
    return redis.read(redis.commands().sismember(redis.rawKey(), raw));
  }

  /**
   * Returns whether the set contains every element of a collection, as Python's {@code issuperset}.
   * One round trip: {@code SMISMEMBER}, or one script against a {@code HotSet} Redis can combine
   * with this one ({@code SINTERCARD}); another {@code HotSet} is read first. A null element or one
   * of another type is never contained.
   *
   * @throws NullPointerException if the collection is null
   */
  @Override
  public boolean containsAll(Collection<?> c) {
    requireNonNull(c, "c");
    if (c instanceof HotSet<?> other && isLocal(other)) {
      return relation(c, (size, otherSize, common, foreign) -> common == otherSize);
    }
    List<byte[]> queries = encoding.queriesIfAll(materialize(c));
    if (queries == null) {
      return false;
    }
    Set<ByteKey> wanted = new LinkedHashSet<>();
    queries.forEach(raw -> wanted.add(new ByteKey(raw)));
    if (wanted.isEmpty()) {
      return true;
    }
    return redis.read(
        Replies.map(
            redis.commands().smismember(redis.rawKey(), array(ByteKey.bytes(wanted))),
            flags -> !flags.contains(false)));
  }

  // ---- the Set contract: writes ----

  /**
   * Adds a member. One round trip ({@code SADD}). Atomic.
   *
   * @return whether the member was new
   * @throws NullPointerException if {@code e} is null
   */
  @Override
  public boolean add(E e) {
    return redis.write(
        Replies.withReply(
            redis.commands().sadd(redis.rawKey(), encoding.encode(e)), Replies.isOne()));
  }

  /**
   * Removes a member, as Python's {@code discard} (Python's {@code remove} would raise {@code
   * KeyError} for an absent member; this returns false). One round trip ({@code SREM}). Atomic.
   *
   * @return whether the member was present
   * @throws NullPointerException if {@code o} is null
   */
  @Override
  public boolean remove(Object o) {
    byte[] raw = encoding.query(o);
    if (raw == null) {
      return false;
    }
    return redis.write(
        Replies.withReply(redis.commands().srem(redis.rawKey(), raw), Replies.isOne()));
  }

  /** Removes every member. One round trip ({@code DEL}). Atomic. */
  @Override
  public void clear() {
    redis.send(redis.commands().del(redis.rawKey()));
  }

  /**
   * Adds every element of a collection, as {@link #unionUpdate}. One round trip ({@code SADD}; one
   * script above {@value #CHUNK} members or against another {@code HotSet}). Atomic. An empty
   * collection costs nothing.
   *
   * @return whether the set changed, that is whether some element was not yet a member
   * @throws NullPointerException if the collection is or contains null
   */
  @Override
  public boolean addAll(Collection<? extends E> c) {
    return unionWith(List.of(requireNonNull(c, "c")));
  }

  /**
   * Removes every member contained in a collection, as {@link #differenceUpdate}. One round trip
   * ({@code SREM}; one script above {@value #CHUNK} members or against another {@code HotSet}).
   * Atomic. Null elements and elements of another type are ignored.
   *
   * @return whether the set changed
   * @throws NullPointerException if the collection is null
   */
  @Override
  public boolean removeAll(Collection<?> c) {
    return differenceWith(List.of(requireNonNull(c, "c")));
  }

  /**
   * Keeps only the members contained in a collection, as {@link #intersectionUpdate}. One round
   * trip (one script, with the members to keep as arguments, or naming another {@code HotSet}).
   * Atomic. An empty collection empties the set.
   *
   * @return whether the set changed
   * @throws NullPointerException if the collection is null
   */
  @Override
  public boolean retainAll(Collection<?> c) {
    return intersectWith(List.of(requireNonNull(c, "c")));
  }

  /**
   * Removes the members that satisfy a predicate. Reads the set in pages ({@code SSCAN}) under
   * {@code WATCH} and removes the matching members in one {@code MULTI}/{@code EXEC}, retried if
   * another client changed the set meanwhile: atomic, and the predicate may run more than once per
   * member. Round trips: {@code WATCH}, one per page, and one for the removal.
   *
   * @return whether the set changed
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
              Set<ByteKey> seen = new LinkedHashSet<>();
              Set<ByteKey> matching = new LinkedHashSet<>();
              forEachRaw(
                  raw -> {
                    ByteKey member = new ByteKey(raw);
                    if (seen.add(member) && filter.test(encoding.decode(raw))) {
                      matching.add(member);
                    }
                  });
              if (matching.isEmpty()) {
                return false;
              }
              redis.atomically(chunked(ByteKey.bytes(matching), this::srem));
              return true;
            });
  }

  // ---- Python's set algebra: new sets ----

  /**
   * Returns the members of this set and of every other collection, as Python's {@code union}. One
   * round trip ({@code SUNION} over this set and the other {@code HotSet}s Redis can combine with
   * it, or {@code SMEMBERS}), plus one per other {@code HotSet} it cannot.
   *
   * @param others the collections
   * @return a new {@link LinkedHashSet}
   * @throws NullPointerException if an argument is or contains null
   */
  @SafeVarargs
  public final Set<E> union(Collection<? extends E>... others) {
    List<Collection<?>> arguments = new ArrayList<>(others.length);
    for (Collection<? extends E> other : others) {
      arguments.add(other);
    }
    Operands operands = split(arguments);
    Set<ByteKey> extra = new LinkedHashSet<>();
    for (Collection<?> c : operands.plain) {
      addMembers(c, extra);
    }
    CommandObject<?> command =
        operands.keys.size() == 1
            ? redis.commands().smembers(redis.rawKey())
            : redis.commands().sunion(array(operands.keys));
    return redis.read(
        Replies.withReply(
            command,
            combined(
                members -> {
                  members.addAll(extra);
                  return members;
                })));
  }

  /**
   * Returns the members of this set that every other collection contains, as Python's {@code
   * intersection}; with no argument, all members. One round trip: {@code SINTER} over this set and
   * the other {@code HotSet}s Redis can combine with it, or {@code SMISMEMBER} of the common
   * elements of plain collections; plus one per other {@code HotSet} Redis cannot combine.
   *
   * @param others the collections
   * @return a new {@link LinkedHashSet}
   * @throws NullPointerException if an argument is null
   */
  public Set<E> intersection(Collection<?>... others) {
    Operands operands = split(Arrays.asList(others));
    Set<ByteKey> allowed = operands.plain.isEmpty() ? null : common(operands.plain);
    if (operands.keys.size() > 1 || allowed == null) {
      CommandObject<?> command =
          operands.keys.size() == 1
              ? redis.commands().smembers(redis.rawKey())
              : redis.commands().sinter(array(operands.keys));
      return redis.read(
          Replies.withReply(
              command,
              combined(
                  members -> {
                    if (allowed != null) {
                      members.retainAll(allowed);
                    }
                    return members;
                  })));
    }
    if (allowed.isEmpty()) {
      return new LinkedHashSet<>();
    }
    List<byte[]> candidates = ByteKey.bytes(allowed);
    return redis.read(
        Replies.map(
            redis.commands().smismember(redis.rawKey(), array(candidates)),
            flags -> {
              Set<E> members = new LinkedHashSet<>();
              for (int i = 0; i < candidates.size(); i++) {
                if (flags.get(i)) {
                  members.add(encoding.decode(candidates.get(i)));
                }
              }
              return members;
            }));
  }

  /**
   * Returns the members of this set that no other collection contains, as Python's {@code
   * difference}. One round trip ({@code SDIFF} over this set and the other {@code HotSet}s Redis
   * can combine with it, or {@code SMEMBERS}), plus one per other {@code HotSet} it cannot.
   *
   * @param others the collections
   * @return a new {@link LinkedHashSet}
   * @throws NullPointerException if an argument is null
   */
  public Set<E> difference(Collection<?>... others) {
    Operands operands = split(Arrays.asList(others));
    Set<ByteKey> excluded = new LinkedHashSet<>();
    for (Collection<?> c : operands.plain) {
      excluded.addAll(encoding.distinctQueries(c));
    }
    CommandObject<?> command =
        operands.keys.size() == 1
            ? redis.commands().smembers(redis.rawKey())
            : redis.commands().sdiff(array(operands.keys));
    return redis.read(
        Replies.withReply(
            command,
            combined(
                members -> {
                  members.removeAll(excluded);
                  return members;
                })));
  }

  /**
   * Returns the members that are in exactly one of this set and a collection, as Python's {@code
   * symmetric_difference}. One round trip (one script against a {@code HotSet} Redis can combine
   * with this one, otherwise {@code SMEMBERS}), plus one to read any other {@code HotSet}.
   *
   * @param other the collection
   * @return a new {@link LinkedHashSet}
   * @throws NullPointerException if the collection is or contains null
   */
  public Set<E> symmetricDifference(Collection<? extends E> other) {
    requireNonNull(other, "other");
    if (other instanceof HotSet<?> set && isLocal(set)) {
      return redis.read(
          SYMMETRIC_DIFFERENCE.call(
              combined(UnaryOperator.identity()),
              List.of(redis.rawKey(), set.redis.rawKey()),
              List.of()));
    }
    Set<ByteKey> toggled = new LinkedHashSet<>();
    addMembers(materialize(other), toggled);
    return redis.read(
        Replies.withReply(
            redis.commands().smembers(redis.rawKey()),
            combined(
                members -> {
                  for (ByteKey member : toggled) {
                    if (!members.remove(member)) {
                      members.add(member);
                    }
                  }
                  return members;
                })));
  }

  // ---- Python's set algebra: in place ----

  /**
   * Adds the elements of every collection, as Python's {@code update} ({@code |=}). One round trip
   * ({@code SADD}, or one script that also reads the other {@code HotSet}s Redis can combine with
   * this one), plus one per other {@code HotSet} it cannot. Atomic. No argument, or only empty
   * collections, cost nothing.
   *
   * @param others the collections
   * @return whether the set changed
   * @throws NullPointerException if an argument is or contains null
   */
  @SafeVarargs
  public final boolean unionUpdate(Collection<? extends E>... others) {
    List<Collection<?>> arguments = new ArrayList<>(others.length);
    for (Collection<? extends E> other : others) {
      arguments.add(other);
    }
    return unionWith(arguments);
  }

  /**
   * Keeps only the members that every collection contains, as Python's {@code intersection_update}
   * ({@code &=}); an empty result empties the set. With no argument, does nothing. One round trip
   * (one script, with the members of plain collections as arguments and the other {@code HotSet}s
   * Redis can combine with this one as keys), plus one per other {@code HotSet} it cannot. Atomic.
   *
   * @param others the collections
   * @return whether the set changed
   * @throws NullPointerException if an argument is null
   */
  public boolean intersectionUpdate(Collection<?>... others) {
    return intersectWith(Arrays.asList(others));
  }

  /**
   * Removes the members that any collection contains, as Python's {@code difference_update} ({@code
   * -=}). One round trip ({@code SREM}, or one script that also reads the other {@code HotSet}s
   * Redis can combine with this one), plus one per other {@code HotSet} it cannot. Atomic.
   *
   * @param others the collections
   * @return whether the set changed
   * @throws NullPointerException if an argument is null
   */
  public boolean differenceUpdate(Collection<?>... others) {
    return differenceWith(Arrays.asList(others));
  }

  /**
   * Replaces this set with the members that are in exactly one of it and a collection, as Python's
   * {@code symmetric_difference_update} ({@code ^=}): each distinct element of the collection is
   * removed if it is a member and added otherwise. One round trip (one script), plus one to read a
   * {@code HotSet} Redis cannot combine with this one. Atomic.
   *
   * @param other the collection
   * @return whether the set changed, that is whether the collection was not empty
   * @throws NullPointerException if the collection is or contains null
   */
  public boolean symmetricDifferenceUpdate(Collection<? extends E> other) {
    requireNonNull(other, "other");
    if (other instanceof HotSet<?> set && isLocal(set)) {
      return redis.write(
          SYMMETRIC_DIFFERENCE_UPDATE.call(
              Replies.isPositive(), List.of(redis.rawKey(), set.redis.rawKey()), List.of()));
    }
    Set<ByteKey> toggled = new LinkedHashSet<>();
    addMembers(materialize(other), toggled);
    if (toggled.isEmpty()) {
      return false;
    }
    return redis.write(
        SYMMETRIC_DIFFERENCE_UPDATE.call(
            Replies.isPositive(), List.of(redis.rawKey()), ByteKey.bytes(toggled)));
  }

  // ---- Python's set comparisons ----

  /**
   * Returns whether a collection contains every member of this set, as Python's {@code issubset}
   * ({@code <=}). One round trip (one script: {@code SINTERCARD} against a {@code HotSet} Redis can
   * combine with this one, otherwise {@code SMISMEMBER} of the collection's elements), plus one to
   * read any other {@code HotSet}.
   *
   * @param other the collection
   * @return true if every member is in {@code other}
   * @throws NullPointerException if the collection is null
   */
  public boolean isSubsetOf(Collection<?> other) {
    return relation(other, (size, otherSize, common, foreign) -> common == size);
  }

  /**
   * Returns whether this set is a subset of a collection that holds more elements, as Python's
   * {@code <}. Round trips as {@link #isSubsetOf}.
   *
   * @param other the collection
   * @return true if every member is in {@code other}, which holds some other element too
   * @throws NullPointerException if the collection is null
   */
  public boolean isProperSubsetOf(Collection<?> other) {
    return relation(
        other,
        (size, otherSize, common, foreign) -> common == size && (foreign || otherSize > size));
  }

  /**
   * Returns whether this set contains every element of a collection, as Python's {@code issuperset}
   * ({@code >=}); the same as {@link #containsAll}.
   *
   * @param other the collection
   * @return true if every element of {@code other} is a member
   * @throws NullPointerException if the collection is null
   */
  public boolean isSupersetOf(Collection<?> other) {
    return containsAll(other);
  }

  /**
   * Returns whether this set is a superset of a collection and holds more members, as Python's
   * {@code >}. Round trips as {@link #isSubsetOf}.
   *
   * @param other the collection
   * @return true if every element of {@code other} is a member, and some member is not in it
   * @throws NullPointerException if the collection is null
   */
  public boolean isProperSupersetOf(Collection<?> other) {
    return relation(
        other,
        (size, otherSize, common, foreign) -> !foreign && common == otherSize && size > otherSize);
  }

  /**
   * Returns whether this set and a collection have no member in common, as Python's {@code
   * isdisjoint}. Round trips as {@link #isSubsetOf}.
   *
   * @param other the collection
   * @return true if no element of {@code other} is a member
   * @throws NullPointerException if the collection is null
   */
  public boolean isDisjoint(Collection<?> other) {
    return relation(other, (size, otherSize, common, foreign) -> common == 0);
  }

  // ---- Python's other set methods ----

  /**
   * Removes and returns an arbitrary member, as Python's {@code pop}. One round trip ({@code
   * SPOP}). Atomic.
   *
   * @return the removed member
   * @throws NoSuchElementException if the set is empty
   */
  public E pop() {
    return redis.write(Replies.withReply(redis.commands().spop(redis.rawKey()), presentOrEmpty()));
  }

  /**
   * Returns a random member, without removing it. One round trip ({@code SRANDMEMBER}).
   *
   * @return a member
   * @throws NoSuchElementException if the set is empty
   */
  public E randomMember() {
    return redis.read(
        Replies.withReply(redis.commands().srandmember(redis.rawKey()), presentOrEmpty()));
  }

  // ---- views ----

  /**
   * Returns an iterator that reads the set in pages of about {@value #PAGE} members ({@code SSCAN},
   * one round trip per page; two once the iteration's memory has moved to Redis). Weakly
   * consistent, with {@code SCAN}'s guarantee, and never returns a member twice (see the class
   * description). {@code remove()} is one round trip ({@code SREM}).
   */
  @Override
  public Iterator<E> iterator() {
    return new Cursor();
  }

  /**
   * Returns a spliterator over the iterator's pages. Weakly consistent like {@link #iterator()}, it
   * reports {@link Spliterator#CONCURRENT}, {@link Spliterator#DISTINCT} and {@link
   * Spliterator#NONNULL}, but not {@code SIZED}: other processes may change the size meanwhile,
   * which a sized stream would reject.
   */
  @Override
  public Spliterator<E> spliterator() {
    return Spliterators.spliteratorUnknownSize(
        iterator(), Spliterator.CONCURRENT | Spliterator.DISTINCT | Spliterator.NONNULL);
  }

  // ---- whole-set reads ----

  /** Returns the members in an array, from one snapshot. One round trip ({@code SMEMBERS}). */
  @Override
  public Object[] toArray() {
    return snapshot().toArray();
  }

  /** Returns the members in an array, from one snapshot. One round trip ({@code SMEMBERS}). */
  @Override
  public <T> T[] toArray(T[] a) {
    return snapshot().toArray(a);
  }

  /**
   * Compares with another set by the {@link Set} contract, over one snapshot of this set. One round
   * trip ({@code SMEMBERS}), plus the other set's reads.
   */
  @Override
  public boolean equals(@Nullable Object o) {
    if (o == this) {
      return true;
    }
    return o instanceof Set && snapshot().equals(o);
  }

  /** Returns the {@link Set#hashCode()} of one snapshot. One round trip ({@code SMEMBERS}). */
  @Override
  public int hashCode() {
    return snapshot().hashCode();
  }

  /** Returns the members as {@code [a, b, c]}, from one snapshot. One round trip. */
  @Override
  public String toString() {
    return snapshot().toString();
  }

  /**
   * Returns a copy of the members, from one snapshot. One round trip ({@code SMEMBERS}).
   *
   * @return a new {@link LinkedHashSet}
   */
  public Set<E> snapshot() {
    return redis.read(Replies.withReply(redis.commands().smembers(redis.rawKey()), decodedSet()));
  }

  // ---- internals: operations ----

  private boolean unionWith(List<? extends Collection<?>> others) {
    Operands operands = split(others);
    Set<ByteKey> added = new LinkedHashSet<>();
    for (Collection<?> c : operands.plain) {
      addMembers(c, added);
    }
    List<byte[]> values = ByteKey.bytes(added);
    if (operands.keys.size() == 1) {
      if (values.isEmpty()) {
        return false;
      }
      if (values.size() <= CHUNK) {
        return redis.write(
            Replies.withReply(
                redis.commands().sadd(redis.rawKey(), array(values)), Replies.isPositive()));
      }
    }
    return redis.write(UNION_UPDATE.call(Replies.isPositive(), operands.keys, values));
  }

  private boolean differenceWith(List<? extends Collection<?>> others) {
    Operands operands = split(others);
    Set<ByteKey> removed = new LinkedHashSet<>();
    for (Collection<?> c : operands.plain) {
      removed.addAll(encoding.distinctQueries(c));
    }
    List<byte[]> values = ByteKey.bytes(removed);
    if (operands.keys.size() == 1) {
      if (values.isEmpty()) {
        return false;
      }
      if (values.size() <= CHUNK) {
        return redis.write(Replies.withReply(srem(array(values)), Replies.isPositive()));
      }
    }
    return redis.write(DIFFERENCE_UPDATE.call(Replies.isPositive(), operands.keys, values));
  }

  private boolean intersectWith(List<? extends Collection<?>> others) {
    if (others.isEmpty()) {
      return false;
    }
    Operands operands = split(others);
    List<byte[]> args = new ArrayList<>();
    if (operands.plain.isEmpty()) {
      args.add(Arguments.of(0));
    } else {
      Set<ByteKey> allowed = common(operands.plain);
      args.add(Arguments.of(1));
      args.addAll(ByteKey.bytes(allowed));
    }
    return redis.write(INTERSECTION_UPDATE.call(Replies.isPositive(), operands.keys, args));
  }

  /** Compares with a collection in one script; the test sees the sizes and the common count. */
  private boolean relation(Collection<?> other, Overlap test) {
    requireNonNull(other, "other");
    List<byte[]> keys;
    List<byte[]> args;
    boolean foreign = false;
    if (other instanceof HotSet<?> set && isLocal(set)) {
      keys = List.of(redis.rawKey(), set.redis.rawKey());
      args = List.of();
    } else {
      Set<ByteKey> members = new LinkedHashSet<>();
      for (Object o : materialize(other)) {
        byte[] raw = o == null ? null : encoding.query(o);
        if (raw == null) {
          foreign = true;
        } else {
          members.add(new ByteKey(raw));
        }
      }
      keys = List.of(redis.rawKey());
      args = ByteKey.bytes(members);
    }
    boolean hasForeign = foreign;
    return redis.read(
        RELATION.call(
            Replies.map(
                BuilderFactory.LONG_LIST,
                (List<Long> r) -> test.test(r.get(0), r.get(1), r.get(2), hasForeign)),
            keys,
            args));
  }

  /**
   * What a comparison decides from the set's size, the other's, and how many members they share.
   */
  private interface Overlap {
    boolean test(long size, long otherSize, long common, boolean foreign);
  }

  // ---- internals: operands ----

  /** The arguments of a set operation: keys Redis combines with this set's, and everything else. */
  private static final class Operands {
    /** This set's key, then the keys of the HotSets Redis can combine with it. */
    final List<byte[]> keys = new ArrayList<>();

    /** The other collections, held in this JVM. */
    final List<Collection<?>> plain = new ArrayList<>();
  }

  private Operands split(List<? extends Collection<?>> others) {
    Operands operands = new Operands();
    operands.keys.add(redis.rawKey());
    for (Collection<?> other : others) {
      requireNonNull(other, "others contains null");
      if (other instanceof HotSet<?> set && isLocal(set)) {
        operands.keys.add(set.redis.rawKey());
      } else {
        operands.plain.add(materialize(other));
      }
    }
    return operands;
  }

  /**
   * Returns whether Redis can combine another set with this one in one command: same client, equal
   * codec (members compare by their bytes), and on Redis Cluster the same hash slot.
   */
  private boolean isLocal(HotSet<?> other) {
    return other.codec.equals(codec) && redis.colocated(other.redis);
  }

  /**
   * Returns a collection's elements held in this JVM: another HOT Redis object is read now (a
   * {@code HotSet} in one round trip, {@code SMEMBERS}), so the calling method needs several round
   * trips; a plain collection is returned as is.
   */
  private Collection<?> materialize(Collection<?> c) {
    if (c instanceof HotObject) {
      redis.multiStep();
      return c instanceof HotSet<?> set ? set.snapshot() : new ArrayList<>(c);
    }
    return c;
  }

  /** Returns the distinct encodings that every collection contains. */
  private Set<ByteKey> common(List<Collection<?>> collections) {
    Set<ByteKey> common = null;
    for (Collection<?> c : collections) {
      Set<ByteKey> members = encoding.distinctQueries(c);
      if (common == null) {
        common = members;
      } else {
        common.retainAll(members);
      }
    }
    return common == null ? new LinkedHashSet<>() : common;
  }

  // ---- internals: encoding ----

  /** Adds the encodings of the elements of a collection that must all be of the members' type. */
  private void addMembers(Collection<?> c, Set<ByteKey> into) {
    for (Object o : c) {
      requireNonNull(o, "HOT Redis sets do not hold null members");
      into.add(new ByteKey(encoding.encode(codec.type().cast(o))));
    }
  }

  private static byte[][] array(List<byte[]> values) {
    return values.toArray(new byte[0][]);
  }

  // ---- internals: replies and commands ----

  /** A reply builder that decodes an array of members into a new {@link LinkedHashSet}. */
  private org.hotredis.shaded.redis.clients.jedis.Builder<Set<E>> decodedSet() {
    return Replies.map(
        BuilderFactory.BINARY_LIST,
        (@Nullable List<byte[]> raw) -> {
          Set<E> members = new LinkedHashSet<>();
          if (raw != null) {
            for (byte[] member : raw) {
              members.add(encoding.decode(member));
            }
          }
          return members;
        });
  }

  /**
   * A reply builder that combines an array of members, as encodings, with data held in this JVM,
   * then decodes the result into a new {@link LinkedHashSet}.
   */
  private org.hotredis.shaded.redis.clients.jedis.Builder<Set<E>> combined(
      UnaryOperator<Set<ByteKey>> combine) {
    return Replies.map(
        BuilderFactory.BINARY_LIST,
        (@Nullable List<byte[]> raw) -> {
          Set<ByteKey> encoded = new LinkedHashSet<>();
          if (raw != null) {
            for (byte[] member : raw) {
              encoded.add(new ByteKey(member));
            }
          }
          Set<E> members = new LinkedHashSet<>();
          for (ByteKey member : combine.apply(encoded)) {
            members.add(encoding.decode(member.bytes()));
          }
          return members;
        });
  }

  /** A reply builder that decodes a member of a set that must not be empty. */
  private org.hotredis.shaded.redis.clients.jedis.Builder<E> presentOrEmpty() {
    return Replies.required(
        codec, () -> new NoSuchElementException(redis.describe() + " is empty"));
  }

  private CommandObject<Long> srem(byte[][] values) {
    return redis.commands().srem(redis.rawKey(), values);
  }

  private List<CommandObject<Long>> chunked(
      List<byte[]> values, Function<byte[][], CommandObject<Long>> command) {
    List<CommandObject<Long>> commands = new ArrayList<>();
    for (int i = 0; i < values.size(); i += CHUNK) {
      commands.add(command.apply(array(values.subList(i, Math.min(values.size(), i + CHUNK)))));
    }
    return commands;
  }

  private void replaceWith(List<byte[]> values) {
    List<CommandObject<?>> commands = new ArrayList<>();
    commands.add(redis.commands().del(redis.rawKey()));
    commands.addAll(chunked(values, chunk -> redis.commands().sadd(redis.rawKey(), chunk)));
    redis.atomically(commands);
  }

  private ScanResult<byte[]> scan(byte[] cursor) {
    return redis.read(redis.commands().sscan(redis.rawKey(), cursor, new ScanParams().count(PAGE)));
  }

  /** Reads the whole set in pages, handing over each member as returned (possibly twice). */
  private void forEachRaw(Consumer<byte[]> action) {
    byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
    do {
      ScanResult<byte[]> page = scan(cursor);
      page.getResult().forEach(action);
      cursor = page.getCursorAsBytes();
    } while (!isStart(cursor));
  }

  private static boolean isStart(byte[] cursor) {
    return cursor.length == 1 && cursor[0] == '0';
  }

  /**
   * An iterator over {@code SSCAN} pages, each filtered by the iteration's memory so that no member
   * is returned twice. Its {@code remove} runs {@code SREM} of the last member returned.
   */
  private final class Cursor implements Iterator<E> {
    private final IterationMemory memory = IterationMemory.of(redis);
    private byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
    private boolean finished;
    private List<byte[]> page = List.of();
    private int index;
    private byte @Nullable [] last;

    @Override
    public boolean hasNext() {
      while (index >= page.size()) {
        if (finished) {
          return false;
        }
        ScanResult<byte[]> result = scan(cursor);
        byte[] next = result.getCursorAsBytes();
        page = memory.admit(result.getResult(), member -> member, isStart(next));
        index = 0;
        cursor = next;
        finished = isStart(next);
      }
      return true;
    }

    @Override
    public E next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      byte[] raw = page.get(index++);
      last = raw;
      return encoding.decode(raw);
    }

    @Override
    public void remove() {
      byte[] member = last;
      if (member == null) {
        throw new IllegalStateException("next() has not returned a member since the last remove()");
      }
      redis.send(srem(new byte[][] {member}));
      last = null;
    }
  }
}
