package org.hotredis.spring.boot;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.hotredis.concurrent.ConcurrencyObserver;
import org.hotredis.concurrent.spi.Concurrency;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * Micrometer meters of this process's HOT Redis locks, semaphores and queues, fed by a {@link
 * ConcurrencyObserver} registered while the application runs. Each meter has a {@code key} tag, the
 * object's Redis key.
 *
 * <ul>
 *   <li>{@code hotredis.lock.wait} (timer): how long acquiring a lock waited;
 *   <li>{@code hotredis.lock.held} (timer): how long this process held a lock;
 *   <li>{@code hotredis.semaphore.wait} (timer): how long acquiring permits waited;
 *   <li>{@code hotredis.lease.renewal.failures} (counter): lease renewals that failed to reach
 *       Redis (retried);
 *   <li>{@code hotredis.lease.lost} (counter): leases lost while held;
 *   <li>{@code hotredis.queue.size} (gauge): the queue's size, one round trip ({@code LLEN}) per
 *       scrape;
 *   <li>{@code hotredis.queue.waiters} (gauge): threads of this process waiting on the queue.
 * </ul>
 *
 * <p>Spring Boot binds it to the application's registry once the context has started; queues opened
 * before that (in a bean's constructor) get their gauges then, since the observer hears of them
 * from the start. An application with many keys limits the {@code key} tag with a Micrometer {@code
 * MeterFilter}.
 */
final class HotRedisMeters
    implements MeterBinder, ConcurrencyObserver, InitializingBean, DisposableBean {
  /** A kind of meter: its name, and how to register one for a key. */
  private record Kind<M extends Meter>(String name, BiFunction<MeterRegistry, String, M> create) {}

  private static final Kind<Timer> LOCK_WAIT =
      timer("hotredis.lock.wait", "How long acquiring the lock waited");
  private static final Kind<Timer> LOCK_HELD =
      timer("hotredis.lock.held", "How long this process held the lock");
  private static final Kind<Timer> SEMAPHORE_WAIT =
      timer("hotredis.semaphore.wait", "How long acquiring permits waited");
  private static final Kind<Counter> RENEWAL_FAILURES =
      counter("hotredis.lease.renewal.failures", "Lease renewals that failed to reach Redis");
  private static final Kind<Counter> LEASES_LOST =
      counter("hotredis.lease.lost", "Leases of locks and semaphore holders lost while held");

  private static Kind<Timer> timer(String name, String description) {
    return new Kind<>(
        name,
        (registry, key) ->
            Timer.builder(name).description(description).tag("key", key).register(registry));
  }

  private static Kind<Counter> counter(String name, String description) {
    return new Kind<>(
        name,
        (registry, key) ->
            Counter.builder(name).description(description).tag("key", key).register(registry));
  }

  private final CopyOnWriteArrayList<MeterRegistry> registries = new CopyOnWriteArrayList<>();
  private final Map<String, QueueState> queues = new ConcurrentHashMap<>();
  private final Map<MeterKey, Meter> meters = new ConcurrentHashMap<>();

  HotRedisMeters() {}

  /** The meter of one name and key in one registry, kept so events skip the registry's lookup. */
  private record MeterKey(MeterRegistry registry, String name, String key) {}

  /** A queue's gauges read the latest queue object opened for its key. */
  private static final class QueueState {
    volatile WeakReference<BlockingQueue<?>> queue;
    final AtomicInteger waiters = new AtomicInteger();

    QueueState(BlockingQueue<?> queue) {
      this.queue = new WeakReference<>(queue);
    }

    double size() {
      BlockingQueue<?> current = queue.get();
      return current == null ? Double.NaN : current.size();
    }
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    if (registries.addIfAbsent(registry)) {
      // a queue opened meanwhile may register its gauges twice: Micrometer keeps one
      queues.forEach((key, state) -> gauges(registry, key, state));
    }
  }

  private static void gauges(MeterRegistry registry, String key, QueueState state) {
    Gauge.builder("hotredis.queue.size", state, QueueState::size)
        .description("Elements in the queue (one round trip per reading)")
        .tag("key", key)
        .strongReference(true)
        .register(registry);
    Gauge.builder("hotredis.queue.waiters", state.waiters, AtomicInteger::get)
        .description("Threads of this process waiting on the queue")
        .tag("key", key)
        .strongReference(true)
        .register(registry);
  }

  /** The meter of a kind and key in each bound registry, registered on first use. */
  private <M extends Meter> void each(Kind<M> kind, String key, Consumer<M> action) {
    for (MeterRegistry registry : registries) {
      @SuppressWarnings("unchecked") // a MeterKey's name always maps to a meter of its kind
      M meter =
          (M)
              meters.computeIfAbsent(
                  new MeterKey(registry, kind.name(), key),
                  k -> kind.create().apply(registry, key));
      action.accept(meter);
    }
  }

  // ---- the observer ----

  @Override
  public void lockAcquired(String key, long waitNanos) {
    each(LOCK_WAIT, key, timer -> timer.record(waitNanos, TimeUnit.NANOSECONDS));
  }

  @Override
  public void lockReleased(String key, long heldNanos) {
    each(LOCK_HELD, key, timer -> timer.record(heldNanos, TimeUnit.NANOSECONDS));
  }

  @Override
  public void permitsAcquired(String key, int permits, long waitNanos) {
    each(SEMAPHORE_WAIT, key, timer -> timer.record(waitNanos, TimeUnit.NANOSECONDS));
  }

  @Override
  public void leaseRenewalFailed(String key, RuntimeException cause) {
    each(RENEWAL_FAILURES, key, Counter::increment);
  }

  @Override
  public void leaseLost(String key) {
    each(LEASES_LOST, key, Counter::increment);
  }

  @Override
  public void queueOpened(String key, BlockingQueue<?> queue) {
    QueueState known = queues.get(key);
    if (known != null) {
      known.queue = new WeakReference<>(queue);
      return;
    }
    QueueState state = new QueueState(queue);
    if (queues.putIfAbsent(key, state) == null) {
      registries.forEach(registry -> gauges(registry, key, state));
    } else {
      queueOpened(key, queue);
    }
  }

  @Override
  public void queueWaitStarted(String key) {
    QueueState state = queues.get(key);
    if (state != null) {
      state.waiters.incrementAndGet();
    }
  }

  @Override
  public void queueWaitEnded(String key) {
    QueueState state = queues.get(key);
    if (state != null) {
      state.waiters.decrementAndGet();
    }
  }

  // ---- the lifecycle ----

  @Override
  public void afterPropertiesSet() {
    Concurrency.observe(this);
  }

  @Override
  public void destroy() {
    Concurrency.unobserve(this);
  }
}
