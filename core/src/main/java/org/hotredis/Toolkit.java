package org.hotredis;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * The entry point for writing a new HOT Redis type or module: the machinery one {@link HotClient}
 * shares among every object built on it. Applications never need it; they use the types.
 *
 * <p>A type holds a {@link RedisBinding} (its key, its client, and the runner of its commands and
 * scripts) and reaches the client's shared machinery here:
 *
 * <pre>{@code
 * Toolkit toolkit = Toolkit.of(client);
 * toolkit.notifications().subscribe(channel, listener);   // one pub/sub connection per client
 * toolkit.scheduler().schedule(renewal, 10, SECONDS);      // one scheduler thread per client
 * Registry registry = toolkit.state(Registry.class, Registry::new); // per-client state
 * }</pre>
 *
 * <p>Everything reached here belongs to the client and is closed with it: {@link HotClient#close()}
 * closes every {@link #state} object that is {@link AutoCloseable} (in the reverse order of their
 * creation), then stops the scheduler and the blocking calls, then closes the subscription and the
 * connections. Calls on a closed client's toolkit throw {@link IllegalStateException}.
 */
public final class Toolkit {
  private final HotClient client;

  private Toolkit(HotClient client) {
    this.client = client;
  }

  /**
   * Returns the toolkit of a client. No round trip.
   *
   * @param client the client
   * @return its toolkit
   */
  public static Toolkit of(HotClient client) {
    return new Toolkit(requireNonNull(client, "client"));
  }

  /**
   * Returns the client's one shared pub/sub subscription. No round trip.
   *
   * @return the notifications of the client
   * @throws IllegalStateException if the client is closed
   */
  public Notifications notifications() {
    return client.notifications();
  }

  /**
   * Returns the client's one scheduler thread, for lease renewals and retries at a deadline. Tasks
   * must be short; the thread stops when the client closes. No round trip.
   *
   * @return the scheduler
   * @throws IllegalStateException if the client is closed
   */
  public ScheduledExecutorService scheduler() {
    return client.scheduler();
  }

  /**
   * Returns the runner of the client's blocking commands ({@code BLPOP}, {@code BLMOVE}), which
   * waits on connections outside the pool and answers interrupts. No round trip.
   *
   * @return the blocking calls of the client
   * @throws IllegalStateException if the client is closed
   */
  public BlockingCalls blockingCalls() {
    return client.blockingCalls();
  }

  /**
   * Returns the client's one object of a kind, creating it on first use: state a module keeps per
   * client (a registry of leases, of waiters, of heartbeats) instead of in a static map. An object
   * that is {@link AutoCloseable} is closed when the client closes. No round trip.
   *
   * @param kind the object's class, which identifies it
   * @param factory creates the object on first use; it must not call {@code state} of this client
   * @param <T> the object's type
   * @return the client's object of that kind
   * @throws IllegalStateException if the client is closed
   */
  public <T> T state(Class<T> kind, Supplier<? extends T> factory) {
    return client.state(requireNonNull(kind, "kind"), requireNonNull(factory, "factory"));
  }
}
