package org.hotredis.toolkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Encoded bytes compared by content, for de-duplicating values before they are sent. */
public final class ByteKey {
  private final byte[] bytes;
  private final int hash;

  /**
   * Wraps encoded bytes; the array must not change afterwards.
   *
   * @param bytes the bytes
   */
  public ByteKey(byte[] bytes) {
    this.bytes = bytes;
    this.hash = Arrays.hashCode(bytes);
  }

  /**
   * Returns the bytes, not copied.
   *
   * @return the bytes
   */
  public byte[] bytes() {
    return bytes;
  }

  /**
   * Returns the bytes of each key, in order.
   *
   * @param keys the keys
   * @return their bytes
   */
  public static List<byte[]> bytes(Collection<ByteKey> keys) {
    List<byte[]> bytes = new ArrayList<>(keys.size());
    for (ByteKey key : keys) {
      bytes.add(key.bytes);
    }
    return bytes;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ByteKey other && hash == other.hash && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }
}
