package org.hotredis.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.hotredis.testing.RedisServer;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.Test;

@RedisTest
final class DemoTest {

  @Test
  void run_twoProcessesShareEveryObject_andLeaveNothingBehind(RedisServer server) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    int status = Demo.run(server.uri(), out);

    String transcript = bytes.toString(StandardCharsets.UTF_8);
    assertThat(status).as(transcript).isZero();
    assertThat(transcript)
        .contains("[A] HotList foo = [a, b, c]")
        .contains("[B] HotList foo reads [a, b, c]")
        .contains("[A] HotList foo reads [a, b, c, d, e, f]; contains(\"c\") = true")
        .contains("[B] HotList foo reads [f, e, d, c, b, a]")
        .contains("jobs done by A and B together: 10 of 10")
        .contains("[A] counter = 200")
        .contains("[B] most common words: [the=4, ")
        .contains("[A] JCache greetings: get(from-B) = \"hello from JVM B\"")
        .contains("[B] JCache greetings: get(from-A) = \"hello from JVM A\"")
        .contains("Both processes exited normally.")
        .contains("Cleaned up: every key starting with hotredis-demo:");
    assertThat(transcript.indexOf("[A] HotList foo = [a, b, c]"))
        .isLessThan(transcript.indexOf("[B] HotList foo reads [a, b, c]"));
    assertThat(
            ProcessHandle.current()
                .children()
                .filter(ProcessHandle::isAlive)
                .filter(child -> child.pid() != server.pid()))
        .as("processes left behind")
        .isEmpty();
    assertThat(server.execute("DBSIZE")).as("keys left in Redis").isEqualTo(0L);
  }

  @Test
  void answersPing_trueForRedis_falseForAnythingElse(RedisServer server) throws Exception {
    assertThat(Demo.answersPing(server.host(), server.port())).isTrue();
    try (ServerSocket silent = new ServerSocket(0)) {
      assertThat(Demo.answersPing("127.0.0.1", silent.getLocalPort())).isFalse();
    }
  }
}
