package org.hotredis.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.hotredis.HotClient;
import org.hotredis.collections.HotDict;
import org.hotredis.numbers.HotInt;
import org.hotredis.testing.RedisCluster;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisServer;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * Throughput of independent objects on one node and on a 3-master cluster (each master with a
 * replica), from 8 client threads of one JVM: each thread works on its own 64 counters and 64
 * dicts, alternating {@code incrementAndGet} and a field write ({@code INCR}, {@code HSET}). The
 * same loop runs through HOT Redis and through raw Jedis (its cluster client on the cluster); the
 * scaling ratio is cluster throughput over one node's.
 */
final class ClusterScaling {
  static final int THREADS = 8;
  private static final int OBJECTS = 64;

  private ClusterScaling() {}

  /** Operations per second on one node and on the cluster. */
  record Throughput(double singleNode, double cluster) {
    double ratio() {
      return cluster / singleNode;
    }
  }

  /** One client's operation on a thread's objects. */
  private interface Worker {
    void operate(long i);
  }

  /** Makes a thread's worker for a deployment. */
  private interface Workers extends AutoCloseable {
    Worker forThread(int thread);

    @Override
    void close();
  }

  static Map<String, Throughput> measureAll(Duration warmUp, Duration measured) throws Exception {
    Map<String, Double> single = new LinkedHashMap<>();
    try (RedisServer server = RedisServer.start()) {
      measureDeployment(server, warmUp, measured, single);
    }
    Map<String, Double> cluster = new LinkedHashMap<>();
    try (RedisCluster redis = RedisCluster.builder().masters(3).replicas(1).start()) {
      measureDeployment(redis, warmUp, measured, cluster);
    }
    Map<String, Throughput> results = new LinkedHashMap<>();
    single.forEach(
        (library, ops) ->
            results.put(library, new Throughput(ops, cluster.getOrDefault(library, 0.0))));
    return results;
  }

  private static void measureDeployment(
      RedisDeployment redis, Duration warmUp, Duration measured, Map<String, Double> results)
      throws InterruptedException {
    try (Workers jedis = jedisWorkers(redis)) {
      results.put("jedis", run(jedis, warmUp, measured));
    }
    try (Workers hot = hotWorkers(redis)) {
      results.put("hot", run(hot, warmUp, measured));
    }
  }

  private static Workers hotWorkers(RedisDeployment redis) {
    HotClient client = HotClient.builder().uri(redis.uri()).poolSize(THREADS * 2).build();
    return new Workers() {
      @Override
      public Worker forThread(int thread) {
        List<HotInt> counters = new ArrayList<>();
        List<HotDict<String, String>> dicts = new ArrayList<>();
        for (int i = 0; i < OBJECTS; i++) {
          counters.add(HotInt.builder().client(client).key("scale:n:" + thread + ":" + i).build());
          dicts.add(
              HotDict.builder(String.class, String.class)
                  .client(client)
                  .key("scale:d:" + thread + ":" + i)
                  .build());
        }
        return i -> {
          int object = (int) (i / 2 % OBJECTS);
          if (i % 2 == 0) {
            counters.get(object).incrementAndGet();
          } else {
            dicts.get(object).set("f" + (i % 16), "value");
          }
        };
      }

      @Override
      public void close() {
        client.close();
      }
    };
  }

  private static Workers jedisWorkers(RedisDeployment redis) {
    UnifiedJedis jedis = jedis(redis);
    return new Workers() {
      @Override
      public Worker forThread(int thread) {
        return i -> {
          int object = (int) (i / 2 % OBJECTS);
          if (i % 2 == 0) {
            jedis.incr("scale:n:" + thread + ":" + object);
          } else {
            jedis.hset("scale:d:" + thread + ":" + object, "f" + (i % 16), "value");
          }
        };
      }

      @Override
      public void close() {
        jedis.close();
      }
    };
  }

  private static UnifiedJedis jedis(RedisDeployment redis) {
    GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
    pool.setMaxTotal(THREADS * 2);
    if (redis instanceof RedisCluster cluster) {
      Set<HostAndPort> nodes = new HashSet<>();
      for (RedisServer node : cluster.masters()) {
        nodes.add(new HostAndPort(node.host(), node.port()));
      }
      return RedisClusterClient.builder()
          .nodes(nodes)
          .clientConfig(DefaultJedisClientConfig.builder().build())
          .poolConfig(pool)
          .build();
    }
    RedisServer server = (RedisServer) redis;
    return RedisClient.builder()
        .hostAndPort(new HostAndPort(server.host(), server.port()))
        .poolConfig(pool)
        .build();
  }

  /** Runs the workers on 8 threads; returns operations per second over the measured period. */
  private static double run(Workers workers, Duration warmUp, Duration measured)
      throws InterruptedException {
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicBoolean counting = new AtomicBoolean(false);
    AtomicLong operations = new AtomicLong();
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch done = new CountDownLatch(THREADS);
    for (int t = 0; t < THREADS; t++) {
      Worker worker = workers.forThread(t);
      Thread thread =
          new Thread(
              () -> {
                try {
                  for (long i = 0; running.get(); i++) {
                    worker.operate(i);
                    if (counting.get()) {
                      operations.incrementAndGet();
                    }
                  }
                } catch (RuntimeException e) {
                  failures.add(e);
                } finally {
                  done.countDown();
                }
              },
              "scaling-" + t);
      thread.start();
    }
    Thread.sleep(warmUp.toMillis());
    counting.set(true);
    long start = System.nanoTime();
    Thread.sleep(measured.toMillis());
    long counted = operations.get();
    double seconds = (System.nanoTime() - start) / 1e9;
    running.set(false);
    done.await();
    if (!failures.isEmpty()) {
      throw new IllegalStateException("a scaling worker failed", failures.get(0));
    }
    return counted / seconds;
  }
}
