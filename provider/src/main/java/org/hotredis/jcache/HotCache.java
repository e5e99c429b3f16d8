package org.hotredis.jcache;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.integration.CacheWriterException;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;
import javax.management.ObjectName;
import org.hotredis.HotClient;
import org.hotredis.Notifications;
import org.hotredis.Toolkit;
import org.hotredis.collections.HotDefaultDict;
import org.hotredis.collections.HotDict;
import org.hotredis.collections.HotMultiSet;
import org.hotredis.jcache.CacheShard.Op;
import org.hotredis.jcache.CacheShard.OpCode;
import org.hotredis.jcache.CacheShard.Read;
import org.hotredis.jcache.CacheShard.ReadMode;
import org.hotredis.jcache.CacheShard.ReadStatus;
import org.hotredis.jcache.CacheShard.WriteStatus;
import org.hotredis.jcache.CacheShard.Written;
import org.hotredis.jcache.configuration.HotCacheConfiguration;
import org.hotredis.jcache.configuration.ProviderSettings;
import org.hotredis.jcache.event.EntryEvent;
import org.hotredis.jcache.event.EventDispatcher;
import org.hotredis.jcache.event.EventMessage;
import org.hotredis.jcache.expiry.Durations;
import org.hotredis.jcache.expiry.Expiry;
import org.hotredis.jcache.expiry.Sweeper;
import org.hotredis.jcache.integration.Loading;
import org.hotredis.jcache.integration.Writing;
import org.hotredis.jcache.management.CacheConfigurationBean;
import org.hotredis.jcache.management.CacheStatistics;
import org.hotredis.jcache.management.Jmx;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Cache} over a Redis hash, shared by every JVM that opens the same cache name on the same
 * Redis deployment.
 *
 * <pre>{@code
 * CacheManager manager = Caching.getCachingProvider().getCacheManager();
 * Cache<String, String> users = manager.createCache("users",
 *     new MutableConfiguration<String, String>().setTypes(String.class, String.class));
 * users.put("ann", "admin");                      // one script: HSET, deadline, event
 * HotDict<String, String> dict = users.unwrap(HotDict.class);   // the same hash as a ConcurrentMap
 * }</pre>
 *
 * <p><b>Atomicity.</b> Every mutation of one entry is one Lua script that applies the change, its
 * expiry deadline and (while another JVM listens) the event it publishes, and returns what the
 * change found, from which this JVM derives its events and statistics. Bulk methods ({@code
 * putAll}, {@code removeAll}, {@code getAll}) run one script per batch of {@value
 * CacheEntries#BATCH} entries (per shard of a {@linkplain HotCacheConfiguration#setShards sharded}
 * cache); each batch is atomic, the whole call is not (JCache does not require it). Conditional
 * methods compare values as the bytes their codec writes, inside Redis. {@link #invoke} runs the
 * processor in this JVM on a snapshot of the entry and commits its change with a compare-and-set
 * script, running it again if another client changed the entry meanwhile, so concurrent {@code
 * invoke}s from any number of JVMs never lose an update ({@link Invocations}). The built-in {@link
 * org.hotredis.jcache.processor.HotProcessors#increment} runs as one {@code HINCRBY} script.
 *
 * <p><b>Round trips.</b> One per operation with no expiry policy or one of {@code
 * javax.cache.expiry}'s; a custom policy may cost one more (see {@link Expiry}). Write-through
 * calls the writer before the script, under the write leases of the keys ({@link WriteLeases}: two
 * more round trips, to take and give back the leases), so that writes from several JVMs reach the
 * system of record and the cache in the same order; the conditional methods that call the writer
 * only when their condition holds ({@code putIfAbsent}, both {@code replace}s, {@code remove(k,
 * v)}) read the entry first, under the lease, and once the writer has acted the cache follows it.
 *
 * <p><b>Expiry.</b> Deadlines are kept in Redis, on Redis's clock; an entry past its deadline is
 * absent for every operation, iteration and statistic, and is removed by the first script that
 * meets it or by the sweeper every JVM runs ({@link Sweeper}).
 *
 * <p><b>Events.</b> This JVM's synchronous listeners receive the events of its operations before
 * they return; events caused by other JVMs, and expiries the sweeper finds, arrive on the handle's
 * event thread ({@link EventDispatcher}).
 *
 * <p><b>Statistics</b> count this JVM's operations on this handle ({@link CacheStatistics}).
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class HotCache<K, V> implements Cache<K, V> {
  /*
   * Implementation notes. Each method checks its arguments, calls the writer if it must, runs one
   * CacheEntries call, then turns the raw outcome into events (Outcomes), statistics and its result.
   * Each store operation carries its Durations, which ask the expiry policy lazily. Entry
   * processors are Invocations'. The handle listens on the cache's channel for other JVMs' events
   * and for the destruction of its incarnation; its sweeper also renews its lease.
   */
  private static final System.Logger LOG = System.getLogger(HotCache.class.getName());

  private final String name;
  private final HotCacheManager manager;
  private final HotCacheConfiguration<K, V> configuration; // guarded by itself
  private final EntryCodec<K, V> codec;
  private final HandleLifecycle handle;
  private final CacheEntries entries;
  private final String incarnation;
  private final Expiry expiry;
  private final Loading<K, V> loading;
  private final Writing<K, V> writing;
  private final EventDispatcher<K, V> events;
  private final @Nullable WriteLeases leases;
  private final Outcomes<K, V> outcomes;
  private final Invocations<K, V> invocations;
  private final CacheStatistics statistics = new CacheStatistics();
  private final CacheConfigurationBean configurationBean;
  private final ObjectName statisticsName;
  private final ObjectName configurationName;
  private final @Nullable Supplier<V> defaultValue;
  private final @Nullable NearCache near;
  private final boolean readThrough;
  private final Object lifecycle = new Object();
  private @Nullable Sweeper sweeper; // guarded by lifecycle
  private Notifications.@Nullable Subscription subscription; // guarded by lifecycle
  private @Nullable ExecutorService loads; // guarded by lifecycle
  private volatile boolean closed;

  HotCache(
      HotCacheManager manager,
      String name,
      HotCacheConfiguration<K, V> configuration,
      EntryCodec<K, V> codec,
      HandleLifecycle handle,
      CacheEntries entries,
      String incarnation,
      Customizations<K, V> customizations) {
    this.manager = requireNonNull(manager, "manager");
    this.name = requireNonNull(name, "name");
    this.configuration = requireNonNull(configuration, "configuration");
    this.codec = requireNonNull(codec, "codec");
    this.handle = requireNonNull(handle, "handle");
    this.entries = requireNonNull(entries, "entries");
    entries.onGone(this::closeAsDestroyed, this::reviveIfLost);
    this.incarnation = requireNonNull(incarnation, "incarnation");
    this.expiry = customizations.expiry();
    this.loading = customizations.loading();
    this.writing = customizations.writing();
    this.events = customizations.events();
    this.defaultValue = customizations.defaultValue();
    this.near = customizations.near();
    if (near != null) {
      entries.nearCache(near);
    }
    this.readThrough = configuration.isReadThrough() && loading.isPresent();
    this.leases =
        writing.isEnabled()
            ? new WriteLeases(name, entries, handle.handleId(), manager.settings().lease())
            : null;
    this.outcomes = new Outcomes<>(this, codec);
    this.invocations =
        new Invocations<>(
            name,
            entries,
            codec,
            outcomes,
            expiry,
            writing,
            events,
            statistics,
            readThrough || defaultValue != null ? this::loadFor : null,
            leases);
    this.configurationBean = new CacheConfigurationBean(this::currentConfiguration);
    this.statisticsName = Jmx.name(Jmx.Kind.CacheStatistics, manager.getURI(), name);
    this.configurationName = Jmx.name(Jmx.Kind.CacheConfiguration, manager.getURI(), name);
  }

  /**
   * What a handle runs in this JVM, created from the configuration's factories, and its near cache
   * if it has one.
   */
  record Customizations<K, V>(
      Expiry expiry,
      Loading<K, V> loading,
      Writing<K, V> writing,
      EventDispatcher<K, V> events,
      @Nullable Supplier<V> defaultValue,
      @Nullable NearCache near) {}

  /** Starts listening, sweeping and management, once the handle is registered in Redis. */
  void start() {
    synchronized (lifecycle) {
      HotClient client = handle.client();
      subscription =
          Toolkit.of(client)
              .notifications()
              .subscribe(
                  handle.channel(),
                  new Notifications.Listener() {
                    @Override
                    public void onMessage(byte[] message) {
                      HotCache.this.onMessage(message);
                    }

                    @Override
                    public void onDisconnect() {
                      if (near != null) {
                        near.disconnected();
                      }
                    }

                    @Override
                    public void onReconnect() {
                      WriteLeases waiting = leases;
                      if (waiting != null) {
                        waiting.wake(); // a release may have been missed
                      }
                      if (near != null) {
                        // Messages were missed, and Redis may have lost the registration: the near
                        // cache serves again once the handle has registered anew.
                        near.subscribed();
                        Toolkit.of(client).scheduler().execute(HotCache.this::renewQuietly);
                      }
                    }
                  });
      if (near != null) {
        near.subscribed();
      }
      sweeper =
          Sweeper.start(
              Toolkit.of(client).scheduler(),
              manager.settings().sweepInterval(),
              manager.settings().lease().dividedBy(3),
              this::sweep,
              this::renew);
    }
    setStatisticsEnabled(configuration.isStatisticsEnabled());
    setManagementEnabled(configuration.isManagementEnabled());
    if (listening()) {
      renew();
    }
  }

  /** Whether other handles must publish their events for this one: listeners, or a near cache. */
  private boolean listening() {
    return near != null || events.hasListeners();
  }

  // ---- identity ----

  @Override
  public String getName() {
    return name;
  }

  @Override
  public CacheManager getCacheManager() {
    return manager;
  }

  /** Returns a copy of the configuration, as a {@link HotCacheConfiguration} or any supertype. */
  @Override
  public <C extends Configuration<K, V>> C getConfiguration(Class<C> clazz) {
    requireNonNull(clazz, "clazz");
    HotCacheConfiguration<K, V> copy = currentConfiguration();
    if (clazz.isInstance(copy)) {
      return clazz.cast(copy);
    }
    throw new IllegalArgumentException("the configuration of a HotCache is not a " + clazz);
  }

  private HotCacheConfiguration<K, V> currentConfiguration() {
    synchronized (configuration) {
      return new HotCacheConfiguration<>(configuration);
    }
  }

  Class<K> keyType() {
    return configuration.getKeyType();
  }

  Class<V> valueType() {
    return configuration.getValueType();
  }

  // ---- reads ----

  /**
   * One round trip ({@code HGET} in a script), plus the loader on a miss; none for an entry the
   * {@linkplain HotCacheConfiguration#setNearCacheMaxEntries near cache} keeps, unless the expiry
   * policy's access duration changes the entry's deadline. Atomic.
   */
  @Override
  public @Nullable V get(K key) {
    checkOpen();
    byte[] rawKey = codec.key(key);
    long start = statistics.start();
    Durations durations = expiry.durations();
    NearCache.Ticket ticket = null;
    if (near != null) {
      NearCache.Entry kept = near.get(rawKey);
      if (kept != null) {
        durations.evaluate(false, false, true);
        if (!durations.accessChangesDeadline()) {
          V value = nearValue(kept);
          statistics.recordHits(1);
          statistics.recordGetTime(start);
          return value;
        }
      } else {
        ticket = near.reserve(rawKey);
      }
    }
    long sent = System.nanoTime();
    List<EntryEvent<K, V>> fired = new ArrayList<>(1);
    Read read;
    try {
      read =
          entries
              .read(
                  List.of(rawKey),
                  durations.access(),
                  ticket == null ? ReadMode.VALUE : ReadMode.VALUE_AND_DEADLINE)
              .get(0);
    } catch (RuntimeException e) {
      if (ticket != null) {
        requireNonNull(near).abandon(ticket);
      }
      throw e;
    }
    byte[] raw = read.value();
    V value = null;
    if (read.hit() && raw != null) {
      value = codec.value(raw);
      statistics.recordHits(1);
      if (read.status() == ReadStatus.HIT_AND_EXPIRED) {
        fired.add(outcomes.expired(key, value));
      } else if (durations.access().equals(Durations.UNKNOWN)) {
        touch(key, rawKey, raw, durations, fired);
      }
      if (ticket != null) {
        NearCache kept = requireNonNull(near);
        if (read.status() == ReadStatus.HIT && !durations.accessChangesDeadline()) {
          kept.keep(ticket, raw, value, read.left(), sent);
        } else {
          kept.abandon(ticket);
        }
        ticket = null;
      }
    } else {
      if (read.status() == ReadStatus.EXPIRED && raw != null) {
        fired.add(outcomes.expired(key, codec.value(raw)));
      }
      statistics.recordMisses(1);
      if (ticket != null) {
        requireNonNull(near).abandon(ticket);
      }
      value = loadMissing(key, rawKey, durations, fired);
    }
    statistics.recordGetTime(start);
    events.dispatch(fired);
    return value;
  }

  /** The value of an entry the near cache keeps: shared if immutable, else decoded anew. */
  @SuppressWarnings("unchecked") // kept only from values this cache decoded
  private V nearValue(NearCache.Entry kept) {
    Object shared = kept.shared();
    return shared != null ? (V) shared : codec.value(kept.raw());
  }

  /** Applies the access duration to an entry read, if it still holds what was read. */
  private void touch(
      K key, byte[] rawKey, byte[] raw, Durations durations, List<EntryEvent<K, V>> fired) {
    if (entries.touch(rawKey, raw, durations)) {
      fired.add(outcomes.expired(key, codec.value(raw)));
    }
  }

  /** The value of a missing entry: read-through, then the default factory; or null. */
  @Nullable V loadFor(K key) {
    V loaded = readThrough ? loading.load(key) : null;
    if (loaded == null && defaultValue != null) {
      loaded = defaultValue.get();
    }
    return loaded == null ? null : codec.checkValue(loaded);
  }

  /** Loads a missing entry and stores it if it is still absent; returns what the cache holds. */
  private @Nullable V loadMissing(
      K key, byte[] rawKey, Durations durations, List<EntryEvent<K, V>> fired) {
    V loaded = loadFor(key);
    if (loaded == null) {
      return null;
    }
    Op op = new Op(OpCode.PUT_IF_ABSENT, rawKey, null, codec.value(loaded), durations);
    Written written = entries.write(List.of(op), true).get(0);
    outcomes.written(key, loaded, written, fired);
    byte[] old = written.old();
    return written.status() == WriteStatus.NOTHING && old != null ? codec.value(old) : loaded;
  }

  /** One round trip per {@value CacheEntries#BATCH} keys, plus the loader for the misses. */
  @Override
  public Map<K, V> getAll(Set<? extends K> keys) {
    checkOpen();
    requireNonNull(keys, "keys");
    List<K> ordered = new ArrayList<>(keys);
    List<byte[]> rawKeys = new ArrayList<>(ordered.size());
    for (K key : ordered) {
      rawKeys.add(codec.key(key));
    }
    long start = statistics.start();
    Durations durations = expiry.durations();
    List<EntryEvent<K, V>> fired = new ArrayList<>();
    Map<K, V> result = new LinkedHashMap<>();
    List<Read> reads = entries.read(rawKeys, durations.access(), true);
    List<Op> touches = new ArrayList<>();
    Map<K, byte[]> missing = new LinkedHashMap<>();
    for (int i = 0; i < reads.size(); i++) {
      K key = ordered.get(i);
      Read read = reads.get(i);
      byte[] raw = read.value();
      if (read.hit() && raw != null) {
        V value = codec.value(raw);
        result.put(key, value);
        if (read.status() == ReadStatus.HIT_AND_EXPIRED) {
          fired.add(outcomes.expired(key, value));
        } else if (durations.access().equals(Durations.UNKNOWN)) {
          Durations access = expiry.durations();
          access.evaluate(false, false, true);
          if (access.accessChangesDeadline()) {
            touches.add(new Op(OpCode.TOUCH, rawKeys.get(i), raw, null, access));
          }
        }
      } else {
        if (read.status() == ReadStatus.EXPIRED && raw != null) {
          fired.add(outcomes.expired(key, codec.value(raw)));
        }
        missing.put(key, rawKeys.get(i));
      }
    }
    statistics.recordHits(result.size());
    statistics.recordMisses(missing.size());
    List<Written> touched = entries.write(touches, false);
    for (int i = 0; i < touched.size(); i++) {
      if (touched.get(i).status() == WriteStatus.TOUCHED_AND_EXPIRED) {
        Op touch = touches.get(i);
        fired.add(
            outcomes.expired(
                codec.key(touch.key()), codec.value(requireNonNull(touch.expected()))));
      }
    }
    if (!missing.isEmpty()) {
      result.putAll(loadAllMissing(missing, fired));
    }
    statistics.recordGetTime(start);
    events.dispatch(fired);
    return result;
  }

  private Map<K, V> loadAllMissing(Map<K, byte[]> missing, List<EntryEvent<K, V>> fired) {
    Map<K, V> loaded = new LinkedHashMap<>();
    if (readThrough) {
      loaded.putAll(loading.loadAll(missing.keySet()));
    }
    if (defaultValue != null) {
      for (K key : missing.keySet()) {
        if (!loaded.containsKey(key)) {
          loaded.put(key, defaultValue.get());
        }
      }
    }
    List<K> keys = new ArrayList<>(loaded.size());
    List<Op> ops = new ArrayList<>(loaded.size());
    loaded.forEach(
        (key, value) -> {
          keys.add(key);
          byte[] rawKey = requireNonNull(missing.get(key));
          ops.add(
              new Op(OpCode.PUT_IF_ABSENT, rawKey, null, codec.value(value), expiry.durations()));
        });
    List<Written> written = entries.write(ops, true);
    Map<K, V> result = new LinkedHashMap<>();
    for (int i = 0; i < written.size(); i++) {
      K key = keys.get(i);
      V value = requireNonNull(loaded.get(key));
      outcomes.written(key, value, written.get(i), fired);
      byte[] old = written.get(i).old();
      result.put(
          key,
          written.get(i).status() == WriteStatus.NOTHING && old != null ? codec.value(old) : value);
    }
    return result;
  }

  /**
   * One round trip ({@code HEXISTS} in a script); none for an entry the near cache keeps. Not an
   * access: deadlines are unchanged.
   */
  @Override
  public boolean containsKey(K key) {
    checkOpen();
    byte[] rawKey = codec.key(key);
    if (near != null && near.get(rawKey) != null) {
      return true;
    }
    Read read = entries.read(List.of(rawKey), Durations.KEEP, false).get(0);
    byte[] raw = read.value();
    if (read.status() == ReadStatus.EXPIRED && raw != null && events.hasListeners()) {
      events.dispatch(List.of(outcomes.expired(key, codec.value(raw))));
    }
    return read.hit();
  }

  /**
   * Loads entries with the loader on the handle's loader thread, which also calls the completion
   * listener. One round trip to find the keys already present (unless values are replaced), the
   * loader, and one round trip per {@value CacheEntries#BATCH} entries loaded; loaded values are
   * not written through.
   */
  @Override
  public void loadAll(
      Set<? extends K> keys,
      boolean replaceExistingValues,
      @Nullable CompletionListener completionListener) {
    checkOpen();
    requireNonNull(keys, "keys");
    List<K> requested = new ArrayList<>(keys.size());
    for (K key : keys) {
      requested.add(codec.checkKey(key));
    }
    if (!loading.isPresent()) {
      if (completionListener != null) {
        completionListener.onCompletion();
      }
      return;
    }
    loads()
        .execute(
            () -> {
              try {
                load(requested, replaceExistingValues);
                if (completionListener != null) {
                  completionListener.onCompletion();
                }
              } catch (Exception e) {
                if (completionListener != null) {
                  completionListener.onException(e);
                } else {
                  LOG.log(Level.WARNING, "loadAll on cache " + name + " failed", e);
                }
              }
            });
  }

  private void load(List<K> keys, boolean replaceExistingValues) {
    List<EntryEvent<K, V>> fired = new ArrayList<>();
    List<K> toLoad = keys;
    if (!replaceExistingValues) {
      List<byte[]> rawKeys = new ArrayList<>(keys.size());
      for (K key : keys) {
        rawKeys.add(codec.key(key));
      }
      List<Read> reads = entries.read(rawKeys, Durations.KEEP, false);
      toLoad = new ArrayList<>();
      for (int i = 0; i < reads.size(); i++) {
        if (!reads.get(i).hit()) {
          reportExpired(keys.get(i), reads.get(i), fired);
          toLoad.add(keys.get(i));
        }
      }
    }
    Map<K, V> loaded = loading.loadAll(toLoad);
    List<K> loadedKeys = new ArrayList<>(loaded.size());
    List<Op> ops = new ArrayList<>(loaded.size());
    OpCode code = replaceExistingValues ? OpCode.PUT : OpCode.PUT_IF_ABSENT;
    loaded.forEach(
        (key, value) -> {
          loadedKeys.add(key);
          ops.add(new Op(code, codec.key(key), null, codec.value(value), expiry.durations()));
        });
    List<Written> written = entries.write(ops, events.hasListeners());
    for (int i = 0; i < written.size(); i++) {
      K key = loadedKeys.get(i);
      outcomes.written(key, requireNonNull(loaded.get(key)), written.get(i), fired);
    }
    events.dispatch(fired);
  }

  private ExecutorService loads() {
    synchronized (lifecycle) {
      checkOpen();
      if (loads == null) {
        loads =
            Executors.newSingleThreadExecutor(
                runnable -> {
                  Thread thread = new Thread(runnable, "hot-redis-jcache-loader-" + name);
                  thread.setDaemon(true);
                  return thread;
                });
      }
      return loads;
    }
  }

  // ---- writes ----

  /** An operation's work, given its write-lease token (null without write-through). */
  private interface ThroughWriter<T> {
    T run(@Nullable String token);
  }

  /**
   * Runs a write that calls the writer: with write-through, under the write leases of its keys (two
   * more round trips: take them, give them back; see {@link WriteLeases}), so that the writer call
   * and the cache's write of a key are ordered alike in every JVM; without, as it is. Events are
   * the caller's to dispatch afterwards, once the leases are given back.
   */
  private <T> T throughWriter(List<byte[]> rawKeys, ThroughWriter<T> work) {
    WriteLeases held = leases;
    return held == null ? work.run(null) : held.holding(rawKeys, work::run);
  }

  /**
   * One round trip ({@code HSET} in a script), after the writer; with write-through, under the
   * key's write lease (two more). Atomic.
   */
  @Override
  public void put(K key, V value) {
    put(key, value, false);
  }

  /**
   * One round trip ({@code HSET} in a script), after the writer; with write-through, under the
   * key's write lease (two more). Atomic.
   */
  @Override
  public @Nullable V getAndPut(K key, V value) {
    return put(key, value, true);
  }

  private @Nullable V put(K key, V value, boolean returnOld) {
    checkOpen();
    byte[] rawKey = codec.key(key);
    byte[] rawValue = codec.value(value);
    long start = statistics.start();
    boolean wantOld = returnOld || events.hasListeners();
    Written written =
        leases == null
            ? putWithoutLeases(key, value, rawKey, rawValue, wantOld)
            : throughWriter(
                List.of(rawKey),
                token -> {
                  writing.write(key, value);
                  Op op = new Op(OpCode.PUT, rawKey, null, rawValue, expiry.durations());
                  return entries.write(List.of(op), wantOld, token).get(0);
                });
    List<EntryEvent<K, V>> fired = new ArrayList<>(2);
    outcomes.written(key, value, written, fired);
    byte[] rawOld = written.old();
    V old = rawOld == null ? null : codec.value(rawOld);
    if (returnOld) {
      statistics.recordHits(old == null ? 0 : 1);
      statistics.recordMisses(old == null ? 1 : 0);
      statistics.recordGetTime(start);
    }
    if (written.stored()) {
      statistics.recordPuts(1);
      statistics.recordPutTime(start);
    }
    events.dispatch(fired);
    return old;
  }

  private Written putWithoutLeases(
      K key, V value, byte[] rawKey, byte[] rawValue, boolean wantOld) {
    writing.write(key, value);
    return entries.put(rawKey, rawValue, wantOld, expiry.durations());
  }

  /**
   * What a bulk write did: the keys written, in order, what each write did, the writer's failure.
   */
  private record BulkWrite<K>(
      List<K> keys, List<Written> results, @Nullable CacheWriterException failure) {}

  /**
   * One round trip per {@value CacheEntries#BATCH} entries, after the writer's {@code writeAll};
   * with write-through, under the keys' write leases (taken per batch of keys of one shard, in the
   * same order in every JVM; two more round trips per batch). Each batch is atomic. If the writer
   * fails for some entries, the others are stored and the failure is thrown.
   */
  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    checkOpen();
    requireNonNull(map, "map");
    Map<K, byte[]> rawKeys = new LinkedHashMap<>();
    Map<K, byte[]> rawValues = new HashMap<>();
    for (Map.Entry<? extends K, ? extends V> entry : map.entrySet()) {
      rawKeys.put(entry.getKey(), codec.key(entry.getKey()));
      rawValues.put(entry.getKey(), codec.value(entry.getValue()));
    }
    long start = statistics.start();
    boolean wantOld = events.hasListeners();
    BulkWrite<K> bulk =
        throughWriter(
            new ArrayList<>(rawKeys.values()),
            token -> {
              Writing.Outcome<K> written = writing.writeAll(map);
              List<K> keys = new ArrayList<>();
              List<Op> ops = new ArrayList<>();
              rawKeys.forEach(
                  (key, rawKey) -> {
                    if (written.done().contains(key)) {
                      keys.add(key);
                      ops.add(
                          new Op(OpCode.PUT, rawKey, null, rawValues.get(key), expiry.durations()));
                    }
                  });
              return new BulkWrite<>(keys, entries.write(ops, wantOld, token), written.failure());
            });
    List<EntryEvent<K, V>> fired = new ArrayList<>();
    int puts = 0;
    for (int i = 0; i < bulk.results().size(); i++) {
      K key = bulk.keys().get(i);
      outcomes.written(key, map.get(key), bulk.results().get(i), fired);
      puts += bulk.results().get(i).stored() ? 1 : 0;
    }
    statistics.recordPuts(puts);
    statistics.recordPutTime(start);
    events.dispatch(fired);
    if (bulk.failure() != null) {
      throw bulk.failure();
    }
  }

  /**
   * One round trip (a conditional script); with write-through, under the key's write lease (two
   * more), one more to find whether the key is absent before the writer is called. Atomic.
   */
  @Override
  public boolean putIfAbsent(K key, V value) {
    checkOpen();
    byte[] rawKey = codec.key(key);
    byte[] rawValue = codec.value(value);
    long start = statistics.start();
    boolean wantOld = events.hasListeners();
    List<EntryEvent<K, V>> fired = new ArrayList<>(2);
    Written written =
        throughWriter(
            List.of(rawKey),
            token -> {
              if (token == null) {
                Op op = new Op(OpCode.PUT_IF_ABSENT, rawKey, null, rawValue, expiry.durations());
                return entries.write(List.of(op), wantOld, null).get(0);
              }
              // Under the key's lease the condition holds until the write: once the writer has
              // written the value, the cache stores it whatever else happened meanwhile.
              if (present(key, rawKey, fired)) {
                return new Written(WriteStatus.NOTHING, null, null);
              }
              writing.write(key, value);
              Op op = new Op(OpCode.PUT, rawKey, null, rawValue, expiry.durations());
              return entries.write(List.of(op), wantOld, token).get(0);
            });
    outcomes.written(key, value, written, fired);
    boolean created =
        written.status() == WriteStatus.CREATED || written.status() == WriteStatus.UPDATED;
    if (created) {
      statistics.recordPuts(1);
      statistics.recordMisses(1);
      statistics.recordPutTime(start);
    } else if (written.status() == WriteStatus.NOTHING) {
      statistics.recordHits(1);
    }
    events.dispatch(fired);
    return created;
  }

  /**
   * One round trip ({@code HDEL} in a script), after the writer; with write-through, under the
   * key's write lease (two more). Atomic.
   */
  @Override
  public boolean remove(K key) {
    return remove(key, false).status() == WriteStatus.REMOVED;
  }

  /**
   * One round trip ({@code HDEL} in a script), after the writer; with write-through, under the
   * key's write lease (two more). Atomic.
   */
  @Override
  public @Nullable V getAndRemove(K key) {
    Written written = remove(key, true);
    byte[] old = written.old();
    return written.status() == WriteStatus.REMOVED && old != null ? codec.value(old) : null;
  }

  private Written remove(K key, boolean getAndRemove) {
    checkOpen();
    byte[] rawKey = codec.key(key);
    long start = statistics.start();
    boolean wantOld = getAndRemove || events.hasListeners();
    Written written =
        throughWriter(
            List.of(rawKey),
            token -> {
              writing.delete(key);
              Op op = new Op(OpCode.REMOVE, rawKey, null, null, expiry.durations());
              return entries.write(List.of(op), wantOld, token).get(0);
            });
    List<EntryEvent<K, V>> fired = new ArrayList<>(1);
    outcomes.written(key, null, written, fired);
    boolean removed = written.status() == WriteStatus.REMOVED;
    if (getAndRemove) {
      statistics.recordHits(removed ? 1 : 0);
      statistics.recordMisses(removed ? 0 : 1);
      statistics.recordGetTime(start);
    }
    if (removed) {
      statistics.recordRemovals(1);
      statistics.recordRemoveTime(start);
    }
    events.dispatch(fired);
    return written;
  }

  /**
   * One round trip (a compare-and-delete script); with write-through, under the key's write lease
   * (two more), one more to compare before the writer is called. A mismatch is an access. Atomic.
   */
  @Override
  public boolean remove(K key, V oldValue) {
    return compareAndWrite(OpCode.REMOVE_IF, key, oldValue, null) == WriteStatus.REMOVED;
  }

  /**
   * One round trip (a compare-and-set script); with write-through, under the key's write lease (two
   * more), one more to compare before the writer is called. A mismatch is an access. Atomic.
   */
  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    checkOpen();
    requireNonNull(newValue, "a cache value cannot be null");
    return compareAndWrite(OpCode.REPLACE_IF, key, oldValue, newValue).stored();
  }

  /** Removes or replaces an entry if it holds a value; returns the script's status. */
  private WriteStatus compareAndWrite(OpCode code, K key, V expected, @Nullable V newValue) {
    checkOpen();
    byte[] rawKey = codec.key(key);
    byte[] rawExpected = codec.value(expected);
    byte[] rawValue = newValue == null ? null : codec.value(newValue);
    long start = statistics.start();
    Durations durations = expiry.durations();
    List<EntryEvent<K, V>> fired = new ArrayList<>(2);
    Written written =
        throughWriter(
            List.of(rawKey),
            token -> {
              if (token == null) {
                Op op = new Op(code, rawKey, rawExpected, rawValue, durations);
                return entries.write(List.of(op), true, null).get(0);
              }
              byte[] current = currentValue(key, rawKey, fired);
              if (current == null || !Arrays.equals(current, rawExpected)) {
                return new Written(WriteStatus.NOTHING, current, null);
              }
              // Under the key's lease the comparison holds until the write: once the writer has
              // acted, the cache follows it whatever else happened meanwhile.
              if (newValue == null) {
                writing.delete(key);
              } else {
                writing.write(key, newValue);
              }
              OpCode unconditional = newValue == null ? OpCode.REMOVE : OpCode.PUT;
              Op op = new Op(unconditional, rawKey, null, rawValue, durations);
              return entries.write(List.of(op), true, token).get(0);
            });
    outcomes.written(key, newValue, written, fired);
    byte[] current = written.old();
    if (written.status() == WriteStatus.REMOVED) {
      statistics.recordHits(1);
      statistics.recordRemovals(1);
      statistics.recordRemoveTime(start);
    } else if (written.stored()) {
      statistics.recordHits(1);
      statistics.recordPuts(1);
      statistics.recordPutTime(start);
    } else if (current != null) {
      statistics.recordHits(1);
      touch(key, rawKey, current, durations, fired);
    } else {
      statistics.recordMisses(1);
    }
    statistics.recordGetTime(start);
    events.dispatch(fired);
    return written.status();
  }

  /**
   * One round trip (a conditional script); with write-through, under the key's write lease (two
   * more), one more to find whether the key is present before the writer is called. Atomic.
   */
  @Override
  public boolean replace(K key, V value) {
    return replace(key, value, false) != null;
  }

  /**
   * One round trip (a conditional script); with write-through, under the key's write lease (two
   * more), one more to find whether the key is present before the writer is called. Atomic.
   */
  @Override
  public @Nullable V getAndReplace(K key, V value) {
    return replace(key, value, true);
  }

  /** Replaces a present entry; returns the old value (or, if not asked for, the new one). */
  private @Nullable V replace(K key, V value, boolean returnOld) {
    checkOpen();
    byte[] rawKey = codec.key(key);
    byte[] rawValue = codec.value(value);
    long start = statistics.start();
    boolean wantOld = returnOld || events.hasListeners();
    List<EntryEvent<K, V>> fired = new ArrayList<>(2);
    Written written =
        throughWriter(
            List.of(rawKey),
            token -> {
              OpCode code = OpCode.REPLACE;
              if (token != null) {
                if (!present(key, rawKey, fired)) {
                  return new Written(WriteStatus.NOTHING, null, null);
                }
                writing.write(key, value);
                code = OpCode.PUT; // the condition holds under the lease, as above
              }
              Op op = new Op(code, rawKey, null, rawValue, expiry.durations());
              return entries.write(List.of(op), wantOld, token).get(0);
            });
    outcomes.written(key, value, written, fired);
    boolean replaced = written.stored();
    byte[] old = written.old();
    if (replaced) {
      statistics.recordHits(1);
      statistics.recordPuts(1);
      statistics.recordPutTime(start);
    } else {
      statistics.recordMisses(1);
    }
    statistics.recordGetTime(start);
    events.dispatch(fired);
    if (!replaced) {
      return null;
    }
    return returnOld && old != null ? codec.value(old) : value;
  }

  /**
   * Whether an entry is present, for a condition: one round trip, not an access; an expired entry
   * the read removed is reported.
   */
  private boolean present(K key, byte[] rawKey, List<EntryEvent<K, V>> fired) {
    Read read = entries.read(List.of(rawKey), Durations.KEEP, false).get(0);
    reportExpired(key, read, fired);
    return read.hit();
  }

  /**
   * The value an entry holds now, for a condition: one round trip, not an access; an expired entry
   * the read removed is reported.
   */
  private byte @Nullable [] currentValue(K key, byte[] rawKey, List<EntryEvent<K, V>> fired) {
    Read read = entries.read(List.of(rawKey), Durations.KEEP, true).get(0);
    reportExpired(key, read, fired);
    return read.hit() ? read.value() : null;
  }

  /** Records the expiry of an entry a read found past its deadline and removed. */
  private void reportExpired(K key, Read read, List<EntryEvent<K, V>> fired) {
    byte[] expired = read.value();
    if (read.status() == ReadStatus.EXPIRED && expired != null) {
      fired.add(outcomes.expired(key, codec.value(expired)));
    }
  }

  /**
   * One round trip per {@value CacheEntries#BATCH} keys, after the writer's {@code deleteAll}; with
   * write-through, under the keys' write leases (as {@link #putAll}). If the writer fails for some
   * keys, the others are removed and the failure is thrown.
   */
  @Override
  public void removeAll(Set<? extends K> keys) {
    checkOpen();
    requireNonNull(keys, "keys");
    Map<K, byte[]> rawKeys = new LinkedHashMap<>();
    for (K key : keys) {
      rawKeys.put(key, codec.key(key));
    }
    long start = statistics.start();
    CacheWriterException failure = removeAll(rawKeys, start);
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Removes every entry through the writer: reads the entries in pages ({@code HSCAN}), and for
   * each page calls the writer's {@code deleteAll} and runs one removal script (with write-through,
   * under the page's write leases). Not atomic: entries added meanwhile may stay.
   */
  @Override
  public void removeAll() {
    checkOpen();
    long start = statistics.start();
    String cursor = "0";
    CacheWriterException failure = null;
    do {
      CacheShard.Page page = entries.scan(cursor, CacheEntries.BATCH);
      cursor = page.cursor();
      events.dispatch(outcomes.expired(page.expired()));
      Map<K, byte[]> rawKeys = new LinkedHashMap<>();
      for (Map.Entry<byte[], byte[]> entry : page.live()) {
        rawKeys.put(codec.key(entry.getKey()), entry.getKey());
      }
      CacheWriterException pageFailure = removeAll(rawKeys, start);
      if (failure == null) {
        failure = pageFailure;
      }
    } while (!cursor.equals("0"));
    if (failure != null) {
      throw failure;
    }
  }

  /** Deletes keys through the writer's {@code deleteAll}; returns the writer's failure. */
  private @Nullable CacheWriterException removeAll(Map<K, byte[]> rawKeys, long start) {
    boolean wantOld = events.hasListeners();
    BulkWrite<K> bulk =
        throughWriter(
            new ArrayList<>(rawKeys.values()),
            token -> {
              Writing.Outcome<K> deleted = writing.deleteAll(rawKeys.keySet());
              List<K> keys = new ArrayList<>();
              List<Op> ops = new ArrayList<>();
              rawKeys.forEach(
                  (key, rawKey) -> {
                    if (deleted.done().contains(key)) {
                      keys.add(key);
                      ops.add(new Op(OpCode.REMOVE, rawKey, null, null, expiry.durations()));
                    }
                  });
              return new BulkWrite<>(keys, entries.write(ops, wantOld, token), deleted.failure());
            });
    List<EntryEvent<K, V>> fired = new ArrayList<>();
    int removals = 0;
    for (int i = 0; i < bulk.results().size(); i++) {
      outcomes.written(bulk.keys().get(i), null, bulk.results().get(i), fired);
      removals += bulk.results().get(i).status() == WriteStatus.REMOVED ? 1 : 0;
    }
    statistics.recordRemovals(removals);
    statistics.recordRemoveTime(start);
    events.dispatch(fired);
    return bulk.failure();
  }

  /**
   * One round trip ({@code DEL}) per shard. No writer, no events, no statistics. Atomic for an
   * unsharded cache; a sharded cache is cleared shard by shard.
   */
  @Override
  public void clear() {
    checkOpen();
    entries.clear();
  }

  /**
   * Returns the number of live entries (entries past their deadline are not counted), which JCache
   * itself does not offer. One round trip per shard; a sharded cache is counted shard by shard. No
   * statistics, no access.
   *
   * @return the number of entries
   */
  public long size() {
    checkOpen();
    return entries.size();
  }

  // ---- entry processors ----

  /**
   * Runs the processor in this JVM on a snapshot of the entry (one round trip), then commits its
   * change with a compare-and-set script (one more), running it again if another client changed the
   * entry meanwhile ({@link Invocations}). The built-in increment on a counter cache is one round
   * trip. Atomic.
   */
  @Override
  public <T> @Nullable T invoke(
      K key, EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
    checkOpen();
    return invocations.invoke(key, entryProcessor, arguments);
  }

  /**
   * Runs {@link #invoke} for each key; a processor's exception becomes that key's result, and null
   * results are left out. Atomic per key, not across keys.
   */
  @Override
  public <T> Map<K, EntryProcessorResult<T>> invokeAll(
      Set<? extends K> keys, EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
    checkOpen();
    return invocations.invokeAll(keys, entryProcessor, arguments);
  }

  // ---- iteration ----

  /**
   * Returns an iterator that reads the entries in pages of {@value CacheEntries#BATCH} ({@code
   * HSCAN}), one round trip per page, shard after shard; weakly consistent, as {@code HSCAN} is,
   * but every entry is returned once: the iteration remembers the keys it returned, in this JVM up
   * to the manager's {@link ProviderSettings#ITERATOR_MEMORY} budget, beyond it in Redis at one
   * more round trip per page (see {@link org.hotredis.toolkit.IterationMemory}). Each {@code
   * next()} is an access (a hit; the access duration applies); {@code remove()} goes through the
   * writer.
   */
  @Override
  public Iterator<Cache.Entry<K, V>> iterator() {
    checkOpen();
    return new CacheIterator<>(this, manager.settings().iteratorMemory());
  }

  CacheShard.Page page(String cursor) {
    checkOpen();
    CacheShard.Page page = entries.scan(cursor, CacheEntries.BATCH);
    events.dispatch(outcomes.expired(page.expired()));
    return page;
  }

  /** Hands out one entry of an iteration: a hit, and an access. */
  Cache.Entry<K, V> iterated(byte[] rawKey, byte[] rawValue) {
    long start = statistics.start();
    K key = codec.key(rawKey);
    V value = codec.value(rawValue);
    List<EntryEvent<K, V>> fired = new ArrayList<>(1);
    touch(key, rawKey, rawValue, expiry.durations(), fired);
    statistics.recordHits(1);
    statistics.recordGetTime(start);
    events.dispatch(fired);
    return new HotCacheEntry<>(key, value);
  }

  /** Removes the entry an iteration returned last, through the writer. */
  void removeIterated(K key) {
    remove(key, false);
  }

  // ---- listeners ----

  /** Registers a listener; it also receives the events of other JVMs from now on. */
  @Override
  public void registerCacheEntryListener(
      CacheEntryListenerConfiguration<K, V> cacheEntryListenerConfiguration) {
    requireNonNull(cacheEntryListenerConfiguration, "cacheEntryListenerConfiguration");
    checkOpen();
    synchronized (configuration) {
      events.register(cacheEntryListenerConfiguration);
      configuration.addCacheEntryListenerConfiguration(cacheEntryListenerConfiguration);
    }
    renew();
  }

  /** Deregisters a listener and closes it if it is {@link java.io.Closeable}. */
  @Override
  public void deregisterCacheEntryListener(
      CacheEntryListenerConfiguration<K, V> cacheEntryListenerConfiguration) {
    requireNonNull(cacheEntryListenerConfiguration, "cacheEntryListenerConfiguration");
    synchronized (configuration) {
      if (events.deregister(cacheEntryListenerConfiguration)) {
        configuration.removeCacheEntryListenerConfiguration(cacheEntryListenerConfiguration);
      }
    }
    if (!closed) {
      renew();
    }
  }

  /** Handles a message on the cache's channel, on the subscription thread: hands work off. */
  private void onMessage(byte[] message) {
    EventMessage parsed = EventMessage.parse(message);
    if (near != null && !closed) {
      if (parsed == null || parsed.kind() == EventMessage.Kind.CLEARED) {
        near.invalidateAll(); // a message it cannot read might have concerned any entry
      } else if (parsed.kind().entryEvent() != null && !parsed.origin().equals(handle.handleId())) {
        near.invalidate(parsed.key());
      }
    }
    if (parsed == null || parsed.origin().equals(handle.handleId()) || closed) {
      return;
    }
    if (parsed.kind() == EventMessage.Kind.DESTROYED) {
      if (incarnation.equals(new String(parsed.key(), StandardCharsets.UTF_8))) {
        closeAsDestroyed();
      }
    } else if (parsed.kind() == EventMessage.Kind.LEASES_RELEASED) {
      WriteLeases waiting = leases;
      if (waiting != null) {
        waiting.wake();
      }
    } else if (events.hasListeners()) {
      events.execute(() -> events.deliverAll(outcomes.published(parsed)));
    }
  }

  /** Removes one slice of expired entries; on the scheduler thread. */
  private int sweep() {
    if (closed) {
      return 0;
    }
    List<Map.Entry<byte[], byte[]>> removed = entries.sweep(Sweeper.SLICE);
    if (!removed.isEmpty() && events.hasListeners()) {
      events.execute(() -> events.deliverAll(outcomes.expired(removed)));
    }
    return removed.size();
  }

  /**
   * Renews the handle's lease and the write leases its operations hold; closes the handle if the
   * cache was destroyed elsewhere.
   */
  private void renew() {
    if (closed) {
      return;
    }
    WriteLeases held = leases;
    if (held != null) {
      held.renew();
    }
    boolean listening = listening();
    Duration lease = manager.settings().lease();
    long sent = System.nanoTime();
    HandleLifecycle.Renewal found = handle.renew(listening, lease, incarnation);
    if (found == HandleLifecycle.Renewal.LOST && reviveIfLost()) {
      found = handle.renew(listening, lease, incarnation);
    }
    if (found != HandleLifecycle.Renewal.CURRENT || !entries.renewListening(listening, lease)) {
      closeAsDestroyed();
    } else if (near != null) {
      near.registered(sent + lease.toNanos());
    }
  }

  /** Renews off the subscription thread, after a reconnection; a failure waits for the next. */
  private void renewQuietly() {
    try {
      renew();
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "renewing cache " + name + " after a reconnection failed", e);
    }
  }

  /**
   * After Redis lost the cache's data (a restart without persistence, {@code FLUSHALL}, a failover
   * to an empty replica), stores its configuration again under this handle's incarnation, so that
   * the handles of every JVM go on with the cache, empty, instead of taking it for destroyed. A
   * cache that was destroyed (its tombstone) or created anew stays gone. One round trip, plus one
   * per shard.
   *
   * @return true if the cache has this handle's incarnation again
   */
  private boolean reviveIfLost() {
    if (closed) {
      return false;
    }
    Duration lease = manager.settings().lease();
    if (!handle.revive(lease, incarnation) || !entries.reclaim()) {
      return false;
    }
    if (near != null) {
      near.invalidateAll();
    }
    LOG.log(
        Level.WARNING,
        "cache {0}: its data in Redis was lost (a restart without persistence, FLUSHALL or a"
            + " failover to an empty replica); its configuration is stored again and it goes on,"
            + " empty",
        name);
    return true;
  }

  // ---- management ----

  /** This handle's near cache, or null: for tests. */
  @Nullable NearCache nearCache() {
    return near;
  }

  /** This handle's statistics: for tests. */
  CacheStatistics statistics() {
    return statistics;
  }

  void setStatisticsEnabled(boolean enabled) {
    synchronized (configuration) {
      configuration.setStatisticsEnabled(enabled);
      statistics.setEnabled(enabled);
      if (enabled && !closed) {
        Jmx.register(statistics, statisticsName);
      } else {
        Jmx.unregister(statisticsName);
      }
    }
  }

  void setManagementEnabled(boolean enabled) {
    synchronized (configuration) {
      configuration.setManagementEnabled(enabled);
      if (enabled && !closed) {
        Jmx.register(configurationBean, configurationName);
      } else {
        Jmx.unregister(configurationName);
      }
    }
  }

  // ---- lifecycle ----

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("cache " + name + " is closed");
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  /**
   * Closes this handle: stops its sweeper and subscription, unregisters its MXBeans, waits for its
   * loads and queued events, closes its loader, writer, expiry policy and listeners (each once),
   * and ends its lease. The cache's data stays in Redis.
   */
  @Override
  public void close() {
    Sweeper stopSweeper;
    Notifications.Subscription stopSubscription;
    ExecutorService stopLoads;
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      stopSweeper = sweeper;
      stopSubscription = subscription;
      stopLoads = loads;
    }
    manager.release(this);
    if (near != null) {
      near.close();
    }
    if (stopSweeper != null) {
      stopSweeper.close();
    }
    if (stopSubscription != null) {
      try {
        stopSubscription.close();
      } catch (RuntimeException e) {
        LOG.log(Level.DEBUG, "unsubscribing cache " + name + " failed", e);
      }
    }
    Jmx.unregister(statisticsName);
    Jmx.unregister(configurationName);
    if (stopLoads != null) {
      stopLoads.shutdown();
      try {
        if (!stopLoads.awaitTermination(10, TimeUnit.SECONDS)) {
          stopLoads.shutdownNow();
        }
      } catch (InterruptedException e) {
        stopLoads.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
    events.close();
    loading.close();
    writing.close();
    expiry.close();
    try {
      handle.closeHandle(incarnation);
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "ending the lease of cache " + name + " failed; it lapses", e);
    }
  }

  /** Closes this handle and deletes the cache from Redis, telling other JVMs' handles. */
  void destroy() {
    close();
    handle.destroy(tombstone(manager.settings().lease()));
    entries.deleteShards();
  }

  /**
   * How long a destroyed cache's tombstone stays: long enough for every live handle to renew (every
   * third of a lease) and find it.
   */
  static Duration tombstone(Duration lease) {
    return lease.multipliedBy(2);
  }

  private void closeAsDestroyed() {
    if (closed) {
      return;
    }
    Thread closer = new Thread(this::close, "hot-redis-jcache-close-" + name);
    closer.setDaemon(true);
    closer.start();
  }

  // ---- unwrap ----

  /**
   * Returns this cache as a type: {@link HotCache} or {@link Cache}; {@link HotDict} (a {@link
   * HotMultiSet} for a counter cache, a {@link HotDefaultDict} for one with a default factory), a
   * {@link java.util.concurrent.ConcurrentMap} view of the same Redis hash (not for a sharded
   * cache, whose entries are spread over several hashes); or the {@link HotClient}. The views read
   * and write the hash directly: they see entries past their deadline until the sweeper removes
   * them, do not maintain deadlines, and cause no events.
   *
   * @throws IllegalArgumentException for any other type
   */
  @Override
  public <T> T unwrap(Class<T> clazz) {
    requireNonNull(clazz, "clazz");
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    if (clazz == HotClient.class) {
      return clazz.cast(handle.client());
    }
    if (HotDict.class.isAssignableFrom(clazz) && entries.shardCount() == 1) {
      HotDict<K, V> view = view();
      if (clazz.isInstance(view)) {
        return clazz.cast(view);
      }
    }
    throw new IllegalArgumentException(
        "cache "
            + name
            + " does not unwrap to "
            + clazz
            + (entries.shardCount() > 1
                ? ": its entries are spread over " + entries.shardCount() + " hashes, not one"
                : ""));
  }

  @SuppressWarnings("unchecked")
  private HotDict<K, V> view() {
    HotClient client = handle.client();
    if (configuration.isCounter()) {
      return (HotDict<K, V>)
          (HotDict<?, ?>)
              HotMultiSet.builder(codec.keyCodec()).client(client).key(handle.key()).build();
    }
    Supplier<V> factory = defaultValue;
    if (factory != null) {
      return HotDefaultDict.builder(codec.keyCodec(), codec.valueCodec(), factory)
          .client(client)
          .key(handle.key())
          .build();
    }
    return HotDict.builder(codec.keyCodec(), codec.valueCodec())
        .client(client)
        .key(handle.key())
        .build();
  }

  @Override
  public String toString() {
    return "HotCache[" + name + " at " + handle.key() + (closed ? ", closed" : "") + "]";
  }
}
