package org.hotredis.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.hotredis.testing.Await;
import org.hotredis.testing.RedisServer;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle of a cache shared by several handles: each manager here has its own handle on the
 * cache in Redis, as managers in other JVMs have.
 */
@RedisTest
final class LifecycleTest {
  private CacheManager first;
  private CacheManager second;

  @BeforeEach
  void open(RedisServer server) {
    first = Managers.on(server);
    second = Managers.other(server);
  }

  @AfterEach
  void close() {
    first.close();
    second.close();
  }

  private static MutableConfiguration<String, String> strings() {
    return new MutableConfiguration<String, String>().setTypes(String.class, String.class);
  }

  @Test
  void createCache_openInAnotherHandle_attachesKeepingEntries() {
    Cache<String, String> a = first.createCache("shared", strings());
    a.put("k", "v");

    Cache<String, String> b = second.createCache("shared", strings());

    assertThat(b.get("k")).isEqualTo("v");
    b.put("k2", "v2");
    assertThat(a.get("k2")).isEqualTo("v2");
  }

  @Test
  void createCache_afterEveryHandleClosed_startsEmpty(RedisServer server) {
    Cache<String, String> a = first.createCache("fresh", strings());
    a.put("k", "v");
    first.close();

    Cache<String, String> b = second.createCache("fresh", strings());

    assertThat(b.get("k")).isNull();
    assertThat(b.iterator().hasNext()).isFalse();
    assertThat(server.execute("HLEN", "jcache:fresh")).isEqualTo(0L);
  }

  @Test
  void createCache_openElsewhereWithOtherTypes_throwsCacheException() {
    first.createCache("typed", strings());

    assertThatThrownBy(
            () ->
                second.createCache(
                    "typed",
                    new MutableConfiguration<String, Long>().setTypes(String.class, Long.class)))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("value-type=java.lang.String");
  }

  @Test
  void getCache_storedConfiguration_attachesWithoutWiping() {
    Cache<String, String> a = first.createCache("stored", strings());
    a.put("k", "v");
    first.close();

    Cache<String, String> b = second.getCache("stored", String.class, String.class);

    assertThat(b).isNotNull();
    assertThat(b.get("k")).isEqualTo("v");
  }

  @Test
  void getCache_wrongTypes_throwsClassCastException() {
    first.createCache("stored", strings());

    assertThatThrownBy(() -> second.getCache("stored", String.class, Long.class))
        .isInstanceOf(ClassCastException.class);
  }

  @Test
  void getCache_nothingStored_returnsNull() {
    assertThat(second.getCache("absent")).isNull();
    assertThat(second.getCacheNames()).isEmpty();
  }

  @Test
  void destroyCache_handleOpenElsewhere_closesItAndDeletesEverything(RedisServer server) {
    Cache<String, String> a = first.createCache("doomed", strings());
    a.put("k", "v");
    Cache<String, String> b = second.getCache("doomed", String.class, String.class);

    first.destroyCache("doomed");

    assertThat(a.isClosed()).isTrue();
    Await.until(Duration.ofSeconds(10), b::isClosed, "the other handle to close");
    assertThat(server.execute("KEYS", "*doomed*")).isEqualTo(List.of());
    assertThat(second.getCacheNames()).isEmpty();
  }

  @Test
  void close_manager_keepsTheCacheInRedis(RedisServer server) {
    Cache<String, String> a = first.createCache("kept", strings());
    a.put("k", "v");

    first.close();

    assertThat(a.isClosed()).isTrue();
    assertThat(server.execute("HGET", "jcache:kept", "k")).isEqualTo("v");
    assertThat(server.execute("HLEN", "{jcache:kept}:handles")).isEqualTo(0L);
  }
}
