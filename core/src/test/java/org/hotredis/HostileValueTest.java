package org.hotredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hotredis.codec.Codec;
import org.hotredis.codec.CodecException;
import org.hotredis.codec.Codecs;
import org.hotredis.collections.HotDict;
import org.hotredis.collections.HotList;
import org.hotredis.collections.HotSet;
import org.hotredis.testing.JvmProcess;
import org.hotredis.testing.RawBytes;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Values written behind HOT Redis's back (with {@code redis-cli}, say) that no codec can decode:
 * every read fails with a {@link CodecException} naming the key, allocates nothing like what the
 * value declares, and leaves the value as it was.
 */
@RedisTest
final class HostileValueTest {
  /** A value type stored with Java serialization. */
  record Order(String id, long cents) implements Serializable {}

  /**
   * A serialized {@code long[0]} whose length says 99,999,999: 27 bytes that ask a reader for 800
   * MB.
   */
  private static final String HOSTILE = HexFormat.of().formatHex(hostile());

  /** Why a Java-serialization codec of {@link Order} refuses {@link #HOSTILE}. */
  private static final String REFUSED =
      "refused to deserialize as "
          + Order.class.getName()
          + ": the stream declares long[99999999] (799999992 bytes) but holds only 0 more bytes";

  private static final Codec<Order> ORDERS = Codecs.javaSerialization(Order.class);

  private HotClient client;

  @BeforeEach
  void open(RedisDeployment server) {
    client = HotClient.create(server.uri());
  }

