package org.hotredis.jcache.management;

import java.util.concurrent.atomic.LongAdder;
import javax.cache.management.CacheStatisticsMXBean;

/**
 * The statistics of one cache handle: counters of this JVM's operations on it, not of the cache
 * across JVMs (each JVM counts its own; a cache's totals are the sum over its JVMs). They start at
 * zero when the handle opens and count only while statistics are enabled. Expired entries are never
 * hits, and removing them is not a removal. Evictions are always zero: Redis's own eviction ({@code
 * maxmemory}) is not reported per entry.
 *
 * <p>Average times are in microseconds, measured around each operation's round trips.
 */
public final class CacheStatistics implements CacheStatisticsMXBean {
  private static final float NANOS_PER_MICRO = 1_000f;

  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder puts = new LongAdder();
  private final LongAdder removals = new LongAdder();
  private final LongAdder getNanos = new LongAdder();
  private final LongAdder putNanos = new LongAdder();
  private final LongAdder removeNanos = new LongAdder();
  private volatile boolean enabled;

  /** Creates statistics at zero, disabled. */
  public CacheStatistics() {}

  /**
   * Enables or disables counting.
   *
   * @param enabled true to count
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * Returns whether operations are counted.
   *
   * @return true if enabled
   */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Returns the start time of an operation to time, or 0 when statistics are disabled.
   *
   * @return {@link System#nanoTime()} or 0
   */
  public long start() {
    return enabled ? System.nanoTime() : 0;
  }

  /**
   * Counts hits.
   *
   * @param count how many
   */
  public void recordHits(long count) {
    if (enabled && count > 0) {
      hits.add(count);
    }
  }

  /**
   * Counts misses.
   *
   * @param count how many
   */
  public void recordMisses(long count) {
    if (enabled && count > 0) {
      misses.add(count);
    }
  }

  /**
   * Counts puts.
   *
   * @param count how many
   */
  public void recordPuts(long count) {
    if (enabled && count > 0) {
      puts.add(count);
    }
  }

  /**
   * Counts removals.
   *
   * @param count how many
   */
  public void recordRemovals(long count) {
    if (enabled && count > 0) {
      removals.add(count);
    }
  }

  /**
   * Adds the time of a read.
   *
   * @param start what {@link #start()} returned
   */
  public void recordGetTime(long start) {
    if (enabled && start != 0) {
      getNanos.add(System.nanoTime() - start);
    }
  }

  /**
   * Adds the time of a write.
   *
   * @param start what {@link #start()} returned
   */
  public void recordPutTime(long start) {
    if (enabled && start != 0) {
      putNanos.add(System.nanoTime() - start);
    }
  }

  /**
   * Adds the time of a removal.
   *
   * @param start what {@link #start()} returned
   */
  public void recordRemoveTime(long start) {
    if (enabled && start != 0) {
      removeNanos.add(System.nanoTime() - start);
    }
  }

  @Override
  public void clear() {
    hits.reset();
    misses.reset();
    puts.reset();
    removals.reset();
    getNanos.reset();
    putNanos.reset();
    removeNanos.reset();
  }

  @Override
  public long getCacheHits() {
    return hits.sum();
  }

  @Override
  public float getCacheHitPercentage() {
    long gets = getCacheGets();
    return gets == 0 ? 0f : getCacheHits() * 100f / gets;
  }

  @Override
  public long getCacheMisses() {
    return misses.sum();
  }

  @Override
  public float getCacheMissPercentage() {
    long gets = getCacheGets();
    return gets == 0 ? 0f : getCacheMisses() * 100f / gets;
  }

  @Override
  public long getCacheGets() {
    return getCacheHits() + getCacheMisses();
  }

  @Override
  public long getCachePuts() {
    return puts.sum();
  }

  @Override
  public long getCacheRemovals() {
    return removals.sum();
  }

  @Override
  public long getCacheEvictions() {
    return 0;
  }

  @Override
  public float getAverageGetTime() {
    return average(getNanos.sum(), getCacheGets());
  }

  @Override
  public float getAveragePutTime() {
    return average(putNanos.sum(), getCachePuts());
  }

  @Override
  public float getAverageRemoveTime() {
    return average(removeNanos.sum(), getCacheRemovals());
  }

  private static float average(long nanos, long count) {
    return count == 0 ? 0f : nanos / NANOS_PER_MICRO / count;
  }
}
