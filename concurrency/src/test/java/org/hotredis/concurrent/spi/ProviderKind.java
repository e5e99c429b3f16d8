package org.hotredis.concurrent.spi;

import java.time.Duration;
import org.hotredis.HotClient;
import org.hotredis.testing.RedisDeployment;
import org.jspecify.annotations.Nullable;

/** The two providers the contract tests run against, each opened afresh for a test. */
enum ProviderKind {
  LOCAL,
  REDIS;

  /** An opened provider; closing it closes its client. */
  static final class Opened implements AutoCloseable {
    final ConcurrencyProvider provider;
    final @Nullable HotClient client;

    private Opened(ConcurrencyProvider provider, @Nullable HotClient client) {
      this.provider = provider;
      this.client = client;
    }

    @Override
    public void close() {
      if (client != null) {
        client.close();
      }
    }
  }

  /** Opens a fresh provider: a new in-process one, or a Redis one on its own client. */
  Opened open(RedisDeployment redis) {
    if (this == LOCAL) {
      return new Opened(new LocalConcurrencyProvider(), null);
    }
    HotClient client = HotClient.create(redis.uri());
    return new Opened(RedisConcurrencyProvider.using(client, Duration.ofSeconds(30)), client);
  }
}
