package org.hotredis.concurrent.atomic;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import org.hotredis.Arguments;
import org.hotredis.HotBuilder;
import org.hotredis.HotClient;
import org.hotredis.HotObject;
import org.hotredis.HotRedisException;
import org.hotredis.Keys;
import org.hotredis.RedisBinding;
import org.hotredis.Replies;
import org.hotredis.Script;
import org.hotredis.ScriptCall;
import org.hotredis.StoredKeys;
import org.hotredis.shaded.redis.clients.jedis.BuilderFactory;
import org.jspecify.annotations.Nullable;

/**
 * A {@link LongAdder} held in Redis, shared by every process that uses its key: a sum spread over
 * several Redis strings (stripes), for counters so hot that one key would be the bottleneck.
 *
 * <pre>{@code
 * HotLongAdder hits = HotConcurrency.on(client).longAdder("page-hits");
 * hits.increment();                 // one INCRBY on this thread's stripe
 * long total = hits.sum();          // one script (reading the stripes) per slot group
 * }</pre>
 *
 * <p><b>Layout.</b> The adder has {@code stripes} stripes in {@code slotGroups} slot groups (stripe
 * {@code i} is in group {@code i % slotGroups}). The stripes of group 0 are companions of the key,
 * in its cluster slot ({@code {key}:0}, {@code {key}:1}, …); those of group {@code g ≥ 1} share the
 * hash tag {@code {key/g}} ({@code {key/1}:1}, …; braces in the key are dropped from that tag),
 * which on a cluster usually puts them in another slot, so increments from many threads land on
 * several masters. On a single server all groups are one server anyway, so the default is one
 * group. The key itself is a hash with fields {@code stripes} and {@code groups}: the first process
 * to build the adder stores its layout, and later ones must give the same ({@link
 * IllegalStateException} otherwise), so all processes agree on which keys hold the sum.
 *
 * <p><b>Round trips.</b> {@code add}, {@code increment} and {@code decrement} are one {@code
 * INCRBY} on a stripe picked by the calling thread (a hash of its id and a per-JVM seed, so
 * threads, and processes, spread over the stripes). {@code sum} is one script per slot group
 * (reading the stripes as {@code MGET} would, but refusing a stripe of another Redis type, which
 * {@code MGET} reads as absent); {@code reset} one {@code DEL} per group; {@code sumThenReset} one
 * script per group. Each group is read or reset atomically, but not all groups at once: with
 * several groups, a {@code sum} racing with increments may see one group before and another after
 * (as {@code LongAdder.sum} does for its cells), and {@code sumThenReset} may miss nothing but may
 * count an increment that arrives between two groups' scripts in the next sum instead. Overflow
 * wraps, as for {@code LongAdder}.
 *
 * <p><b>A crash.</b> Nothing is held: an increment is one command, applied or not.
 *
 * <p><b>Foreign data.</b> A stripe that holds something other than an integer fails {@code add}
 * (Redis refuses the {@code INCRBY}), {@code sum} and {@code sumThenReset} with a {@link
 * HotRedisException} naming the stripe's key; {@code sumThenReset} then deletes nothing. A stripe
 * of another Redis type fails them the same way ({@code add} with {@code HotWrongTypeException}).
 */
public final class HotLongAdder extends LongAdder implements HotObject {
  /** The default number of stripes. */
  public static final int DEFAULT_STRIPES = 4;

  /** The largest number of stripes. */
  public static final int MAX_STRIPES = 1000;

  private static final long serialVersionUID = 1L;
  private static final Script INIT = Script.load(HotLongAdder.class, "lua/adder-init.lua");
  private static final Script SUM = Script.load(HotLongAdder.class, "lua/adder-sum.lua");
  private static final byte[] KEEP = Arguments.of(0);
  private static final byte[] RESET = Arguments.of(1);
  private static final long SEED = ThreadLocalRandom.current().nextLong();

  private final transient RedisBinding layout;
  private final transient List<Group> groups;
  private final transient List<RedisBinding> stripes;
  private final transient Keyset keyset;

  /** One slot group: its binding (for error messages and TTL) and its stripes' keys, in order. */
  private record Group(RedisBinding binding, List<RedisBinding> stripes, List<byte[]> keys) {
    byte[][] array() {
      return keys.toArray(new byte[0][]);
    }
  }

