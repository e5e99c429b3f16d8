package org.hotredis.concurrent.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hotredis.Deferred;
import org.hotredis.HotClient;
import org.hotredis.HotRedisException;
import org.hotredis.HotTransaction;
import org.hotredis.HotWrongTypeException;
import org.hotredis.concurrent.HotConcurrency;
import org.hotredis.concurrent.locks.ContractThreads;
import org.hotredis.testing.Await;
import org.hotredis.testing.JvmProcess;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What {@link HotRateLimiter} adds to the rate limiter's contract (which {@code
 * RateLimiterContractTest} checks on both providers): exactness across processes, timed by Redis's
 * clock; a process killed on its reservation; foreign data; deletion; transactions.
 */
@RedisTest
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class HotRateLimiterTest {
  private static final Duration STARTUP = Duration.ofMinutes(1);
  private static final Duration HOUR = Duration.ofHours(1);

  private HotClient client;
  private ContractThreads threads;
  private final List<JvmProcess> children = new ArrayList<>();

  @BeforeEach
  void open(RedisDeployment redis) {
    client = HotClient.create(redis.uri());
    threads = new ContractThreads();
  }

  @AfterEach
  void close() {
    try {
      threads.close();
    } finally {
      children.forEach(JvmProcess::close);
      client.close();
    }
  }

  private HotRateLimiter limiter(String key, long permits, Duration period, long burst) {
    return HotRateLimiter.builder(permits, period).burst(burst).client(client).key(key).build();
  }

  private static long redisMicros(RedisDeployment redis) {
    List<?> time = (List<?>) redis.execute("TIME");
    return Long.parseLong((String) time.get(0)) * 1_000_000 + Long.parseLong((String) time.get(1));
  }

  @Test
  void acquire_fourJvmsOfFourThreads_neverMoreThanBurstPlusRateTimesElapsed(RedisDeployment redis) {
    long permits = 500;
    long periodMillis = 1000;
    long burst = 50;
    int rounds = 40;
    limiter("api", permits, Duration.ofMillis(periodMillis), burst);
    for (int i = 0; i < 4; i++) {
      children.add(
          JvmProcess.builder(RateWorker.class)
              .args(
                  redis.uri(),
                  "api",
                  Long.toString(permits),
                  Long.toString(periodMillis),
                  Long.toString(burst),
                  "grants",
                  "4",
                  Integer.toString(rounds))
              .start());
    }
    for (JvmProcess child : children) {
      child.awaitOutput("ready", STARTUP);
    }
    // Nothing is granted before the start key is set, and the bucket then holds at most the burst.
    long start = redisMicros(redis);
    redis.execute("SET", "start", "1");
    for (JvmProcess child : children) {
      assertThat(child.waitFor(Duration.ofMinutes(4))).as(child.output()).isZero();
    }

    List<?> entries = (List<?>) redis.execute("XRANGE", "grants", "-", "+");
    // Each thread of each JVM: rounds grants; thread 1 of each takes 2 permits a grant.
    assertThat(entries).hasSize(4 * 4 * rounds);
    long granted = 0;
    long periodMicros = periodMillis * 1000;
    for (Object entry : entries) {
      List<?> fields = (List<?>) entry;
      String id = (String) fields.get(0);
      granted += Long.parseLong((String) ((List<?>) fields.get(1)).get(1));
      // The id is Redis's clock in ms when the grant was recorded, after it was granted: every
      // grant up to this one happened before the end of that millisecond.
      long recordedBefore = (Long.parseLong(id.substring(0, id.indexOf('-'))) + 1) * 1000;
      long elapsed = recordedBefore - start;
      assertThat(granted * periodMicros)
          .as("permits granted by %d us after the start (%d permits)", elapsed, granted)
          .isLessThanOrEqualTo(burst * periodMicros + permits * elapsed);
    }
    assertThat(granted).isEqualTo(4L * rounds * 5);
  }

  @Test
  void acquire_jvmKilledOnItsReservation_othersLoseNothing(RedisDeployment redis) throws Exception {
    // A permit every 5 s: each reservation below is watched for seconds, longer than a stall of a
    // busy machine.
    HotRateLimiter limiter = limiter("killed", 1, Duration.ofSeconds(5), 1);
    assertThat(limiter.tryAcquire()).isTrue();
    JvmProcess killed =
        JvmProcess.builder(RateWorker.class)
            .args(redis.uri(), "killed", "1", "5000", "1", "reserve", "1", "1")
            .start();
    children.add(killed);
    killed.awaitOutput("waiting", STARTUP);
    Await.until(
        ContractThreads.GUARD, () -> limiter.availablePermits() == -1, "the child's reservation");
    killed.kill();
    assertThat(killed.output()).as("killed while it waited").doesNotContain("acquired");

    // The dead process's permit stays spent; the next caller waits behind it and gets its own.
    Thread waiter =
        threads.start(() -> assertThat(limiter.tryAcquire(1, 1, TimeUnit.MINUTES)).isTrue());
    Await.until(
        ContractThreads.GUARD, () -> limiter.availablePermits() == -2, "the next reservation");
    threads.awaitTermination(waiter);
    assertThat(limiter.tryAcquire()).isFalse();
    Await.until(
        ContractThreads.GUARD, () -> limiter.availablePermits() == 1, "the bucket to refill");
    assertThat(redis.execute("EXISTS", "killed")).isEqualTo(1L);
    assertThat(limiter.storedKeys().keys()).containsExactly("killed");
  }

  @Test
  void acquire_reservationsOfTwoClients_servedInTheOrderTheyReserved(RedisDeployment redis)
      throws Exception {
    try (HotClient other = HotClient.create(redis.uri())) {
      // A permit every 5 s: the second reservation is watched while the first waits.
      HotRateLimiter mine = limiter("order", 1, Duration.ofSeconds(5), 1);
      HotRateLimiter theirs =
          HotRateLimiter.builder(1, Duration.ofSeconds(5))
              .burst(1)
              .client(other)
              .key("order")
              .build();
      assertThat(mine.tryAcquire()).isTrue();
      List<String> served = Collections.synchronizedList(new ArrayList<>());
      Thread first =
          threads.start(
              () -> {
                mine.acquire();
                served.add("first");
              });
      Await.until(ContractThreads.GUARD, () -> mine.availablePermits() == -1, "the first");
      Thread second =
          threads.start(
              () -> {
                theirs.acquire();
                served.add("second");
              });
      Await.until(ContractThreads.GUARD, () -> mine.availablePermits() == -2, "the second");
      threads.awaitTermination(first);
      threads.awaitTermination(second);
      assertThat(served).containsExactly("first", "second");
    }
  }

  @Test
  void create_storesTheSettingsAndAFullBucket(RedisDeployment redis) {
    HotRateLimiter limiter =
        HotConcurrency.on(client).rateLimiter("settings", 100, Duration.ofSeconds(1));
    assertThat(redis.execute("HMGET", "settings", "permits", "period", "burst", "unit", "refill"))
        .isEqualTo(List.of("100", "1000000", "100", "10000", "1"));
    assertThat(redis.execute("HGET", "settings", "level")).isEqualTo("1000000");
    assertThat(limiter.availablePermits()).isEqualTo(100);
    assertThatThrownBy(() -> limiter("settings", 100, Duration.ofSeconds(1), 99))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("burst of 100")
        .hasMessageContaining("'settings'");
  }

  @Test
  void delete_removesTheBucket_nextUseStartsFull(RedisDeployment redis) {
    HotRateLimiter limiter = limiter("deleted", 1, HOUR, 2);
    assertThat(limiter.tryAcquire(2)).isTrue();
    assertThat(limiter.delete()).isTrue();
    assertThat(redis.execute("EXISTS", "deleted")).isEqualTo(0L);
    assertThat(limiter.availablePermits()).as("absent reads as full").isEqualTo(2);
    assertThat(limiter.tryAcquire()).isTrue();
    assertThat(limiter.availablePermits()).isEqualTo(1);
    assertThat(redis.execute("HGET", "deleted", "burst")).isEqualTo("2");
  }

  @Test
  void foreignData_clearErrorsNamingTheKeyAndNothingChanged(RedisDeployment redis) {
    redis.execute("SET", "a-string", "x");
    assertThatThrownBy(() -> limiter("a-string", 1, HOUR, 1))
        .isInstanceOf(HotWrongTypeException.class)
        .hasMessageContaining("a-string");
    assertThat(redis.execute("GET", "a-string")).isEqualTo("x");

    redis.execute("HSET", "a-hash", "f", "v");
    assertThatThrownBy(() -> limiter("a-hash", 1, HOUR, 1))
        .isInstanceOf(HotRedisException.class)
        .hasMessageContaining("'a-hash'")
        .hasMessageContaining("not a rate limiter")
        .hasMessageContaining("delete()");
    assertThat(redis.execute("HGETALL", "a-hash")).isEqualTo(List.of("f", "v"));

    HotRateLimiter limiter = limiter("corrupt", 1, HOUR, 1);
    redis.execute("HSET", "corrupt", "level", "many");
    for (ContractThreads.Action call :
        List.<ContractThreads.Action>of(
            limiter::tryAcquire,
            limiter::acquire,
            () -> limiter.tryAcquire(1, 1, TimeUnit.SECONDS),
            limiter::availablePermits)) {
      assertThatThrownBy(call::run)
          .isInstanceOf(HotRedisException.class)
          .hasMessageContaining("'corrupt'")
          .hasMessageContaining("\"many\"");
    }
    assertThat(redis.execute("HGET", "corrupt", "level")).isEqualTo("many");

    redis.execute("HSET", "corrupt", "level", "5000000000000000");
    assertThatThrownBy(limiter::tryAcquire)
        .isInstanceOf(HotRedisException.class)
        .hasMessageContaining("outside its bounds");
    redis.execute("HSET", "corrupt", "level", "0", "unit", "0");
    assertThatThrownBy(limiter::tryAcquire)
        .isInstanceOf(HotRedisException.class)
        .hasMessageContaining("field unit is \"0\"");
    assertThat(limiter.delete()).isTrue();
    assertThat(limiter.tryAcquire()).isTrue();
  }

  @Test
  void transaction_tryAcquireThroughDefer_waitingRefused() throws Exception {
    HotRateLimiter limiter = limiter("{t}limiter", 1, HOUR, 1);
    Deferred<Boolean> first;
    Deferred<Boolean> second;
    try (HotTransaction tx = client.transaction()) {
      first = tx.defer(limiter::tryAcquire);
      second = tx.defer(() -> limiter.tryAcquire(1));
      assertThatThrownBy(limiter::acquire).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> limiter.tryAcquire(1, 1, TimeUnit.SECONDS))
          .isInstanceOf(IllegalStateException.class);
      tx.commit();
    }
    assertThat(first.get()).isTrue();
    assertThat(second.get()).isFalse();
  }
}
