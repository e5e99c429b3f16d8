package org.hotredis;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hotredis.codec.Codecs;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Protocol;

/** A minimal HotObject over a Redis string holding an integer, for foundation tests. */
final class TestCounter extends HotObject {
  static final Script ADD = Script.load(TestCounter.class, "lua/test-counter-add.lua");
  static final Script GET = Script.load(TestCounter.class, "lua/test-counter-get.lua");

  TestCounter(@Nullable HotClient client, @Nullable String key) {
    super(client, key);
  }

  @Override
  protected String redisType() {
    return "string";
  }

  long get() {
    Long value = read(Replies.withReply(commands().get(rawKey()), Replies.decoded(Codecs.longs())));
    return value == null ? 0 : value;
  }

  long getViaScript() {
    return read(GET.call(BuilderFactory.LONG, List.of(rawKey()), List.of()));
  }

  void set(long value) {
    send(commands().set(rawKey(), encode(Codecs.longs(), value)));
  }

  long addAndGet(long delta) {
    return write(ADD.call(BuilderFactory.LONG, List.of(rawKey()), List.of(ascii(delta))));
  }

  void add(long delta) {
    send(ADD.call(BuilderFactory.LONG, List.of(rawKey()), List.of(ascii(delta))));
  }

  long incrementAndGet() {
    return write(commands().incr(rawKey()));
  }

  /** Queues SET without a value: Redis refuses it when queued, so EXEC aborts. */
  void sendMalformed() {
    send(
        new CommandObject<>(
            new CommandArguments(Protocol.Command.SET).key(rawKey()), BuilderFactory.STRING));
  }

  /** Reads twice: a method that needs several round trips. */
  long getTwice() {
    multiStep();
    get();
    return get();
  }

  private static byte[] ascii(long value) {
    return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
  }
}
