package org.hotredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hotredis.shaded.redis.clients.jedis.BuilderFactory;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisServer;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@RedisTest
final class ScriptTest {
  private HotClient client;
  private TestCounter counter;

  @BeforeEach
  void open(RedisDeployment server) {
    client = HotClient.create(server.uri());
    counter = new TestCounter(client, "counter");
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void load_headerMissing_throwsIllegalState() {
    assertThatThrownBy(() -> Script.load(ScriptTest.class, "lua/test-no-header.lua"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("test-no-header")
        .hasMessageContaining("KEYS[i]");
  }

  @Test
  void load_resourceMissing_throwsIllegalState() {
    assertThatThrownBy(() -> Script.load(ScriptTest.class, "lua/absent.lua"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("lua/absent.lua");
  }

  @Test
  void sha1_matchesRedisScriptLoad(RedisDeployment server) throws IOException {
    String body;
    try (InputStream in = ScriptTest.class.getResourceAsStream("lua/test-counter-add.lua")) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(server.execute("SCRIPT", "LOAD", body)).isEqualTo(TestCounter.ADD.sha1());
    assertThat(TestCounter.ADD.name()).isEqualTo("test-counter-add");
  }

  @Test
  void call_wrongNumberOfKeys_throwsIllegalArgument() {
    assertThatThrownBy(() -> TestCounter.ADD.call(BuilderFactory.LONG, List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("script test-counter-add declares 1 keys, called with 0");
  }

  @Test
  void call_cachedScript_runsAsEvalshaWithoutLoading(RedisDeployment server) {
    counter.addAndGet(1);
    server.resetStats();

    assertThat(counter.addAndGet(2)).isEqualTo(3);
    assertThat(counter.addAndGet(3)).isEqualTo(6);

    assertThat(server.commandCalls("evalsha")).isEqualTo(2);
    assertThat(server.commandCalls("eval")).isZero();
    assertThat(server.commandCalls("script|load")).isZero();
  }

  @Test
  void call_afterScriptFlush_recoversThroughEval(RedisDeployment server) {
    counter.addAndGet(1);
    server.execute("SCRIPT", "FLUSH");
    server.resetStats();

    assertThat(counter.addAndGet(2)).isEqualTo(3);
    assertThat(server.commandCalls("eval")).isEqualTo(1);

    assertThat(counter.addAndGet(3)).isEqualTo(6);
    // the first EVALSHA was answered NOSCRIPT, the second ran; EVAL cached the script again
    assertThat(server.commandCalls("evalsha")).isEqualTo(2);
    assertThat(server.commandCalls("eval")).isEqualTo(1);
  }

  @Test
  void readScript_afterServerRestart_recoversWithoutError(RedisServer server) {
    counter.set(5);
    assertThat(counter.getViaScript()).isEqualTo(5);

    server.restart();

    assertThat(counter.getViaScript()).isZero();
    counter.set(7);
    assertThat(counter.getViaScript()).isEqualTo(7);
  }

  @Test
  void writeScript_afterServerRestart_failsAtMostOnceThenRecovers(RedisServer server) {
    assertThat(counter.addAndGet(1)).isEqualTo(1);

    server.restart();

    // The pooled connection died with the old server. A write on it cannot be retried safely
    // in general, so at most one write reports the broken connection; the next one recovers,
    // reloading the script that the restart dropped.
    long value;
    try {
      value = counter.addAndGet(2);
    } catch (HotConnectionException e) {
      assertThat(e).hasMessageContaining("may or may not have been applied");
      value = counter.addAndGet(2);
    }
    assertThat(value).isEqualTo(2);
    assertThat(counter.addAndGet(3)).isEqualTo(5);
  }

  @Test
  void script_insideTransaction_isQueuedAsEval(RedisDeployment server) {
    server.execute("SCRIPT", "FLUSH");
    server.resetStats();

    client.transaction(tx -> counter.add(5));

    assertThat(counter.get()).isEqualTo(5);
    assertThat(server.commandCalls("eval")).isEqualTo(1);
    assertThat(server.commandCalls("evalsha")).isZero();
    assertThat(server.commandCalls("exec")).isEqualTo(1);
  }
}
