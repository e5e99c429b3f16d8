package org.hotredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hotredis.shaded.redis.clients.jedis.BuilderFactory;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@RedisTest
final class ScriptIncludeTest {
  private static final Script INCLUDE =
      Script.load(ScriptIncludeTest.class, "lua/test-include.lua");

  private HotClient client;
  private RedisBinding counter;

  @BeforeEach
  void open(RedisDeployment server) {
    client = HotClient.create(server.uri());
    counter = RedisBinding.of(client, "included", "ScriptIncludeTest", "string");
  }

  @AfterEach
  void close() {
    client.close();
  }

  private long addTwice(long amount) {
    byte[] arg = Long.toString(amount).getBytes(StandardCharsets.US_ASCII);
    return counter.write(
        INCLUDE.call(BuilderFactory.LONG, List.of(counter.rawKey()), List.of(arg)));
  }

  @Test
  void call_includedLibraries_runAsOneEvalsha(RedisDeployment server) {
    addTwice(1);
    server.resetStats();

    assertThat(addTwice(2)).isEqualTo(6);

    assertThat(server.commandCalls("evalsha")).isEqualTo(1);
    assertThat(server.commandCalls("eval")).isZero();
    assertThat(server.commandCalls("script|load")).isZero();
  }

  @Test
  void load_includes_composedTextIsHashed(RedisDeployment server) {
    String composed = new String(INCLUDE.body(), StandardCharsets.UTF_8);

    assertThat(composed).doesNotContain("--#include");
    assertThat(server.execute("SCRIPT", "LOAD", composed)).isEqualTo(INCLUDE.sha1());
  }

  @Test
  void load_libraryIncludedTwice_composedOnce() {
    String composed = new String(INCLUDE.body(), StandardCharsets.UTF_8);

    assertThat(composed.split("local function add\\(", -1)).hasSize(2);
    assertThat(composed.indexOf("local function add(")).isLessThan(composed.indexOf("twice("));
  }

  @Test
  void call_wrongNumberOfKeys_countsTheIncludingHeaderOnly() {
    assertThatThrownBy(() -> INCLUDE.call(BuilderFactory.LONG, List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("script test-include declares 1 keys, called with 0");
  }

  @Test
  void load_includeCycle_throwsIllegalStateNamingTheCycle() {
    assertThatThrownBy(() -> Script.load(ScriptIncludeTest.class, "lua/test-include-cycle.lua"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("include cycle")
        .hasMessageContaining(
            "lua/test-include-cycle.lua -> lua/lib/test-cycle-a.lua -> lua/lib/test-cycle-b.lua"
                + " -> lua/lib/test-cycle-a.lua");
  }

  @Test
  void load_libraryReadsKeys_throwsIllegalState() {
    assertThatThrownBy(() -> Script.load(ScriptIncludeTest.class, "lua/test-include-keys.lua"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("lua/lib/test-reads-keys.lua")
        .hasMessageContaining("reads KEYS or ARGV");
  }

  @Test
  void load_libraryWithoutHeader_throwsIllegalState() {
    assertThatThrownBy(() -> Script.load(ScriptIncludeTest.class, "lua/test-include-headless.lua"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("lua/lib/test-headless.lua")
        .hasMessageContaining("header");
  }

  @Test
  void load_libraryMissing_throwsIllegalStateNamingIt() {
    assertThatThrownBy(() -> Script.load(ScriptIncludeTest.class, "lua/test-include-missing.lua"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("test-include-missing")
        .hasMessageContaining("lua/lib/test-absent.lua");
  }
}
