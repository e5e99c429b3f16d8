package org.hotredis.toolkit;

import java.util.ArrayList;
import java.util.List;
import org.hotredis.Arguments;
import org.hotredis.Replies;
import org.hotredis.Script;
import org.hotredis.ScriptCall;
import org.jspecify.annotations.Nullable;

/** Scripts that more than one type runs on its keys, each call built in one place. */
public final class SharedScripts {
  private static final Script LIST_CONTAINS_ALL =
      Script.load(SharedScripts.class, "lua/list-contains-all.lua");
  private static final Script VALUE_COMPARE_AND_SET =
      Script.load(SharedScripts.class, "lua/value-compare-and-set.lua");
  private static final byte[] YES = {'1'};
  private static final byte[] NO = {'0'};
  private static final byte[] NONE = {};

  private SharedScripts() {}

  /**
   * Returns the call of {@code list-contains-all.lua}: whether an index range of a list holds every
   * given value. One script when run; read-only.
   *
   * @param list the list's key
   * @param from the first index of the range, at least 0
   * @param to the end of the range, exclusive; clamped to the list's length
   * @param values the encoded values, at least one
   * @return the call, true if every value occurs in the range
   */
  public static ScriptCall<Boolean> listContainsAll(
      byte[] list, long from, long to, List<byte[]> values) {
    List<byte[]> args = new ArrayList<>(values.size() + 2);
    args.add(Arguments.of(from));
    args.add(Arguments.of(to));
    args.addAll(values);
    return LIST_CONTAINS_ALL.call(Replies.isOne(), List.of(list), args);
  }

  /**
   * Returns the call of {@code value-compare-and-set.lua}: replaces a string key's value if the key
   * still holds exactly the bytes read (or is still absent), keeping its time to live, the write
   * step of a read-compute-write loop. One script when run. Atomic.
   *
   * @param key the key
   * @param read the bytes read, or null if the key was absent
   * @param next the new bytes, or null to delete the key
   * @param queued whether the call is queued in an optimistic transaction: a mismatch then fails
   *     the {@code EXEC} with {@link java.util.ConcurrentModificationException} instead of
   *     answering
   * @param reply reads the script's reply: 1 if the value was replaced, otherwise the bytes the key
   *     holds now (nil if absent)
   * @param <T> what the reply becomes
   * @return the call
   */
  public static <T> ScriptCall<T> compareAndSet(
      byte[] key,
      byte @Nullable [] read,
      byte @Nullable [] next,
      boolean queued,
      org.hotredis.shaded.redis.clients.jedis.Builder<T> reply) {
    return VALUE_COMPARE_AND_SET.call(
        reply,
        List.of(key),
        List.of(
            read == null ? YES : NO,
            read == null ? NONE : read,
            next == null ? NONE : next,
            queued ? YES : NO,
            next == null ? YES : NO));
  }
}
