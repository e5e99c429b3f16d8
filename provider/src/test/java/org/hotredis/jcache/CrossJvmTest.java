package org.hotredis.jcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import org.hotredis.jcache.configuration.HotCacheConfiguration;
import org.hotredis.testing.JvmProcess;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One cache used by several JVMs: entry processors, events and configuration. */
@RedisTest
final class CrossJvmTest {
  private static final int JVMS = 4;
  private static final int THREADS = 4;
  private static final int TOTAL = 10_000;
  private static final Duration EXIT = Duration.ofMinutes(3);

  private CacheManager manager;

  @BeforeEach
  void open(RedisDeployment redis) {
    manager = Managers.on(redis);
  }

  @AfterEach
  void close() {
    manager.close();
  }

  /** The configuration JVM A creates {@code scores} with, and JVM B expects to find. */
  static HotCacheConfiguration<String, Long> scoresConfiguration() {
    return new HotCacheConfiguration<String, Long>()
        .setTypes(String.class, Long.class)
        .setDefaultFactory(new Hundred())
        .setExpiryPolicyFactory(
            ModifiedExpiryPolicy.factoryOf(new javax.cache.expiry.Duration(TimeUnit.MINUTES, 10)));
  }

  @Test
  @Timeout(300)
  void invoke_genericProcessorFromFourJvmsOfFourThreads_losesNoUpdate(RedisDeployment redis) {
    Cache<String, Long> cache =
        manager.createCache(
            "generic", new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));

    hammer(redis, "generic", "generic");

    assertThat(cache.get("counter")).isEqualTo(TOTAL);
  }

  @Test
  @Timeout(300)
  void invoke_builtinIncrementFromFourJvmsOfFourThreads_isExactWithOneHincrbyEach(
      RedisDeployment redis) {
    Cache<String, Long> cache =
        manager.createCache(
            "visits",
            new HotCacheConfiguration<String, Long>()
                .setTypes(String.class, Long.class)
                .setCounter(true));
    redis.resetStats();

    hammer(redis, "visits", "builtin");

    assertThat(cache.get("counter")).isEqualTo(TOTAL);
    assertThat(redis.commandCalls("hincrby")).isEqualTo(TOTAL - 1);
  }

  private static void hammer(RedisDeployment redis, String cache, String mode) {
    List<JvmProcess> children = new ArrayList<>();
    try {
      for (int j = 0; j < JVMS; j++) {
        children.add(
            JvmProcess.builder(InvokeHammer.class)
                .args(
                    redis.uri(),
                    cache,
                    mode,
                    Integer.toString(THREADS),
                    Integer.toString(TOTAL / (JVMS * THREADS)))
                .start());
      }
      for (JvmProcess child : children) {
        assertThat(child.waitFor(EXIT)).as(child.output()).isZero();
        assertThat(child.output()).contains("done");
      }
    } finally {
      children.forEach(JvmProcess::close);
    }
  }

  @Test
  @Timeout(120)
  void listener_inAnotherJvm_receivesCreatedUpdatedRemovedAndExpired(RedisDeployment redis) {
    Cache<String, String> cache =
        manager.createCache(
            "watched",
            new MutableConfiguration<String, String>()
                .setTypes(String.class, String.class)
                .setExpiryPolicyFactory(
                    CreatedExpiryPolicy.factoryOf(
                        new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, 300))));
    try (JvmProcess listening =
        JvmProcess.builder(ListeningJvm.class).args(redis.uri(), "watched").start()) {
      listening.awaitOutput("listening", EXIT);

      cache.put("a", "1");
      cache.put("a", "2");
      cache.remove("a");
      cache.put("b", "x");

      listening.awaitOutput("event EXPIRED b=x old=x", Duration.ofSeconds(30));
      assertThat(listening.output())
          .containsSubsequence(
              "event CREATED a=1 old=none",
              "event UPDATED a=2 old=1",
              "event REMOVED a=2 old=2",
              "event CREATED b=x old=none",
              "event EXPIRED b=x old=x");
    }
  }

  @Test
  @Timeout(120)
  void getCache_inAnotherJvm_attachesWithTheSameConfiguration(RedisDeployment redis) {
    Cache<String, Long> scores = manager.createCache("scores", scoresConfiguration());
    scores.put("kept", 1L);

    try (JvmProcess attaching = JvmProcess.builder(AttachingJvm.class).args(redis.uri()).start()) {
      assertThat(attaching.waitFor(EXIT)).as(attaching.output()).isZero();
      assertThat(attaching.output())
          .contains("same-configuration true", "default 100", "counted 101", "done");
    }

    assertThat(scores.get("kept")).isEqualTo(1L);
    assertThat(scores.get("ann")).isEqualTo(101L);
    assertThat(scores.get("fromB")).isEqualTo(7L);
  }
}
