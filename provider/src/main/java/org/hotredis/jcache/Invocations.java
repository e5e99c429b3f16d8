package org.hotredis.jcache;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import javax.cache.CacheException;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;
import org.hotredis.HotRedisException;
import org.hotredis.jcache.CacheShard.Incremented;
import org.hotredis.jcache.CacheShard.Op;
import org.hotredis.jcache.CacheShard.OpCode;
import org.hotredis.jcache.CacheShard.Read;
import org.hotredis.jcache.CacheShard.ReadStatus;
import org.hotredis.jcache.CacheShard.WriteStatus;
import org.hotredis.jcache.CacheShard.Written;
import org.hotredis.jcache.event.EntryEvent;
import org.hotredis.jcache.event.EventDispatcher;
import org.hotredis.jcache.expiry.Durations;
import org.hotredis.jcache.expiry.Expiry;
import org.hotredis.jcache.integration.Writing;
import org.hotredis.jcache.management.CacheStatistics;
import org.hotredis.jcache.processor.Increment;
import org.hotredis.jcache.processor.ProcessorEntry;
import org.hotredis.jcache.processor.ProcessorResult;
import org.jspecify.annotations.Nullable;

/**
 * Runs a cache's entry processors: in this JVM, on a snapshot of the entry, committed with a
 * compare-and-set script and run again on the entry's new value if another client changed it in
 * between, so concurrent {@code invoke}s from any number of JVMs never lose an update. The same
 * path serves every caller. The built-in {@link Increment} is one {@code HINCRBY} script instead,
 * where the cache stores decimal {@code Long}s and neither a loader, a writer nor a default factory
 * needs the value in this JVM.
 *
 * <p>What the processor did to its {@link ProcessorEntry} decides the commit: a creation or a load
 * stores the value only if the entry is still absent; an update or a removal only if the entry
 * still holds the snapshot's bytes; an access applies the access duration if it does; nothing
 * commits nothing. A processor that throws changes nothing; its exception reaches the caller as an
 * {@link EntryProcessorException} (a {@link CacheException} passes as it is). A writer called for
 * an attempt that then conflicts is called again for the next attempt; with write-through, every
 * attempt runs under the key's write lease ({@link WriteLeases}), so the writer's last call and the
 * committed change are the same one whatever other JVMs write.
 *
 * <p>An attempt whose commit conflicts because the entry expired meanwhile reports that expiry: the
 * commit script removed the entry, and no later attempt will find it. Events found before a
 * processor or writer fails are delivered before the failure is thrown.
 */
final class Invocations<K, V> {
  private static final int MAX_ATTEMPTS = 100_000;

  private final String cacheName;
  private final CacheEntries entries;
  private final EntryCodec<K, V> codec;
  private final Outcomes<K, V> outcomes;
  private final Expiry expiry;
  private final Writing<K, V> writing;
  private final EventDispatcher<K, V> events;
  private final CacheStatistics statistics;
  private final @Nullable Function<K, @Nullable V> loader;
  private final @Nullable WriteLeases leases;
  private final boolean incrementsInRedis;

  Invocations(
      String cacheName,
      CacheEntries entries,
      EntryCodec<K, V> codec,
      Outcomes<K, V> outcomes,
      Expiry expiry,
      Writing<K, V> writing,
      EventDispatcher<K, V> events,
      CacheStatistics statistics,
      @Nullable Function<K, @Nullable V> loader,
      @Nullable WriteLeases leases) {
    this.cacheName = requireNonNull(cacheName, "cacheName");
    this.entries = requireNonNull(entries, "entries");
    this.codec = requireNonNull(codec, "codec");
    this.outcomes = requireNonNull(outcomes, "outcomes");
    this.expiry = requireNonNull(expiry, "expiry");
    this.writing = requireNonNull(writing, "writing");
    this.events = requireNonNull(events, "events");
    this.statistics = requireNonNull(statistics, "statistics");
    this.loader = loader;
    this.leases = leases;
    this.incrementsInRedis = codec.storesDecimalLongs() && !writing.isEnabled() && loader == null;
  }

