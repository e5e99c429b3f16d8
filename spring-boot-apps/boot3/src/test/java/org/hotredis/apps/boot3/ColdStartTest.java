package org.hotredis.apps.boot3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hotredis.apps.boot3.Catalogs.calls;
import static org.hotredis.apps.boot3.Catalogs.json;
import static org.hotredis.apps.boot3.Catalogs.noQuote;
import static org.hotredis.apps.boot3.Catalogs.object;

import java.util.List;
import java.util.Map;
import org.hotredis.testing.RedisServer;
import org.hotredis.testing.WebApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A cache's entries live in Redis, not in the instances: both instances of the catalog stop (a
 * graceful stop, as a deployment does), start again cold, and find every entry, nulls included,
 * without computing anything. Once with the cache declared in {@code hotredis.jcache.cache.*} only,
 * once also named in {@code spring.cache.cache-names} (for which Spring Boot calls {@code
 * createCache} at start-up).
 */
final class ColdStartTest {
  private static final List<String> FIRST = List.of("ALPHA", "BETA", "unknown-A");
  private static final List<String> SECOND = List.of("GAMMA", "unknown-B");

  private RedisServer redis;

  @BeforeEach
  void startRedis() {
    redis = RedisServer.start();
  }

  @AfterEach
  void stopRedis() {
    redis.close();
  }

  @Test
  void restart_declaredCache_keepsEveryEntry() {
    restart_bothInstances_keepEveryEntry();
  }

  @Test
  void restart_cacheAlsoInSpringCacheNames_keepsEveryEntry() {
    restart_bothInstances_keepEveryEntry("--spring.cache.cache-names=quotes");
  }

  private void restart_bothInstances_keepEveryEntry(String... args) {
    List<WebApplication> first = startBoth(args);
    try {
      for (String symbol : FIRST) {
        json(first.get(0).get("/quotes/" + symbol));
      }
      for (String symbol : SECOND) {
        json(first.get(1).get("/quotes/" + symbol));
      }
      assertThat(calls(first.get(0))).isEqualTo(FIRST.size());
      assertThat(calls(first.get(1))).isEqualTo(SECOND.size());
      stopBoth(first);
    } finally {
      first.forEach(Catalogs::saveLog);
      first.forEach(WebApplication::close);
    }
    assertThat(redis.execute("HLEN", "catalog:quotes"))
        .as("the entries stay in Redis while no instance runs")
        .isEqualTo((long) (FIRST.size() + SECOND.size()));

    List<WebApplication> second = startBoth(args);
    try {
      assertThat(redis.execute("HLEN", "catalog:quotes"))
          .as("the entries after both instances started again, before any request")
          .isEqualTo((long) (FIRST.size() + SECOND.size()));
      for (WebApplication instance : second) {
        for (String symbol : FIRST) {
          Map<String, Object> quote = json(instance.get("/quotes/" + symbol));
          if (symbol.startsWith("unknown")) {
            assertThat(noQuote(quote)).as("%s", quote).isTrue();
          } else {
            assertThat(object(quote, "quote")).containsEntry("pricedBy", "catalog-1");
          }
        }
        for (String symbol : SECOND) {
          Map<String, Object> quote = json(instance.get("/quotes/" + symbol));
          if (!symbol.startsWith("unknown")) {
            assertThat(object(quote, "quote")).containsEntry("pricedBy", "catalog-2");
          }
        }
        assertThat(calls(instance))
            .as("%s computed nothing: every entry survived the cold start", instance)
            .isZero();
      }
      stopBoth(second);
    } finally {
      second.forEach(Catalogs::saveLog);
      second.forEach(WebApplication::close);
    }
  }

  private List<WebApplication> startBoth(String... args) {
    List<WebApplication> instances =
        List.of(
            Catalogs.instance("catalog-1", redis, args).start(),
            Catalogs.instance("catalog-2", redis, args).start());
    try {
      WebApplication.awaitReady(Catalogs.STARTUP, instances);
    } catch (RuntimeException | Error e) {
      instances.forEach(WebApplication::close);
      throw e;
    }
    return instances;
  }

  private static void stopBoth(List<WebApplication> instances) {
    instances.forEach(instance -> instance.stop(Catalogs.SHUTDOWN));
  }
}
