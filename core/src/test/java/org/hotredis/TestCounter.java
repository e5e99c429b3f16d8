package org.hotredis;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hotredis.codec.Codecs;
import org.hotredis.shaded.redis.clients.jedis.BuilderFactory;
import org.hotredis.shaded.redis.clients.jedis.CommandArguments;
import org.hotredis.shaded.redis.clients.jedis.CommandObject;
import org.hotredis.shaded.redis.clients.jedis.Protocol;
import org.jspecify.annotations.Nullable;

/** A minimal HotObject over a Redis string holding an integer, for foundation tests. */
final class TestCounter implements HotObject {
  static final Script ADD = Script.load(TestCounter.class, "lua/test-counter-add.lua");
  static final Script GET = Script.load(TestCounter.class, "lua/test-counter-get.lua");

  private final RedisBinding redis;

  TestCounter(@Nullable HotClient client, @Nullable String key) {
    this.redis = RedisBinding.of(client, key, "TestCounter", "string");
  }

  @Override
  public StoredKeys storedKeys() {
    return redis;
  }

  RedisBinding redis() {
    return redis;
  }

  long get() {
    Long value =
        redis.read(
            Replies.withReply(
                redis.commands().get(redis.rawKey()), Replies.decoded(Codecs.longs())));
    return value == null ? 0 : value;
  }

  long getViaScript() {
    return redis.read(GET.call(BuilderFactory.LONG, List.of(redis.rawKey()), List.of()));
  }

  void set(long value) {
    redis.send(redis.commands().set(redis.rawKey(), redis.encode(Codecs.longs(), value)));
  }

  long addAndGet(long delta) {
    return redis.write(
        ADD.call(BuilderFactory.LONG, List.of(redis.rawKey()), List.of(ascii(delta))));
  }

  void add(long delta) {
    redis.send(ADD.call(BuilderFactory.LONG, List.of(redis.rawKey()), List.of(ascii(delta))));
  }

  long incrementAndGet() {
    return redis.write(redis.commands().incr(redis.rawKey()));
  }

  /** Queues SET without a value: Redis refuses it when queued, so EXEC aborts. */
  void sendMalformed() {
    redis.send(
        new CommandObject<>(
            new CommandArguments(Protocol.Command.SET).key(redis.rawKey()), BuilderFactory.STRING));
  }

  /** Reads twice: a method that needs several round trips. */
  long getTwice() {
    redis.multiStep();
    get();
    return get();
  }

  private static byte[] ascii(long value) {
    return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
  }
}