  @SuppressWarnings("unchecked")
  <T> @Nullable T invoke(K key, EntryProcessor<K, V, T> processor, Object... arguments) {
    byte[] rawKey = codec.key(key);
    requireNonNull(processor, "entryProcessor");
    if (incrementsInRedis && processor instanceof Increment<?> increment) {
      return (T) increment(key, rawKey, increment.amount());
    }
    long start = statistics.start();
    List<EntryEvent<K, V>> fired = new ArrayList<>(2);
    Attempts<T> attempts = new Attempts<>();
    try {
      if (leases == null) {
        attempts.run(this, key, rawKey, processor, arguments, fired, null);
      } else {
        leases.holding(
            List.of(rawKey),
            token -> attempts.run(this, key, rawKey, processor, arguments, fired, token));
      }
    } catch (RuntimeException e) {
      // What Redis reported before the failure happened all the same (an entry found expired).
      try {
        events.dispatch(fired);
      } catch (RuntimeException listenerFailure) {
        e.addSuppressed(listenerFailure);
      }
      throw e;
    }
    byte[] snapshot = attempts.snapshot;
    Commit commit = attempts.commit;
    statistics.recordHits(snapshot == null ? 0 : 1);
    statistics.recordMisses(snapshot == null ? 1 : 0);
    statistics.recordGetTime(start);
    if (commit.put()) {
      statistics.recordPuts(1);
      statistics.recordPutTime(start);
    }
    if (commit.removed()) {
      statistics.recordRemovals(1);
      statistics.recordRemoveTime(start);
    }
    events.dispatch(fired);
    return attempts.result;
  }

  /**
   * The attempts of one {@code invoke}: reads a snapshot, runs the processor and commits, again on
   * the entry's current value while the commit conflicts. Under the key's write lease when the
   * cache writes through.
   */
  private static final class Attempts<T> {
    byte @Nullable [] snapshot;
    Commit commit = Commit.NOTHING;
    @Nullable T result;

    <K, V> boolean run(
        Invocations<K, V> invocations,
        K key,
        byte[] rawKey,
        EntryProcessor<K, V, T> processor,
        Object[] arguments,
        List<EntryEvent<K, V>> fired,
        @Nullable String token) {
      Read read = invocations.entries.read(List.of(rawKey), Durations.KEEP, true).get(0);
      snapshot = read.hit() ? read.value() : null;
      byte[] expired = read.status() == ReadStatus.EXPIRED ? read.value() : null;
      if (expired != null) {
        fired.add(invocations.outcomes.expired(key, invocations.codec.value(expired)));
      }
      for (int attempt = 1; ; attempt++) {
        ProcessorEntry<K, V> entry =
            new ProcessorEntry<>(
                key,
                snapshot == null ? null : invocations.codec.value(snapshot),
                invocations.loader);
        try {
          result = processor.process(entry, arguments);
        } catch (CacheException e) {
          throw e;
        } catch (RuntimeException e) {
          throw new EntryProcessorException(e);
        }
        commit = invocations.commit(key, rawKey, snapshot, entry, fired, token);
        if (commit.done()) {
          return true;
        }
        if (attempt >= MAX_ATTEMPTS) {
          throw new CacheException(
              "invoke on cache "
                  + invocations.cacheName
                  + " gave up: the entry kept changing during "
                  + attempt
                  + " attempts");
        }
        snapshot = commit.current();
        LockSupport.parkNanos(
            ThreadLocalRandom.current().nextLong(Math.min(attempt, 8) * 200_000L + 1));
      }
    }
  }

  /**
   * The outcome of committing a processor's change.
   *
   * @param done false if another client changed the entry since the snapshot
   * @param current the entry's value now, when not done
   * @param put whether a value was created or updated
   * @param removed whether the entry was removed
   */
  @SuppressWarnings("ArrayRecordComponent") // raw bytes, never compared
  private record Commit(boolean done, byte @Nullable [] current, boolean put, boolean removed) {
    static final Commit NOTHING = new Commit(true, null, false, false);

    static Commit conflict(byte @Nullable [] current) {
      return new Commit(false, current, false, false);
    }
  }

