package org.hotredis;

import java.util.List;
import org.hotredis.codec.Codec;
import org.hotredis.codec.Codecs;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.BuilderFactory;

/** A minimal HotObject over a Redis list of strings, with a companion key, for foundation tests. */
final class TestList extends HotObject {
  static final Script PAIR_SET = Script.load(TestList.class, "lua/test-pair-set.lua");
  private static final Codec<String> CODEC = Codecs.strings();

  TestList(@Nullable HotClient client, @Nullable String key) {
    super(client, key);
  }

  @Override
  protected String redisType() {
    return "list";
  }

  @Override
  protected @Nullable String redisType(String key) {
    return key.equals(key()) ? "list" : "string";
  }

  @Override
  protected List<String> keys() {
    return List.of(key(), companionKey());
  }

  String companionKey() {
    return Keys.companion(key(), "meta");
  }

  boolean add(String value) {
    send(commands().rpush(rawKey(), encode(CODEC, value)));
    return true;
  }

  long size() {
    return read(commands().llen(rawKey()));
  }

  @Nullable String get(long index) {
    return read(Replies.withReply(commands().lindex(rawKey(), index), Replies.decoded(CODEC)));
  }

  List<String> all() {
    return read(Replies.withReply(commands().lrange(rawKey(), 0, -1), Replies.decodedList(CODEC)));
  }

  /** Sets the main key and the companion key to strings: makes the main key a WRONGTYPE. */
  void clobber(String value) {
    write(
        PAIR_SET.call(
            BuilderFactory.LONG,
            List.of(rawKey(), Keys.bytes(companionKey())),
            List.of(encode(CODEC, value))));
  }

  /** Atomically replaces the list's contents, as a constructor given a key and initial value. */
  void replace(List<String> values) {
    byte[][] encoded = values.stream().map(v -> encode(CODEC, v)).toArray(byte[][]::new);
    atomically(
        List.of(
            commands().del(rawKeys().toArray(new byte[0][])), commands().rpush(rawKey(), encoded)));
  }

  void setMeta(String value) {
    send(commands().set(Keys.bytes(companionKey()), encode(CODEC, value)));
  }
}
