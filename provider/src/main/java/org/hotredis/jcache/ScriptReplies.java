package org.hotredis.jcache;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hotredis.Arguments;
import org.hotredis.shaded.redis.clients.jedis.Builder;
import org.jspecify.annotations.Nullable;

/** Reads the raw replies of the cache scripts: status letters, texts, values and pairs. */
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

  /** Whether a reply says the cache's incarnation is gone: {@code {'gone'}}. */
  static boolean isGone(List<?> reply) {
    return !reply.isEmpty() && "gone".equals(text(reply.get(0)));
  }

  /** Whether a reply asks for expiry durations first: {@code {'?', ...}}. */
  static boolean isNeed(List<?> reply) {
    return !reply.isEmpty() && "?".equals(text(reply.get(0)));
  }

  static boolean flag(List<?> reply, int index) {
    return "1".equals(text(reply.get(index)));
  }

  static char status(@Nullable Object item) {
    byte[] bytes = requireBytes(item);
    return bytes.length == 0 ? 'N' : (char) bytes[0];
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
