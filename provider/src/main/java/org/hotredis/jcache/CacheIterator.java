package org.hotredis.jcache;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import javax.cache.Cache;
import org.jspecify.annotations.Nullable;

/**
 * An iterator over a cache: pages of entries read with {@code HSCAN} (expired entries skipped and
 * removed), handed out one by one as accesses.
 */
final class CacheIterator<K, V> implements Iterator<Cache.Entry<K, V>> {
  private final HotCache<K, V> cache;
  private final Deque<Map.Entry<byte[], byte[]>> buffer = new ArrayDeque<>();
  private String cursor = "0";
  private boolean started;
  private Cache.@Nullable Entry<K, V> last;

  CacheIterator(HotCache<K, V> cache) {
    this.cache = cache;
  }

  @Override
  public boolean hasNext() {
    while (buffer.isEmpty() && !(started && cursor.equals("0"))) {
      CacheEntries.Page page = cache.page(cursor);
      started = true;
      cursor = page.cursor();
      buffer.addAll(page.live());
    }
    return !buffer.isEmpty();
  }

  @Override
  public Cache.Entry<K, V> next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Map.Entry<byte[], byte[]> raw = buffer.removeFirst();
    Cache.Entry<K, V> entry = cache.iterated(raw.getKey(), raw.getValue());
    last = entry;
    return entry;
  }

  @Override
  public void remove() {
    Cache.Entry<K, V> removed = last;
    if (removed == null) {
      throw new IllegalStateException("next() must come before remove()");
    }
    last = null;
    cache.removeIterated(removed.getKey());
  }
}
