package org.hotredis.concurrent.limits;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hotredis.Arguments;
import org.hotredis.HotBuilder;
import org.hotredis.HotClient;
import org.hotredis.HotObject;
import org.hotredis.RedisBinding;
import org.hotredis.Replies;
import org.hotredis.Script;
import org.hotredis.StoredKeys;
import org.hotredis.shaded.redis.clients.jedis.BuilderFactory;
import org.jspecify.annotations.Nullable;

/**
 * A token bucket held in Redis and timed by Redis's clock, shared by every process that uses its
 * key: permits accumulate at a rate up to a burst, and callers of any process take them.
 *
 * <pre>{@code
 * HotRateLimiter api = HotConcurrency.on(client).rateLimiter("partner-api", 100, Duration.ofSeconds(1));
 * if (api.tryAcquire()) { call(); }     // never waits
 * api.acquire();                        // waits its turn, without polling
 * }</pre>
 *
 * <p><b>Creation.</b> The first process to build the limiter at a key sets its rate and burst, with
 * a full bucket; later ones attach to it and must give the same settings ({@link
 * IllegalStateException} otherwise), as the SPI requires of a name. {@link #delete()} removes it; a
 * limiter whose key was deleted (or lost with a restarting server) starts again, full, at its next
 * use.
 *
 * <p><b>Taking permits.</b> Every call is one script, which first adds what Redis's clock ({@code
 * TIME}) earned since the last call, then takes the permits. The bucket counts in integer units (a
 * permit costs the period over the greatest common divisor of period and permits, and the bucket
 * gains the permits over that divisor each microsecond), so no rounding grants a permit early: from
 * any moment, no more than the bucket's level then plus the rate times the time since are granted,
 * in all processes together. The JVM's clock is never read for the bucket's state.
 *
 * <p><b>Waiting without polling.</b> A caller that may wait and finds too few permits reserves them
 * in the same script: the bucket goes below zero, the script replies how long until the permits
 * have accumulated (behind every reservation made before, so callers of all processes are served in
 * the order they reserved), and the caller sleeps exactly that long and has its permits: one round
 * trip, no retry loop. A caller whose wait would exceed its timeout takes nothing and returns false
 * at once. A caller interrupted while it sleeps gives its permits back with one more script, best
 * effort: if that fails (Redis unreachable) the permits stay spent, and the failure is added to the
 * {@link InterruptedException} as suppressed. The wait is measured from the script's reply, so a
 * caller proceeds at the earliest one round trip after its permits accumulated.
 *
 * <p><b>A crash.</b> A process that dies while sleeping on a reservation leaves nothing behind but
 * the permits it reserved, which are spent: nothing else in Redis belongs to a caller, so no lease
 * and no cleanup is involved, and the callers behind it wait no longer than they were told.
 *
 * <p><b>Redis state.</b> One hash at the key, with fields {@code permits}, {@code period}
 * (microseconds) and {@code burst} as set; {@code unit} and {@code refill}, the integer units;
 * {@code level}, the units in the bucket (negative while reservations wait); and {@code stamp}, the
 * Redis time in microseconds the level was computed at. A hash that is not a rate limiter fails
 * every call with a {@link org.hotredis.HotRedisException} naming the key and changes nothing.
 */
public final class HotRateLimiter extends ReservingRateLimiter implements HotObject {
  private static final Script INIT = Script.load(HotRateLimiter.class, "lua/rate-init.lua");
  private static final Script ACQUIRE = Script.load(HotRateLimiter.class, "lua/rate-acquire.lua");
  private static final Script REFUND = Script.load(HotRateLimiter.class, "lua/rate-refund.lua");
  private static final Script AVAILABLE =
      Script.load(HotRateLimiter.class, "lua/rate-available.lua");
  private static final org.hotredis.shaded.redis.clients.jedis.Builder<Boolean> TAKEN =
      Replies.map(BuilderFactory.LONG, wait -> wait >= 0);

  private final RedisBinding redis;
  private final List<byte[]> keys;
  private final List<byte[]> settingsArgs;

