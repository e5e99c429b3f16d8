package org.hotredis.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.hotredis.codec.Codec;
import org.hotredis.codec.CodecException;
import org.hotredis.jcache.configuration.HotCacheConfiguration;
import org.hotredis.testing.RawBytes;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cache entries written behind the cache's back that no codec can decode: every read fails with a
 * {@link CacheException} whose cause is the {@link CodecException} naming the cache's Redis key,
 * nothing of the size the value declares is allocated, and the entry stays as it was.
 */
@RedisTest
final class HostileEntryTest {
  /**
   * An untyped cache's value: the tag {@code j:}, then a serialized {@code long[0]} whose length
   * says 99,999,999 (27 bytes that ask for 800 MB).
   */
  private static final String HOSTILE =
      HexFormat.of().formatHex("j:".getBytes(StandardCharsets.US_ASCII))
          + HexFormat.of().formatHex(hostile());

  private static final String REFUSED =
      "key 'jcache:any': refused to deserialize as java.lang.Object: the stream declares"
          + " long[99999999] (799999992 bytes) but holds only 0 more bytes";

  private CacheManager manager;

  @BeforeEach
  void open(RedisDeployment redis) {
    manager = Managers.on(redis);
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private static byte[] hostile() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(new long[0]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] stream = bytes.toByteArray();
    ByteBuffer.wrap(stream, stream.length - 4, 4).putInt(99_999_999); // the array's length
    return stream;
  }

  /** Checks that a failure is a CacheException caused by the CodecException naming a key. */
  private static void assertCausedByCodecFailure(
      Throwable failure, String cache, String key, String message) {
    assertThat(failure)
        .isInstanceOf(CacheException.class)
        .hasMessage("cache " + cache + ": " + message)
        .cause()
        .isInstanceOf(CodecException.class)
        .hasMessage(message)
        .satisfies(e -> assertThat(((CodecException) e).key()).isEqualTo(key));
  }

  @Test
  void reads_hostileSerializedValue_throwCacheExceptionCausedByCodecExceptionAndKeepIt(
      RedisDeployment redis) {
    Cache<Object, Object> cache = manager.createCache("any", new MutableConfiguration<>());
    RawBytes.write(redis, "HSET", "jcache:any", "s:k", HOSTILE);
    Map<String, Callable<?>> reads = new LinkedHashMap<>();
    reads.put("get", () -> cache.get("k"));
    reads.put("getAll", () -> cache.getAll(Set.of("k")));
    reads.put("iterator", () -> cache.iterator().next());
    reads.put("invoke", () -> cache.invoke("k", (entry, args) -> entry.getValue()));

    reads.forEach(
        (name, read) ->
            assertThatThrownBy(read::call)
                .as(name)
                .satisfies(e -> assertCausedByCodecFailure(e, "any", "jcache:any", REFUSED)));
    assertThat(RawBytes.readHex(redis, "HGET", "jcache:any", "s:k")).isEqualTo(HOSTILE);
  }

  @Test
  void get_textCacheValueNotUtf8_throwsCacheExceptionCausedByCodecExceptionNamingKey(
      RedisDeployment redis) {
    Cache<String, String> cache =
        manager.createCache(
            "text",
            new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    RawBytes.write(redis, "HSET", "jcache:text", "k", "fffe");

    assertThatThrownBy(() -> cache.get("k"))
        .satisfies(
            e ->
                assertCausedByCodecFailure(
                    e,
                    "text",
                    "jcache:text",
                    "key 'jcache:text': cannot decode as String: the 2 stored bytes are not valid"
                        + " UTF-8"));
    assertThat(RawBytes.readHex(redis, "HGET", "jcache:text", "k")).isEqualTo("fffe");
  }

  /** A codec of one's own that cannot read what it wrote. */
  public static final class Refusing implements Codec<String> {
    @Override
    public Class<String> type() {
      return String.class;
    }

    @Override
    public byte[] encode(String value) {
      return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String decode(byte[] bytes) {
      throw new IllegalStateException("no");
    }
  }

  @Test
  void get_ownCodecThrowingRuntimeException_throwsCacheExceptionCausedByCodecException(
      RedisDeployment redis) {
    Cache<String, String> cache =
        manager.createCache(
            "own",
            new HotCacheConfiguration<String, String>()
                .setTypes(String.class, String.class)
                .setValueCodecName(Refusing.class.getName()));
    cache.put("k", "v");

    assertThatThrownBy(() -> cache.get("k"))
        .satisfies(
            e ->
                assertCausedByCodecFailure(
                    e,
                    "own",
                    "jcache:own",
                    "key 'jcache:own': cannot decode 1 stored bytes as java.lang.String:"
                        + " java.lang.IllegalStateException: no"));
    assertThat(redis.execute("HGET", "jcache:own", "k")).isEqualTo("v");
  }
}
