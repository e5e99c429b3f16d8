package org.hotredis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

final class ScriptOutcomeTest {
  enum Step implements ScriptOutcome {
    @Code("1")
    DONE,
    @Code("-2")
    REFUSED,
    @Code("?")
    NEED
  }

  @Test
  void of_integerAndBulkReplies_readByCode() {
    assertThat(ScriptOutcome.of(Step.class, 1L, "x.lua")).isEqualTo(Step.DONE);
    assertThat(ScriptOutcome.of(Step.class, -2L, "x.lua")).isEqualTo(Step.REFUSED);
    assertThat(ScriptOutcome.of(Step.class, "?".getBytes(UTF_8), "x.lua")).isEqualTo(Step.NEED);
    assertThat(ScriptOutcome.of(Step.class, "1".getBytes(UTF_8), "x.lua")).isEqualTo(Step.DONE);
  }

  @Test
  void of_unknownCode_namesTheScriptTheReplyAndTheCodes() {
    assertThatThrownBy(() -> ScriptOutcome.of(Step.class, 7L, "lock-acquire.lua"))
        .isInstanceOf(HotRedisException.class)
        .hasMessage("lock-acquire.lua replied '7' where one of '1', '-2', '?' was expected");
    assertThatThrownBy(() -> ScriptOutcome.of(Step.class, "??".getBytes(UTF_8), "c.lua"))
        .hasMessageStartingWith("c.lua replied '??' where");
    assertThatThrownBy(() -> ScriptOutcome.of(Step.class, null, "c.lua"))
        .hasMessageStartingWith("c.lua replied 'null' where");
  }

  enum Uncoded implements ScriptOutcome {
    @Code("1")
    ONE,
    TWO
  }

  @Test
  void of_aConstantWithoutCode_namesIt() {
    assertThatThrownBy(() -> ScriptOutcome.of(Uncoded.class, 1L, "x.lua"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Uncoded.TWO has no @ScriptOutcome.Code");
    assertThat(Step.REFUSED.code()).isEqualTo("-2");
  }

  @Test
  void first_checksTheLengthThenReadsTheFirstItem() {
    assertThat(ScriptOutcome.first(Step.class, List.of(-2L, 5L), 2, "s.lua"))
        .isEqualTo(Step.REFUSED);
    assertThatThrownBy(() -> ScriptOutcome.first(Step.class, List.of(1L), 2, "s.lua"))
        .isInstanceOf(HotRedisException.class)
        .hasMessage("s.lua replied 1 items where 2 were expected");
  }
}
