package org.hotredis.jcache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.hotredis.toolkit.ByteKey;
import org.jspecify.annotations.Nullable;

/**
 * The near cache of one handle: copies of entries this JVM read, kept in a bounded Caffeine store
 * and served without a round trip until something tells the handle they may have changed.
 *
 * <p><b>What keeps it exact.</b> An entry is dropped when this handle writes its key (after the
 * write's script returns, whatever the outcome), when another handle's write, removal, expiry or
 * {@code clear} is published on the cache's channel (the scripts publish while another handle is
 * registered as listening, which a handle with a near cache always is), at its deadline (computed
 * from the time left that Redis replied, counted from before the read was sent, so never later than
 * Redis's), and at its time to live. A value read from Redis is kept only if nothing dropped its
 * key while the read was in flight: the read first puts a ticket under the key, every drop removes
 * whatever the key holds, and the value replaces the ticket only if the ticket is still there. So
 * an invalidation that overtakes the reply it concerns cannot leave the older value behind.
 *
 * <p><b>Gaps.</b> The store serves only while the handle's subscription is connected and its
 * registration as a listener is known to be current (renewed within the lease). When the
 * subscription's connection is lost, the store is emptied and serves nothing until the subscription
 * is back <em>and</em> the handle has registered again; reads that were in flight across the gap
 * are not kept (each read carries the epoch it started in, and every gap starts a new one).
 *
 * <p>Values of immutable JDK types are kept decoded and handed out as they are; any other value is
 * kept encoded and decoded for every read, so callers get their own copy (store-by-value).
 */
final class NearCache {
  /** How long a read's ticket may wait for its reply before Caffeine discards it. */
  private static final long TICKET_NANOS = TimeUnit.MINUTES.toNanos(1);

  /** Classes whose instances cannot change: handed out as kept, without decoding. */
  private static final Set<Class<?>> IMMUTABLE =
      Set.of(
          String.class,
          Long.class,
          Integer.class,
          Short.class,
          Byte.class,
          Double.class,
          Float.class,
          Boolean.class,
          Character.class,
          BigInteger.class,
          BigDecimal.class,
          UUID.class,
          Instant.class,
          LocalDate.class,
          LocalDateTime.class,
          LocalTime.class,
          OffsetDateTime.class,
          ZonedDateTime.class,
          Duration.class);

  private final Cache<ByteKey, Object> store;
  private final ConcurrentMap<ByteKey, Object> map;
  private final long timeToLiveNanos;
  private final AtomicLong epoch = new AtomicLong();
  private final LongAdder invalidations = new LongAdder();
  private final Object state = new Object();
  private volatile boolean serving;
  private volatile long registeredUntilNanos;
  private boolean subscribed; // guarded by state
  private boolean registered; // guarded by state

  /**
   * Creates an empty near cache that serves nothing until it is {@linkplain #subscribed()
   * subscribed} and {@linkplain #registered(long) registered}.
   *
   * @param maxEntries the most entries kept (least recently and frequently used ones go first)
   * @param timeToLive the longest an entry is served after it was read, or null for no limit
   */
  NearCache(long maxEntries, @Nullable Duration timeToLive) {
    this.timeToLiveNanos = timeToLive == null ? Long.MAX_VALUE : timeToLive.toNanos();
    this.store =
        Caffeine.newBuilder()
            .maximumSize(maxEntries)
            .expireAfter(new Deadlines())
            .executor(Runnable::run)
            .build();
    this.map = store.asMap();
  }

  /**
   * Returns the entry to serve for a key, or null if the key is not kept, its deadline or time to
   * live has passed, or the near cache is not serving.
   *
   * @param key the encoded key
   * @return the entry, or null
   */
  @Nullable Entry get(byte[] key) {
    if (!serving) {
      return null;
    }
    long now = System.nanoTime();
    if (now - registeredUntilNanos >= 0) {
      return null;
    }
    Object kept = map.get(new ByteKey(key));
    if (kept instanceof Entry entry && entry.expiresAtNanos - now > 0) {
      return entry;
    }
    return null;
  }

  /**
   * Starts a read from Redis whose value may be kept: puts a ticket under the key. Null when the
   * near cache is not serving (nothing read now may be kept).
   *
   * @param key the encoded key
   * @return the ticket to hand to {@link #keep} or {@link #abandon}, or null
   */
  @Nullable Ticket reserve(byte[] key) {
    long current = epoch.get();
    if (!serving) {
      return null;
    }
    Ticket ticket = new Ticket(new ByteKey(key), current);
    map.put(ticket.key, ticket);
    return ticket;
  }

