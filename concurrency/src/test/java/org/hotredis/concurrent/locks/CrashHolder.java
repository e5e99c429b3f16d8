package org.hotredis.concurrent.locks;

import java.time.Duration;
import org.hotredis.HotClient;

/**
 * A child JVM for {@link LockProcessTest} that takes a lock and 2 of 3 semaphore permits with a
 * short lease, prints {@code held}, and waits to be killed.
 *
 * <p>Arguments: the Redis URI and the lease in milliseconds.
 */
final class CrashHolder {
  private CrashHolder() {}

  public static void main(String[] args) throws InterruptedException {
    Duration lease = Duration.ofMillis(Long.parseLong(args[1]));
    HotClient client = HotClient.create(args[0]);
    HotReentrantLock lock =
        HotReentrantLock.builder().client(client).key("crash-lock").lease(lease).build();
    HotSemaphore permits =
        HotSemaphore.builder(3).client(client).key("crash-permits").lease(lease).build();
    lock.lock();
    permits.acquire(2);
    System.out.println("held");
    Thread.sleep(Long.MAX_VALUE); // held until SIGKILL
  }
}
