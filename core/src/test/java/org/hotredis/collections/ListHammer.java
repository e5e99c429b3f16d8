package org.hotredis.collections;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.hotredis.HotClient;

/**
 * A child JVM for {@link HotListProcessTest}: threads that append to, insert at the head of and pop
 * from one {@link HotList} concurrently.
 *
 * <p>Arguments: the Redis URI, the list's key, this JVM's number, the number of threads, and per
 * thread the number of appends. Thread {@code t} of JVM {@code j} appends {@code j-t-i} for each
 * {@code i}; after every fifth append it inserts {@code j-t-insK} at index 0 (K counting from 0);
 * on three appends out of ten it pops the head with {@code removeFirst}. Each thread stores what it
 * popped, in order, in the list {@code popped:j-t}, then the JVM prints {@code done} and exits 0,
 * or prints the failure and exits 1.
 */
final class ListHammer {
  private ListHammer() {}

  public static void main(String[] args) throws InterruptedException {
    String uri = args[0];
    String key = args[1];
    int jvm = Integer.parseInt(args[2]);
    int threads = Integer.parseInt(args[3]);
    int appends = Integer.parseInt(args[4]);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    try (HotClient client = HotClient.create(uri)) {
      HotList<String> list = HotList.builder(String.class).client(client).key(key).build();
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String prefix = jvm + "-" + t + "-";
        HotList<String> popped =
            HotList.builder(String.class).client(client).key("popped:" + jvm + "-" + t).build();
        Thread worker =
            new Thread(
                () -> {
                  try {
                    start.await();
                    List<String> mine = new ArrayList<>();
                    int inserts = 0;
                    for (int i = 0; i < appends; i++) {
                      list.add(prefix + i);
                      if (i % 5 == 4) {
                        list.add(0, prefix + "ins" + inserts++);
                      }
                      if (i % 10 < 3) {
                        try {
                          mine.add(list.removeFirst());
                        } catch (NoSuchElementException empty) {
                          // another thread emptied the list: nothing popped this time
                        }
                      }
                    }
                    popped.addAll(mine);
                  } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                  }
                });
        worker.start();
        workers.add(worker);
      }
      start.countDown();
      for (Thread worker : workers) {
        worker.join();
      }
    }
    Throwable failed = failure.get();
    if (failed != null) {
      failed.printStackTrace(System.out);
      System.exit(1);
    }
    System.out.println("done");
  }
}