  private HotLongAdder(
      @Nullable HotClient client, @Nullable String key, int count, int groupCount) {
    RedisBinding base = RedisBinding.of(client, key, "HotLongAdder", "hash");
    String name = base.key();
    List<List<String>> names = new ArrayList<>();
    for (int g = 0; g < groupCount; g++) {
      names.add(new ArrayList<>());
    }
    for (int i = 0; i < count; i++) {
      int g = i % groupCount;
      names.get(g).add(Keys.companion(anchor(name, g), Integer.toString(i)));
    }
    RedisBinding[] byIndex = new RedisBinding[count];
    List<Group> built = new ArrayList<>();
    for (int g = 0; g < groupCount; g++) {
      RedisBinding binding =
          g == 0 ? base : RedisBinding.of(base.client(), anchor(name, g), "HotLongAdder", "string");
      List<RedisBinding> members = new ArrayList<>();
      List<String> groupNames = names.get(g);
      List<byte[]> raw = new ArrayList<>();
      for (int j = 0; j < groupNames.size(); j++) {
        RedisBinding stripe =
            RedisBinding.of(base.client(), groupNames.get(j), "HotLongAdder stripe", "string");
        members.add(stripe);
        raw.add(stripe.rawKey());
        byIndex[g + j * groupCount] = stripe;
      }
      built.add(new Group(binding, List.copyOf(members), List.copyOf(raw)));
    }
    this.layout = base;
    this.groups = List.copyOf(built);
    this.stripes = List.of(byIndex);
    this.keyset = new Keyset();
  }

  /** The hash tag's owner of slot group {@code g}: the key itself for group 0. */
  private static String anchor(String key, int g) {
    return g == 0 ? key : "{" + key.replace("{", "").replace("}", "") + "/" + g + "}";
  }

  /**
   * Returns a builder for an adder with the default layout ({@value #DEFAULT_STRIPES} stripes in
   * one slot group).
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public StoredKeys storedKeys() {
    return keyset;
  }

  /**
   * Returns the number of stripes. No round trip.
   *
   * @return the stripes
   */
  public int stripes() {
    return stripes.size();
  }

  /**
   * Returns the number of slot groups. No round trip.
   *
   * @return the slot groups
   */
  public int slotGroups() {
    return groups.size();
  }

  // ---- adding ----

  /**
   * Adds to the calling thread's stripe. One round trip ({@code INCRBY}). Atomic. Queued inside a
   * transaction.
   *
   * @param x the value to add
   * @throws HotRedisException naming the stripe if it holds something other than an integer
   */
  @Override
  public void add(long x) {
    RedisBinding stripe = stripe();
    stripe.send(stripe.commands().incrBy(stripe.rawKey(), x));
  }

  /** Adds one. One round trip ({@code INCRBY}). Atomic. Queued inside a transaction. */
  @Override
  public void increment() {
    add(1);
  }

  /** Subtracts one. One round trip ({@code INCRBY}). Atomic. Queued inside a transaction. */
  @Override
  public void decrement() {
    add(-1);
  }

  private RedisBinding stripe() {
    long h = Thread.currentThread().getId() ^ SEED;
    h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
    h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return stripes.get((int) Math.floorMod(h ^ (h >>> 33), (long) stripes.size()));
  }

  // ---- reading and resetting ----

  /**
   * Returns the sum of the stripes. One round trip (one script) per slot group; each group is read
   * atomically, the groups one after another. With one group, through {@code tx.defer} inside a
   * transaction.
   *
   * @return the sum
   * @throws HotRedisException naming a stripe that holds something other than an integer
   */
  @Override
  public long sum() {
    if (groups.size() == 1) {
      return layout.read(sumOf(groups.get(0), KEEP));
    }
    layout.multiStep();
    long sum = 0;
    for (Group group : groups) {
      sum += group.binding().read(sumOf(group, KEEP));
    }
    return sum;
  }

  private ScriptCall<Long> sumOf(Group group, byte[] reset) {
    return SUM.call(
        Replies.map(BuilderFactory.BINARY_LIST, values -> add(group, values)),
        group.keys(),
        List.of(reset));
  }

  private static long add(Group group, List<byte @Nullable []> values) {
    long sum = 0;
    for (int i = 0; i < values.size(); i++) {
      byte[] value = values.get(i);
      if (value != null) {
        String text = new String(value, UTF_8);
        try {
          sum += Long.parseLong(text);
        } catch (NumberFormatException e) {
          throw new HotRedisException(
              group.stripes().get(i).describe()
                  + " holds '"
                  + text
                  + "' where a count was expected; SET it to an integer or delete() the adder",
              e);
        }
      }
    }
    return sum;
  }

  /**
   * Deletes the stripes, so the sum is zero. One round trip ({@code DEL}) per slot group, each
   * atomic, not all at once. With one group, queued inside a transaction.
   */
  @Override
  public void reset() {
    if (groups.size() > 1) {
      layout.multiStep();
    }
    for (Group group : groups) {
      group.binding().send(group.binding().commands().del(group.array()));
    }
  }

  /**
   * Returns the sum and resets the stripes. One round trip (one script) per slot group: each group
   * is read and deleted atomically, so no increment is lost, but not all groups at once.
   *
   * @return the sum before the reset
   * @throws HotRedisException naming a stripe that holds something other than an integer, in which
   *     case that group is left unchanged
   */
  @Override
  public long sumThenReset() {
    layout.multiStep();
    long sum = 0;
    for (Group group : groups) {
      sum += group.binding().write(sumOf(group, RESET));
    }
    return sum;
  }

