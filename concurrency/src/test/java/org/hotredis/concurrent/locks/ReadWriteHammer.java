package org.hotredis.concurrent.locks;

import java.util.concurrent.atomic.AtomicReference;
import org.hotredis.HotClient;
import org.hotredis.numbers.HotInt;

/**
 * A child JVM for {@link HotReadWriteLockTest}: threads that mix readers and writers of one {@link
 * HotReadWriteLock}. A writer increments two plain Redis integers {@code {rw}a} and {@code {rw}b}
 * with deliberately non-atomic GET then SET, one after the other; a reader reads both and counts a
 * violation in {@code violations} if they differ. Writers also check that they are alone ({@code
 * writers} is 1) and that nobody reads ({@code readers} is 0); readers check that nobody writes.
 *
 * <p>Arguments: the Redis URI, the number of threads, and the operations per thread (every fourth a
 * write). Prints {@code done} and exits 0, or prints the failure and exits 1.
 */
final class ReadWriteHammer {
  private ReadWriteHammer() {}

  public static void main(String[] args) throws InterruptedException {
    String uri = args[0];
    int threads = Integer.parseInt(args[1]);
    int operations = Integer.parseInt(args[2]);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    try (HotClient client = HotClient.create(uri)) {
      HotReadWriteLock lock = HotReadWriteLock.builder().client(client).key("{rw}lock").build();
      HotInt a = HotInt.builder().client(client).key("{rw}a").build();
      HotInt b = HotInt.builder().client(client).key("{rw}b").build();
      HotInt readers = HotInt.builder().client(client).key("{rw}readers").build();
      HotInt writers = HotInt.builder().client(client).key("{rw}writers").build();
      HotInt violations = HotInt.builder().client(client).key("{rw}violations").build();
      Thread[] workers = new Thread[threads];
      for (int t = 0; t < threads; t++) {
        int offset = t;
        workers[t] =
            new Thread(
                () -> {
                  try {
                    for (int i = 0; i < operations; i++) {
                      if ((i + offset) % 4 == 0) {
                        lock.writeLock().lock();
                        try {
                          if (writers.incrementAndGet() != 1 || readers.get() != 0) {
                            violations.incrementAndGet();
                          }
                          a.set(a.get() + 1);
                          b.set(b.get() + 1);
                          writers.decrementAndGet();
                        } finally {
                          lock.writeLock().unlock();
                        }
                      } else {
                        lock.readLock().lock();
                        try {
                          readers.incrementAndGet();
                          if (writers.get() != 0 || a.get() != b.get()) {
                            violations.incrementAndGet();
                          }
                          readers.decrementAndGet();
                        } finally {
                          lock.readLock().unlock();
                        }
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
    CounterHammer.exit(failure.get());
  }
}
