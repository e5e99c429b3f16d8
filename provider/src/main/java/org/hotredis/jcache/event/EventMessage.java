package org.hotredis.jcache.event;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One message on a cache's event channel, as the cache's scripts publish it: a letter ({@code C}
 * created, {@code U} updated, {@code R} removed, {@code E} expired, {@code D} destroyed), then the
 * origin handle's id, the encoded key (for {@code D}, the incarnation), the value and the old
 * value, each as {@code <length>:<bytes>} or {@code -} for none.
 *
 * @param kind the letter
 * @param origin the id of the handle whose operation caused the event
 * @param key the encoded key, or the incarnation for {@code D}
 * @param value the encoded value, or null
 * @param oldValue the encoded old value, or null
 */
@SuppressWarnings("ArrayRecordComponent") // equals and hashCode compare the bytes
public record EventMessage(
    char kind, String origin, byte[] key, byte @Nullable [] value, byte @Nullable [] oldValue) {

  /**
   * Checks the message's parts.
   *
   * @param kind the letter
   * @param origin the id of the handle whose operation caused the event
   * @param key the encoded key, or the incarnation for {@code D}
   * @param value the encoded value, or null
   * @param oldValue the encoded old value, or null
   */
  public EventMessage {
    requireNonNull(origin, "origin");
    requireNonNull(key, "key");
  }

  /**
   * Parses a message.
   *
   * @param message the bytes published
   * @return the message, or null if it is malformed
   */
  public static @Nullable EventMessage parse(byte[] message) {
    if (message.length == 0) {
      return null;
    }
    int[] position = {1};
    byte[] origin = field(message, position);
    byte[] key = field(message, position);
    byte[] value = field(message, position);
    byte[] oldValue = field(message, position);
    if (origin == null || key == null || position[0] != message.length) {
      return null;
    }
    return new EventMessage(
        (char) message[0], new String(origin, StandardCharsets.UTF_8), key, value, oldValue);
  }

  private static byte @Nullable [] field(byte[] message, int[] position) {
    int at = position[0];
    if (at >= message.length) {
      position[0] = Integer.MAX_VALUE;
      return null;
    }
    if (message[at] == '-') {
      position[0] = at + 1;
      return null;
    }
    int length = 0;
    int i = at;
    while (i < message.length && message[i] != ':') {
      byte digit = message[i];
      if (digit < '0' || digit > '9' || length > (Integer.MAX_VALUE - 9) / 10) {
        position[0] = Integer.MAX_VALUE;
        return null;
      }
      length = length * 10 + (digit - '0');
      i++;
    }
    int start = i + 1;
    if (i >= message.length || length > message.length - start) {
      position[0] = Integer.MAX_VALUE;
      return null;
    }
    position[0] = start + length;
    return Arrays.copyOfRange(message, start, start + length);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof EventMessage other
        && kind == other.kind
        && origin.equals(other.origin)
        && Arrays.equals(key, other.key)
        && Arrays.equals(value, other.value)
        && Arrays.equals(oldValue, other.oldValue);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * kind + origin.hashCode()) + Arrays.hashCode(key))
        + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "EventMessage[" + kind + " from " + origin + ", " + key.length + "-byte key]";
  }
}
