package org.hotredis.jcache;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hotredis.Arguments;
import org.hotredis.shaded.redis.clients.jedis.Builder;
import org.jspecify.annotations.Nullable;

/**
 * Reads the items of the cache scripts' raw replies: texts, values and pairs. The replies' shapes
 * and outcomes are named beside the code that calls each script ({@link CacheShard}, {@link
 * HandleLifecycle}).
 */
final class ScriptReplies {
  /** Builds a script's reply as it came: a list, or the empty list for a nil reply. */
  static final Builder<Object> RAW =
      new Builder<>() {
        @Override
        public Object build(@Nullable Object data) {
          return data == null ? List.of() : data;
        }
      };

  private ScriptReplies() {}

  /**
   * The items of a script's list reply.
   *
   * @param reply the raw reply
   * @param script the script's name, for the message
   * @throws IllegalStateException if the reply is not a list
   */
  static List<?> items(@Nullable Object reply, String script) {
    if (reply instanceof List<?> items) {
      return items;
    }
    throw new IllegalStateException(script + " replied " + reply + "; expected a list");
  }

  static String text(@Nullable Object item) {
    return new String(requireBytes(item), StandardCharsets.UTF_8);
  }

  static byte @Nullable [] bytes(@Nullable Object item) {
    return item instanceof byte[] bytes ? bytes : null;
  }

  static byte[] requireBytes(@Nullable Object item) {
    if (item instanceof byte[] bytes) {
      return bytes;
    }
    if (item instanceof Long number) {
      return Arguments.of(number);
    }
    throw new IllegalStateException("unexpected script reply item: " + item);
  }

  static List<Map.Entry<byte[], byte[]>> pairs(@Nullable Object item) {
    List<Map.Entry<byte[], byte[]>> pairs = new ArrayList<>();
    if (item instanceof List<?> flat) {
      for (int i = 0; i + 1 < flat.size(); i += 2) {
        pairs.add(
            new SimpleImmutableEntry<>(requireBytes(flat.get(i)), requireBytes(flat.get(i + 1))));
      }
    }
    return pairs;
  }
}
