package org.hotredis.codec;

/**
 * Turns values of one Java type into the bytes Redis stores, and back.
 *
 * <p>Implementations are immutable and thread-safe. Equal values must encode to equal bytes: Redis
 * compares stored strings byte by byte (set membership, hash fields, {@code LREM}), so a codec
 * whose encoding of equal values differs breaks {@code contains} and {@code remove}.
 *
 * @param <T> the Java type
 */
public interface Codec<T> {

  /**
   * Encodes a value.
   *
   * @param value the value, never null
   * @return the bytes to store
   * @throws CodecException if the value cannot be encoded
   */
  byte[] encode(T value);

  /**
   * Decodes stored bytes.
   *
   * @param bytes the stored bytes
   * @return the value
   * @throws CodecException if the bytes are not a valid encoding of this type
   */
  T decode(byte[] bytes);

  /**
   * Returns the Java type this codec handles, for checks and error messages.
   *
   * @return the type
   */
  Class<T> type();
}
