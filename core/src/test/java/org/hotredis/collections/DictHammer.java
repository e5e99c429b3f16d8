package org.hotredis.collections;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.hotredis.HotClient;

/**
 * A child JVM for {@link HotDictProcessTest}: threads that hammer one {@link HotDict} and one
 * {@link HotMultiSet} concurrently with the other JVMs' threads.
 *
 * <p>Arguments: the Redis URI, the dict's key, the multiset's key, this JVM's number {@code j}, the
 * number of threads, and the number of rounds. In round {@code i}, thread {@code t}:
 *
 * <ul>
 *   <li>merges 1 into the shared key {@code shared} and into its own key {@code own:j-t};
 *   <li>puts {@code i} at its own key {@code j-t:i} (which must have been absent) and, when {@code
 *       i % 3 == 0}, removes it again (the removed value must be {@code i});
 *   <li>claims the shared key {@code claim:i} with {@code putIfAbsent(10 * j + t)};
 *   <li>takes the shared key {@code token:i}, which the test stored beforehand, with {@code remove}
 *       (the removed value, if any, must be {@code i});
 *   <li>adds 1 to {@code x}, 3 to {@code y} and 2 to {@code pj} in the multiset.
 * </ul>
 *
 * <p>Afterwards each thread marks its even claims as released with {@code replace(k, c, -1 - c)},
 * which must succeed (a released claim stays present, so it cannot be claimed again), and the JVM
 * prints {@code done wins=W taken=T} (claims won, tokens taken) and exits 0, or prints the failure
 * and exits 1.
 */
final class DictHammer {
  private DictHammer() {}

  public static void main(String[] args) throws InterruptedException {
    String uri = args[0];
    String dictKey = args[1];
    String multisetKey = args[2];
    int jvm = Integer.parseInt(args[3]);
    int threads = Integer.parseInt(args[4]);
    int rounds = Integer.parseInt(args[5]);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicInteger wins = new AtomicInteger();
    AtomicInteger taken = new AtomicInteger();
    try (HotClient client = HotClient.create(uri)) {
      HotDict<String, Long> dict =
          HotDict.builder(String.class, Long.class).client(client).key(dictKey).build();
      HotMultiSet<String> multiset =
          HotMultiSet.builder(String.class).client(client).key(multisetKey).build();
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String me = jvm + "-" + t;
        long claimant = 10L * jvm + t;
        Thread worker =
            new Thread(
                () -> {
                  try {
                    start.await();
                    List<Integer> claimed = new ArrayList<>();
                    for (int i = 0; i < rounds; i++) {
                      dict.merge("shared", 1L, Long::sum);
                      dict.merge("own:" + me, 1L, Long::sum);
                      Long previous = dict.put(me + ":" + i, (long) i);
                      if (previous != null) {
                        throw new AssertionError(me + ":" + i + " was already " + previous);
                      }
                      if (i % 3 == 0) {
                        Long removed = dict.remove(me + ":" + i);
                        if (removed == null || removed != i) {
                          throw new AssertionError(me + ":" + i + " removed " + removed);
                        }
                      }
                      if (dict.putIfAbsent("claim:" + i, claimant) == null) {
                        claimed.add(i);
                      }
                      Long token = dict.remove("token:" + i);
                      if (token != null) {
                        if (token != i) {
                          throw new AssertionError("token:" + i + " held " + token);
                        }
                        taken.incrementAndGet();
                      }
                      multiset.add("x", 1);
                      multiset.add("y", 3);
                      multiset.add("p" + jvm, 2);
                    }
                    for (int i : claimed) {
                      wins.incrementAndGet();
                      if (i % 2 == 0 && !dict.replace("claim:" + i, claimant, -1 - claimant)) {
                        throw new AssertionError("claim:" + i + " was not " + claimant);
                      }
                    }
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
    System.out.println("done wins=" + wins.get() + " taken=" + taken.get());
  }
}
