package org.hotredis.apps.boot3;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.hotredis.concurrent.spi.ConcurrencyProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cache.CacheManager;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** The catalog's HTTP endpoints. */
@RestController
public class CatalogController {
  private final QuoteService quotes;
  private final ConcurrencyProvider concurrency;
  private final StringRedisTemplate redis;
  private final RedisConnectionFactory connections;
  private final CacheManager cacheManager;
  private final String instance;

  CatalogController(
      QuoteService quotes,
      ConcurrencyProvider concurrency,
      StringRedisTemplate redis,
      RedisConnectionFactory connections,
      CacheManager cacheManager,
      @Value("${catalog.instance}") String instance) {
    this.quotes = quotes;
    this.concurrency = concurrency;
    this.redis = redis;
    this.connections = connections;
    this.cacheManager = cacheManager;
    this.instance = instance;
  }

  /** A quote (cached) and how many quotes this instance computed so far. */
  @GetMapping("/quotes/{symbol}")
  Map<String, Object> quote(@PathVariable String symbol) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("quote", quotes.quote(symbol));
    body.put("calls", quotes.calls());
    body.put("instance", instance);
    return body;
  }

  /** How many quotes this instance computed. */
  @GetMapping("/quotes")
  Map<String, Object> calls() {
    return Map.of("calls", quotes.calls(), "instance", instance);
  }

  /**
   * Adds one to the stock counter: a read, then a write, through Spring Data Redis, made safe
   * across instances by a HOT Redis lock.
   */
  @PostMapping("/stock/{item}")
  Map<String, Object> restock(@PathVariable String item) throws InterruptedException {
    Lock lock = concurrency.reentrantLock("catalog:lock:stock:" + item);
    if (!lock.tryLock(30, TimeUnit.SECONDS)) {
      throw new ResponseStatusException(HttpStatus.CONFLICT, "stock of " + item + " is busy");
    }
    try {
      String key = "catalog:stock:" + item;
      String current = redis.opsForValue().get(key);
      long next = (current == null ? 0 : Long.parseLong(current)) + 1;
      redis.opsForValue().set(key, Long.toString(next));
      return Map.of("item", item, "stock", next);
    } finally {
      lock.unlock();
    }
  }

  /** Queues a job. */
  @PostMapping("/jobs/{queue}")
  Map<String, Object> submit(@PathVariable String queue, @RequestBody String job) {
    jobs(queue).add(job);
    return Map.of("queued", job, "instance", instance);
  }

  /** Takes a job, waiting for one at most {@code waitMillis}; 204 if none came. */
  @GetMapping("/jobs/{queue}")
  ResponseEntity<String> take(
      @PathVariable String queue, @RequestParam(defaultValue = "0") long waitMillis)
      throws InterruptedException {
    String job = jobs(queue).poll(waitMillis, TimeUnit.MILLISECONDS);
    return job == null ? ResponseEntity.noContent().build() : ResponseEntity.ok(job);
  }

  private BlockingQueue<String> jobs(String queue) {
    return concurrency.queue("catalog:jobs:" + queue, String.class);
  }

  /** Writes a value with Spring Data Redis. */
  @PutMapping("/kv/{key}")
  Map<String, Object> put(@PathVariable String key, @RequestBody String value) {
    redis.opsForValue().set("catalog:kv:" + key, value);
    return Map.of("key", key, "client", connections.getClass().getSimpleName());
  }

  /** Reads a value with Spring Data Redis. */
  @GetMapping("/kv/{key}")
  Map<String, Object> get(@PathVariable String key) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("value", redis.opsForValue().get("catalog:kv:" + key));
    body.put("client", connections.getClass().getSimpleName());
    return body;
  }

  /** Which cache manager and JCache provider serve {@code @Cacheable}. */
  @GetMapping("/caching")
  Map<String, Object> caching() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("cacheManager", cacheManager.getClass().getName());
    if (cacheManager instanceof JCacheCacheManager jcache && jcache.getCacheManager() != null) {
      body.put("provider", jcache.getCacheManager().getCachingProvider().getClass().getName());
      body.put("uri", jcache.getCacheManager().getURI().toString());
    }
    return body;
  }
}
