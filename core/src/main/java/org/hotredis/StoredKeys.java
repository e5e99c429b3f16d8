package org.hotredis;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The keys under which Redis holds one HOT Redis object's data, and the operations on those keys as
 * a whole: what {@link HotObject} offers, for code that handles objects of any type (a cleanup job,
 * an expiry policy, a test). The object's own data is read and written through its type's methods.
 */
public interface StoredKeys {

  /**
   * Returns the key where Redis holds the object's data. No round trip.
   *
   * @return the key
   */
  String key();

  /**
   * Returns every key the object uses: its key, then its companion keys (which share its cluster
   * slot). No round trip.
   *
   * @return the keys, the main key first
   */
  List<String> keys();

  /**
   * Returns how messages name the object: its type and key, such as {@code HotList 'jobs'}. No
   * round trip.
   *
   * @return the description
   */
  String describe();

  /**
   * Returns the client the object talks to Redis through. No round trip.
   *
   * @return the client
   */
  HotClient client();

  /**
   * Deletes every key of the object. One round trip ({@code DEL}). Atomic.
   *
   * @return true if anything was deleted
   */
  boolean delete();

  /**
   * Returns whether Redis holds the object's main key. One round trip ({@code EXISTS}).
   *
   * @return true if the key exists
   */
  boolean exists();

  /**
   * Makes every key of the object expire after a time to live, with millisecond precision. One
   * round trip ({@code PEXPIRE}, or one script for objects with companion keys). Atomic.
   *
   * @param ttl a positive time to live
   * @return true if the key existed and now expires
   */
  boolean expire(Duration ttl);

  /**
   * Returns the main key's remaining time to live. One round trip ({@code PTTL}).
   *
   * @return the time left, or empty if the key does not expire or does not exist
   */
  Optional<Duration> ttl();

  /**
   * Removes the time to live of every key of the object. One round trip ({@code PERSIST}, or one
   * script for objects with companion keys). Atomic.
   *
   * @return true if a time to live was removed
   */
  boolean persist();
}
