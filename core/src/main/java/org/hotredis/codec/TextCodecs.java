package org.hotredis.codec;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;

/** Text codecs that are not numbers, and helpers shared by the codecs. */
final class TextCodecs {
  private static final int EXCERPT = 40;

  static final Codec<Boolean> BOOLEAN =
      new TextCodec<>(
          Boolean.class,
          "Codecs.forType(Boolean.class)",
          "a boolean (1, 0, true or false)",
          value -> value ? "1" : "0",
          TextCodecs::parseBoolean);

  static final Codec<UUID> UUIDS =
      new TextCodec<>(
          UUID.class, "Codecs.forType(UUID.class)", "a UUID", UUID::toString, UUID::fromString);

  private TextCodecs() {}

  private static Boolean parseBoolean(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "1", "true" -> Boolean.TRUE;
      case "0", "false" -> Boolean.FALSE;
      default -> throw new IllegalArgumentException(text);
    };
  }

  /** Returns the first characters of stored bytes, for error messages. */
  static String excerpt(byte[] bytes) {
    String text = new String(bytes, 0, Math.min(bytes.length, EXCERPT * 4), StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder();
    text.codePoints()
        .limit(EXCERPT)
        .forEach(
            c -> {
              if (c < 0x20 || c == 0x7f) {
                out.append(String.format(Locale.ROOT, "\\x%02x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    if (text.codePointCount(0, text.length()) > EXCERPT || bytes.length > EXCERPT * 4) {
      out.append("...");
    }
    return out.toString();
  }
}
