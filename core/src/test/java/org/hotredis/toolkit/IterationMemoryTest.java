package org.hotredis.toolkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.hotredis.Keys;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisServer;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.Test;

/** The memory of an iteration: its key's slot, and the script that keeps it in Redis. */
@RedisTest
final class IterationMemoryTest {
  private static final String MEMORY = "{set}:iteration:test";

  @Test
  void memoryKeyOf_anyKey_sharesItsClusterSlot() {
    for (String key : List.of("plain", "{tag}rest", "a}b", "}", "{}x", "{a", "x{y}z")) {
      String memory = IterationMemory.memoryKeyOf(key);
      assertThat(Keys.slot(memory)).as(memory).isEqualTo(Keys.slot(key));
      assertThat(memory).contains(":iteration:");
    }
  }

  @Test
  void rememberScript_callRepeatedAfterALostReply_answersTheSameAndLosesNothing(
      RedisDeployment server) throws IOException {
    String script = script();

    assertThat(remember(server, script, 1, 0, false, "a", "b", "c")).containsExactly(1L, 1L, 1L);
    // the reply of call 1 was lost: the repeated call returns the same elements
    assertThat(remember(server, script, 1, 0, false, "a", "b", "c")).containsExactly(1L, 1L, 1L);
    // the repeated call failed too: the next call, still with no reply received, returns them
    assertThat(remember(server, script, 2, 0, false, "b", "d")).containsExactly(1L, 1L);
    // call 2 answered: what it recorded was returned
    assertThat(remember(server, script, 3, 2, true, "a", "b", "d", "e", "e"))
        .containsExactly(0L, 0L, 0L, 1L, 0L);
    assertThat((Long) server.execute("PTTL", MEMORY)).isBetween(1L, 3_600_000L);
  }

  @Test
  void rememberScript_memoryGone_failsWithIllegalState(RedisDeployment server) throws IOException {
    String script = script();
    remember(server, script, 1, 0, false, "a");
    server.execute("DEL", MEMORY);

    assertThatThrownBy(() -> remember(server, script, 2, 1, true, "b"))
        .isInstanceOfSatisfying(
            RedisServer.ReplyError.class, e -> assertThat(e.code()).isEqualTo("ILLEGALSTATE"));
  }

  @Test
  void rememberScript_lastPage_deletesTheMemory(RedisDeployment server) throws IOException {
    String script = script();
    remember(server, script, 1, 0, false, "a");

    assertThat(remember(server, script, 2, 1, true, "a", "b")).containsExactly(0L, 1L);
    assertThat(server.execute("EXISTS", MEMORY)).isEqualTo(1L);
    assertThat(server.execute("EVAL", script, "1", MEMORY, "3", "2", "1", "0", "c"))
        .isEqualTo(List.of(1L));
    assertThat(server.execute("EXISTS", MEMORY)).isEqualTo(0L);
  }

  @SuppressWarnings("unchecked")
  private static List<Long> remember(
      RedisDeployment server,
      String script,
      long call,
      long received,
      boolean mustExist,
      String... identities) {
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            "EVAL",
            script,
            "1",
            MEMORY,
            Long.toString(call),
            Long.toString(received),
            mustExist ? "1" : "0",
            "3600000"));
    command.addAll(List.of(identities));
    return (List<Long>) server.execute(command.toArray(new String[0]));
  }

  private static String script() throws IOException {
    try (InputStream in = IterationMemory.class.getResourceAsStream("lua/iteration-remember.lua")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
