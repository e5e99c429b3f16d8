package org.hotredis.bench;

import java.util.List;
import org.hotredis.concurrent.locks.HotReadWriteLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.redisson.api.RReadWriteLock;

/**
 * Uncontended read lock+unlock of a read-write lock. The raw Jedis floor is the least a correct
 * shared read hold can do with raw commands: one {@code EVALSHA} to acquire (refuse while a writer
 * holds, count the owner's holds, give the readers a lease) and one to release (count down, and
 * when the last reader leaves, delete and publish so a waiting writer wakes). A bare {@code
 * HINCRBY} could not see the writer, and without the publish a writer would poll. The floor keeps
 * one lease for all readers (a crashed reader holds everyone until the last one leaves), does not
 * let waiting writers go first, and refuses no foreign data. Redisson's {@code RReadWriteLock} runs
 * a script each way too.
 */
public class ReadWriteLockBenchmark {
  private static final String ACQUIRE =
      """
      if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
      redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
      redis.call('PEXPIRE', KEYS[2], ARGV[2])
      return 1""";

  private static final String RELEASE =
      """
      local n = redis.call('HINCRBY', KEYS[1], ARGV[1], -1)
      if n > 0 then return n end
      redis.call('HDEL', KEYS[1], ARGV[1])
      if redis.call('HLEN', KEYS[1]) == 0 then redis.call('PUBLISH', ARGV[2], '1') end
      return 0""";

  /** A lock per library. */
  @State(Scope.Benchmark)
  public static class Locks {
    HotReadWriteLock hot;
    RReadWriteLock redisson;
    String acquireSha;
    String releaseSha;

    @Setup
    public void create(Servers s) {
      hot = HotReadWriteLock.builder().client(s.hot).key("bench:rwlock:hot").build();
      redisson = s.redisson.getReadWriteLock("bench:rwlock:redisson");
      acquireSha = s.jedis.scriptLoad(ACQUIRE);
      releaseSha = s.jedis.scriptLoad(RELEASE);
    }
  }

  @Benchmark
  public void readLockUnlock_hot(Locks l) {
    l.hot.readLock().lock();
    try {
      // the critical section is empty: the acquisition and the release are what is measured
    } finally {
      l.hot.readLock().unlock();
    }
  }

  @Benchmark
  public Object readLockUnlock_jedis(Servers s, Locks l) {
    s.jedis.evalsha(
        l.acquireSha,
        List.of("{bench:rwlock:jedis}", "{bench:rwlock:jedis}:readers"),
        List.of("owner", "30000"));
    return s.jedis.evalsha(
        l.releaseSha,
        List.of("{bench:rwlock:jedis}:readers"),
        List.of("owner", "{bench:rwlock:jedis}:released"));
  }

  @Benchmark
  public void readLockUnlock_redisson(Locks l) {
    l.redisson.readLock().lock();
    try {
      // the critical section is empty: the acquisition and the release are what is measured
    } finally {
      l.redisson.readLock().unlock();
    }
  }
}
