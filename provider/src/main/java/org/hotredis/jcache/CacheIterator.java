package org.hotredis.jcache;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import javax.cache.Cache;
import org.hotredis.toolkit.IterationMemory;
import org.jspecify.annotations.Nullable;

/**
 * An iterator over a cache: pages of entries read with {@code HSCAN} (expired entries skipped and
 * removed), shard after shard, handed out one by one as accesses. {@code HSCAN} may return an entry
 * twice when a shard's hash shrinks during the iteration, so each page goes through an {@link
 * IterationMemory} of its shard, by encoded key: every entry is handed out once. A key lives in one
 * shard only, so each shard's iteration has a memory of its own, dropped when the shard is done.
 */
final class CacheIterator<K, V> implements Iterator<Cache.Entry<K, V>> {
  private final HotCache<K, V> cache;
  private final long memoryBudget;
  private final Deque<Map.Entry<byte[], byte[]>> buffer = new ArrayDeque<>();
  private String cursor = "0";
  private boolean started;
  private @Nullable IterationMemory memory;
  private Cache.@Nullable Entry<K, V> last;

  CacheIterator(HotCache<K, V> cache, long memoryBudget) {
    this.cache = cache;
    this.memoryBudget = memoryBudget;
  }

  @Override
  public boolean hasNext() {
    while (buffer.isEmpty() && !(started && cursor.equals("0"))) {
      CacheShard.Page page = cache.page(cursor);
      IterationMemory shardMemory = memory;
      if (shardMemory == null) {
        shardMemory = IterationMemory.of(page.shard(), memoryBudget);
        memory = shardMemory;
      }
      buffer.addAll(shardMemory.admit(page.live(), Map.Entry::getKey, page.shardDone()));
      started = true;
      cursor = page.cursor();
      if (page.shardDone()) {
        memory = null;
      }
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