  /** As {@link #sum()}. */
  @Override
  public long longValue() {
    return sum();
  }

  /** The sum narrowed to an int, as {@link #sum()}. */
  @Override
  public int intValue() {
    return (int) sum();
  }

  /** The sum as a float, as {@link #sum()}. */
  @Override
  public float floatValue() {
    return (float) sum();
  }

  /** The sum as a double, as {@link #sum()}. */
  @Override
  public double doubleValue() {
    return (double) sum();
  }

  /** The sum narrowed to a short, as {@link #sum()}. */
  @Override
  public short shortValue() {
    return (short) sum();
  }

  /** The sum narrowed to a byte, as {@link #sum()}. */
  @Override
  public byte byteValue() {
    return (byte) sum();
  }

  /**
   * Returns the sum in decimal, as {@code LongAdder} does. As {@link #sum()}.
   *
   * @return the sum
   */
  @Override
  public String toString() {
    return Long.toString(sum());
  }

  private void create() {
    layout.write(
        INIT.call(
            BuilderFactory.LONG,
            List.of(layout.rawKey()),
            List.of(Arguments.of(stripes.size()), Arguments.of(groups.size()))));
  }

  /**
   * The adder's keys: the layout hash and every stripe, across slot groups. {@code delete}, {@code
   * expire} and {@code persist} take one round trip per slot group (atomic within a group).
   */
  private final class Keyset implements StoredKeys {
    @Override
    public String key() {
      return layout.key();
    }

    @Override
    public List<String> keys() {
      List<String> all = new ArrayList<>();
      all.add(layout.key());
      for (RedisBinding stripe : stripes) {
        all.add(stripe.key());
      }
      return all;
    }

    @Override
    public String describe() {
      return layout.describe();
    }

    @Override
    public HotClient client() {
      return layout.client();
    }

    @Override
    public boolean delete() {
      layout.multiStep();
      boolean deleted = false;
      for (Group group : groups) {
        List<byte[]> keys = new ArrayList<>(group.keys());
        if (group.binding() == layout) {
          keys.add(layout.rawKey());
        }
        deleted |=
            group
                .binding()
                .write(
                    Replies.withReply(
                        group.binding().commands().del(keys.toArray(new byte[0][])),
                        Replies.isPositive()));
      }
      return deleted;
    }

    @Override
    public boolean exists() {
      return layout.exists();
    }

    @Override
    public boolean expire(Duration ttl) {
      requireNonNull(ttl, "ttl");
      layout.multiStep();
      boolean applied = layout.expire(ttl);
      for (RedisBinding stripe : stripes) {
        stripe.expire(ttl);
      }
      return applied;
    }

    @Override
    public Optional<Duration> ttl() {
      return layout.ttl();
    }

    @Override
    public boolean persist() {
      layout.multiStep();
      boolean removed = layout.persist();
      for (RedisBinding stripe : stripes) {
        stripe.persist();
      }
      return removed;
    }

    @Override
    public String toString() {
      return layout.describe();
    }
  }

  /** Builds a {@link HotLongAdder}: its layout, key and client, then {@link #build()}. */
  public static final class Builder extends HotBuilder<Builder> {
    private int stripes = DEFAULT_STRIPES;
    private int slotGroups = 1;

    private Builder() {}

    /**
     * Sets the number of stripes, the Redis strings the sum is spread over.
     *
     * @param stripes 1 to {@value #MAX_STRIPES}
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder stripes(int stripes) {
      if (stripes < 1 || stripes > MAX_STRIPES) {
        throw new IllegalArgumentException(
            "stripes must be between 1 and " + MAX_STRIPES + ", was " + stripes);
      }
      this.stripes = stripes;
      return this;
    }

    /**
     * Sets the number of slot groups: on a cluster, each group's stripes share one hash slot, and
     * different groups usually lie in different slots (see the class comment). {@code sum} costs
     * one round trip per group. The groups may not outnumber the stripes.
     *
     * @param slotGroups at least 1
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     */
    public Builder slotGroups(int slotGroups) {
      if (slotGroups < 1) {
        throw new IllegalArgumentException("slotGroups must be at least 1, was " + slotGroups);
      }
      this.slotGroups = slotGroups;
      return this;
    }

    /**
     * Stores the layout in Redis if absent, or checks that the adder was created with this layout.
     * One round trip (one script).
     *
     * @return the adder
     * @throws IllegalArgumentException if there are more slot groups than stripes
     * @throws IllegalStateException if the adder exists with another layout
     * @throws HotRedisException if the key holds a hash that is not an adder's layout
     */
    public HotLongAdder build() {
      if (slotGroups > stripes) {
        throw new IllegalArgumentException(
            slotGroups + " slot groups would outnumber the " + stripes + " stripes");
      }
      HotLongAdder adder = new HotLongAdder(client(), key(), stripes, slotGroups);
      adder.create();
      return adder;
    }
  }
}
