package org.hotredis.jcache.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The messages the cache scripts publish. */
final class EventMessageTest {

  @Test
  void parse_updateWithOldValue_givesEveryPart() {
    EventMessage message = EventMessage.parse(bytes("U6:origin3:key5:value3:old"));

    assertThat(message).isNotNull();
    assertThat(message.kind()).isEqualTo(EventMessage.Kind.UPDATED);
    assertThat(message.origin()).isEqualTo("origin");
    assertThat(message.key()).isEqualTo(bytes("key"));
    assertThat(message.value()).isEqualTo(bytes("value"));
    assertThat(message.oldValue()).isEqualTo(bytes("old"));
  }

  @Test
  void parse_absentOldAndEmptyValue_keepsThemApart() {
    EventMessage message = EventMessage.parse(bytes("C1:h1:k0:-"));

    assertThat(message).isNotNull();
    assertThat(message.value()).isEmpty();
    assertThat(message.oldValue()).isNull();
  }

  @Test
  void parse_valueContainingSeparators_readsByLength() {
    EventMessage message = EventMessage.parse(bytes("C1:h1:k5:a:-b:-"));

    assertThat(message).isNotNull();
    assertThat(message.value()).isEqualTo(bytes("a:-b:"));
  }

  @Test
  void parse_truncatedOrTrailing_isNull() {
    assertThat(EventMessage.parse(bytes("U6:origin3:ke"))).isNull();
    assertThat(EventMessage.parse(bytes("C1:h1:k1:v-x"))).isNull();
    assertThat(EventMessage.parse(bytes(""))).isNull();
  }

  @Test
  void parse_lengthBeyondTheMessage_isNullWhateverItsSize() {
    // the largest lengths the parser reads: their end must not wrap around to a negative index
    assertThat(EventMessage.parse(bytes("C1:h2147483639:k1:v-"))).isNull();
    assertThat(EventMessage.parse(bytes("C1:h1:k2147483639:v-"))).isNull();
    assertThat(EventMessage.parse(bytes("C2147483639:h1:k1:v-"))).isNull();
    assertThat(EventMessage.parse(bytes("C1:h2147483647:k1:v-"))).isNull();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
