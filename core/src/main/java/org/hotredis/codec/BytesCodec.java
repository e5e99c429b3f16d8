package org.hotredis.codec;

/** Byte arrays stored as they are. */
final class BytesCodec implements Codec<byte[]> {
  static final BytesCodec INSTANCE = new BytesCodec();

  private BytesCodec() {}

  @Override
  public byte[] encode(byte[] value) {
    return value;
  }

  @Override
  public byte[] decode(byte[] bytes) {
    return bytes;
  }

  @Override
  public Class<byte[]> type() {
    return byte[].class;
  }

  @Override
  public String toString() {
    return "Codecs.bytes()";
  }
}
