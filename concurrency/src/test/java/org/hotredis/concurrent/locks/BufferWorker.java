package org.hotredis.concurrent.locks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import org.hotredis.HotClient;
import org.hotredis.collections.HotList;

/**
 * A child JVM for {@link LockProcessTest}: the bounded buffer of {@link Condition}'s documentation,
 * shared by processes: a Redis list of at most {@value #CAPACITY} items guarded by one {@link
 * HotReentrantLock} with the conditions {@code notFull} and {@code notEmpty}.
 *
 * <p>Arguments: the Redis URI, this JVM's number, the items its producer thread puts, and the items
 * its consumer thread takes. The producer puts {@code j-i}; the consumer stores what it took in the
 * list {@code consumed:j}. Prints {@code done} and exits 0, or prints the failure and exits 1.
 */
final class BufferWorker {
  static final int CAPACITY = 10;

  private BufferWorker() {}

  public static void main(String[] args) throws InterruptedException {
    String uri = args[0];
    int jvm = Integer.parseInt(args[1]);
    int puts = Integer.parseInt(args[2]);
    int takes = Integer.parseInt(args[3]);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    try (HotClient client = HotClient.create(uri)) {
      HotReentrantLock lock = HotReentrantLock.builder().client(client).key("buffer-lock").build();
      Condition notFull = lock.newCondition("notFull");
      Condition notEmpty = lock.newCondition("notEmpty");
      HotList<String> buffer = HotList.builder(String.class).client(client).key("buffer").build();
      HotList<String> consumed =
          HotList.builder(String.class).client(client).key("consumed:" + jvm).build();
      Thread producer =
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < puts; i++) {
                    lock.lock();
                    try {
                      while (buffer.size() >= CAPACITY) {
                        notFull.await();
                      }
                      buffer.add(jvm + "-" + i);
                      notEmpty.signal();
                    } finally {
                      lock.unlock();
                    }
                  }
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                }
              });
      Thread consumer =
          new Thread(
              () -> {
                List<String> taken = new ArrayList<>();
                try {
                  for (int i = 0; i < takes; i++) {
                    lock.lock();
                    try {
                      while (buffer.isEmpty()) {
                        notEmpty.await();
                      }
                      taken.add(buffer.remove(0));
                      notFull.signal();
                    } finally {
                      lock.unlock();
                    }
                  }
                  consumed.addAll(taken);
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                }
              });
      ProcessGate.awaitStart(client);
      ProcessGate.runAll(producer, consumer);
    }
    CounterHammer.exit(failure.get());
  }
}
