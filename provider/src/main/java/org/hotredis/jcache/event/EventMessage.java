package org.hotredis.jcache.event;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.cache.event.EventType;
import org.jspecify.annotations.Nullable;

/**
 * One message on a cache's event channel, as the cache's scripts publish it: a letter naming its
 * {@link Kind}, then the origin handle's id, the encoded key (for {@code D}, the incarnation), the
 * value and the old value, each as {@code <length>:<bytes>} or {@code -} for none.
 *
 * @param kind what happened
 * @param origin the id of the handle whose operation caused the event
 * @param key the encoded key, or the incarnation for {@code D}
 * @param value the encoded value, or null
 * @param oldValue the encoded old value, or null
 */
@SuppressWarnings("ArrayRecordComponent") // equals and hashCode compare the bytes
public record EventMessage(
    Kind kind, String origin, byte[] key, byte @Nullable [] value, byte @Nullable [] oldValue) {

  /** What a message tells, by the letter that starts it. */
  public enum Kind {
    /** {@code C}: an entry was created. */
    CREATED('C', EventType.CREATED),
    /** {@code U}: an entry was updated. */
    UPDATED('U', EventType.UPDATED),
    /** {@code R}: an entry was removed. */
    REMOVED('R', EventType.REMOVED),
    /** {@code E}: an entry expired. */
    EXPIRED('E', EventType.EXPIRED),
    /** {@code D}: the cache's incarnation named in the key was destroyed. */
    DESTROYED('D', null),
    /** {@code L}: an operation gave back write leases that another operation waited for. */
    LEASES_RELEASED('L', null),
    /**
     * {@code A}: every entry was deleted ({@code clear}); no entry events, near caches drop all.
     */
    CLEARED('A', null);

    private final char letter;
    private final @Nullable EventType entryEvent;

    Kind(char letter, @Nullable EventType entryEvent) {
      this.letter = letter;
      this.entryEvent = entryEvent;
    }

    /**
     * Returns the entry event a message of this kind tells listeners about.
     *
     * @return the event type, or null for a message that is not an entry event
     */
    public @Nullable EventType entryEvent() {
      return entryEvent;
    }

    /**
     * Returns the kind a letter names.
     *
     * @param letter the message's first byte
     * @return the kind, or null for an unknown letter
     */
    public static @Nullable Kind of(byte letter) {
      for (Kind kind : values()) {
        if (kind.letter == letter) {
          return kind;
        }
      }
      return null;
    }
  }

  /**
   * Checks the message's parts.
   *
   * @param kind what happened
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
   * @return the message, or null if it is malformed or of an unknown kind
   */
  public static @Nullable EventMessage parse(byte[] message) {
    Kind kind = message.length == 0 ? null : Kind.of(message[0]);
    if (kind == null) {
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
    return new EventMessage(kind, new String(origin, StandardCharsets.UTF_8), key, value, oldValue);
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
    return 31 * (31 * (31 * kind.hashCode() + origin.hashCode()) + Arrays.hashCode(key))
        + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "EventMessage[" + kind + " from " + origin + ", " + key.length + "-byte key]";
  }
}
