package org.hotredis.concurrent.locks;

import java.util.concurrent.atomic.AtomicReference;
import org.hotredis.HotClient;
import org.hotredis.collections.HotList;
import org.hotredis.numbers.HotInt;

/**
 * A child JVM for {@link LockProcessTest}: threads that increment a plain Redis integer with a
 * deliberately non-atomic GET then SET, under one {@link HotReentrantLock}.
 *
 * <p>Arguments: the Redis URI, the number of threads, and the increments per thread. Inside each
 * critical section a thread also increments {@code inside} (counting an overlap in {@code overlaps}
 * if it was not alone), appends the lock's fencing token to the list {@code tokens} (so the list is
 * in acquisition order), and re-enters the lock once. Prints {@code done} and exits 0, or prints
 * the failure and exits 1.
 */
final class CounterHammer {
  private CounterHammer() {}

  public static void main(String[] args) throws InterruptedException {
    String uri = args[0];
    int threads = Integer.parseInt(args[1]);
    int increments = Integer.parseInt(args[2]);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    try (HotClient client = HotClient.create(uri)) {
      HotReentrantLock lock = HotReentrantLock.builder().client(client).key("counter-lock").build();
      HotInt counter = HotInt.builder().client(client).key("counter").build();
      HotInt inside = HotInt.builder().client(client).key("inside").build();
      HotInt overlaps = HotInt.builder().client(client).key("overlaps").build();
      HotList<Long> tokens = HotList.builder(Long.class).client(client).key("tokens").build();
      Thread[] workers = new Thread[threads];
      for (int t = 0; t < threads; t++) {
        workers[t] =
            new Thread(
                () -> {
                  try {
                    for (int i = 0; i < increments; i++) {
                      lock.lock();
                      try {
                        if (inside.incrementAndGet() != 1) {
                          overlaps.incrementAndGet();
                        }
                        lock.lock();
                        try {
                          long value = counter.get();
                          counter.set(value + 1);
                        } finally {
                          lock.unlock();
                        }
                        tokens.add(lock.fencingToken());
                        inside.decrementAndGet();
                      } finally {
                        lock.unlock();
                      }
                    }
                  } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                  }
                });
      }
      ProcessGate.awaitStart(client);
      ProcessGate.runAll(workers);
    }
    exit(failure.get());
  }

  static void exit(Throwable failure) {
    if (failure != null) {
      failure.printStackTrace(System.out);
      System.exit(1);
    }
    System.out.println("done");
  }
}
