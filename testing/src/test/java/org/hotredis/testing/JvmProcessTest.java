package org.hotredis.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

final class JvmProcessTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Test
  void awaitOutput_childPrintsLine_returnsLineAndExitsZero() {
    try (JvmProcess child =
        JvmProcess.builder(Child.class)
            .args("print", "hello", "world")
            .systemProperty("greeting", "hi")
            .jvmArg("-Xmx64m")
            .start()) {
      assertThat(child.pid()).isPositive();

      assertThat(child.awaitOutput("hello", TIMEOUT)).isEqualTo("hi hello world");
      assertThat(child.waitFor(TIMEOUT)).isZero();
      assertThat(child.isAlive()).isFalse();
      assertThat(child.output()).isEqualTo("hi hello world\n");
    }
  }

  @Test
  void kill_blockedChild_notAlive() {
    try (JvmProcess child = JvmProcess.builder(Child.class).args("block").start()) {
      child.awaitOutput("blocking", TIMEOUT);

      child.kill();

      assertThat(child.isAlive()).isFalse();
      assertThat(ProcessHandle.of(child.pid()).filter(ProcessHandle::isAlive)).isEmpty();
    }
  }

  @Test
  void awaitOutput_childExitsWithoutLine_failsWithOutput() {
    try (JvmProcess child = JvmProcess.builder(Child.class).args("fail").start()) {
      assertThatThrownBy(() -> child.awaitOutput("never printed", TIMEOUT))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("exited with code 3")
          .hasMessageContaining("bye from stderr");
      assertThat(child.waitFor(TIMEOUT)).isEqualTo(3);
    }
  }

  @Test
  void waitFor_childStillRunning_killsAndFails() {
    try (JvmProcess child = JvmProcess.builder(Child.class).args("block").start()) {
      child.awaitOutput("blocking", TIMEOUT);

      assertThatThrownBy(() -> child.waitFor(Duration.ofMillis(50)))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("did not exit")
          .hasMessageContaining("blocking");
      assertThat(child.isAlive()).isFalse();
    }
  }

  @Test
  void close_blockedChild_killsIt() {
    JvmProcess child = JvmProcess.builder(Child.class).args("block").start();
    child.awaitOutput("blocking", TIMEOUT);

    child.close();

    assertThat(child.isAlive()).isFalse();
  }

  /** The main class the tests run in child JVMs. */
  static final class Child {
    private Child() {}

    public static void main(String[] args) throws InterruptedException {
      switch (args[0]) {
        case "print" ->
            System.out.println(
                System.getProperty("greeting")
                    + " "
                    + String.join(" ", Arrays.asList(args).subList(1, args.length)));
        case "block" -> {
          System.out.println("blocking");
          new CountDownLatch(1).await();
        }
        case "fail" -> {
          System.err.println("bye from stderr");
          System.exit(3);
        }
        default -> throw new IllegalArgumentException(args[0]);
      }
    }
  }
}