  /**
   * A commit that found the entry changed since the snapshot; an entry it found expired (and
   * removed) is reported now, as no later attempt will see it.
   */
  private Commit conflict(K key, Written written, List<EntryEvent<K, V>> fired) {
    byte[] expired = written.expired();
    if (expired != null) {
      fired.add(outcomes.expired(key, codec.value(expired)));
    }
    return Commit.conflict(written.old());
  }

  private Commit commit(
      K key,
      byte[] rawKey,
      byte @Nullable [] snapshot,
      ProcessorEntry<K, V> entry,
      List<EntryEvent<K, V>> fired,
      @Nullable String token) {
    Durations durations = expiry.durations();
    V value = entry.value();
    switch (entry.operation()) {
      case NONE -> {
        return Commit.NOTHING;
      }
      case ACCESS -> {
        if (snapshot != null && entries.touch(rawKey, snapshot, durations)) {
          fired.add(outcomes.expired(key, codec.value(snapshot)));
        }
        return Commit.NOTHING;
      }
      case CREATE, LOAD, UPDATE -> {
        V stored = requireNonNull(value);
        byte[] rawValue = codec.value(stored);
        if (entry.operation() != ProcessorEntry.Operation.LOAD) {
          writing.write(key, stored);
        }
        Op op =
            snapshot == null
                ? new Op(OpCode.PUT_IF_ABSENT, rawKey, null, rawValue, durations)
                : new Op(OpCode.REPLACE_IF, rawKey, snapshot, rawValue, durations);
        Written written = entries.write(List.of(op), true, token).get(0);
        if (written.status() == WriteStatus.NOTHING) {
          return conflict(key, written, fired);
        }
        outcomes.written(key, stored, written, fired);
        boolean put = entry.operation() != ProcessorEntry.Operation.LOAD && written.stored();
        return new Commit(true, null, put, false);
      }
      case REMOVE -> {
        writing.delete(key);
        if (snapshot == null) {
          return Commit.NOTHING;
        }
        Op op = new Op(OpCode.REMOVE_IF, rawKey, snapshot, null, durations);
        Written written = entries.write(List.of(op), true, token).get(0);
        if (written.status() == WriteStatus.NOTHING) {
          return conflict(key, written, fired);
        }
        outcomes.written(key, null, written, fired);
        return new Commit(true, null, false, written.status() == WriteStatus.REMOVED);
      }
    }
    throw new IllegalStateException("unknown operation " + entry.operation());
  }

  /** The built-in increment: one {@code HINCRBY} script. */
  private Long increment(K key, byte[] rawKey, long amount) {
    long start = statistics.start();
    Incremented incremented;
    try {
      incremented = entries.increment(rawKey, amount, expiry.durations());
    } catch (ArithmeticException | HotRedisException e) {
      throw new EntryProcessorException(
          "incrementing " + key + " in cache " + cacheName + " failed", e);
    }
    List<EntryEvent<K, V>> fired = new ArrayList<>(2);
    outcomes.incremented(key, incremented, fired);
    boolean hit = incremented.old() != null;
    statistics.recordHits(hit ? 1 : 0);
    statistics.recordMisses(hit ? 0 : 1);
    statistics.recordGetTime(start);
    if (incremented.status() != WriteStatus.NOT_STORED) {
      statistics.recordPuts(1);
      statistics.recordPutTime(start);
    }
    events.dispatch(fired);
    return org.hotredis.codec.Codecs.longs().decode(incremented.value());
  }

  <T> Map<K, EntryProcessorResult<T>> invokeAll(
      Set<? extends K> keys, EntryProcessor<K, V, T> processor, Object... arguments) {
    requireNonNull(keys, "keys");
    requireNonNull(processor, "entryProcessor");
    for (K key : keys) {
      requireNonNull(key, "keys contains null");
    }
    Map<K, EntryProcessorResult<T>> results = new LinkedHashMap<>();
    for (K key : keys) {
      try {
        T result = invoke(key, processor, arguments);
        if (result != null) {
          results.put(key, ProcessorResult.of(result));
        }
      } catch (RuntimeException e) {
        results.put(key, ProcessorResult.failed(e));
      }
    }
    return results;
  }
}
