package org.hotredis.apps.boot4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hotredis.apps.boot4.Catalogs.calls;
import static org.hotredis.apps.boot4.Catalogs.health;
import static org.hotredis.apps.boot4.Catalogs.json;
import static org.hotredis.apps.boot4.Catalogs.metric;
import static org.hotredis.apps.boot4.Catalogs.noQuote;
import static org.hotredis.apps.boot4.Catalogs.object;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.hotredis.testing.Await;
import org.hotredis.testing.RedisServer;
import org.hotredis.testing.WebApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three instances of the Spring Boot 4 catalog, each its own JVM, on one private redis-server whose
 * URI only command-line properties give: one with Spring Data Redis on Lettuce, one on Jedis, one
 * whose {@code @Cacheable} caches are Caffeine's instead of HOT Redis's. They start in parallel and
 * serve every test; the health test, which stops the server, runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
final class CatalogTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String CAFFEINE =
      "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider";

  private static RedisServer redis;
  private static WebApplication lettuce;
  private static WebApplication jedis;
  private static WebApplication caffeine;

  @BeforeAll
  static void start() {
    // with an append-only file, as a production Redis has: the health test restarts it
    redis = RedisServer.builder().arg("appendonly", "yes").arg("appendfsync", "always").start();
    lettuce = Catalogs.instance("catalog-a", redis).start();
    jedis = Catalogs.instance("catalog-b", redis, "--spring.data.redis.client-type=jedis").start();
    caffeine =
        Catalogs.instance("catalog-c", redis, "--spring.cache.jcache.provider=" + CAFFEINE).start();
    WebApplication.awaitReady(Catalogs.STARTUP, List.of(lettuce, jedis, caffeine));
  }

  @AfterAll
  static void stop() {
    for (WebApplication instance : new WebApplication[] {lettuce, jedis, caffeine}) {
      if (instance != null) {
        Catalogs.saveLog(instance);
        instance.close();
      }
    }
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void cacheable_computedByOneInstance_isStoredInRedisAndServedToTheOther() {
    Map<String, Object> first = json(lettuce.get("/quotes/ACME"));
    assertThat(object(first, "quote"))
        .containsEntry("symbol", "ACME")
        .containsEntry("pricedBy", "catalog-a");
    assertThat(redis.execute("HEXISTS", "catalog:quotes", "s:ACME")).isEqualTo(1L);
    assertThat(String.valueOf(redis.execute("HGET", "catalog:quotes", "s:ACME")))
        .as("a Java-serialized Quote")
        .startsWith("j:");

    long callsBefore = calls(jedis);
    Map<String, Object> second = json(jedis.get("/quotes/ACME"));

    assertThat(object(second, "quote")).containsEntry("pricedBy", "catalog-a");
    assertThat(calls(jedis)).as("served from Redis, not computed").isEqualTo(callsBefore);
  }

  @Test
  void cacheable_nullResult_isCachedAndReadBack() {
    long callsBefore = calls(lettuce);
    Map<String, Object> first = json(lettuce.get("/quotes/unknown-1"));
    assertThat(noQuote(first)).as("%s", first).isTrue();
    assertThat(calls(lettuce)).isEqualTo(callsBefore + 1);
    assertThat(redis.execute("HEXISTS", "catalog:quotes", "s:unknown-1")).isEqualTo(1L);

    Map<String, Object> again = json(lettuce.get("/quotes/unknown-1"));
    long otherBefore = calls(jedis);
    Map<String, Object> elsewhere = json(jedis.get("/quotes/unknown-1"));

    assertThat(noQuote(again)).as("%s", again).isTrue();
    assertThat(calls(lettuce)).as("the cached null was read back").isEqualTo(callsBefore + 1);
    assertThat(noQuote(elsewhere)).as("%s", elsewhere).isTrue();
    assertThat(calls(jedis)).isEqualTo(otherBefore);
  }

  @Test
  void properties_redisUri_isTheOnlyRedisAnyInstanceTalksTo() {
    json(lettuce.get("/quotes/URI"));
    json(jedis.put("/kv/uri", "checked"));
    String clients = String.valueOf(redis.execute("CLIENT", "LIST"));

    assertThat(clients).contains("name=catalog-a", "name=catalog-b", "name=catalog-c");
    for (WebApplication instance : List.of(lettuce, jedis, caffeine)) {
      Set<Integer> ports = Catalogs.remotePorts(instance.pid());
      if (ports != null) {
        assertThat(ports).as("remote ports of %s", instance).contains(redis.port());
        assertThat(ports).as("remote ports of %s", instance).doesNotContain(6379);
      }
      assertThat(instance.output())
          .as("%s fell back to no default Redis", instance)
          .doesNotContain("localhost:6379");
    }
  }

  @Test
  void springDataRedis_lettuceAndJedis_workBesideHotRedis() {
    assertThat(json(lettuce.put("/kv/greeting", "hello")))
        .containsEntry("client", "LettuceConnectionFactory");
    assertThat(json(jedis.get("/kv/greeting")))
        .containsEntry("value", "hello")
        .containsEntry("client", "JedisConnectionFactory");
    json(jedis.put("/kv/reply", "hi"));

    assertThat(json(lettuce.get("/kv/reply"))).containsEntry("value", "hi");
    assertThat(redis.execute("GET", "catalog:kv:greeting")).isEqualTo("hello");
  }

  @Test
  void lock_twoInstancesRestocking_loseNoUpdate() throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(4);
    try {
      List<Future<HttpResponse<String>>> responses = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        WebApplication instance = i % 2 == 0 ? lettuce : jedis;
        responses.add(clients.submit(() -> instance.post("/stock/tea", "")));
      }
      for (Future<HttpResponse<String>> response : responses) {
        json(response.get(WAIT.toSeconds(), TimeUnit.SECONDS));
      }
    } finally {
      clients.shutdownNow();
    }

    assertThat(redis.execute("GET", "catalog:stock:tea"))
        .as("60 read-then-write increments under the lock")
        .isEqualTo("60");
  }

  @Test
  void queue_jobSubmittedOnOneInstance_isTakenByAWaiterOnTheOther() throws Exception {
    CompletableFuture<HttpResponse<String>> waiting = jedis.getAsync("/jobs/mail?waitMillis=60000");
    Await.until(
        WAIT,
        () -> metric(jedis, "hotredis.queue.waiters", "VALUE", "key:catalog:jobs:mail") == 1.0,
        "a thread of catalog-b waiting on the queue");

    json(lettuce.post("/jobs/mail", "job-1"));

    HttpResponse<String> taken = waiting.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(taken.statusCode()).isEqualTo(200);
    assertThat(taken.body()).isEqualTo("job-1");
    assertThat(metric(jedis, "hotredis.queue.waiters", "VALUE", "key:catalog:jobs:mail")).isZero();
  }

  @Test
  void metrics_underLoad_cacheLockAndQueueMetersMove() {
    json(lettuce.get("/quotes/LOAD"));
    json(lettuce.post("/stock/coffee", ""));
    json(lettuce.post("/jobs/metered", "warm-up"));
    @SuppressWarnings("unchecked")
    List<String> names = (List<String>) json(lettuce.get("/actuator/metrics")).get("names");
    assertThat(names)
        .contains(
            "cache.gets",
            "cache.puts",
            "hotredis.lock.wait",
            "hotredis.lock.held",
            "hotredis.queue.size",
            "hotredis.queue.waiters");

    double hits = metric(lettuce, "cache.gets", "COUNT", "cache:quotes", "result:hit");
    double misses = metric(lettuce, "cache.gets", "COUNT", "cache:quotes", "result:miss");
    double puts = metric(lettuce, "cache.puts", "COUNT", "cache:quotes");
    double held = metric(lettuce, "hotredis.lock.held", "COUNT", "key:catalog:lock:stock:coffee");
    for (int i = 0; i < 10; i++) {
      json(lettuce.get("/quotes/LOAD"));
    }
    json(lettuce.get("/quotes/LOAD-2"));
    for (int i = 0; i < 5; i++) {
      json(lettuce.post("/stock/coffee", ""));
    }
    json(lettuce.post("/jobs/metered", "a"));
    json(lettuce.post("/jobs/metered", "b"));

    assertThat(metric(lettuce, "cache.gets", "COUNT", "cache:quotes", "result:hit"))
        .isEqualTo(hits + 10);
    assertThat(metric(lettuce, "cache.gets", "COUNT", "cache:quotes", "result:miss"))
        .isEqualTo(misses + 1);
    assertThat(metric(lettuce, "cache.puts", "COUNT", "cache:quotes")).isEqualTo(puts + 1);
    assertThat(metric(lettuce, "hotredis.lock.held", "COUNT", "key:catalog:lock:stock:coffee"))
        .isEqualTo(held + 5);
    assertThat(metric(lettuce, "hotredis.lock.wait", "COUNT", "key:catalog:lock:stock:coffee"))
        .isEqualTo(held + 5);
    assertThat(metric(lettuce, "hotredis.queue.size", "VALUE", "key:catalog:jobs:metered"))
        .as("one round trip per reading: the queue's length in Redis")
        .isEqualTo(3.0);
    assertThat(redis.execute("LLEN", "catalog:jobs:metered")).isEqualTo(3L);
  }

  @Test
  void caffeineProvider_chosenByProperty_cachesInTheJvmNotInRedis() {
    assertThat(json(caffeine.get("/caching"))).containsEntry("provider", CAFFEINE);
    assertThat(json(lettuce.get("/caching")))
        .containsEntry("provider", "org.hotredis.jcache.spi.HotCachingProvider");

    long before = calls(caffeine);
    json(caffeine.get("/quotes/CAFFEINE"));
    json(caffeine.get("/quotes/CAFFEINE"));

    assertThat(calls(caffeine)).as("computed once, then cached").isEqualTo(before + 1);
    assertThat(redis.execute("HEXISTS", "catalog:quotes", "s:CAFFEINE")).isEqualTo(0L);
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void health_redisStopsAndReturns_isDownThenUp() {
    assertThat(health(lettuce)).isEqualTo("UP");
    assertThat(health(jedis)).isEqualTo("UP");
    json(lettuce.get("/quotes/BEFORE"));
    long calls = calls(lettuce);

    redis.stop();
    Await.until(WAIT, () -> health(lettuce).equals("DOWN"), "catalog-a to report DOWN");
    Await.until(WAIT, () -> health(jedis).equals("DOWN"), "catalog-b to report DOWN");

    redis.restart();
    Await.until(WAIT, () -> health(lettuce).equals("UP"), "catalog-a to report UP again");
    Await.until(WAIT, () -> health(jedis).equals("UP"), "catalog-b to report UP again");
    assertThat(object(json(lettuce.get("/quotes/BEFORE")), "quote"))
        .containsEntry("symbol", "BEFORE");
    json(lettuce.get("/quotes/AFTER"));
    assertThat(calls(lettuce))
        .as("the entry cached before the restart is served, a new one is computed")
        .isEqualTo(calls + 1);
    assertThat(redis.execute("HEXISTS", "catalog:quotes", "s:AFTER")).isEqualTo(1L);
  }
}
