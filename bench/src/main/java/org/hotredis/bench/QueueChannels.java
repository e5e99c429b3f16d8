package org.hotredis.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hotredis.HotClient;
import org.hotredis.concurrent.queues.HotQueue;
import org.hotredis.testing.RedisServer;
import org.redisson.Redisson;
import org.redisson.api.RBlockingQueue;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * One private redis-server and the three libraries' blocking queues on it, as the queue drivers
 * ({@link WakeUpLatency}, {@link QueueThroughput}) use them: HOT Redis's {@code HotQueue}, raw
 * Jedis ({@code RPUSH}/{@code BLPOP}) and Redisson's {@code RBlockingQueue}.
 */
final class QueueChannels implements AutoCloseable {
  /** A queue as the drivers use it. */
  interface Channel {
    void put(String element);

    String take() throws InterruptedException;
  }

  private final RedisServer server;
  private final HotClient hot;
  private final UnifiedJedis jedis;
  private final RedissonClient redisson;

  private QueueChannels(RedisServer server) {
    this.server = server;
    this.hot = HotClient.create(server.uri());
    this.jedis = RedisClient.create(new HostAndPort(server.host(), server.port()));
    Config config = new Config();
    config.useSingleServer().setAddress("redis://" + server.host() + ":" + server.port());
    this.redisson = Redisson.create(config);
  }

  static QueueChannels start() {
    return new QueueChannels(RedisServer.start());
  }

  /**
   * Returns an empty queue per library, in the order raw Jedis, HOT Redis, Redisson.
   *
   * @param prefix the prefix of the queues' keys
   */
  Map<String, Channel> channels(String prefix) {
    Map<String, Channel> channels = new LinkedHashMap<>();
    String jedisKey = prefix + "jedis";
    jedis.del(jedisKey);
    channels.put(
        "jedis",
        new Channel() {
          @Override
          public void put(String element) {
            jedis.rpush(jedisKey, element);
          }

          @Override
          public String take() {
            return jedis.blpop(0, jedisKey).get(1);
          }
        });
    HotQueue<String> queue = HotQueue.builder(String.class).client(hot).key(prefix + "hot").build();
    queue.clear();
    channels.put(
        "hot",
        new Channel() {
          @Override
          public void put(String element) {
            queue.add(element);
          }

          @Override
          public String take() throws InterruptedException {
            return queue.take();
          }
        });
    RBlockingQueue<String> rqueue =
        redisson.getBlockingQueue(prefix + "redisson", StringCodec.INSTANCE);
    rqueue.delete();
    channels.put(
        "redisson",
        new Channel() {
          @Override
          public void put(String element) {
            rqueue.add(element);
          }

          @Override
          public String take() throws InterruptedException {
            return rqueue.take();
          }
        });
    return channels;
  }

  @Override
  public void close() {
    redisson.shutdown(0, 5, TimeUnit.SECONDS); // no 2 s quiet period per run
    jedis.close();
    hot.close();
    server.close();
  }
}
