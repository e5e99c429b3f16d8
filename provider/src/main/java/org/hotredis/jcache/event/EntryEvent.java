package org.hotredis.jcache.event;

import static java.util.Objects.requireNonNull;

import javax.cache.Cache;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;
import org.jspecify.annotations.Nullable;

/**
 * One cache entry event, as listeners receive it.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class EntryEvent<K, V> extends CacheEntryEvent<K, V> {
  private static final long serialVersionUID = 1L;

  /** The entry's key. */
  private final K key;

  private final transient @Nullable V value;
  private final transient @Nullable V oldValue;

  /** Whether the old value is available. */
  private final boolean oldValueAvailable;

  /**
   * Creates an event.
   *
   * @param source the cache the listener is registered with
   * @param type what happened
   * @param key the entry's key
   * @param value the entry's value: the new value of a creation or update, the removed value of a
   *     removal or expiry
   * @param oldValue the value before an update, removal or expiry, or null
   * @param oldValueAvailable whether {@code oldValue} is given
   */
  public EntryEvent(
      Cache<K, V> source,
      EventType type,
      K key,
      @Nullable V value,
      @Nullable V oldValue,
      boolean oldValueAvailable) {
    super(requireNonNull(source, "source"), requireNonNull(type, "type"));
    this.key = requireNonNull(key, "key");
    this.value = value;
    this.oldValue = oldValue;
    this.oldValueAvailable = oldValueAvailable;
  }

  /**
   * Returns this event as a listener registered without old values sees it: the value of a creation
   * or update, nothing for a removal or expiry.
   *
   * @return the event without old values
   */
  @SuppressWarnings("unchecked")
  EntryEvent<K, V> withoutOldValue() {
    EventType type = getEventType();
    boolean removal = type == EventType.REMOVED || type == EventType.EXPIRED;
    return new EntryEvent<>(getSource(), type, key, removal ? null : value, null, false);
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public @Nullable V getValue() {
    return value;
  }

  @Override
  public @Nullable V getOldValue() {
    return oldValue;
  }

  @Override
  public boolean isOldValueAvailable() {
    return oldValueAvailable;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("a cache entry event does not unwrap to " + clazz);
  }

  @Override
  public String toString() {
    return "EntryEvent["
        + getEventType()
        + " "
        + key
        + "="
        + value
        + (oldValueAvailable ? ", old " + oldValue : "")
        + "]";
  }
}
