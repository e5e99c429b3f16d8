package org.hotredis.codec;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 text. The common case takes the JDK's fast paths; only text that contains surrogates (on
 * encode) or a replacement character (on decode) is checked strictly, so malformed input is refused
 * instead of being silently replaced.
 */
final class StringCodec implements Codec<String> {
  static final StringCodec INSTANCE = new StringCodec();

  private StringCodec() {}

  @Override
  public byte[] encode(String value) {
    if (hasSurrogate(value)) {
      try {
        ByteBuffer buffer =
            StandardCharsets.UTF_8
                .newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .encode(CharBuffer.wrap(value));
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
      } catch (CharacterCodingException e) {
        throw new CodecException(
            "cannot encode String as UTF-8: it contains an unpaired surrogate", e);
      }
    }
    return value.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String decode(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (text.indexOf('\uFFFD') >= 0) {
      try {
        return StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes))
            .toString();
      } catch (CharacterCodingException e) {
        throw new CodecException(
            "cannot decode as String: the " + bytes.length + " stored bytes are not valid UTF-8",
            e);
      }
    }
    return text;
  }

  @Override
  public Class<String> type() {
    return String.class;
  }

  @Override
  public String toString() {
    return "Codecs.strings()";
  }

  private static boolean hasSurrogate(String value) {
    for (int i = 0, n = value.length(); i < n; i++) {
      if (Character.isSurrogate(value.charAt(i))) {
        return true;
      }
    }
    return false;
  }
}
