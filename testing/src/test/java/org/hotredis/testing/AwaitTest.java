package org.hotredis.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

final class AwaitTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Test
  void until_conditionBecomesTrue_returns() {
    AtomicInteger polls = new AtomicInteger();

    Await.until(TIMEOUT, () -> polls.incrementAndGet() >= 3, "three polls");

    assertThat(polls).hasValue(3);
  }

  @Test
  void until_conditionStaysFalse_throwsNamingDescription() {
    assertThatThrownBy(() -> Await.until(Duration.ofMillis(30), () -> false, "pigs to fly"))
        .isInstanceOf(AssertionError.class)
        .hasMessage("timed out after 30ms waiting for pigs to fly");
  }

  @Test
  void until_supplierEventuallyNonNull_returnsFirstValue() {
    AtomicInteger polls = new AtomicInteger();

    String value =
        Await.until(TIMEOUT, () -> polls.incrementAndGet() < 3 ? null : "poll " + polls, "value");

    assertThat(value).isEqualTo("poll 3");
  }

  @Test
  void until_supplierStaysNull_throws() {
    assertThatThrownBy(() -> Await.until(Duration.ofSeconds(0), () -> null, "nothing"))
        .isInstanceOf(AssertionError.class)
        .hasMessage("timed out after 0s waiting for nothing");
  }
}
