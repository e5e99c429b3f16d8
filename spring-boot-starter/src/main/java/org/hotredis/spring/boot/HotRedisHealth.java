package org.hotredis.spring.boot;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hotredis.HotClient;
import org.hotredis.concurrent.ConcurrencyObserver;
import org.hotredis.concurrent.spi.Concurrency;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * The health of HOT Redis in this process, for Spring Boot's health indicators (Spring Boot 3's and
 * 4's adapt it): Redis reachable through the application's client ({@code PING}), and the lease
 * renewals of the locks and semaphore permits held through it.
 *
 * <p>The status is {@code UP} when Redis answers the {@code PING} and {@code DOWN} when it does
 * not. Lease troubles of the last minute are reported as details: how many renewals failed, how
 * many leases were lost, and the last failure (key, error, time). They do not change the status by
 * themselves, since a failed renewal is retried and Redis answering again is what heals it; the
 * {@code hotredis.lease.*} counters are there to alert on.
 */
final class HotRedisHealth implements ConcurrencyObserver, InitializingBean, DisposableBean {
  /** How far back lease troubles are reported. */
  static final Duration RECENT = Duration.ofMinutes(1);

  private static final int KEPT = 1000;

  private final HotClient client;
  private final Clock clock;
  private final Deque<Instant> renewalFailures = new ArrayDeque<>(); // guarded by this
  private final Deque<Instant> leasesLost = new ArrayDeque<>(); // guarded by this
  private @Nullable Map<String, Object> lastFailure; // guarded by this

  HotRedisHealth(HotClient client) {
    this(client, Clock.systemUTC());
  }

  HotRedisHealth(HotClient client, Clock clock) {
    this.client = requireNonNull(client, "client");
    this.clock = requireNonNull(clock, "clock");
  }

  /** The outcome of a check: whether Redis answered, and the details to show. */
  record Report(boolean up, Map<String, Object> details, @Nullable Throwable error) {}

  /** Pings Redis and reports the recent lease troubles. One round trip (PING). */
  Report check() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("client", client.toString());
    Throwable error = null;
    try {
      details.put("pingMillis", client.ping().toNanos() / 1e6);
    } catch (RuntimeException e) {
      error = e;
    }
    synchronized (this) {
      Instant since = clock.instant().minus(RECENT);
      forgetBefore(renewalFailures, since);
      forgetBefore(leasesLost, since);
      Map<String, Object> leases = new LinkedHashMap<>();
      leases.put("window", RECENT.toString());
      leases.put("renewalFailures", renewalFailures.size());
      leases.put("leasesLost", leasesLost.size());
      if (lastFailure != null && !renewalFailures.isEmpty()) {
        leases.put("lastRenewalFailure", lastFailure);
      }
      details.put("leases", leases);
    }
    return new Report(error == null, details, error);
  }

  private static void forgetBefore(Deque<Instant> events, Instant since) {
    while (!events.isEmpty() && events.peekFirst().isBefore(since)) {
      events.pollFirst();
    }
  }

  private static void record(Deque<Instant> events, Instant at) {
    if (events.size() >= KEPT) {
      events.pollFirst();
    }
    events.addLast(at);
  }

  @Override
  public synchronized void leaseRenewalFailed(String key, RuntimeException cause) {
    Instant now = clock.instant();
    record(renewalFailures, now);
    Map<String, Object> failure = new LinkedHashMap<>();
    failure.put("key", key);
    failure.put("error", cause.getClass().getName() + ": " + cause.getMessage());
    failure.put("at", now.toString());
    lastFailure = failure;
  }

  @Override
  public synchronized void leaseLost(String key) {
    record(leasesLost, clock.instant());
  }

  @Override
  public void afterPropertiesSet() {
    Concurrency.observe(this);
  }

  @Override
  public void destroy() {
    Concurrency.unobserve(this);
  }
}
