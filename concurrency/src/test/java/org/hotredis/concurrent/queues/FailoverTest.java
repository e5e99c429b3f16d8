package org.hotredis.concurrent.queues;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.hotredis.HotClient;
import org.hotredis.HotClientBuilder;
import org.hotredis.collections.HotList;
import org.hotredis.testing.Await;
import org.hotredis.testing.RedisSentinelGroup;
import org.hotredis.testing.RedisServer;
import org.hotredis.testing.RedisTest;
import org.hotredis.testing.SingleServerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The master of a sentinel group is killed during a stream of {@code HotList} appends and {@code
 * HotQueue} puts and takes. The client follows the promoted replica by itself; the test reports how
 * many acknowledged writes were lost and how long writes failed. Redis replicates asynchronously,
 * so without {@code WAIT} some acknowledged writes may be lost; with every write acknowledged by a
 * replica, none is.
 */
@RedisTest
@SingleServerTest
final class FailoverTest {

  /** What a run measured. */
  private record Outcome(long acknowledged, long lost, long outageMillis) {}

  @Test
  @Timeout(240)
  void masterKilled_clientFollowsThePromotedReplica() throws Exception {
    Outcome outcome = run(builder -> builder);
    System.out.printf(
        "failover without WAIT: %d acknowledged writes, %d lost, writes failed for %d ms%n",
        outcome.acknowledged(), outcome.lost(), outcome.outageMillis());
    assertThat(outcome.acknowledged()).isGreaterThan(1_000);
  }

  @Test
  @Timeout(240)
  void masterKilled_withReplicaAcknowledgement_loseNoAcknowledgedWrite() throws Exception {
    Outcome outcome = run(builder -> builder.replicaAcknowledgement(1, Duration.ofSeconds(1)));
    System.out.printf(
        "failover with WAIT 1: %d acknowledged writes, %d lost, writes failed for %d ms%n",
        outcome.acknowledged(), outcome.lost(), outcome.outageMillis());
    assertThat(outcome.acknowledged()).isGreaterThan(1_000);
    assertThat(outcome.lost()).isZero();
  }

  private interface Settings {
    HotClientBuilder apply(HotClientBuilder builder);
  }

  private static Outcome run(Settings settings) throws Exception {
    try (RedisSentinelGroup group = RedisSentinelGroup.start();
        HotClient client =
            settings
                .apply(
                    HotClient.builder()
                        .uri(group.uri())
                        .socketTimeout(Duration.ofMillis(500))
                        .connectTimeout(Duration.ofMillis(500)))
                .build()) {
      HotList<String> list = HotList.builder(String.class).client(client).key("appends").build();
      HotQueue<String> queue = HotQueue.builder(String.class).client(client).key("jobs").build();
      Set<String> acknowledged = ConcurrentHashMap.newKeySet();
      Set<String> taken = ConcurrentHashMap.newKeySet();
      AtomicLong acks = new AtomicLong();
      AtomicLong firstFailure = new AtomicLong();
      AtomicLong lastFailure = new AtomicLong();
      AtomicBoolean running = new AtomicBoolean(true);

      Thread writer =
          new Thread(
              () -> {
                for (long i = 0; running.get(); i++) {
                  String element = "e" + i;
                  try {
                    list.add(element);
                    queue.put("q" + i);
                    acknowledged.add(element);
                    acks.incrementAndGet();
                  } catch (RuntimeException | InterruptedException e) {
                    long now = System.nanoTime();
                    firstFailure.compareAndSet(0, now);
                    lastFailure.set(now);
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                  }
                }
              });
      Thread reader =
          new Thread(
              () -> {
                while (running.get()) {
                  try {
                    String element = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (element != null) {
                      taken.add(element);
                    }
                  } catch (RuntimeException | InterruptedException e) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                  }
                }
              });
      writer.start();
      reader.start();

      Await.until(Duration.ofSeconds(60), () -> acks.get() >= 500, "500 writes before the kill");
      RedisServer master = group.master();
      master.kill();
      group.awaitFailover(master);
      long before = acks.get();
      Await.until(
          Duration.ofMinutes(2), () -> acks.get() >= before + 500, "500 writes after failover");
      running.set(false);
      writer.join();
      reader.join();

      Set<String> stored = new HashSet<>(list.snapshot());
      long lostAppends = acknowledged.stream().filter(e -> !stored.contains(e)).count();
      Set<String> queued = new HashSet<>(queue.snapshot());
      long lostPuts =
          acknowledged.stream()
              .map(e -> "q" + e.substring(1))
              .filter(q -> !taken.contains(q) && !queued.contains(q))
              .count();
      long outage =
          firstFailure.get() == 0
              ? 0
              : TimeUnit.NANOSECONDS.toMillis(lastFailure.get() - firstFailure.get());
      return new Outcome(acks.get(), lostAppends + lostPuts, outage);
    }
  }
}
