package org.hotredis.spring.boot;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger.Level;
import org.hotredis.HotClient;
import org.hotredis.HotRedis;
import org.hotredis.concurrent.spi.Concurrency;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * The application's client as the process-wide default while the application runs, and a graceful
 * end for the leases held through it.
 *
 * <p>Created with the client, it calls {@code HotRedis.configure(client)}, so objects built without
 * a client, the JCache provider's managers and the service-loaded concurrency provider use it.
 * Stopping late (after the web server has finished its requests and Spring's schedulers and
 * executors have stopped, whose phases are higher), it releases every lock and semaphore permit the
 * process still holds through the client ({@code Concurrency.releaseHeld}), so other processes get
 * them at once instead of when the leases run out. The client itself closes after it, as a bean.
 */
final class HotRedisLifecycle implements SmartLifecycle, DisposableBean {
  /** Lower than every phase Spring and Spring Boot use, so it stops after them. */
  static final int PHASE = Integer.MIN_VALUE + 1000;

  private static final System.Logger LOG = System.getLogger(HotRedisLifecycle.class.getName());

  private final HotClient client;
  private volatile boolean running;

  HotRedisLifecycle(HotClient client) {
    this.client = requireNonNull(client, "client");
    HotRedis.configure(client);
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    if (client.isClosed()) {
      return;
    }
    int released = Concurrency.releaseHeld(client);
    if (released > 0) {
      LOG.log(
          Level.INFO,
          "HOT Redis: released {0} lock and semaphore hold(s) of {1} at shutdown",
          released,
          client);
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  /** Forgets the client as the process-wide default, if it still is. */
  @Override
  public void destroy() {
    if (HotRedis.configured() == client) {
      HotRedis.reset();
    }
  }
}
