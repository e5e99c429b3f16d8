package org.hotredis.concurrent.locks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hotredis.HotClient;
import org.hotredis.HotConnectionException;
import org.hotredis.testing.Await;
import org.hotredis.testing.RedisServer;
import org.hotredis.testing.RedisTest;
import org.hotredis.testing.SingleServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link HotReadWriteLock} releases whose outcome is unknown, on a private server that is frozen,
 * paused, stopped and restarted (with an append-only file, so that holds survive the restart), as
 * {@link LeaseFaultsTest} does for the plain locks: no hold is leaked, the holder's next
 * acquisition works, and the failure is reported. Runs in the single-server pass only.
 */
@RedisTest
@SingleServerTest
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@SuppressWarnings("LockNotBeforeTry") // releases fail on purpose here
final class ReadWriteLeaseFaultsTest {
  private static final Duration LEASE = Duration.ofSeconds(4);
  private static final Duration TIMEOUT = Duration.ofMillis(500);
  private static final String READERS = "{faults-rw}:readers";

  private RedisServer server;
  private HotClient client;
  private HotClient other;
  private final List<LeaseLostEvent> lost = new CopyOnWriteArrayList<>();

  @BeforeEach
  void open() {
    server = RedisServer.builder().arg("appendonly", "yes").start();
    client = client();
    other = client();
  }

  private HotClient client() {
    return HotClient.builder()
        .uri(server.uri())
        .socketTimeout(TIMEOUT)
        .connectTimeout(TIMEOUT)
        .build();
  }

  @AfterEach
  void close() {
    other.close();
    client.close();
    server.close();
  }

  private HotReadWriteLock lock(HotClient through) {
    return HotReadWriteLock.builder()
        .client(through)
        .key("faults-rw")
        .lease(LEASE)
        .onLeaseLost(lost::add)
        .build();
  }

  private void awaitGone(String key) {
    Await.until(LEASE, () -> Long.valueOf(0).equals(server.execute("EXISTS", key)), key + " freed");
  }

  @Test
  void readUnlock_serverFrozen_givesTheHoldUpAndFreesItOnceRedisAnswers() {
    HotReadWriteLock lock = lock(client);
    lock.readLock().lock();
    server.freeze();
    try {
      assertThatThrownBy(lock.readLock()::unlock)
          .isInstanceOf(HotConnectionException.class)
          .hasMessageContaining("(read lock)")
          .hasMessageContaining("gives the lock up");
    } finally {
      server.unfreeze();
    }

    awaitGone(READERS); // within the lease: the give-up ran once Redis answered

    assertThat(lost).hasSize(1);
    assertThat(lock.readLock().tryLock()).isTrue();
    lock.readLock().unlock();
    assertThat(lost).hasSize(1);
  }

  @Test
  void writeUnlock_serverFrozen_givesTheLockUpAndFreesItOnceRedisAnswers() {
    HotReadWriteLock lock = lock(client);
    lock.writeLock().lock();
    server.freeze();
    try {
      assertThatThrownBy(lock.writeLock()::unlock)
          .isInstanceOf(HotConnectionException.class)
          .hasMessageContaining("(write lock)")
          .hasMessageContaining("gives the lock up");
    } finally {
      server.unfreeze();
    }

    awaitGone("faults-rw");

    assertThat(lost).hasSize(1);
    assertThat(lock.readLock().tryLock()).isTrue();
    lock.readLock().unlock();
  }

  @Test
  void readUnlock_serverStoppedAndRestarted_holdFreeAfterTheRestart_writerGetsIn() {
    HotReadWriteLock lock = lock(client);
    lock.readLock().lock();
    server.stop();

    assertThatThrownBy(lock.readLock()::unlock).isInstanceOf(HotConnectionException.class);

    server.restart();
    awaitGone(READERS);
    HotReadWriteLock elsewhere = lock(other);
    boolean written;
    try {
      written = elsewhere.writeLock().tryLock();
    } catch (HotConnectionException brokenPooledConnection) {
      written = elsewhere.writeLock().tryLock();
    }
    assertThat(written).isTrue();
  }

  @Test
  void readUnlock_replyLostAfterTheReleaseApplied_returnsNormallyAndReleasesOnce() {
    HotReadWriteLock lock = lock(client);
    lock.readLock().lock();
    lock.readLock().lock();
    // Writes wait 700 ms: the release times out after 500 ms, then is applied; the resend, which
    // waits behind it, finds it applied.
    server.execute("CLIENT", "PAUSE", "700", "WRITE");

    lock.readLock().unlock();

    assertThat(lock.getReadHoldCount()).isEqualTo(1);
    assertThat(server.execute("HGET", READERS, "total")).isEqualTo("1");
    lock.readLock().unlock();
    assertThat(server.execute("EXISTS", READERS)).isEqualTo(0L);
    assertThat(lost).isEmpty();
  }
}