  /**
   * Keeps a value read under a ticket, if nothing dropped the key since the ticket was taken.
   *
   * @param ticket the ticket {@link #reserve} returned
   * @param raw the encoded value read
   * @param decoded the decoded value
   * @param remainingMillis the time Redis said the entry had left, or a negative number for none
   * @param sentNanos {@link System#nanoTime()} before the read was sent
   */
  void keep(
      Ticket ticket, byte[] raw, @Nullable Object decoded, long remainingMillis, long sentNanos) {
    long life =
        remainingMillis < 0
            ? timeToLiveNanos
            : Math.min(timeToLiveNanos, TimeUnit.MILLISECONDS.toNanos(remainingMillis));
    Object shared = decoded != null && IMMUTABLE.contains(decoded.getClass()) ? decoded : null;
    Entry entry = new Entry(raw, shared, saturatedAdd(sentNanos, life));
    if (map.replace(ticket.key, ticket, entry) && epoch.get() != ticket.epoch) {
      map.remove(ticket.key, entry);
    }
  }

  /**
   * Gives a ticket up: the read found nothing to keep.
   *
   * @param ticket the ticket
   */
  void abandon(Ticket ticket) {
    map.remove(ticket.key, ticket);
  }

  /**
   * Drops a key: it was written, or a message said it changed.
   *
   * @param key the encoded key
   */
  void invalidate(byte[] key) {
    invalidations.increment();
    map.remove(new ByteKey(key));
  }

  /** Drops every key, and every read in flight: the cache was cleared or its data lost. */
  void invalidateAll() {
    epoch.incrementAndGet();
    invalidations.increment();
    store.invalidateAll();
  }

  /** The subscription's connection was lost: serve nothing until it is back and registered. */
  void disconnected() {
    synchronized (state) {
      subscribed = false;
      registered = false;
      serving = false;
      invalidateAll();
    }
  }

  /** The subscription is connected (again): serve once the registration is renewed. */
  void subscribed() {
    synchronized (state) {
      subscribed = true;
      registered = false;
      serving = false;
      invalidateAll();
    }
  }

  /**
   * The handle's registration as a listener was renewed: other handles publish their writes until
   * {@code untilNanos}. Starts serving, empty, if the subscription is connected and the handle was
   * not registered or its registration had lapsed.
   *
   * @param untilNanos {@link System#nanoTime()} before the renewal was sent, plus the lease
   */
  void registered(long untilNanos) {
    synchronized (state) {
      // A registration that lapsed (the JVM paused past its lease) may have been forgotten, and
      // writes meanwhile published to nobody: what is kept cannot be trusted.
      boolean lapsed = System.nanoTime() - registeredUntilNanos >= 0;
      if (subscribed && (!registered || lapsed)) {
        invalidateAll();
        registered = true;
        serving = true;
      }
      registeredUntilNanos = untilNanos;
    }
  }

  /** Stops serving for good: the handle is closing. */
  void close() {
    synchronized (state) {
      subscribed = false;
      serving = false;
      invalidateAll();
    }
  }

  /**
   * Returns whether the near cache serves entries now.
   *
   * @return true while connected and registered
   */
  boolean serving() {
    return serving && System.nanoTime() - registeredUntilNanos < 0;
  }

  /**
   * Returns how many entries are kept (approximately: expired ones may still count).
   *
   * @return the number of entries and tickets held
   */
  long size() {
    return store.estimatedSize();
  }

  /**
   * Returns how many drops this near cache has had, of one key or of all.
   *
   * @return the count
   */
  long invalidations() {
    return invalidations.sum();
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  /**
   * An entry kept.
   *
   * @param raw the encoded value
   * @param shared the decoded value, if its class is immutable; else null
   * @param expiresAtNanos when it stops being served, on {@link System#nanoTime()}'s scale
   */
  @SuppressWarnings("ArrayRecordComponent") // never compared
  record Entry(byte[] raw, @Nullable Object shared, long expiresAtNanos) {}

  /** A read in flight whose value may be kept. */
  static final class Ticket {
    private final ByteKey key;
    private final long epoch;

    private Ticket(ByteKey key, long epoch) {
      this.key = key;
      this.epoch = epoch;
    }
  }

  /** Caffeine's expiry: an entry at its deadline, a ticket after {@link #TICKET_NANOS}. */
  private static final class Deadlines implements Expiry<ByteKey, Object> {
    @Override
    public long expireAfterCreate(ByteKey key, Object value, long currentTime) {
      return life(value, currentTime);
    }

    @Override
    public long expireAfterUpdate(
        ByteKey key, Object value, long currentTime, long currentDuration) {
      return life(value, currentTime);
    }

    @Override
    public long expireAfterRead(ByteKey key, Object value, long currentTime, long currentDuration) {
      return currentDuration;
    }

    private static long life(Object value, long now) {
      if (value instanceof Entry entry) {
        return Math.max(0, entry.expiresAtNanos - now);
      }
      return TICKET_NANOS;
    }
  }
}
