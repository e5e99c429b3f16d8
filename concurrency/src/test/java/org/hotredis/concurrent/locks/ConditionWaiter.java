package org.hotredis.concurrent.locks;

import java.util.concurrent.locks.Condition;
import org.hotredis.HotClient;
import org.hotredis.numbers.HotInt;

/**
 * A child JVM for {@link ConditionCrashTest}: locks a lock, prints {@code waiting}, awaits one of
 * its conditions until the key {@code <lock key>-go} is set (printing {@code woken} at each
 * wake-up), and prints {@code signalled}.
 *
 * <p>Arguments: the Redis URI, the lock key and a name for the output.
 */
final class ConditionWaiter {
  private ConditionWaiter() {}

  public static void main(String[] args) throws InterruptedException {
    try (HotClient client = HotClient.create(args[0])) {
      HotReentrantLock lock = HotReentrantLock.builder().client(client).key(args[1]).build();
      Condition ready = lock.newCondition("ready");
      HotInt go = HotInt.builder().client(client).key(args[1] + "-go").build();
      lock.lock();
      try {
        System.out.println(args[2] + " waiting");
        while (go.get() == 0) {
          ready.await();
          System.out.println(args[2] + " woken");
        }
        System.out.println(args[2] + " signalled");
      } finally {
        lock.unlock();
      }
    }
  }
}
