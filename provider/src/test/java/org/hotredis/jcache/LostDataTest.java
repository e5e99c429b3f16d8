package org.hotredis.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.hotredis.HotConnectionException;
import org.hotredis.jcache.configuration.HotCacheConfiguration;
import org.hotredis.jcache.configuration.ProviderSettings;
import org.hotredis.testing.Await;
import org.hotredis.testing.RedisServer;
import org.hotredis.testing.RedisTest;
import org.hotredis.testing.SingleServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Caches whose data Redis lost (a restart without persistence, {@code FLUSHALL}), on a private
 * server: the handles of every JVM go on with the cache, empty, instead of taking it for destroyed
 * until the application restarts; a cache that was really destroyed stays gone. Two managers under
 * different class loaders hold handles of their own, as two JVMs would. Runs in the single-server
 * pass only.
 */
@RedisTest
@SingleServerTest
final class LostDataTest {
  private static final Duration LEASE = Duration.ofSeconds(1);

  private RedisServer server;
  private CacheManager first;
  private CacheManager second;

  @BeforeEach
  void open() {
    server = RedisServer.start();
    first = manager();
    second = manager();
  }

  @AfterEach
  void close() {
    second.close();
    first.close();
    server.close();
  }

  private CacheManager manager() {
    Properties properties = new Properties();
    properties.setProperty(ProviderSettings.LEASE, LEASE.toString());
    ClassLoader loader = new ClassLoader(LostDataTest.class.getClassLoader()) {};
    return Managers.provider().getCacheManager(URI.create(server.uri()), loader, properties);
  }

  private static MutableConfiguration<String, String> strings() {
    return new MutableConfiguration<String, String>().setTypes(String.class, String.class);
  }

  /** Runs a call, again if the first one met a connection that the restart broke. */
  private static <T> T once(Supplier<T> call) {
    try {
      return call.get();
    } catch (HotConnectionException | CacheException e) {
      return call.get();
    }
  }

  @Test
  void cache_redisRestartedWithoutItsData_goesOnEmptyInEveryJvm() {
    Cache<String, String> mine = first.createCache("quotes", strings());
    Cache<String, String> theirs = second.getCache("quotes", String.class, String.class);
    mine.put("before", "1");

    server.restart();

    assertThat(once(() -> mine.get("before"))).isNull();
    once(
        () -> {
          mine.put("after", "2");
          return null;
        });
    assertThat(once(() -> theirs.get("after"))).isEqualTo("2");
    theirs.put("theirs", "3");
    assertThat(mine.get("theirs")).isEqualTo("3");
    // Renewals (every third of the lease) find the stored configuration again: nothing closes.
    long renewed = System.nanoTime();
    Await.until(
        Duration.ofSeconds(10),
        () -> System.nanoTime() - renewed > LEASE.multipliedBy(2).toNanos(),
        "two leases of renewals");
    assertThat(mine.isClosed()).isFalse();
    assertThat(theirs.isClosed()).isFalse();
    assertThat(server.execute("HGET", "{jcache:quotes}:config", "summary"))
        .isEqualTo(
            "key-type=java.lang.String value-type=java.lang.String key-codec=default"
                + " value-codec=default counter=false");
  }

  @Test
  void cache_flushedWhileIdle_renewalsReviveItBeforeAnyWrite() {
    Cache<String, String> mine = first.createCache("idle", strings());
    mine.put("k", "v");

    server.execute("FLUSHALL");

    Await.until(
        Duration.ofSeconds(10),
        () -> Long.valueOf(1).equals(server.execute("EXISTS", "{jcache:idle}:config")),
        "a renewal to store the configuration again");
    assertThat(mine.isClosed()).isFalse();
    assertThat(mine.get("k")).isNull();
    mine.put("k", "w");
    assertThat(second.getCache("idle", String.class, String.class).get("k")).isEqualTo("w");
  }

  @Test
  void shardedCache_flushed_goesOnInEveryShard() {
    Cache<String, String> mine =
        first.createCache(
            "sharded",
            new HotCacheConfiguration<String, String>()
                .setTypes(String.class, String.class)
                .setShards(4));
    for (int i = 0; i < 20; i++) {
      mine.put("k" + i, "v");
    }

    server.execute("FLUSHALL");

    for (int i = 0; i < 20; i++) {
      mine.put("k" + i, "w" + i);
    }
    Cache<String, String> theirs = second.getCache("sharded", String.class, String.class);
    for (int i = 0; i < 20; i++) {
      assertThat(theirs.get("k" + i)).isEqualTo("w" + i);
    }
    assertThat(mine.isClosed()).isFalse();
  }

  @Test
  void cache_destroyedWhileAHandleMissedTheMessage_staysGoneForThatHandle() {
    Cache<String, String> mine = first.createCache("dropped", strings());
    mine.put("k", "v");
    Object incarnation = server.execute("HGET", "{jcache:dropped}:config", "incarnation");
    // What destroyCache leaves, without the message the handle would have heard.
    for (String key :
        List.of(
            "jcache:dropped",
            "{jcache:dropped}:expiry",
            "{jcache:dropped}:handles",
            "{jcache:dropped}:listeners",
            "{jcache:dropped}:config")) {
      server.execute("DEL", key);
    }
    server.execute("HSET", "{jcache:dropped}:config", "destroyed", String.valueOf(incarnation));
    server.execute("PEXPIRE", "{jcache:dropped}:config", "60000");

    assertThatThrownBy(() -> mine.put("k", "w")).isInstanceOf(IllegalStateException.class);

    Await.until(Duration.ofSeconds(10), mine::isClosed, "the stale handle to close");
    assertThat(server.execute("EXISTS", "jcache:dropped")).isEqualTo(0L);
    assertThat(server.execute("HEXISTS", "{jcache:dropped}:config", "configuration")).isEqualTo(0L);
  }

  @Test
  void destroyCache_leavesATombstoneThatANewCreateReplaces() {
    first.createCache("recreated", strings()).put("k", "v");

    first.destroyCache("recreated");

    assertThat(server.execute("HEXISTS", "{jcache:recreated}:config", "destroyed")).isEqualTo(1L);
    assertThat((Long) server.execute("PTTL", "{jcache:recreated}:config")).isPositive();
    Cache<String, String> again = second.createCache("recreated", strings());
    assertThat(again.get("k")).isNull();
    assertThat(server.execute("HEXISTS", "{jcache:recreated}:config", "destroyed")).isEqualTo(0L);
    assertThat(server.execute("PTTL", "{jcache:recreated}:config")).isEqualTo(-1L);
  }
}
