package org.hotredis.bench;

import java.util.concurrent.TimeUnit;
import org.hotredis.HotClient;
import org.hotredis.testing.RedisServer;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.UnifiedJedis;

/**
 * One private redis-server per benchmark fork, and the three clients measured against it: HOT
 * Redis, raw Jedis (the same Redis commands with nothing on top, the floor) and Redisson (the
 * incumbent), each with its default connection settings.
 */
@State(Scope.Benchmark)
public class Servers {
  RedisServer server;
  HotClient hot;
  UnifiedJedis jedis;
  RedissonClient redisson;

  @Setup(Level.Trial)
  public void start() {
    server = RedisServer.start();
    hot = HotClient.create(server.uri());
    jedis =
        RedisClient.builder()
            .hostAndPort(new HostAndPort(server.host(), server.port()))
            .clientConfig(DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP2).build())
            .build();
    Config config = new Config();
    config.useSingleServer().setAddress("redis://" + server.host() + ":" + server.port());
    redisson = Redisson.create(config);
  }

  @TearDown(Level.Trial)
  public void stop() {
    redisson.shutdown(0, 5, TimeUnit.SECONDS); // no 2 s quiet period per run
    jedis.close();
    hot.close();
    server.close();
  }
}
