package org.hotredis.toolkit;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.hotredis.Arguments;
import org.hotredis.HotClientBuilder;
import org.hotredis.Keys;
import org.hotredis.RedisBinding;
import org.hotredis.Script;
import org.hotredis.shaded.redis.clients.jedis.BuilderFactory;
import org.jspecify.annotations.Nullable;

/**
 * What one iteration over {@code SCAN} pages has returned, so that it returns each element once.
 *
 * <p>{@code SSCAN}, {@code HSCAN} and {@code SCAN} return every element present for the whole
 * iteration, but may return an element twice when the collection's hash table shrinks meanwhile
 * (the elements of several buckets come together in one, and the cursor cannot tell which of them
 * it has passed). An iterator hands each page to {@link #admit}, which keeps only the elements it
 * has not returned before, identified by their exact encoded bytes: a set's member, a hash's field,
 * a cache's key. Equal values under different fields are different elements.
 *
 * <p>An iteration that ends with its first page (a collection of up to about a thousand elements)
 * remembers nothing: one {@code SCAN} call never returns an element twice. Otherwise the identities
 * are remembered in this JVM, in two flat arrays (a {@code ByteSet}: the bytes behind their
 * lengths, and a hash table of 8 bytes a slot, at most half full, so about 20 to 40 bytes per
 * element beyond its length), which never grow beyond a budget ({@link
 * HotClientBuilder#iteratorMemory}, 16 MiB by default). When a page would exceed the budget, the
 * memory moves to Redis: a hash in the collection's cluster slot ({@code {key}:iteration:<uuid>}),
 * written in slices of {@value #SLICE} identities, that from then on answers for each page which
 * elements are new and records them, in one script per page ({@code iteration-remember.lua}): one
 * more round trip per page, and memory in Redis proportional to the elements returned. The last
 * page deletes it; the hash of an abandoned iteration expires {@link #TIME_TO_LIVE} after its last
 * page, and an iteration that resumes after that throws {@link IllegalStateException} rather than
 * return elements twice. The script's calls are numbered, so a call whose reply was lost can be
 * repeated without losing elements.
 *
 * <p>Not thread-safe, as the iterators that use it. Public for HOT Redis's other modules (the
 * JCache provider's iterator); applications use the types' iterators.
 */
public final class IterationMemory {
  /** The default budget of one iteration's memory in this JVM: 16 MiB. */
  public static final long DEFAULT_BUDGET = 16L * 1024 * 1024;

  /** How long the memory of an iteration lives in Redis after its last page. */
  public static final Duration TIME_TO_LIVE = Duration.ofHours(1);

  /** Identities sent per call when the memory moves from this JVM to Redis. */
  static final int SLICE = 10_000;

  private static final Script REMEMBER =
      Script.load(IterationMemory.class, "lua/iteration-remember.lua");
  private static final byte[] YES = Arguments.of("1");
  private static final byte[] NO = Arguments.of("0");
  private static final byte[] DELETE = Arguments.of(0);
  private static final byte[] KEEP = Arguments.of(TIME_TO_LIVE.toMillis());

  private final RedisBinding owner;
  private final long budget;
  private boolean started;
  private @Nullable ByteSet local;
  private boolean inRedis;
  private byte @Nullable [] memoryKey;
  private long calls;
  private long received;
  private boolean recorded;

  private IterationMemory(RedisBinding owner, long budget) {
    this.owner = requireNonNull(owner, "owner");
    if (budget < 0) {
      throw new IllegalArgumentException("budget must not be negative, was " + budget);
    }
    this.budget = budget;
  }

  /**
   * Returns the memory of a new iteration over an object's key, with its client's budget ({@link
   * HotClientBuilder#iteratorMemory}). No round trip.
   *
   * @param owner the binding of the set or hash iterated
   * @return the memory, empty
   */
  public static IterationMemory of(RedisBinding owner) {
    return new IterationMemory(owner, owner.iteratorMemory());
  }

  /**
   * Returns the memory of a new iteration over a key, with a budget. No round trip.
   *
   * @param owner the binding of the hash (or set) iterated: its key's slot holds the memory when it
   *     moves to Redis, and failures name it
   * @param budget the bytes this JVM may use, 0 to keep in Redis every iteration of more than one
   *     page
   * @return the memory, empty
   * @throws IllegalArgumentException if the budget is negative
   */
  public static IterationMemory of(RedisBinding owner, long budget) {
    return new IterationMemory(owner, budget);
  }