  private HotRateLimiter(@Nullable HotClient client, @Nullable String key, RateSettings settings) {
    super(settings);
    this.redis = RedisBinding.of(client, key, "HotRateLimiter", "hash");
    this.keys = redis.rawKeys();
    this.settingsArgs =
        List.of(
            Arguments.of(settings.permits()),
            Arguments.of(settings.periodMicros()),
            Arguments.of(settings.burst()),
            Arguments.of(settings.unit()),
            Arguments.of(settings.refill()));
  }

  /**
   * Returns a builder for a limiter of a rate, with a burst of one period's permits.
   *
   * @param permits the permits per period, at least 1
   * @param period the period, a positive whole number of microseconds
   * @return the builder
   * @throws IllegalArgumentException if {@code permits} or {@code period} is out of range
   */
  public static Builder builder(long permits, Duration period) {
    RateSettings.of(permits, period, Math.max(permits, 1)); // validates
    return new Builder(permits, period);
  }

  @Override
  public StoredKeys storedKeys() {
    return redis;
  }

  // ---- taking permits ----

  /** One script: takes or reserves the permits. Refused inside a transaction when it may wait. */
  @Override
  protected long reserve(int permits, long longestWaitMicros) {
    if (longestWaitMicros != 0) {
      redis.multiStep();
    }
    return redis.write(
        ACQUIRE.call(
            BuilderFactory.LONG,
            keys,
            arguments(Arguments.of(permits), Arguments.of(longestWaitMicros))));
  }

  /** One script, which never reserves. Inside a transaction, through {@code tx.defer}. */
  @Override
  protected boolean take(int permits) {
    return redis.write(
        ACQUIRE.call(TAKEN, keys, arguments(Arguments.of(permits), Arguments.of(0))));
  }

  /** One script: gives the permits back, up to the burst. */
  @Override
  protected void refund(int permits) {
    redis.write(REFUND.call(BuilderFactory.LONG, keys, arguments(Arguments.of(permits))));
  }

  private List<byte[]> arguments(byte[]... more) {
    List<byte[]> all = new ArrayList<>(settingsArgs);
    all.addAll(List.of(more));
    return all;
  }

  // ---- reading ----

  /** One round trip (one script that reads {@code TIME} and the hash, and writes nothing). */
  @Override
  public long availablePermits() {
    return redis.read(AVAILABLE.call(BuilderFactory.LONG, keys, settingsArgs));
  }

  /**
   * Returns the limiter's description, settings and available permits. One round trip.
   *
   * @return for example {@code HotRateLimiter 'api'[100 permits per PT1S, burst 100, available 42]}
   */
  @Override
  public String toString() {
    return redis.describe() + "[" + settings() + ", available " + availablePermits() + "]";
  }

  private void create() {
    redis.write(INIT.call(BuilderFactory.LONG, keys, settingsArgs));
  }

  /** Builds a {@link HotRateLimiter}: a burst if not one period's permits, key and client. */
  public static final class Builder extends HotBuilder<Builder> {
    private final long permits;
    private final Duration period;
    private long burst;

    private Builder(long permits, Duration period) {
      this.permits = permits;
      this.period = period;
      this.burst = permits;
    }

    /**
     * Sets the burst: the bucket's size, the most permits taken at once (and granted at once after
     * a pause). The default is the permits of one period.
     *
     * @param burst at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code burst} is less than 1
     */
    public Builder burst(long burst) {
      RateSettings.of(permits, period, burst); // validates
      this.burst = burst;
      return this;
    }

    /**
     * Creates the limiter in Redis, full, if absent, or checks that it was created with these
     * settings. One round trip (one script).
     *
     * @return the limiter
     * @throws IllegalStateException if the limiter exists with another rate or burst
     * @throws org.hotredis.HotRedisException if the key holds a hash that is not a rate limiter
     */
    public HotRateLimiter build() {
      HotRateLimiter limiter =
          new HotRateLimiter(client(), key(), RateSettings.of(permits, period, burst));
      limiter.create();
      return limiter;
    }
  }
}
