package org.hotredis.jcache;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.hotredis.testing.Await;
import org.hotredis.testing.RedisCluster;
import org.hotredis.testing.RedisDeployment;
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
  void open(RedisDeployment redis) {
    first = Managers.on(redis);
    second = Managers.other(redis);
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
  void createCache_afterEveryHandleClosed_keepsTheEntries(RedisDeployment redis) {
    Cache<String, String> a = first.createCache("kept", strings());
    a.put("k", "v");
    first.close();

    Cache<String, String> b = second.createCache("kept", strings());

    assertThat(b.get("k")).isEqualTo("v");
    assertThat(redis.execute("HLEN", "jcache:kept")).isEqualTo(1L);
  }

  @Test
  void createCache_afterEveryHandleClosedWithOtherTypes_throwsNamingTheDifference() {
    Cache<String, String> a = first.createCache("retyped", strings());
    a.put("k", "v");
    first.close();

    assertThatThrownBy(
            () ->
                second.createCache(
                    "retyped",
                    new MutableConfiguration<String, Long>().setTypes(String.class, Long.class)))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("value-type is java.lang.String in Redis, java.lang.Long here")
        .hasMessageContaining("destroyCache");
    assertThat(second.getCache("retyped", String.class, String.class).get("k")).isEqualTo("v");
  }

  @Test
  void createCache_afterDestroyCache_startsEmpty(RedisDeployment redis) {
    Cache<String, String> a = first.createCache("fresh", strings());
    a.put("k", "v");
    first.destroyCache("fresh");

    Cache<String, String> b = second.createCache("fresh", strings());

    assertThat(b.get("k")).isNull();
    assertThat(b.iterator().hasNext()).isFalse();
    assertThat(redis.execute("HLEN", "jcache:fresh")).isEqualTo(0L);
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
        .hasMessageContaining("value-type is java.lang.String in Redis, java.lang.Long here");
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
  void destroyCache_handleOpenElsewhere_closesItAndDeletesEverythingButATombstone(
      RedisDeployment redis) {
    Cache<String, String> a = first.createCache("doomed", strings());
    a.put("k", "v");
    Cache<String, String> b = second.getCache("doomed", String.class, String.class);

    first.destroyCache("doomed");

    assertThat(a.isClosed()).isTrue();
    Await.until(Duration.ofSeconds(10), b::isClosed, "the other handle to close");
    assertThat(keys(redis, "*doomed*")).isEqualTo(List.of("{jcache:doomed}:config"));
    assertThat(redis.execute("HKEYS", "{jcache:doomed}:config")).isEqualTo(List.of("destroyed"));
    assertThat((Long) redis.execute("PTTL", "{jcache:doomed}:config")).isPositive();
    assertThat(second.getCacheNames()).isEmpty();
  }

  /** Returns the keys that match a pattern: on a cluster, those of every master. */
  private static List<Object> keys(RedisDeployment redis, String pattern) {
    List<? extends RedisDeployment> nodes =
        redis instanceof RedisCluster cluster ? cluster.masters() : List.of(redis);
    List<Object> keys = new ArrayList<>();
    for (RedisDeployment node : nodes) {
      keys.addAll((List<?>) requireNonNull(node.execute("KEYS", pattern)));
    }
    return keys;
  }

  @Test
  void close_manager_keepsTheCacheInRedis(RedisDeployment redis) {
    Cache<String, String> a = first.createCache("kept", strings());
    a.put("k", "v");

    first.close();

    assertThat(a.isClosed()).isTrue();
    assertThat(redis.execute("HGET", "jcache:kept", "k")).isEqualTo("v");
    assertThat(redis.execute("HLEN", "{jcache:kept}:handles")).isEqualTo(0L);
  }
}
