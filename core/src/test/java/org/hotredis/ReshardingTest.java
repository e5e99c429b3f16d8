package org.hotredis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.hotredis.collections.HotDict;
import org.hotredis.collections.HotList;
import org.hotredis.numbers.HotInt;
import org.hotredis.testing.RedisCluster;
import org.hotredis.testing.RedisServer;
import org.hotredis.testing.RedisTest;
import org.hotredis.testing.SingleServerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Slots move between masters while clients write to objects in them: every operation either
 * succeeds with the right result or fails with an exception, and the final state is exactly what
 * the successful operations imply.
 */
@RedisTest
@SingleServerTest
final class ReshardingTest {

  @Test
  @Timeout(300)
  void slotMovesBackAndForth_whileClientsWrite_noWrongResult() throws Exception {
    try (RedisCluster cluster = RedisCluster.start();
        HotClient client = HotClient.create(cluster.uri())) {
      HotList<String> list = HotList.builder(String.class).client(client).key("{r}list").build();
      HotDict<String, Long> dict =
          HotDict.builder(String.class, Long.class).client(client).key("{r}dict").build();
      HotInt counter = HotInt.builder().client(client).key("{r}counter").build();
      int slot = cluster.slot("{r}list");
      RedisServer home = cluster.masterOf(slot);
      for (int i = 0; i < 3000; i++) { // so that each move takes a while and clients see ASK
        home.execute("SET", "{r}filler:" + i, "x");
      }

      AtomicBoolean running = new AtomicBoolean(true);
      AtomicLong appended = new AtomicLong();
      AtomicLong inserted = new AtomicLong();
      AtomicLong increments = new AtomicLong();
      Map<String, Long> merged = new ConcurrentHashMap<>();
      List<Throwable> failures = new CopyOnWriteArrayList<>();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        String name = "t" + t;
        Thread thread =
            new Thread(
                () -> {
                  for (long i = 0; running.get(); i++) {
                    try {
                      list.add(name + ":" + i);
                      appended.incrementAndGet();
                      list.add(0, name + ":i" + i); // a script over the list and its scratch key
                      inserted.incrementAndGet();
                      long value = counter.incrementAndGet();
                      assertThat(value).isPositive();
                      increments.incrementAndGet();
                      dict.merge(name, 1L, Long::sum);
                      merged.merge(name, 1L, Long::sum);
                    } catch (RuntimeException e) {
                      failures.add(e);
                    }
                  }
                });
        threads.add(thread);
        thread.start();
      }
      RedisServer away =
          cluster.masters().stream().filter(m -> m.port() != home.port()).findFirst().get();
      for (int move = 0; move < 6; move++) {
        Thread.sleep(200);
        cluster.moveSlot(slot, move % 2 == 0 ? away : home);
      }
      Thread.sleep(200);
      running.set(false);
      for (Thread thread : threads) {
        thread.join();
      }

      System.out.printf(
          "resharding: %d appends, %d inserts, %d increments, %d failed operations%n",
          appended.get(), inserted.get(), increments.get(), failures.size());
      assertThat(failures).as("operations that failed during the moves").isEmpty();
      assertThat(inserted.get()).as("operations while the slot moved").isGreaterThan(100);
      assertThat(list.longSize()).isEqualTo(appended.get() + inserted.get());
      assertThat(counter.get()).isEqualTo(increments.get());
      assertThat(dict.snapshot()).isEqualTo(merged);
    }
  }
}
