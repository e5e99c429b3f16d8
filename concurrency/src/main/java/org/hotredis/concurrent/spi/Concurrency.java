package org.hotredis.concurrent.spi;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import org.hotredis.concurrent.ConcurrencyObserver;
import org.hotredis.concurrent.Observers;
import org.hotredis.concurrent.locks.Leases;

/**
 * Chooses the {@link ConcurrencyProvider} of the process by configuration, so the same code runs in
 * one JVM in tests and distributed in production without a change.
 *
 * <pre>{@code
 * ConcurrencyProvider concurrency = Concurrency.provider();
 * Lock lock = concurrency.reentrantLock("orders");
 * Semaphore pool = concurrency.semaphore("db-connections", 10);
 * }</pre>
 *
 * <p>The provider's name comes from, in order:
 *
 * <ol>
 *   <li>the system property {@value #PROVIDER_PROPERTY} ({@code redis} or {@code local});
 *   <li>the key {@code provider} of the class-path resource {@value #CONFIGURATION} (which may also
 *       name the Redis provider's {@code uri});
 *   <li>otherwise {@code redis}.
 * </ol>
 *
 * <p>The default is the distributed provider on purpose: an application deployed without
 * configuration must not silently get locks that exclude nothing across its processes; a test run
 * without Redis fails at once, naming the endpoint, and selects {@code local} with one property or
 * a test resource. Providers are found by {@link ServiceLoader}; each is created once per process,
 * so the same name gives the same object everywhere in the process.
 */
public final class Concurrency {
  /** The system property that names the provider: {@code redis} or {@code local}. */
  public static final String PROVIDER_PROPERTY = "hotredis.concurrency";

  /** The class-path resource read when the system property is not set. */
  public static final String CONFIGURATION = Configuration.RESOURCE;

  /** The provider used when nothing is configured. */
  public static final String DEFAULT_PROVIDER = RedisConcurrencyProvider.NAME;

  private static final Map<String, ConcurrencyProvider> PROVIDERS = new ConcurrentHashMap<>();

  private Concurrency() {}

  /**
   * Returns the configured provider.
   *
   * @return the provider named by configuration, created on first use
   * @throws IllegalStateException if no provider has the configured name
   */
  public static ConcurrencyProvider provider() {
    return provider(configuredName());
  }

  /**
   * Returns the provider with a name, found by {@link ServiceLoader} and created on first use.
   *
   * @param name the name, such as {@code redis} or {@code local}
   * @return the provider
   * @throws IllegalStateException if no provider has that name
   */
  public static ConcurrencyProvider provider(String name) {
    requireNonNull(name, "name");
    return PROVIDERS.computeIfAbsent(name.trim(), Concurrency::load);
  }

  /**
   * Returns the name of the configured provider: the system property, else the configuration file,
   * else {@value #DEFAULT_PROVIDER}.
   *
   * @return the provider's name
   */
  public static String configuredName() {
    String name = System.getProperty(PROVIDER_PROPERTY);
    if (name == null || name.isBlank()) {
      name = Configuration.read().getProperty("provider");
    }
    return name == null || name.isBlank() ? DEFAULT_PROVIDER : name.trim();
  }

  /**
   * Registers an observer of this process's Redis locks, semaphores and queues, for metrics. No
   * round trip.
   *
   * @param observer the observer, told of every event until {@link #unobserve}
   */
  public static void observe(ConcurrencyObserver observer) {
    Observers.add(requireNonNull(observer, "observer"));
  }

  /**
   * Removes an observer registered with {@link #observe}. No round trip.
   *
   * @param observer the observer
   */
  public static void unobserve(ConcurrencyObserver observer) {
    Observers.remove(requireNonNull(observer, "observer"));
  }

  /**
   * Releases every lock and semaphore permit this process holds through a client, and stops
   * renewing their leases, for a graceful shutdown: other processes get them at once instead of
   * when the leases run out. Threads of this process that still use them find them released (their
   * {@code unlock} or {@code release} throws {@link IllegalMonitorStateException}). One round trip
   * per hold; a hold whose release fails is left to its lease.
   *
   * @param client the client the holds were taken through
   * @return how many holds were released
   */
  public static int releaseHeld(org.hotredis.HotClient client) {
    return Leases.releaseHeld(client);
  }

  private static ConcurrencyProvider load(String name) {
    List<String> found = new ArrayList<>();
    for (ConcurrencyProvider provider : ServiceLoader.load(ConcurrencyProvider.class)) {
      if (provider.name().equals(name)) {
        return provider;
      }
      found.add(provider.name());
    }
    throw new IllegalStateException(
        "no concurrency provider named '"
            + name
            + "' (set by the system property "
            + PROVIDER_PROPERTY
            + " or "
            + CONFIGURATION
            + "); found: "
            + found);
  }
}
