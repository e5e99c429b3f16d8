package org.hotredis.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;
import org.hotredis.jcache.configuration.HotCacheConfiguration;
import org.hotredis.testing.Await;
import org.hotredis.testing.JvmProcess;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisServer;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Write-through from several JVMs: the writer call and the cache's write of a key happen under the
 * key's write lease, so the cache and the system of record agree once writes stop.
 */
@RedisTest
final class WriteThroughTest {
  private static final Duration EXIT = Duration.ofMinutes(4);

  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable closeable : opened) {
      closeable.close();
    }
  }

  /** The configuration every JVM opens the cache with: its writer records in the given server. */
  static HotCacheConfiguration<String, String> configuration(String recordUri) {
    return new HotCacheConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setWriteThrough(true)
        .setCacheWriterFactory(FactoryBuilder.factoryOf(new RecordingWriter(recordUri, "records")));
  }

  @Test
  @Timeout(600)
  void writeThrough_fourJvmsWritingTheSameKeys_cacheAgreesWithTheSystemOfRecord(
      RedisDeployment redis) {
    RedisServer records = open(RedisServer.start());
    CacheManager manager = open(manager(redis));
    Cache<String, String> cache = manager.createCache("ledger", configuration(records.uri()));
    int jvms = 4;
    int threads = 4;
    int rounds = 25;
    int keys = 8;

    List<String> disagreements = new ArrayList<>();
    List<JvmProcess> children = new ArrayList<>();
    try {
      for (int jvm = 0; jvm < jvms; jvm++) {
        children.add(
            JvmProcess.builder(WriteThroughJvm.class)
                .args(
                    redis.uri(),
                    records.uri(),
                    "ledger",
                    "PT30S",
                    "hammer",
                    Integer.toString(jvm),
                    Integer.toString(threads),
                    Integer.toString(rounds),
                    "2",
                    Integer.toString(keys))
                .start());
      }
      String[] start = new String[2 + jvms * threads];
      Arrays.fill(start, "go");
      start[0] = "RPUSH";
      for (int round = 0; round < rounds; round++) {
        // Every thread of every JVM writes at once; then, while no one writes, compare.
        start[1] = "go:" + round;
        records.execute(start);
        String done = "done:" + round;
        String all = String.valueOf(jvms * threads);
        Await.until(
            EXIT,
            () ->
                all.equals(records.execute("GET", done))
                    || children.stream() // a child that failed (one that is done may exit)
                        .anyMatch(child -> !child.isAlive() && !child.output().contains("done")),
            "round " + round + " to end");
        assertThat(records.execute("GET", done))
            .as("threads done with round %d; children said %s", round, outputs(children))
            .isEqualTo(all);
        for (int k = 0; k < keys; k++) {
          String key = "k" + k;
          Object recorded = records.execute("HGET", "records", key);
          String cached = cache.get(key);
          if (!Objects.equals(recorded, cached)) {
            disagreements.add(
                "round " + round + ", " + key + ": cache " + cached + ", recorded " + recorded);
          }
        }
      }
      for (JvmProcess child : children) {
        assertThat(child.waitFor(EXIT)).as(child.output()).isZero();
        assertThat(child.output()).contains("done");
      }
    } finally {
      children.forEach(JvmProcess::close);
    }

    assertThat(disagreements).isEmpty();
  }

  @Test
  @Timeout(120)
  void put_jvmDiedHoldingTheKeysWriteLease_waitsThenWritesOnceTheLeaseLapses(
      RedisDeployment redis) {
    RedisServer records = open(RedisServer.start());
    CacheManager manager = open(manager(redis));
    Cache<String, String> cache = manager.createCache("held", configuration(records.uri()));
    try (JvmProcess stalling =
        JvmProcess.builder(WriteThroughJvm.class)
            .args(redis.uri(), records.uri(), "held", "PT1S", "stall", "k")
            .start()) {
      stalling.awaitOutput("stalled", EXIT);

      WaitingPut put = WaitingPut.start(() -> cache.put("k", "after"));
      put.awaitBlockedOrDone();
      assertThat(put.isDone()).as("the put waits while the other JVM holds the key").isFalse();

      stalling.kill();
      put.join(Duration.ofSeconds(30));
    }

    assertThat(cache.get("k")).isEqualTo("after");
    assertThat(records.execute("HGET", "records", "k")).isEqualTo("after");
  }

  @Test
  @Timeout(120)
  void put_writerThrowsWhileAnotherJvmWaits_writesNothingAndTheOtherWriteProceeds(
      RedisDeployment redis) throws Exception {
    GateWriter.reset();
    HotCacheConfiguration<String, String> configuration =
        new HotCacheConfiguration<String, String>()
            .setTypes(String.class, String.class)
            .setWriteThrough(true)
            .setCacheWriterFactory(FactoryBuilder.factoryOf(GateWriter.class));
    Cache<String, String> first = open(manager(redis)).createCache("gated", configuration);
    Cache<String, String> second = open(separate(redis)).createCache("gated", configuration);

    WaitingPut failing = WaitingPut.start(() -> first.put("k", "slow-fail"));
    Await.until(
        Duration.ofSeconds(10),
        () -> GateWriter.CALLS.contains("start slow-fail"),
        "the first writer to start");
    WaitingPut waiting = WaitingPut.start(() -> second.put("k", "b"));
    waiting.awaitBlockedOrDone();
    assertThat(GateWriter.CALLS)
        .as("writer calls while the first holds the key")
        .containsExactly("start slow-fail");

    GateWriter.GATE.countDown();

    assertThatThrownBy(() -> failing.join(Duration.ofSeconds(30)))
        .hasRootCauseInstanceOf(CacheWriterException.class);
    waiting.join(Duration.ofSeconds(30));
    assertThat(GateWriter.CALLS).containsExactly("start slow-fail", "fail slow-fail", "start b");
    assertThat(first.get("k")).isEqualTo("b");
  }

  private static List<String> outputs(List<JvmProcess> children) {
    List<String> outputs = new ArrayList<>();
    children.forEach(child -> outputs.add(child.output()));
    return outputs;
  }

  private <T extends AutoCloseable> T open(T closeable) {
    opened.add(closeable);
    return closeable;
  }

  private static CacheManager manager(RedisDeployment redis) {
    return Managers.provider()
        .getCacheManager(
            URI.create(redis.uri()), WriteThroughTest.class.getClassLoader(), new Properties());
  }

  /** A manager with a handle of its own, as another JVM would have. */
  private static CacheManager separate(RedisDeployment redis) {
    ClassLoader loader = new ClassLoader(WriteThroughTest.class.getClassLoader()) {};
    return Managers.provider().getCacheManager(URI.create(redis.uri()), loader, new Properties());
  }

  /** A put on a thread of its own, which a test can see waiting for a key's write lease. */
  private static final class WaitingPut {
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final Thread thread;

    private WaitingPut(Runnable put) {
      this.thread =
          new Thread(
              () -> {
                try {
                  put.run();
                  done.complete(null);
                } catch (Throwable e) {
                  done.completeExceptionally(e);
                }
              },
              "waiting-put");
    }

    static WaitingPut start(Runnable put) {
      WaitingPut waiting = new WaitingPut(put);
      waiting.thread.start();
      return waiting;
    }

    /** Waits until the put is done, or parked in the provider waiting for a key's write lease. */
    void awaitBlockedOrDone() {
      Await.until(
          Duration.ofSeconds(10),
          () -> done.isDone() || waitsForALease(),
          "the put to wait for the key or to finish");
    }

    private boolean waitsForALease() {
      Thread.State state = thread.getState();
      if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) {
        return false;
      }
      for (StackTraceElement frame : thread.getStackTrace()) {
        if (frame.getClassName().startsWith("org.hotredis.jcache.WriteLeases")) {
          return true;
        }
      }
      return false;
    }

    boolean isDone() {
      return done.isDone();
    }

    void join(Duration timeout) {
      Await.until(timeout, done::isDone, "the put to finish");
      done.join();
    }
  }

  /**
   * A writer whose calls a test orders: a value starting with {@code slow} waits for {@link #GATE};
   * a value containing {@code fail} then fails.
   */
  public static final class GateWriter implements CacheWriter<String, String> {
    static final List<String> CALLS = new CopyOnWriteArrayList<>();
    static volatile CountDownLatch GATE = new CountDownLatch(1);

    static void reset() {
      CALLS.clear();
      GATE = new CountDownLatch(1);
    }

    @Override
    public void write(Cache.Entry<? extends String, ? extends String> entry) {
      String value = entry.getValue();
      CALLS.add("start " + value);
      if (value.startsWith("slow")) {
        try {
          GATE.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new CacheWriterException(e);
        }
      }
      if (value.contains("fail")) {
        CALLS.add("fail " + value);
        throw new CacheWriterException("refused " + value);
      }
    }

    @Override
    public void writeAll(Collection<Cache.Entry<? extends String, ? extends String>> entries) {
      for (Cache.Entry<? extends String, ? extends String> entry : List.copyOf(entries)) {
        write(entry);
        entries.remove(entry);
      }
    }

    @Override
    public void delete(Object key) {}

    @Override
    public void deleteAll(Collection<?> keys) {
      keys.clear();
    }
  }
}
