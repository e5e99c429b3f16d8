package org.hotredis.concurrent.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.hotredis.HotClient;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The concurrency SPI: choosing a provider by configuration, and the same code on both. */
@RedisTest
final class ConcurrencyTest {
  @TempDir Path directory;

  @AfterEach
  void clearProperty() {
    System.clearProperty(Concurrency.PROVIDER_PROPERTY);
  }

  @Test
  void provider_byName_findsBothThroughTheServiceLoader() {
    assertThat(Concurrency.provider("local")).isInstanceOf(LocalConcurrencyProvider.class);
    assertThat(Concurrency.provider("redis")).isInstanceOf(RedisConcurrencyProvider.class);
    assertThat(Concurrency.provider("local")).isSameAs(Concurrency.provider("local"));
  }

  @Test
  void provider_unknownName_throwsIllegalStateListingTheProviders() {
    assertThatThrownBy(() -> Concurrency.provider("zookeeper"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'zookeeper'")
        .hasMessageContaining("redis")
        .hasMessageContaining("local");
  }

  @Test
  void configuredName_nothingConfigured_isRedis() {
    assertThat(Concurrency.configuredName()).isEqualTo("redis");
  }

  @Test
  void configuredName_systemProperty_wins() throws IOException {
    System.setProperty(Concurrency.PROVIDER_PROPERTY, "local");
    withConfiguration(
        "provider=redis\n",
        () -> {
          assertThat(Concurrency.configuredName()).isEqualTo("local");
          assertThat(Concurrency.provider()).isInstanceOf(LocalConcurrencyProvider.class);
        });
  }

  @Test
  void configuredName_configurationFile_isReadFromTheClassPath() throws IOException {
    withConfiguration(
        "provider = local\n",
        () -> assertThat(Concurrency.provider()).isInstanceOf(LocalConcurrencyProvider.class));
  }

  @Test
  void redisProvider_configurationFileUri_isUsed(RedisDeployment redis) throws IOException {
    withConfiguration(
        "provider=redis\nuri=" + redis.uri() + "\n",
        () -> {
          Lock lock = new RedisConcurrencyProvider().lock("configured");
          lock.lock();
          try {
            assertThat(redis.execute("EXISTS", "configured")).isEqualTo(1L);
          } finally {
            lock.unlock();
          }
        });
  }

  @Test
  void localProvider_handsOutTheJdksOwnClasses() {
    LocalConcurrencyProvider local = new LocalConcurrencyProvider();
    assertThat(local.reentrantLock("a")).isInstanceOf(ReentrantLock.class);
    assertThat(local.semaphore("b", 2).getClass()).isEqualTo(Semaphore.class);
    assertThat(local.reentrantLock("a")).isSameAs(local.reentrantLock("a"));
  }

  @Test
  void names_areOneKindOfObject_forBothProviders(RedisDeployment redis) {
    try (HotClient client = HotClient.create(redis.uri())) {
      for (ConcurrencyProvider provider :
          new ConcurrencyProvider[] {
            new LocalConcurrencyProvider(), RedisConcurrencyProvider.using(client)
          }) {
        provider.lock("x");
        assertThatThrownBy(() -> provider.semaphore("x", 1))
            .as(provider.name())
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("'x' is already a lock");
        assertThat(provider.lock("x")).isSameAs(provider.lock("x"));
        assertThat(provider.boundedSemaphore("y", 2)).isSameAs(provider.boundedSemaphore("y", 2));
        assertThatThrownBy(() -> provider.boundedSemaphore("y", 3))
            .isInstanceOf(IllegalStateException.class);
      }
    }
  }

  @Test
  void sameApplicationCode_runsOnBothProviders(RedisDeployment redis) throws Exception {
    try (HotClient client = HotClient.create(redis.uri())) {
      assertThat(Inventory.run(new LocalConcurrencyProvider())).isEqualTo(Inventory.EXPECTED);
      assertThat(Inventory.run(RedisConcurrencyProvider.using(client)))
          .isEqualTo(Inventory.EXPECTED);
    }
  }

  @Test
  void queues_behaveAlikeOnBothProviders(RedisDeployment redis) throws Exception {
    try (HotClient client = HotClient.create(redis.uri())) {
      for (ConcurrencyProvider provider :
          new ConcurrencyProvider[] {
            new LocalConcurrencyProvider(), RedisConcurrencyProvider.using(client)
          }) {
        BlockingQueue<String> fifo = provider.queue("fifo", String.class, 2);
        fifo.put("a");
        fifo.put("b");
        assertThat(fifo.offer("c")).as(provider.name()).isFalse();
        assertThat(fifo.remainingCapacity()).isZero();
        assertThat(fifo.take()).isEqualTo("a");
        assertThat(provider.queue("fifo", String.class, 2)).isSameAs(fifo);
        assertThatThrownBy(() -> provider.queue("fifo", String.class, 3))
            .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> provider.queue("fifo", Integer.class, 2))
            .isInstanceOf(IllegalStateException.class);

        BlockingQueue<Integer> lifo = provider.lifoQueue("lifo", Integer.class);
        lifo.put(1);
        lifo.put(2);
        assertThat(lifo.take()).as(provider.name()).isEqualTo(2);

        BlockingQueue<String> set = provider.setQueue("set", String.class);
        assertThat(set.add("a")).isTrue();
        assertThat(set.add("a")).as(provider.name()).isFalse();
        assertThat(set.offer("a")).isFalse();
        set.put("a");
        assertThat(set).hasSize(1);
        assertThat(set.poll()).isEqualTo("a");
        assertThat(set.offer("a")).isTrue();

        BlockingQueue<String> lifoSet = provider.lifoSetQueue("lifo-set", String.class, 5);
        assertThat(lifoSet.addAll(List.of("a", "b", "a"))).isTrue();
        assertThat(lifoSet).hasSize(2);
        assertThat(lifoSet.take()).as(provider.name()).isEqualTo("b");
      }
      assertThat(redis.execute("LLEN", "fifo")).isEqualTo(1L);
    }
  }

  /** Application code written against the SPI only. */
  private static final class Inventory {
    static final int THREADS = 4;
    static final int ROUNDS = 50;
    static final String EXPECTED = "stock=" + THREADS * ROUNDS + " maxInside=1";

    private int stock;
    private int inside;
    private int maxInside;

    static String run(ConcurrencyProvider concurrency) throws InterruptedException {
      Inventory inventory = new Inventory();
      Lock lock = concurrency.reentrantLock("inventory");
      Semaphore workers = concurrency.semaphore("workers", 2);
      Thread[] threads = new Thread[THREADS];
      for (int t = 0; t < THREADS; t++) {
        threads[t] =
            new Thread(
                () -> {
                  for (int i = 0; i < ROUNDS; i++) {
                    workers.acquireUninterruptibly();
                    try {
                      lock.lock();
                      try {
                        inventory.inside++;
                        inventory.maxInside = Math.max(inventory.maxInside, inventory.inside);
                        inventory.stock++;
                        inventory.inside--;
                      } finally {
                        lock.unlock();
                      }
                    } finally {
                      workers.release();
                    }
                  }
                });
        threads[t].start();
      }
      for (Thread thread : threads) {
        thread.join();
      }
      synchronized (inventory) {
        return "stock=" + inventory.stock + " maxInside=" + inventory.maxInside;
      }
    }
  }

  /** Runs a block with a class path whose {@value Concurrency#CONFIGURATION} has some content. */
  private void withConfiguration(String content, ThrowingRunnable block) throws IOException {
    Files.writeString(directory.resolve(Concurrency.CONFIGURATION), content);
    Thread current = Thread.currentThread();
    ClassLoader previous = current.getContextClassLoader();
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {directory.toUri().toURL()}, previous)) {
      current.setContextClassLoader(loader);
      block.run();
    } finally {
      current.setContextClassLoader(previous);
    }
  }

  @FunctionalInterface
  private interface ThrowingRunnable {
    void run();
  }
}
