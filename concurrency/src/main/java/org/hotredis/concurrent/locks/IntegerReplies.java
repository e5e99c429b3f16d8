package org.hotredis.concurrent.locks;

import java.util.List;
import org.hotredis.shaded.redis.clients.jedis.Builder;
import org.jspecify.annotations.Nullable;

/** Reply builders for this package's scripts, which answer with integers or arrays of integers. */
final class IntegerReplies {
  /** An array of integers, as {@code long[]}. */
  static final Builder<long[]> LONGS =
      new Builder<>() {
        @Override
        public long[] build(@Nullable Object data) {
          List<?> items = (List<?>) data;
          if (items == null) {
            return new long[0];
          }
          long[] values = new long[items.size()];
          for (int i = 0; i < values.length; i++) {
            values[i] = (Long) items.get(i);
          }
          return values;
        }
      };

  /** One integer. */
  static final Builder<Long> LONG =
      new Builder<>() {
        @Override
        public Long build(@Nullable Object data) {
          return data == null ? 0L : (Long) data;
        }
      };

  private IntegerReplies() {}
}
