package org.hotredis.jcache;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.event.EventType;
import org.hotredis.jcache.CacheShard.Incremented;
import org.hotredis.jcache.CacheShard.Written;
import org.hotredis.jcache.event.EntryEvent;
import org.hotredis.jcache.event.EventMessage;
import org.jspecify.annotations.Nullable;

/**
 * Turns what the cache's scripts report (an entry created, updated, removed, found expired) into
 * the events listeners receive, with the cache handle as their source.
 */
final class Outcomes<K, V> {
  private final Cache<K, V> source;
  private final EntryCodec<K, V> codec;

  Outcomes(Cache<K, V> source, EntryCodec<K, V> codec) {
    this.source = requireNonNull(source, "source");
    this.codec = requireNonNull(codec, "codec");
  }

  /**
   * Records the events of one write.
   *
   * @param value the value written, or null for a removal
   */
  void written(K key, @Nullable V value, Written written, List<EntryEvent<K, V>> fired) {
    byte[] rawExpired = written.expired();
    if (rawExpired != null) {
      fired.add(expired(key, codec.value(rawExpired)));
    }
    byte[] rawOld = written.old();
    V old = rawOld == null ? null : codec.value(rawOld);
    switch (written.status()) {
      case CREATED -> fired.add(event(EventType.CREATED, key, requireNonNull(value), null));
      case UPDATED -> fired.add(event(EventType.UPDATED, key, requireNonNull(value), old));
      case UPDATED_AND_EXPIRED -> {
        fired.add(event(EventType.UPDATED, key, requireNonNull(value), old));
        fired.add(expired(key, value));
      }
      case REMOVED -> {
        if (old != null) {
          fired.add(event(EventType.REMOVED, key, old, old));
        }
      }
      default -> {}
    }
  }

  /** Records the events of an increment. */
  void incremented(K key, Incremented incremented, List<EntryEvent<K, V>> fired) {
    byte[] rawExpired = incremented.expired();
    if (rawExpired != null) {
      fired.add(expired(key, codec.value(rawExpired)));
    }
    byte[] rawOld = incremented.old();
    Written written = new Written(incremented.status(), rawOld, null);
    written(key, codec.value(incremented.value()), written, fired);
  }

  /** The event of an entry found expired. */
  EntryEvent<K, V> expired(K key, V value) {
    return event(EventType.EXPIRED, key, value, value);
  }

  /** The events of raw entries found expired. */
  List<EntryEvent<K, V>> expired(List<Map.Entry<byte[], byte[]>> entries) {
    List<EntryEvent<K, V>> fired = new ArrayList<>(entries.size());
    for (Map.Entry<byte[], byte[]> entry : entries) {
      fired.add(expired(codec.key(entry.getKey()), codec.value(entry.getValue())));
    }
    return fired;
  }

  /** The event another JVM published, or none if the message is not an entry event. */
  List<EntryEvent<K, V>> published(EventMessage message) {
    EventType type = message.kind().entryEvent();
    byte[] rawValue = message.value();
    if (type == null || rawValue == null) {
      return List.of();
    }
    byte[] rawOld = message.oldValue();
    return List.of(
        event(
            type,
            codec.key(message.key()),
            codec.value(rawValue),
            rawOld == null ? null : codec.value(rawOld)));
  }

  private EntryEvent<K, V> event(EventType type, K key, V value, @Nullable V old) {
    return new EntryEvent<>(
        source, type, key, value, old, type != EventType.CREATED && old != null);
  }
}
