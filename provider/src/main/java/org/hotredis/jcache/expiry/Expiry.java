package org.hotredis.jcache.expiry;

import static java.util.Objects.requireNonNull;

import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;
import org.jspecify.annotations.Nullable;

/**
 * The expiry policy of one cache, as the durations its scripts take.
 *
 * <p>Scripts take each duration as text: {@code e} eternal, {@code k} keep the current deadline
 * (JCache's {@code null} for an update or an access), milliseconds ({@code 0}: expire at once), or
 * {@code ?} when the policy has not been asked yet. JCache calls exactly the policy method that
 * matches what an operation does (creation for a new entry, update for an existing one), which only
 * Redis knows; so a script that meets a {@code ?} it needs writes nothing and names the durations
 * it needs, and the operation asks the policy for them and runs the script again ({@link
 * Durations}). The policies of {@code javax.cache.expiry} ({@link CreatedExpiryPolicy}, {@link
 * AccessedExpiryPolicy}, {@link ModifiedExpiryPolicy}, {@link TouchedExpiryPolicy}, {@link
 * EternalExpiryPolicy}, exactly those classes) return fixed durations, so they are asked once and
 * every operation is one round trip; any other policy may cost a second one.
 *
 * <p>A policy method that throws is treated as JCache's reference implementation does: eternal for
 * a creation, unchanged for an update or an access.
 */
public final class Expiry implements Closeable {
  private static final System.Logger LOG = System.getLogger(Expiry.class.getName());
  private static final Set<Class<?>> FIXED =
      Set.of(
          CreatedExpiryPolicy.class,
          AccessedExpiryPolicy.class,
          ModifiedExpiryPolicy.class,
          TouchedExpiryPolicy.class,
          EternalExpiryPolicy.class);

  /** Deadlines beyond about 142,000 years are eternal (a Lua double is exact up to 2^53). */
  private static final long MAX_MILLIS = 1L << 52;

  static final String ETERNAL = "e";

  private final ExpiryPolicy policy;
  private final @Nullable Durations fixed;

  private Expiry(ExpiryPolicy policy) {
    this.policy = policy;
    if (FIXED.contains(policy.getClass())) {
      Durations durations = new Durations(this);
      durations.evaluate(true, true, true);
      this.fixed = durations;
    } else {
      this.fixed = null;
    }
  }

  /**
   * Wraps a cache's policy.
   *
   * @param policy the policy the cache's factory made
   * @return the expiry
   */
  public static Expiry of(ExpiryPolicy policy) {
    return new Expiry(requireNonNull(policy, "policy"));
  }

  /**
   * Returns the durations for one operation: fixed ones, or ones the operation asks for as its
   * scripts need them.
   *
   * @return the durations
   */
  public Durations durations() {
    return fixed != null ? fixed : new Durations(this);
  }

  /**
   * Returns the policy.
   *
   * @return the expiry policy
   */
  public ExpiryPolicy policy() {
    return policy;
  }

  String creation() {
    return spec(ask(Kind.CREATION), ETERNAL);
  }

  String update() {
    return spec(ask(Kind.UPDATE), Durations.KEEP);
  }

  String access() {
    return spec(ask(Kind.ACCESS), Durations.KEEP);
  }

  private @Nullable Duration ask(Kind kind) {
    try {
      return switch (kind) {
        case CREATION -> policy.getExpiryForCreation();
        case UPDATE -> policy.getExpiryForUpdate();
        case ACCESS -> policy.getExpiryForAccess();
      };
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "expiry policy " + policy + " failed; its default applies", e);
      return null;
    }
  }

  static String spec(@Nullable Duration duration, String ifNull) {
    if (duration == null) {
      return ifNull;
    }
    if (duration.isEternal()) {
      return ETERNAL;
    }
    if (duration.isZero()) {
      return "0";
    }
    TimeUnit unit = duration.getTimeUnit();
    long millis = unit.toMillis(duration.getDurationAmount());
    return millis > MAX_MILLIS ? ETERNAL : Long.toString(Math.max(millis, 1));
  }

  /** Closes the policy if it is {@link Closeable}. */
  @Override
  public void close() {
    if (policy instanceof Closeable closeable) {
      try {
        closeable.close();
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.WARNING, "closing expiry policy " + policy + " failed", e);
      }
    }
  }

  private enum Kind {
    CREATION,
    UPDATE,
    ACCESS
  }
}
