package org.hotredis.concurrent.locks;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Condition;
import org.hotredis.HotClient;
import org.hotredis.HotRedisException;
import org.hotredis.HotTransaction;
import org.hotredis.HotWrongTypeException;
import org.hotredis.testing.Await;
import org.hotredis.testing.JvmProcess;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link HotReadWriteLock} in Redis: its layout and round trips, leases of readers and writers,
 * foreign data, and real JVMs sharing it, one of them killed while it holds it.
 */
@RedisTest
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@SuppressWarnings({"LockNotBeforeTry", "WaitNotInLoop"}) // steps apart on purpose
final class HotReadWriteLockTest {
  private static final Duration SHORT_LEASE = Duration.ofMillis(300);
  private static final Duration RUN = Duration.ofMinutes(4);
  private static final Duration STARTUP = Duration.ofMinutes(1);

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

  private HotReadWriteLock.Builder lock(String key) {
    return HotReadWriteLock.builder().client(client).key(key);
  }

  // ---- layout and round trips ----

  @Test
  void readLockAndUnlock_uncontended_takeTwoRoundTrips(RedisDeployment redis) {
    HotReadWriteLock lock = lock("rw").build();
    lock.readLock().lock();
    lock.readLock().unlock();
    redis.resetStats();

    lock.readLock().lock();
    assertThat(String.valueOf(redis.execute("HGET", "{rw}:readers", "total"))).isEqualTo("1");
    // The only reader's lease is the readers hash's TTL: no deadline is recorded beside it.
    assertThat((Long) redis.execute("PTTL", "{rw}:readers")).isPositive();
    assertThat((Long) redis.execute("EXISTS", "{rw}:reader-leases")).isZero();
    lock.readLock().unlock();

    assertThat(redis.commandCalls("evalsha")).isEqualTo(2);
    assertThat(redis.commandCalls("eval")).isZero();
    assertThat(redis.execute("EXISTS", "{rw}:readers", "{rw}:reader-leases")).isEqualTo(0L);
  }

  @Test
  void writeLock_usesThePlainLocksHash_andQueriesAgree(RedisDeployment redis) {
    HotReadWriteLock lock = lock("rw").lease(Duration.ofSeconds(10)).build();
    lock.writeLock().lock();
    lock.writeLock().lock();
    lock.readLock().lock();
    assertThat(redis.execute("HGET", "rw", "count")).isEqualTo("2");
    assertThat((Long) redis.execute("PTTL", "rw")).isBetween(1L, 10_000L);
    assertThat(lock.isWriteLocked()).isTrue();
    assertThat(lock.isWriteLockedByCurrentThread()).isTrue();
    assertThat(lock.getWriteHoldCount()).isEqualTo(2);
    assertThat(lock.getReadHoldCount()).isEqualTo(1);
    assertThat(lock.getReadLockCount()).isEqualTo(1);
    assertThat(lock).hasToString("HotReadWriteLock 'rw'[Write locks = 2, Read locks = 1]");
    assertThat(lock.storedKeys().keys())
        .containsExactly("rw", "{rw}:readers", "{rw}:reader-leases", "{rw}:writers-waiting");
    lock.readLock().unlock();
    lock.writeLock().unlock();
    lock.writeLock().unlock();
    assertThat(redis.execute("EXISTS", "rw")).isEqualTo(0L);
  }

  @Test
  void fencingTokens_increaseWithEveryWriteAcquisition_andSurviveDelete() {
    HotReadWriteLock lock = lock("rw").build();
    lock.writeLock().lock();
    long first = lock.writeLock().fencingToken();
    lock.writeLock().unlock();
    lock.writeLock().lock();
    long second = lock.writeLock().fencingToken();
    assertThat(lock.delete()).isTrue();
    assertThat(lock.writeLock().tryLock()).isTrue();
    long third = lock.writeLock().fencingToken();
    lock.writeLock().unlock();
    assertThat(second).isGreaterThan(first);
    assertThat(third).isGreaterThan(second);
  }

