package org.hotredis.jcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import org.hotredis.HotConnectionException;
import org.hotredis.jcache.configuration.HotCacheConfiguration;
import org.hotredis.jcache.configuration.ProviderSettings;
import org.hotredis.testing.Await;
import org.hotredis.testing.JvmProcess;
import org.hotredis.testing.RedisServer;
import org.hotredis.testing.RedisTest;
import org.hotredis.testing.SingleServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The near cache across processes and faults, on a private server: reader JVMs that keep entries
 * while another process writes, a subscription cut while a write happens, a server stopped and
 * restarted without its data, and a reader paused past its lease. No reader ever serves what it
 * kept across a gap it could not see. Runs in the single-server pass only.
 */
@RedisTest
@SingleServerTest
final class NearCacheFaultsTest {
  private static final Duration LEASE = Duration.ofSeconds(1);
  private static final Duration ARRIVAL = Duration.ofSeconds(15);

  private RedisServer server;
  private CacheManager writer;

  @BeforeEach
  void open() {
    server = RedisServer.start();
    writer = manager(new Properties());
  }

  @AfterEach
  void close() {
    writer.close();
    server.close();
  }

  private CacheManager manager(Properties properties) {
    properties.setProperty(ProviderSettings.LEASE, LEASE.toString());
    ClassLoader loader = new ClassLoader(NearCacheFaultsTest.class.getClassLoader()) {};
    return Managers.provider().getCacheManager(URI.create(server.uri()), loader, properties);
  }

  private Cache<String, String> strings(CacheManager manager, String name) {
    return manager.createCache(
        name, new HotCacheConfiguration<String, String>().setTypes(String.class, String.class));
  }

  private JvmProcess reader(String cache) {
    JvmProcess reader =
        JvmProcess.builder(NearReaderJvm.class).args(server.uri(), cache, LEASE.toString()).start();
    reader.awaitOutput("serving", ARRIVAL);
    return reader;
  }

  @Test
  @Timeout(120)
  void readerJvms_whileAnotherProcessWrites_neverGoBackAndEndOnTheLastValue() {
    Cache<String, String> cache = strings(writer, "counted");
    cache.put("k", "0");
    try (JvmProcess first = reader("counted");
        JvmProcess second = reader("counted")) {
      first.awaitOutput("saw 0", ARRIVAL);
      second.awaitOutput("saw 0", ARRIVAL);
      for (int i = 1; i <= 300; i++) {
        cache.put("k", Integer.toString(i));
      }

      first.awaitOutput("saw 300\n", ARRIVAL);
      second.awaitOutput("saw 300\n", ARRIVAL);
      assertThat(first.output()).doesNotContain("backwards");
      assertThat(second.output()).doesNotContain("backwards");
    }
  }

  @Test
  @Timeout(120)
  void readerPausedPastItsLease_afterItsRegistrationLapsed_readsTheWriteItMissed()
      throws InterruptedException {
    Cache<String, String> cache = strings(writer, "paused");
    cache.put("k", "before");
    try (JvmProcess reader = reader("paused")) {
      reader.awaitOutput("saw before", ARRIVAL);

      reader.pause();
      Thread.sleep(LEASE.multipliedBy(3).toMillis());
      // Another handle opening forgets the lapsed registration: the next write is published to
      // nobody.
      CacheManager third = manager(new Properties());
      try {
        third.getCache("paused", String.class, String.class);
        assertThat(server.execute("HLEN", "{jcache:paused}:listeners")).isEqualTo(0L);
        cache.put("k", "after");
      } finally {
        third.close();
      }
      reader.resume();

      reader.awaitOutput("saw after", ARRIVAL);
    }
  }

  @Test
  void subscriptionCut_writeDuringTheGap_isReadOnceTheNearCacheServesAgain() {
    Properties near = new Properties();
    near.setProperty(ProviderSettings.NEAR_CACHE_MAX_ENTRIES, "100");
    CacheManager reading = manager(near);
    try {
      Cache<String, String> theirs = strings(writer, "cut");
      theirs.put("k", "v1");
      Cache<String, String> mine = reading.getCache("cut", String.class, String.class);
      NearCache kept = mine.unwrap(HotCache.class).nearCache();
      Await.until(ARRIVAL, kept::serving, "the near cache to serve");
      assertThat(mine.get("k")).isEqualTo("v1");

      server.execute("CLIENT", "KILL", "TYPE", "pubsub");
      theirs.put("k", "v2");

      Await.until(ARRIVAL, kept::serving, "the near cache to serve again");
      assertThat(mine.get("k")).isEqualTo("v2");
    } finally {
      reading.close();
    }
  }

  @Test
  void serverStoppedThenRestartedWithoutItsData_nothingKeptIsServed() {
    Properties near = new Properties();
    near.setProperty(ProviderSettings.NEAR_CACHE_MAX_ENTRIES, "100");
    CacheManager reading = manager(near);
    try {
      strings(writer, "lost").put("k", "v1");
      Cache<String, String> mine = reading.getCache("lost", String.class, String.class);
      NearCache kept = mine.unwrap(HotCache.class).nearCache();
      Await.until(ARRIVAL, kept::serving, "the near cache to serve");
      assertThat(mine.get("k")).isEqualTo("v1");

      server.stop();
      Await.until(ARRIVAL, () -> !kept.serving(), "the near cache to stop serving");
      for (int i = 0; i < 3; i++) {
        assertThat(failsOrValue(mine)).isEqualTo("failed");
      }
      server.restart();

      Await.until(ARRIVAL, kept::serving, "the near cache to serve again");
      assertThat(mine.get("k")).isNull();
    } finally {
      reading.close();
    }
  }

  private static String failsOrValue(Cache<String, String> cache) {
    try {
      return String.valueOf(cache.get("k"));
    } catch (HotConnectionException | CacheException e) {
      return "failed";
    }
  }
}
