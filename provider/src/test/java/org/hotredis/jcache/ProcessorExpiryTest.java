package org.hotredis.jcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.expiry.CreatedExpiryPolicy;
import org.hotredis.jcache.configuration.ProviderSettings;
import org.hotredis.testing.Await;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Entry processors and expiry: an entry that expires while a processor runs. */
@RedisTest
final class ProcessorExpiryTest {
  private CacheManager manager;

  @BeforeEach
  void open(RedisDeployment redis) {
    Properties properties = new Properties();
    // No sweep during the test: only the processor's commit can find the entry expired.
    properties.setProperty(ProviderSettings.SWEEP_INTERVAL, "PT1H");
    manager = Managers.on(redis, properties);
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void invoke_entryExpiresWhileTheProcessorRuns_callingJvmHearsExpiredOnce(
      boolean removes, RedisDeployment redis) {
    List<String> events = new CopyOnWriteArrayList<>();
    MutableConfiguration<String, String> configuration =
        new MutableConfiguration<String, String>()
            .setTypes(String.class, String.class)
            .setExpiryPolicyFactory(
                CreatedExpiryPolicy.factoryOf(
                    new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, 300)))
            .addCacheEntryListenerConfiguration(
                new MutableCacheEntryListenerConfiguration<>(
                    FactoryBuilder.factoryOf(new Recorder(events)), null, true, true));
    Cache<String, String> cache = manager.createCache("short", configuration);
    cache.put("k", "old");
    events.clear();
    AtomicInteger runs = new AtomicInteger();

    cache.invoke(
        "k",
        (entry, arguments) -> {
          if (runs.incrementAndGet() == 1) {
            Await.until(
                Duration.ofSeconds(10), () -> pastDeadline(redis), "the entry's deadline to pass");
          }
          if (removes) {
            entry.remove();
          } else {
            entry.setValue("new");
          }
          return null;
        });

    assertThat(runs.get()).as("the first commit conflicts with the expiry").isEqualTo(2);
    assertThat(events.stream().filter(event -> event.startsWith("EXPIRED")))
        .containsExactly("EXPIRED k=old");
    assertThat(cache.get("k")).isEqualTo(removes ? null : "new");
  }

  /** Whether Redis's clock has passed the deadline of entry {@code k}. */
  private static boolean pastDeadline(RedisDeployment redis) {
    Object deadline = redis.execute("ZSCORE", "{jcache:short}:expiry", "k");
    if (deadline == null) {
      return true;
    }
    List<?> time = (List<?>) redis.execute("TIME");
    long now =
        Long.parseLong(String.valueOf(time.get(0))) * 1000
            + Long.parseLong(String.valueOf(time.get(1))) / 1000;
    return now >= Double.parseDouble(String.valueOf(deadline));
  }

  /** Records events as {@code TYPE key=value}. */
  static final class Recorder
      implements CacheEntryCreatedListener<String, String>,
          CacheEntryExpiredListener<String, String>,
          Serializable {
    private static final long serialVersionUID = 1L;
    private final transient List<String> events;

    Recorder(List<String> events) {
      this.events = events;
    }

    private void record(Iterable<CacheEntryEvent<? extends String, ? extends String>> batch) {
      for (CacheEntryEvent<? extends String, ? extends String> event : batch) {
        events.add(event.getEventType() + " " + event.getKey() + "=" + event.getValue());
      }
    }

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> batch) {
      record(batch);
    }

    @Override
    public void onExpired(Iterable<CacheEntryEvent<? extends String, ? extends String>> batch) {
      record(batch);
    }
  }
}
