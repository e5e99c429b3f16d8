package org.hotredis.codec;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/** An enum constant stored as its name. */
final class EnumCodec<E extends Enum<E>> implements Codec<E> {
  private final Class<E> type;

  EnumCodec(Class<E> type) {
    this.type = type;
  }

  @Override
  public byte[] encode(E value) {
    return value.name().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public E decode(byte[] bytes) {
    String name = new String(bytes, StandardCharsets.UTF_8);
    try {
      return Enum.valueOf(type, name);
    } catch (IllegalArgumentException e) {
      throw new CodecException(
          "cannot decode '"
              + TextCodecs.excerpt(bytes)
              + "' as "
              + type.getName()
              + ": no such constant",
          e);
    }
  }

  @Override
  public Class<E> type() {
    return type;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof EnumCodec<?> other && other.type == type;
  }

  @Override
  public int hashCode() {
    return type.hashCode();
  }

  @Override
  public String toString() {
    return "Codecs.enums(" + type.getSimpleName() + ".class)";
  }
}
