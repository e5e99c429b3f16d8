package org.hotredis.collections;

import static java.util.Objects.requireNonNull;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.BiFunction;
import org.hotredis.shaded.redis.clients.jedis.params.ScanParams;
import org.hotredis.shaded.redis.clients.jedis.resps.ScanResult;
import org.hotredis.toolkit.IterationMemory;
import org.jspecify.annotations.Nullable;

/**
 * An iterator over a {@link HotDict}'s hash that reads it in pages of about {@value HotDict#PAGE}
 * entries ({@code HSCAN}, one round trip per page), for the dict's views and {@code forEach}.
 * Weakly consistent, as {@code HSCAN} is: entries present for the whole iteration are returned,
 * entries added or removed meanwhile may or may not be; but no entry is returned twice, although
 * {@code HSCAN} may return one twice when the hash shrinks: each page goes through the iteration's
 * {@link IterationMemory}, by field (so the values view still returns a value once per entry that
 * holds it). {@link #remove()} deletes the last key returned ({@code HDEL}).
 *
 * @param <T> what the iterator returns for each raw field and value
 */
final class DictScan<T> implements Iterator<T> {
  private final HotDict<?, ?> dict;
  private final BiFunction<byte[], byte[], T> convert;
  private final IterationMemory memory;
  private byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
  private boolean complete;
  private List<Map.Entry<byte[], byte[]>> page = List.of();
  private int index;
  private byte @Nullable [] lastField;

  DictScan(HotDict<?, ?> dict, BiFunction<byte[], byte[], T> convert) {
    this.dict = requireNonNull(dict, "dict");
    this.convert = requireNonNull(convert, "convert");
    dict.redis().multiStep();
    this.memory = IterationMemory.of(dict.redis());
  }

  @Override
  public boolean hasNext() {
    while (index >= page.size()) {
      if (complete) {
        return false;
      }
      ScanResult<Map.Entry<byte[], byte[]>> result = dict.scan(cursor);
      page = memory.admit(result.getResult(), Map.Entry::getKey, result.isCompleteIteration());
      index = 0;
      cursor = result.getCursorAsBytes();
      complete = result.isCompleteIteration();
    }
    return true;
  }

  @Override
  public T next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Map.Entry<byte[], byte[]> entry = page.get(index++);
    lastField = entry.getKey();
    return convert.apply(entry.getKey(), entry.getValue());
  }

  @Override
  public void remove() {
    byte[] field = lastField;
    if (field == null) {
      throw new IllegalStateException("next() has not returned an element since the last remove()");
    }
    dict.removeField(field);
    lastField = null;
  }
}
