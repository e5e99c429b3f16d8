/**
 * How values become Redis strings: {@link org.hotredis.codec.Codec} and its factory {@link
 * org.hotredis.codec.Codecs}.
 *
 * <p>The defaults keep data readable by {@code redis-cli} and by the Python HOT Redis: text as
 * UTF-8, numbers as decimal text (so {@code INCRBY} works on them), bytes as they are. Arbitrary
 * objects need an explicit codec: JSON through Jackson, or Java serialization restricted by an
 * allow-list.
 */
@NullMarked
package org.hotredis.codec;

import org.jspecify.annotations.NullMarked;
