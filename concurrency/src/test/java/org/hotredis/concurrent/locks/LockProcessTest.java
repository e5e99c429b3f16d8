package org.hotredis.concurrent.locks;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hotredis.HotClient;
import org.hotredis.collections.HotList;
import org.hotredis.testing.JvmProcess;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Locks, semaphores and conditions shared by real JVMs, and a JVM killed while holding them. */
@RedisTest
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class LockProcessTest {
  private static final Duration RUN = Duration.ofMinutes(4);
  private static final Duration STARTUP = Duration.ofMinutes(1);

  private HotClient client;
  private final List<JvmProcess> children = new ArrayList<>();

  @BeforeEach
  void open(RedisDeployment redis) {
    client = HotClient.create(redis.uri());
  }

  @AfterEach
  void close() {
    children.forEach(JvmProcess::close);
    client.close();
  }

  private void startAll(RedisDeployment redis, Class<?> main, List<String[]> argsPerJvm) {
    for (String[] args : argsPerJvm) {
      List<String> all = new ArrayList<>();
      all.add(redis.uri());
      all.addAll(List.of(args));
      children.add(JvmProcess.builder(main).args(all.toArray(new String[0])).start());
    }
    for (JvmProcess child : children) {
      child.awaitOutput("ready", STARTUP);
    }
    redis.execute("SET", "start", "1");
    for (JvmProcess child : children) {
      assertThat(child.waitFor(RUN)).as(child.output()).isZero();
      assertThat(child.output()).contains("done");
    }
  }

  @Test
  void counter_fourJvmsOfFourThreads_incrementExactlyUnderTheLock(RedisDeployment redis) {
    int jvms = 4;
    int threads = 4;
    int perThread = 10_000 / (jvms * threads);
    List<String[]> args = new ArrayList<>();
    for (int j = 0; j < jvms; j++) {
      args.add(new String[] {Integer.toString(threads), Integer.toString(perThread)});
    }

    startAll(redis, CounterHammer.class, args);

    assertThat(redis.execute("GET", "counter")).isEqualTo("10000");
    assertThat(redis.execute("GET", "overlaps")).isIn(null, "0");
    assertThat(redis.execute("GET", "inside")).isEqualTo("0");
    assertThat(redis.execute("EXISTS", "counter-lock")).isEqualTo(0L);
    List<Long> tokens = HotList.builder(Long.class).client(client).key("tokens").build().snapshot();
    assertThat(tokens).hasSize(10_000).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void semaphoreOfThree_neverHasMoreThanThreeHolders(RedisDeployment redis) {
    List<String[]> args = new ArrayList<>();
    for (int j = 0; j < 4; j++) {
      args.add(new String[] {"4", "100"});
    }

    startAll(redis, SemaphoreHammer.class, args);

    assertThat(redis.execute("GET", "violations")).isIn(null, "0");
    assertThat(redis.execute("GET", "holders")).isEqualTo("0");
    assertThat(Long.parseLong(String.valueOf(redis.execute("GET", "max-holders"))))
        .isBetween(2L, 3L);
    assertThat(redis.execute("HGET", "pool", "available")).isEqualTo("3");
    assertThat(redis.execute("ZCARD", "{pool}:leases")).isEqualTo(0L);
  }

  @Test
  void boundedBuffer_threeJvms_moveTenThousandItemsThroughConditions(RedisDeployment redis) {
    int[] puts = {3_334, 3_333, 3_333};
    int[] takes = {3_333, 3_334, 3_333};
    List<String[]> args = new ArrayList<>();
    for (int j = 0; j < 3; j++) {
      args.add(
          new String[] {
            Integer.toString(j), Integer.toString(puts[j]), Integer.toString(takes[j])
          });
    }

    startAll(redis, BufferWorker.class, args);

    List<String> consumed = new ArrayList<>();
    for (int j = 0; j < 3; j++) {
      List<String> mine =
          HotList.builder(String.class).client(client).key("consumed:" + j).build().snapshot();
      assertThat(mine).hasSize(takes[j]);
      consumed.addAll(mine);
    }
    Set<String> expected = new HashSet<>();
    for (int j = 0; j < 3; j++) {
      for (int i = 0; i < puts[j]; i++) {
        expected.add(j + "-" + i);
      }
    }
    assertThat(consumed).hasSize(10_000).doesNotHaveDuplicates();
    assertThat(new HashSet<>(consumed)).isEqualTo(expected);
    assertThat(redis.execute("LLEN", "buffer")).isEqualTo(0L);
  }

  @Test
  void killedHolder_lockAndPermitsAreTakenWithinLeasePlusTwoSeconds(RedisDeployment redis)
      throws Exception {
    long lease = 2_000;
    JvmProcess holder =
        JvmProcess.builder(CrashHolder.class).args(redis.uri(), Long.toString(lease)).start();
    children.add(holder);
    holder.awaitOutput("held", STARTUP);
    HotReentrantLock lock = HotReentrantLock.builder().client(client).key("crash-lock").build();
    HotSemaphore permits = HotSemaphore.builder(3).client(client).key("crash-permits").build();
    assertThat(lock.tryLock()).isFalse();
    assertThat(permits.tryAcquire(2)).isFalse();

    holder.kill();

    assertThat(lock.tryLock(lease + 2_000, MILLISECONDS)).as("the lock").isTrue();
    assertThat(permits.tryAcquire(2, lease + 2_000, MILLISECONDS)).as("2 permits").isTrue();
    assertThat(permits.availablePermits()).isEqualTo(1);
    lock.unlock();
    permits.release(2);
  }
}
