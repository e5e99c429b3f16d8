package org.hotredis;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import org.hotredis.shaded.redis.clients.jedis.util.JedisClusterCRC16;
import org.jspecify.annotations.Nullable;

/**
 * Key naming: companion keys that share their primary key's cluster slot.
 *
 * <p>An object that needs more than one key (a set-queue's membership set, a lock's fencing
 * counter) stores the others as <em>companion keys</em>. Redis Cluster runs a script or a
 * transaction only over keys of one hash slot, so a companion key must hash like its primary key.
 * Redis hashes only the part of a key between the first <code>&#123;</code> and the next <code>
 * &#125;</code> when that part is not empty (the <em>hash tag</em>); {@link #companion(String,
 * String)} uses that rule:
 *
 * <ul>
 *   <li>{@code foo} → {@code {foo}:suffix} (the tag {@code foo} hashes like the key {@code foo});
 *   <li>{@code {user:1}:cart} → {@code {user:1}:cart:suffix} (the tag is kept).
 * </ul>
 */
public final class Keys {

  private Keys() {}

  /**
   * Returns the companion key {@code suffix} of {@code key}, in the same cluster slot.
   *
   * @param key the primary key
   * @param suffix what the companion holds, such as {@code set}
   * @return the companion key
   * @throws IllegalArgumentException if {@code key} is empty, or contains a <code>&#125;</code> but
   *     no hash tag: wrapping it in braces would hash a different part of it, so no companion can
   *     share its slot
   */
  public static String companion(String key, String suffix) {
    requireNonNull(key, "key");
    requireNonNull(suffix, "suffix");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("the empty key has no companion keys");
    }
    if (hashTag(key) != null) {
      return key + ":" + suffix;
    }
    if (key.indexOf('}') >= 0) {
      throw new IllegalArgumentException(
          "key '"
              + key
              + "' contains '}' but no hash tag, so no companion key can share its cluster slot;"
              + " use a key with a hash tag such as '{"
              + key.replace("}", "")
              + "}'");
    }
    return "{" + key + "}:" + suffix;
  }

  /**
   * Returns the Redis Cluster hash slot of a key (CRC16 of its hash tag or of the whole key, modulo
   * 16384), as the server computes it.
   *
   * @param key the key
   * @return the slot, from 0 to 16383
   */
  public static int slot(String key) {
    return JedisClusterCRC16.getSlot(requireNonNull(key, "key"));
  }

  /**
   * Returns the slot of a key given as bytes.
   *
   * @param key the key's bytes
   * @return the slot, from 0 to 16383
   */
  static int slot(byte[] key) {
    return JedisClusterCRC16.getSlot(key);
  }

  /**
   * Returns the hash tag of a key: the part between the first <code>{</code> and the next <code>
   * &#125;</code>, when that part is not empty. No round trip.
   *
   * @param key the key
   * @return the hash tag, or null if Redis hashes the whole key
   */
  public static @Nullable String hashTag(String key) {
    int open = key.indexOf('{');
    if (open < 0) {
      return null;
    }
    int close = key.indexOf('}', open + 1);
    if (close <= open + 1) {
      return null;
    }
    return key.substring(open + 1, close);
  }

  /**
   * Returns the refusal of a transaction whose keys fall in two cluster slots, with the fix.
   *
   * @param what what spans the slots, such as "this transaction spans keys"
   * @param first the key that set the transaction's slot
   * @param slot that slot
   * @param other the key (or keys) in another slot, as the message shows them
   * @return the exception to throw
   */
  static IllegalStateException crossSlot(String what, String first, int slot, String other) {
    return new IllegalStateException(
        what
            + " in different cluster slots: '"
            + first
            + "' (slot "
            + slot
            + ") and "
            + other
            + "; Redis Cluster runs a transaction only within one slot. Give related objects"
            + " keys with a common hash tag, e.g. '{user:1}:cart' and '{user:1}:orders'.");
  }

  /**
   * Returns a key as it travels to Redis: its UTF-8 bytes. No round trip.
   *
   * @param key the key
   * @return its bytes
   */
  public static byte[] bytes(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }

  /** Returns a key read from command arguments as text, for messages. */
  static String text(Object key) {
    return key instanceof byte[] bytes
        ? new String(bytes, StandardCharsets.UTF_8)
        : String.valueOf(key);
  }

  /** Returns "a list", "an integer", "nothing" for Redis type names, for messages. */
  static String article(String type) {
    if (type.equals("none")) {
      return "nothing (the key does not exist)";
    }
    return ("aeiou".indexOf(type.charAt(0)) >= 0 ? "an " : "a ") + type;
  }
}