  @AfterEach
  void close() {
    client.close();
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

  /** Checks that every read fails with a CodecException naming the key, with the message. */
  private static void assertEachFails(Map<String, Callable<?>> reads, String key, String message) {
    reads.forEach(
        (name, read) ->
            assertThatThrownBy(read::call)
                .as(name)
                .isInstanceOf(CodecException.class)
                .hasMessage("key '" + key + "': " + message)
                .satisfies(e -> assertThat(((CodecException) e).key()).isEqualTo(key)));
  }

  private static Callable<?> voidCall(Runnable action) {
    return () -> {
      action.run();
      return null;
    };
  }

  @Test
  void hotList_hostileJavaSerializedElement_throwsCodecExceptionNamingKeyAndKeepsIt(
      RedisDeployment server) {
    RawBytes.write(server, "RPUSH", "orders", HOSTILE);
    HotList<Order> orders = HotList.builder(ORDERS).client(client).key("orders").build();
    Map<String, Callable<?>> reads = new LinkedHashMap<>();
    reads.put("get", () -> orders.get(0));
    reads.put("getLast", orders::getLast);
    reads.put("snapshot", orders::snapshot);
    reads.put("iterator", voidCall(() -> orders.iterator().forEachRemaining(o -> {})));
    reads.put("toString", orders::toString);

    assertEachFails(reads, "orders", REFUSED);
    assertThat(RawBytes.readHex(server, "LINDEX", "orders", "0")).isEqualTo(HOSTILE);
    assertThat(server.execute("LLEN", "orders")).isEqualTo(1L);
  }

  @Test
  void hotDict_hostileJavaSerializedValue_throwsCodecExceptionNamingKeyAndKeepsIt(
      RedisDeployment server) {
    RawBytes.write(server, "HSET", "orders", "o-1", HOSTILE);
    HotDict<String, Order> orders =
        HotDict.builder(Codecs.strings(), ORDERS).client(client).key("orders").build();
    Map<String, Callable<?>> reads = new LinkedHashMap<>();
    reads.put("get", () -> orders.get("o-1"));
    reads.put("getOrDefault", () -> orders.getOrDefault("o-1", new Order("none", 0)));
    reads.put("snapshot", orders::snapshot);
    reads.put("values", voidCall(() -> orders.values().iterator().forEachRemaining(o -> {})));
    reads.put("entrySet", voidCall(() -> orders.entrySet().iterator().forEachRemaining(o -> {})));
    reads.put("forEach", voidCall(() -> orders.forEach((k, v) -> {})));

    assertEachFails(reads, "orders", REFUSED);
    assertThat(RawBytes.readHex(server, "HGET", "orders", "o-1")).isEqualTo(HOSTILE);
    assertThat(server.execute("HLEN", "orders")).isEqualTo(1L);
  }

  @Test
  void hotSet_hostileJavaSerializedMember_throwsCodecExceptionNamingKeyAndKeepsIt(
      RedisDeployment server) {
    RawBytes.write(server, "SADD", "orders", HOSTILE);
    HotSet<Order> orders = HotSet.builder(ORDERS).client(client).key("orders").build();
    Map<String, Callable<?>> reads = new LinkedHashMap<>();
    reads.put("snapshot", orders::snapshot);
    reads.put("iterator", voidCall(() -> orders.iterator().forEachRemaining(o -> {})));

    assertEachFails(reads, "orders", REFUSED);
    assertThat(RawBytes.readHex(server, "SRANDMEMBER", "orders")).isEqualTo(HOSTILE);
  }

  /** A codec of one's own whose decoding fails with whatever it was given. */
  private record Failing(RuntimeException exception, Error error) implements Codec<String> {
    @Override
    public byte[] encode(String value) {
      return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String decode(byte[] bytes) {
      if (bytes[0] == 'e') {
        throw error;
      }
      throw exception;
    }

    @Override
    public Class<String> type() {
      return String.class;
    }
  }

  @Test
  void ownCodec_runtimeExceptionOrStackOverflow_reachesCallerAsCodecExceptionNamingKey(
      RedisDeployment server) {
    IllegalStateException exception = new IllegalStateException("not an order");
    StackOverflowError error = new StackOverflowError();
    Failing failing = new Failing(exception, error);
    server.execute("RPUSH", "{t}list", "x", "e");
    server.execute("HSET", "{t}dict", "k", "x");
    HotList<String> list = HotList.builder(failing).client(client).key("{t}list").build();
    HotDict<String, String> dict =
        HotDict.builder(Codecs.strings(), failing).client(client).key("{t}dict").build();
    String failed = "cannot decode 1 stored bytes as java.lang.String: ";

    assertThatThrownBy(() -> list.get(0))
        .isInstanceOf(CodecException.class)
        .hasMessage("key '{t}list': " + failed + exception)
        .hasCause(exception);
    assertThatThrownBy(() -> list.get(1))
        .isInstanceOf(CodecException.class)
        .hasMessage(
            "key '{t}list': "
                + failed
                + "the value nests deeper than this thread's stack allows (StackOverflowError)")
        .hasCause(error);
    assertThatThrownBy(list::snapshot).isInstanceOf(CodecException.class).hasCause(exception);
    assertThatThrownBy(() -> dict.get("k"))
        .isInstanceOf(CodecException.class)
        .hasMessage("key '{t}dict': " + failed + exception);
    assertThatThrownBy(() -> dict.entrySet().iterator().next())
        .isInstanceOf(CodecException.class)
        .hasMessage("key '{t}dict': " + failed + exception);
    assertThat(server.execute("LRANGE", "{t}list", "0", "-1")).isEqualTo(List.of("x", "e"));
    assertThat(server.execute("HGET", "{t}dict", "k")).isEqualTo("x");
  }

  @Test
  void transaction_ownCodecFailing_deferredThrowsCodecExceptionNamingKey(RedisDeployment server) {
    IllegalStateException exception = new IllegalStateException("not an order");
    server.execute("RPUSH", "list", "x");
    HotList<String> list =
        HotList.builder(new Failing(exception, new StackOverflowError()))
            .client(client)
            .key("list")
            .build();
    Deferred<String> head;

    try (HotTransaction tx = client.transaction()) {
      head = tx.defer(() -> list.get(0));
      assertThatThrownBy(tx::commit).isInstanceOf(HotTransactionException.class);
    }

    assertThatThrownBy(head::get)
        .isInstanceOf(CodecException.class)
        .hasMessage("key 'list': cannot decode 1 stored bytes as java.lang.String: " + exception)
        .satisfies(e -> assertThat(((CodecException) e).key()).isEqualTo("list"));
  }

  @Test
  @Timeout(120)
  void smallHeapReader_hostileValues_getsCodecExceptionInsteadOfOutOfMemoryError(
      RedisDeployment server) {
    RawBytes.write(server, "RPUSH", "orders", HOSTILE);
    RawBytes.write(server, "HSET", "order-book", "o-1", HOSTILE);

    try (JvmProcess reader =
        JvmProcess.builder(HostileReader.class)
            .jvmArg("-Xmx32m")
            .args(server.uri(), "orders", "order-book")
            .start()) {
      assertThat(reader.waitFor(Duration.ofSeconds(90))).as(reader.output()).isZero();
      assertThat(reader.output())
          .contains("list: " + CodecException.class.getName() + ": key 'orders': " + REFUSED)
          .contains("dict: " + CodecException.class.getName() + ": key 'order-book': " + REFUSED);
    }
    assertThat(RawBytes.readHex(server, "LINDEX", "orders", "0")).isEqualTo(HOSTILE);
    assertThat(RawBytes.readHex(server, "HGET", "order-book", "o-1")).isEqualTo(HOSTILE);
  }
}
