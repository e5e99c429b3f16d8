package org.hotredis.concurrent.locks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import org.hotredis.HotClient;
import org.hotredis.testing.Await;
import org.hotredis.testing.JvmProcess;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A Condition's waiters in real JVMs, the oldest killed with {@code kill -9}: a signal soon after
 * still wakes the live waiter, well before the dead waiter's lease would have run out.
 */
@RedisTest
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class ConditionCrashTest {
  private static final Duration STARTUP = Duration.ofMinutes(1);
  private static final String KEY = "crash-condition";

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

  private JvmProcess waiter(RedisDeployment redis, String name) {
    JvmProcess child =
        JvmProcess.builder(ConditionWaiter.class).args(redis.uri(), KEY, name).start();
    children.add(child);
    child.awaitOutput("waiting", STARTUP);
    return child;
  }

  private long queued(RedisDeployment redis) {
    return (Long) redis.execute("ZCARD", "{" + KEY + "}:condition:ready:waiters");
  }

  @Test
  void signal_oldestWaiterKilled_wakesTheLiveWaiterWithinOneSecond(RedisDeployment redis)
      throws Exception {
    JvmProcess dead = waiter(redis, "dead");
    Await.until(STARTUP, () -> queued(redis) == 1, "the first waiter queued");
    JvmProcess live = waiter(redis, "live");
    Await.until(STARTUP, () -> queued(redis) == 2, "the second waiter queued");
    dead.kill();
    TimeUnit.MILLISECONDS.sleep(300); // the scenario: a signal 300 ms after the crash
    HotReentrantLock lock = HotReentrantLock.builder().client(client).key(KEY).build();
    Condition ready = lock.newCondition("ready");
    long signalled;

    redis.execute("SET", KEY + "-go", "1");
    lock.lock();
    try {
      ready.signal();
      signalled = System.nanoTime();
    } finally {
      lock.unlock();
    }

    live.awaitOutput("signalled", Duration.ofSeconds(10));
    long wokenAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);
    System.out.printf("signal behind a killed waiter: live waiter woken after %d ms%n", wokenAfter);
    assertThat(wokenAfter).isLessThan(1_000);
    assertThat(live.waitFor(Duration.ofSeconds(30))).as(live.output()).isZero();
    assertThat(queued(redis)).isZero();
  }

  @Test
  void signal_waiterAlive_wakesItOnceAndNothingIsPassedOn(RedisDeployment redis) throws Exception {
    JvmProcess first = waiter(redis, "first");
    Await.until(STARTUP, () -> queued(redis) == 1, "the first waiter queued");
    JvmProcess second = waiter(redis, "second");
    Await.until(STARTUP, () -> queued(redis) == 2, "the second waiter queued");
    HotReentrantLock lock = HotReentrantLock.builder().client(client).key(KEY).build();
    Condition ready = lock.newCondition("ready");
    redis.execute("SET", KEY + "-go", "1");

    lock.lock();
    try {
      ready.signal();
    } finally {
      lock.unlock();
    }

    first.awaitOutput("signalled", Duration.ofSeconds(10));
    assertThat(first.waitFor(Duration.ofSeconds(30))).as(first.output()).isZero();
    // Well past the acknowledgement time: the acknowledged signal was not passed on.
    TimeUnit.MILLISECONDS.sleep(3 * LockCondition.ACKNOWLEDGE_MILLIS);
    assertThat(second.output()).doesNotContain("woken");
    assertThat(queued(redis)).isEqualTo(1);
  }
}
