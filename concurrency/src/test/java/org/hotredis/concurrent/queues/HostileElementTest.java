package org.hotredis.concurrent.queues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.hotredis.HotClient;
import org.hotredis.codec.CodecException;
import org.hotredis.codec.Codecs;
import org.hotredis.testing.RawBytes;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A queue element written behind the queue's back that declares far more than it holds: the queue's
 * reads fail with a {@link CodecException} naming the key before anything of that size is
 * allocated, and leave the element where it was.
 */
@RedisTest
final class HostileElementTest {
  /** An element type stored with Java serialization. */
  record Job(String name) implements Serializable {}

  private static final String KEY = "jobs";

  /** A serialized {@code long[0]} whose length says 99,999,999: 27 bytes that ask for 800 MB. */
  private static final String HOSTILE = HexFormat.of().formatHex(hostile());

  private static final String REFUSED =
      "key 'jobs': refused to deserialize as "
          + Job.class.getName()
          + ": the stream declares long[99999999] (799999992 bytes) but holds only 0 more bytes";

  private HotClient client;
  private HotQueue<Job> jobs;

  @BeforeEach
  void open(RedisDeployment redis) {
    client = HotClient.create(redis.uri());
    jobs = HotQueue.builder(Codecs.javaSerialization(Job.class)).client(client).key(KEY).build();
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

  private static Callable<?> voidCall(Runnable action) {
    return () -> {
      action.run();
      return null;
    };
  }

  @Test
  void reads_hostileElement_throwCodecExceptionNamingKeyAndKeepIt(RedisDeployment redis) {
    RawBytes.write(redis, "RPUSH", KEY, HOSTILE);
    Map<String, Callable<?>> reads = new LinkedHashMap<>();
    reads.put("peek", jobs::peek);
    reads.put("element", jobs::element);
    reads.put("snapshot", jobs::snapshot);
    reads.put("iterator", voidCall(() -> jobs.iterator().forEachRemaining(j -> {})));
    reads.put("toString", jobs::toString);

    reads.forEach(
        (name, read) ->
            assertThatThrownBy(read::call)
                .as(name)
                .isInstanceOf(CodecException.class)
                .hasMessage(REFUSED)
                .satisfies(e -> assertThat(((CodecException) e).key()).isEqualTo(KEY)));
    assertThat(RawBytes.readHex(redis, "LINDEX", KEY, "0")).isEqualTo(HOSTILE);
    assertThat(redis.execute("LLEN", KEY)).isEqualTo(1L);
  }

  @Test
  void pollReliably_hostileElement_throwsCodecExceptionAndKeepsItPending(RedisDeployment redis) {
    RawBytes.write(redis, "RPUSH", KEY, HOSTILE);

    assertThatThrownBy(jobs::pollReliably).isInstanceOf(CodecException.class).hasMessage(REFUSED);

    assertThat(redis.execute("LLEN", KEY)).isEqualTo(0L);
    assertThat(RawBytes.readHex(redis, "LINDEX", "{" + KEY + "}:pending:" + client.id(), "0"))
        .isEqualTo(HOSTILE);
  }

  @Test
  @Timeout(60)
  void takeAndPoll_hostileElement_throwCodecExceptionNamingKey(RedisDeployment redis) {
    for (int i = 0; i < 3; i++) {
      RawBytes.write(redis, "RPUSH", KEY, HOSTILE);
    }

    // take and poll remove the head before decoding it, as BlockingQueue's contract has it
    assertThatThrownBy(jobs::take).isInstanceOf(CodecException.class).hasMessage(REFUSED);
    assertThatThrownBy(() -> jobs.poll(1, TimeUnit.SECONDS))
        .isInstanceOf(CodecException.class)
        .hasMessage(REFUSED);
    assertThatThrownBy(jobs::poll).isInstanceOf(CodecException.class).hasMessage(REFUSED);
  }
}
