package org.hotredis;

import java.util.List;
import org.hotredis.codec.Codec;
import org.hotredis.codec.Codecs;
import org.hotredis.shaded.redis.clients.jedis.BuilderFactory;
import org.jspecify.annotations.Nullable;

/** A minimal HotObject over a Redis list of strings, with a companion key, for foundation tests. */
final class TestList implements HotObject {
  static final Script PAIR_SET = Script.load(TestList.class, "lua/test-pair-set.lua");
  private static final Codec<String> CODEC = Codecs.strings();

  private final RedisBinding redis;

  TestList(@Nullable HotClient client, @Nullable String key) {
    this.redis = RedisBinding.of(client, key, "TestList", "list").withCompanion("meta", "string");
  }

  @Override
  public StoredKeys storedKeys() {
    return redis;
  }

  RedisBinding redis() {
    return redis;
  }

  String companionKey() {
    return redis.companion("meta");
  }

  boolean add(String value) {
    redis.send(redis.commands().rpush(redis.rawKey(), redis.encode(CODEC, value)));
    return true;
  }

  long size() {
    return redis.read(redis.commands().llen(redis.rawKey()));
  }

  @Nullable String get(long index) {
    return redis.read(
        Replies.withReply(redis.commands().lindex(redis.rawKey(), index), Replies.decoded(CODEC)));
  }

  List<String> all() {
    return redis.read(
        Replies.withReply(
            redis.commands().lrange(redis.rawKey(), 0, -1), Replies.decodedList(CODEC)));
  }

  /** Sets the main key and the companion key to strings: makes the main key a WRONGTYPE. */
  void clobber(String value) {
    redis.write(
        PAIR_SET.call(
            BuilderFactory.LONG,
            List.of(redis.rawKey(), Keys.bytes(companionKey())),
            List.of(redis.encode(CODEC, value))));
  }

  /** Atomically replaces the list's contents, as a constructor given a key and initial value. */
  void replace(List<String> values) {
    byte[][] encoded = values.stream().map(v -> redis.encode(CODEC, v)).toArray(byte[][]::new);
    redis.atomically(
        List.of(
            redis.commands().del(redis.rawKeys().toArray(new byte[0][])),
            redis.commands().rpush(redis.rawKey(), encoded)));
  }

  void setMeta(String value) {
    redis.send(redis.commands().set(Keys.bytes(companionKey()), redis.encode(CODEC, value)));
  }
}
