package org.hotredis.concurrent.spi;

import org.hotredis.concurrent.locks.ContractThreads;
import org.hotredis.testing.RedisDeployment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every contract suite of the SPI shares: for each test a fresh provider of one kind, and the
 * threads the test starts, stopped and checked when it ends.
 */
abstract class ProviderContract {
  final ProviderKind kind;
  ProviderKind.Opened opened;
  ContractThreads threads;

  ProviderContract(ProviderKind kind) {
    this.kind = kind;
  }

  @BeforeEach
  final void openProvider(RedisDeployment redis) {
    opened = kind.open(redis);
    threads = new ContractThreads();
  }

  @AfterEach
  final void closeProvider() {
    try {
      threads.close();
    } finally {
      opened.close();
    }
  }
}
