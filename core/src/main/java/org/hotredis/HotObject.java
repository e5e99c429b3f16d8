package org.hotredis;

import java.time.Duration;
import java.util.Optional;

/**
 * What every HOT Redis object offers: its key, its client, and the operations on the key itself.
 *
 * <p>A HOT Redis object is a handle: it holds no data, only the key where Redis holds it, so any
 * number of objects in any number of processes can share one key. An object created without a key
 * gets a random UUID key; one created with a key and an initial value replaces, atomically,
 * whatever the key held.
 */
public interface HotObject {

  /**
   * Returns the keys under which Redis holds this object's data, with the operations on them as a
   * whole. No round trip.
   *
   * @return the object's stored keys
   */
  StoredKeys storedKeys();

  /**
   * Returns the key where Redis holds this object's data.
   *
   * @return the key
   */
  default String key() {
    return storedKeys().key();
  }

  /**
   * Returns the client this object talks to Redis through.
   *
   * @return the client
   */
  default HotClient client() {
    return storedKeys().client();
  }

  /**
   * Deletes the object's data from Redis: its key and any companion keys. One round trip ({@code
   * DEL}). Atomic.
   *
   * @return true if anything was deleted
   */
  default boolean delete() {
    return storedKeys().delete();
  }

  /**
   * Returns whether Redis holds data for this object. One round trip ({@code EXISTS}).
   *
   * @return true if the key exists
   */
  default boolean exists() {
    return storedKeys().exists();
  }

  /**
   * Makes the object's data expire after a time to live, with millisecond precision. One round trip
   * ({@code PEXPIRE}, or one script for objects with companion keys). Atomic.
   *
   * @param ttl a positive time to live
   * @return true if the key existed and now expires
   */
  default boolean expire(Duration ttl) {
    return storedKeys().expire(ttl);
  }

  /**
   * Returns the remaining time to live. One round trip ({@code PTTL}).
   *
   * @return the time left, or empty if the object does not expire or does not exist
   */
  default Optional<Duration> ttl() {
    return storedKeys().ttl();
  }

  /**
   * Removes the time to live, so the object's data no longer expires. One round trip ({@code
   * PERSIST}, or one script for objects with companion keys). Atomic.
   *
   * @return true if a time to live was removed
   */
  default boolean persist() {
    return storedKeys().persist();
  }
}
