package org.hotredis.toolkit;

import java.util.ArrayList;
import java.util.List;
import org.hotredis.Arguments;
import org.hotredis.Replies;
import org.hotredis.Script;
import org.hotredis.ScriptCall;

/** Scripts that more than one type runs on its keys, each call built in one place. */
public final class SharedScripts {
  private static final Script LIST_CONTAINS_ALL =
      Script.load(SharedScripts.class, "lua/list-contains-all.lua");

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
}