  /**
   * Returns the elements of a page that the iteration has not returned before, in order, and
   * remembers them. No round trip while the memory fits its budget in this JVM; one (one script)
   * per page once it is in Redis, plus one per {@value #SLICE} identities when it moves there.
   *
   * @param page the elements of the page, as {@code SCAN} returned them
   * @param identity the exact encoded bytes that identify an element
   * @param last whether this is the iteration's last page (the cursor came back to 0): a memory in
   *     Redis is then deleted
   * @param <T> the page's element type
   * @return the elements to return, a subset of the page in its order
   * @throws IllegalStateException if the memory in Redis expired meanwhile
   */
  public <T> List<T> admit(List<T> page, Function<? super T, byte[]> identity, boolean last) {
    requireNonNull(page, "page");
    requireNonNull(identity, "identity");
    if (!started) {
      started = true;
      if (last) {
        return page;
      }
    }
    if (!inRedis) {
      ByteSet remembered = local;
      if (remembered == null) {
        remembered = new ByteSet();
        local = remembered;
      }
      if (last) {
        return unseen(page, identity, remembered, false);
      }
      long bytes = 0;
      for (T t : page) {
        bytes += identity.apply(t).length;
      }
      if (remembered.allocation(page.size(), bytes) <= budget) {
        return unseen(page, identity, remembered, true);
      }
      moveToRedis(remembered);
    }
    List<byte[]> identities = new ArrayList<>(page.size());
    for (T t : page) {
      identities.add(identity.apply(t));
    }
    if (identities.isEmpty() && !last) {
      return page;
    }
    List<Long> answers = remember(identities, last);
    List<T> admitted = new ArrayList<>(page.size());
    for (int i = 0; i < page.size(); i++) {
      if (answers.get(i) == 1) {
        admitted.add(page.get(i));
      }
    }
    return admitted;
  }

  /** Keeps the elements not remembered here; remembers them too unless this is the last page. */
  private static <T> List<T> unseen(
      List<T> page, Function<? super T, byte[]> identity, ByteSet remembered, boolean keep) {
    List<T> admitted = new ArrayList<>(page.size());
    for (T t : page) {
      byte[] raw = identity.apply(t);
      if (keep ? remembered.add(raw) : !remembered.contains(raw)) {
        admitted.add(t);
      }
    }
    return admitted;
  }

  /**
   * Moves what this JVM remembers into a hash in the owner's slot. If a call fails, the memory
   * stays here, and the next page tries again (writing a slice twice changes nothing).
   */
  private void moveToRedis(ByteSet remembered) {
    if (memoryKey == null) {
      memoryKey = Keys.bytes(memoryKeyOf(owner.key()));
    }
    List<byte[]> all = remembered.toList();
    for (int i = 0; i < all.size(); i += SLICE) {
      remember(all.subList(i, Math.min(all.size(), i + SLICE)), false);
    }
    inRedis = true;
    local = null;
  }

  /** Runs the memory script on some identities; one round trip. */
  private List<Long> remember(List<byte[]> identities, boolean last) {
    byte[] key = requireNonNull(memoryKey, "memoryKey");
    long call = ++calls;
    List<byte[]> args = new ArrayList<>(identities.size() + 4);
    args.add(Arguments.of(call));
    args.add(Arguments.of(received));
    args.add(recorded ? YES : NO);
    args.add(last ? DELETE : KEEP);
    args.addAll(identities);
    List<Long> answers = owner.read(REMEMBER.call(BuilderFactory.LONG_LIST, List.of(key), args));
    received = call;
    recorded = !last && (recorded || !identities.isEmpty());
    return answers;
  }

  /**
   * Returns a new key for an iteration's memory in the slot of a key: its companion {@code
   * iteration:<uuid>}, or, for a key with a closing brace but no hash tag (which has no companion),
   * a key whose hash tag is chosen to fall in the same slot.
   */
  static String memoryKeyOf(String key) {
    String suffix = "iteration:" + UUID.randomUUID();
    if (Keys.hashTag(key) != null || key.indexOf('}') < 0) {
      return Keys.companion(key, suffix);
    }
    int slot = Keys.slot(key);
    for (int i = 0; ; i++) {
      String tag = "{hotredis-" + i + "}";
      if (Keys.slot(tag) == slot) {
        return tag + ":" + suffix;
      }
    }
  }
}
