package org.hotredis.jcache.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.hotredis.codec.CodecException;
import org.junit.jupiter.api.Test;

/** The self-describing codec of untyped caches. */
final class TaggedCodecTest {
  private final TaggedCodec codec = new TaggedCodec(List.of("java.util.Locale"));

  @Test
  void encode_defaultTypes_writesTagAndReadableText() {
    assertThat(text(codec.encode("hello"))).isEqualTo("s:hello");
    assertThat(text(codec.encode(42L))).isEqualTo("l:42");
    assertThat(text(codec.encode(42))).isEqualTo("i:42");
    assertThat(text(codec.encode(new BigDecimal("1.50")))).startsWith("m:");
    assertThat(text(codec.encode(true))).isEqualTo("z:1");
  }

  @Test
  void decode_encodedValues_roundTripsWithTheirTypes() {
    UUID id = UUID.randomUUID();

    assertThat(codec.decode(codec.encode(id))).isEqualTo(id);
    assertThat(codec.decode(codec.encode(7))).isEqualTo(7).isInstanceOf(Integer.class);
    assertThat(codec.decode(codec.encode(Locale.CANADA))).isEqualTo(Locale.CANADA);
    assertThat(text(codec.encode(Locale.CANADA))).startsWith("j:");
  }

  @Test
  void encode_equalButNotSameValues_givesEqualBytes() {
    assertThat(codec.encode(new String("key"))).isEqualTo(codec.encode("key"));
    assertThat(codec.encode(new Locale("fr", "CA"))).isEqualTo(codec.encode(Locale.CANADA_FRENCH));
    assertThat(codec.encode(1L)).isNotEqualTo(codec.encode(1));
  }

  @Test
  void decode_classOutsideTheAllowList_isRefusedBeforeItIsBuilt() {
    byte[] list = new TaggedCodec(List.of("java.util.*")).encode(new ArrayList<>(List.of("a")));

    assertThatThrownBy(() -> codec.decode(list))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("java.util.ArrayList");
  }

  @Test
  void encode_classOutsideTheAllowList_isRefusedNamingIt() {
    assertThatThrownBy(() -> codec.encode(new ArrayList<>(List.of("a"))))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("java.util.ArrayList");
  }

  @Test
  void decode_bytesWithoutATag_throwsCodecException() {
    assertThatThrownBy(() -> codec.decode("plain".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("type tag");
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
