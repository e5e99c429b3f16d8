package org.hotredis.concurrent.locks;

import java.time.Duration;
import org.hotredis.HotClient;

/**
 * A child JVM for {@link HotReadWriteLockTest} that takes the read or the write lock of {@code
 * crash-rw} with a short lease, prints {@code held}, and waits to be killed.
 *
 * <p>Arguments: the Redis URI, the lease in milliseconds, and {@code read} or {@code write}.
 */
final class ReadWriteCrashHolder {
  private ReadWriteCrashHolder() {}

  public static void main(String[] args) throws InterruptedException {
    Duration lease = Duration.ofMillis(Long.parseLong(args[1]));
    HotClient client = HotClient.create(args[0]);
    HotReadWriteLock lock =
        HotReadWriteLock.builder().client(client).key("crash-rw").lease(lease).build();
    if (args[2].equals("read")) {
      lock.readLock().lock();
    } else {
      lock.writeLock().lock();
    }
    System.out.println("held");
    Thread.sleep(Long.MAX_VALUE); // held until SIGKILL
  }
}