  @Test
  void insideATransaction_isRefused() {
    HotReadWriteLock lock = lock("{t}rw").build();
    try (HotTransaction tx = client.transaction()) {
      assertThatThrownBy(lock.readLock()::lock).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(lock.writeLock()::lock).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void expireAndPersist_areUnsupported() {
    HotReadWriteLock lock = lock("rw").build();
    assertThatThrownBy(() -> lock.expire(Duration.ofSeconds(1)))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(lock::persist).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void conditionAwait_byAWriterThatAlsoReads_throwsIllegalMonitorStateWhenItWantsTheWriteLockBack()
      throws Exception {
    HotReadWriteLock lock = lock("rw").build();
    Condition c = lock.writeLock().newCondition();
    lock.writeLock().lock();
    lock.readLock().lock();
    assertThatThrownBy(() -> c.await(10, MILLISECONDS))
        .isInstanceOf(IllegalMonitorStateException.class)
        .hasMessageContaining("upgrade");
    assertThat(lock.getWriteHoldCount()).isZero();
    assertThat(lock.getReadHoldCount()).isEqualTo(1);
    lock.readLock().unlock();
    assertThat(lock.getReadLockCount()).isZero();
  }

  // ---- foreign data ----

  @Test
  void foreignData_clearErrorNamingTheKeyAndTheFix_nothingChanged(RedisDeployment redis) {
    redis.execute("SET", "a-string", "x");
    assertThatThrownBy(lock("a-string").build().readLock()::lock)
        .isInstanceOf(HotWrongTypeException.class)
        .hasMessageContaining("a-string");

    redis.execute("HSET", "a-hash", "f", "v");
    HotReadWriteLock onHash = lock("a-hash").build();
    for (Runnable step :
        List.<Runnable>of(
            onHash.readLock()::lock,
            onHash.writeLock()::lock,
            onHash::getReadLockCount,
            onHash.readLock()::tryLock)) {
      assertThatThrownBy(step::run)
          .isInstanceOf(HotRedisException.class)
          .hasMessageContaining("'a-hash'")
          .hasMessageContaining("not part of a HotReadWriteLock")
          .hasMessageContaining("delete the lock's keys or choose another key");
    }
    assertThat(redis.execute("HGETALL", "a-hash").toString()).contains("f").contains("v");

    redis.execute("HSET", "{corrupt}:readers", "total", "many");
    HotReadWriteLock corrupt = lock("corrupt").build();
    assertThatThrownBy(corrupt.writeLock()::lock)
        .isInstanceOf(HotRedisException.class)
        .hasMessageContaining("'corrupt'")
        .hasMessageContaining("readers hash");
    assertThat(redis.execute("HGET", "{corrupt}:readers", "total")).isEqualTo("many");
    assertThat(redis.execute("EXISTS", "corrupt")).isEqualTo(0L);
  }

  // ---- leases ----

  @Test
  void readLeaseLost_keysDeleted_listenerHearsItAndUnlockFailsClearly(RedisDeployment redis) {
    List<LeaseLostEvent> events = new CopyOnWriteArrayList<>();
    HotReadWriteLock lock = lock("rw").lease(SHORT_LEASE).onLeaseLost(events::add).build();
    lock.readLock().lock();

    redis.execute("DEL", "{rw}:readers", "{rw}:reader-leases");

    Await.until(ContractThreads.GUARD, () -> !events.isEmpty(), "the lease-lost event");
    assertThat(events).hasSize(1);
    assertThat(events.get(0).source()).isSameAs(lock);
    assertThatThrownBy(lock.readLock()::unlock)
        .isInstanceOf(IllegalMonitorStateException.class)
        .hasMessageContaining("(read lock)")
        .hasMessageContaining("was lost");
    lock.readLock().lock();
    lock.readLock().unlock();
  }

  @Test
  void writeLeaseLost_deleted_listenerHearsItAndUnlockFailsClearly() {
    List<LeaseLostEvent> events = new CopyOnWriteArrayList<>();
    HotReadWriteLock lock = lock("rw").lease(SHORT_LEASE).onLeaseLost(events::add).build();
    lock.writeLock().lock();
    long token = lock.writeLock().fencingToken();

    assertThat(lock.delete()).isTrue();

    Await.until(ContractThreads.GUARD, () -> !events.isEmpty(), "the lease-lost event");
    assertThat(events.get(0).fencingToken()).isEqualTo(token);
    assertThatThrownBy(lock.writeLock()::unlock)
        .isInstanceOf(IllegalMonitorStateException.class)
        .hasMessageContaining("(write lock)")
        .hasMessageContaining("was lost");
  }

  @Test
  void renewals_keepReadAndWriteHoldsBeyondTheirLease() {
    List<LeaseLostEvent> events = new CopyOnWriteArrayList<>();
    HotReadWriteLock lock = lock("rw").lease(SHORT_LEASE).onLeaseLost(events::add).build();
    HotReadWriteLock other = HotReadWriteLock.builder().client(client).key("rw").build();
    lock.writeLock().lock();
    lock.readLock().lock();
    lock.writeLock().unlock();
    Thread writer =
        threads.start(
            () -> {
              // waits past many leases: the reader's renewals keep it out
              assertThat(other.writeLock().tryLock(SHORT_LEASE.toMillis() * 5, MILLISECONDS))
                  .isFalse();
            });
    threads.awaitTermination(writer);
    assertThat(lock.getReadHoldCount()).isEqualTo(1);
    assertThat(events).isEmpty();
    lock.readLock().unlock();
  }

  /**
   * Takes a read hold of "rw" with a short lease through a client that then closes, as if its
   * process died.
   */
  private static void readThenCrash(RedisDeployment redis) {
    HotClient crashed = HotClient.create(redis.uri());
    HotReadWriteLock.builder()
        .client(crashed)
        .key("rw")
        .lease(SHORT_LEASE)
        .build()
        .readLock()
        .lock();
    crashed.close(); // its watchdog stops: as if the process died
  }

  @Test
  void crashedReaderAndWriter_anotherClientTakesTheLockWhenTheLeaseRunsOut(RedisDeployment redis)
      throws Exception {
    readThenCrash(redis);

    HotReadWriteLock mine = lock("rw").build();
    assertThat(mine.writeLock().tryLock()).isFalse();
    assertThat(mine.writeLock().tryLock(SHORT_LEASE.toMillis() + 2_000, MILLISECONDS)).isTrue();
    mine.writeLock().unlock();
  }

  @Test
  void crashedFirstReader_aSecondReaderDoesNotKeepItsHoldAlive(RedisDeployment redis)
      throws Exception {
    readThenCrash(redis);

    HotReadWriteLock mine = lock("rw").build();
    mine.readLock().lock(); // records the first reader's deadline beside its own
    assertThat((Long) redis.execute("ZCARD", "{rw}:reader-leases")).isEqualTo(2L);
    Await.until(
        ContractThreads.GUARD,
        () -> mine.getReadLockCount() == 1,
        "the crashed reader's hold to end with its lease");
    mine.readLock().unlock();
    assertThat(mine.writeLock().tryLock()).isTrue();
    mine.writeLock().unlock();
  }

  @Test
  void timedOutWriter_letsTheReadersItHeldBackGoAtOnce() throws Exception {
    HotReadWriteLock lock = lock("rw").build();
    lock.readLock().lock();
    Thread writer =
        threads.start(() -> assertThat(lock.writeLock().tryLock(2_000, MILLISECONDS)).isFalse());
    Await.until(ContractThreads.GUARD, () -> lock.hasQueuedThread(writer), "the writer to wait");
    Thread reader =
        threads.start(
            () -> {
              lock.readLock().lock(); // held back by the writer until it times out
              lock.readLock().unlock();
            });
    threads.awaitTermination(writer);
    threads.awaitTermination(reader);
    lock.readLock().unlock();
  }

  // ---- processes ----

  @Test
  void fourJvmsOfFourThreads_readersAlwaysSeeBothCountersEqual(RedisDeployment redis) {
    int jvms = 4;
    int threadsPerJvm = 4;
    int operations = 200;
    for (int j = 0; j < jvms; j++) {
      children.add(
          JvmProcess.builder(ReadWriteHammer.class)
              .args(redis.uri(), Integer.toString(threadsPerJvm), Integer.toString(operations))
              .start());
    }
    for (JvmProcess child : children) {
      child.awaitOutput("ready", STARTUP);
    }
    redis.execute("SET", "start", "1");
    for (JvmProcess child : children) {
      assertThat(child.waitFor(RUN)).as(child.output()).isZero();
      assertThat(child.output()).contains("done");
    }

    String writes = Integer.toString(jvms * threadsPerJvm * operations / 4);
    assertThat(redis.execute("GET", "{rw}a")).isEqualTo(writes);
    assertThat(redis.execute("GET", "{rw}b")).isEqualTo(writes);
    assertThat(redis.execute("GET", "{rw}violations")).isIn(null, "0");
    assertThat(redis.execute("GET", "{rw}readers")).isEqualTo("0");
    assertThat(redis.execute("GET", "{rw}writers")).isEqualTo("0");
    assertThat(
            redis.execute(
                "EXISTS",
                "{rw}lock",
                "{rw}lock:readers",
                "{rw}lock:reader-leases",
                "{rw}lock:writers-waiting"))
        .isEqualTo(0L);
  }

  @Test
  void killedReaderJvm_freesItsReadHoldWithinTheLease(RedisDeployment redis) throws Exception {
    long lease = 1_500;
    JvmProcess holder = startCrashHolder(redis, lease, "read");
    HotReadWriteLock lock = lock("crash-rw").build();
    assertThat(lock.writeLock().tryLock()).isFalse();
    assertThat(lock.readLock().tryLock()).isTrue(); // readers share
    lock.readLock().unlock();

    holder.kill();

    assertThat(lock.writeLock().tryLock(lease + 2_000, MILLISECONDS)).as("the write lock").isTrue();
    assertThat(lock.getReadLockCount()).isZero();
    lock.writeLock().unlock();
  }

  @Test
  void killedWriterJvm_freesTheWriteLockWithinTheLease(RedisDeployment redis) throws Exception {
    long lease = 1_500;
    JvmProcess holder = startCrashHolder(redis, lease, "write");
    HotReadWriteLock lock = lock("crash-rw").build();
    assertThat(lock.readLock().tryLock()).isFalse();
    assertThat(lock.isWriteLocked()).isTrue();

    holder.kill();

    assertThat(lock.readLock().tryLock(lease + 2_000, MILLISECONDS)).as("the read lock").isTrue();
    assertThat(lock.isWriteLocked()).isFalse();
    lock.readLock().unlock();
  }

  private JvmProcess startCrashHolder(RedisDeployment redis, long lease, String mode) {
    JvmProcess holder =
        JvmProcess.builder(ReadWriteCrashHolder.class)
            .args(redis.uri(), Long.toString(lease), mode)
            .start();
    children.add(holder);
    holder.awaitOutput("held", STARTUP);
    return holder;
  }
}
