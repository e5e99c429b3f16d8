package org.hotredis.jcache.event;

import java.io.Closeable;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;
import org.jspecify.annotations.Nullable;

/**
 * One registered listener: the listener and filter its configuration's factories made, and how it
 * wants events (synchronously or not, with old values or not).
 */
final class Registration<K, V> {
  private static final System.Logger LOG = System.getLogger(Registration.class.getName());

  private final CacheEntryListenerConfiguration<K, V> configuration;
  private final CacheEntryListener<? super K, ? super V> listener;
  private final @Nullable CacheEntryEventFilter<? super K, ? super V> filter;

  Registration(CacheEntryListenerConfiguration<K, V> configuration) {
    this.configuration = configuration;
    this.listener = configuration.getCacheEntryListenerFactory().create();
    Factory<CacheEntryEventFilter<? super K, ? super V>> filterFactory =
        configuration.getCacheEntryEventFilterFactory();
    CacheEntryEventFilter<? super K, ? super V> created = null;
    try {
      created = filterFactory == null ? null : filterFactory.create();
    } catch (RuntimeException e) {
      closeQuietly(listener);
      throw e;
    }
    this.filter = created;
  }

  CacheEntryListenerConfiguration<K, V> configuration() {
    return configuration;
  }

  boolean isSynchronous() {
    return configuration.isSynchronous();
  }

  /** Returns whether the listener handles events of a type. */
  boolean accepts(EventType type) {
    return switch (type) {
      case CREATED -> listener instanceof CacheEntryCreatedListener;
      case UPDATED -> listener instanceof CacheEntryUpdatedListener;
      case REMOVED -> listener instanceof CacheEntryRemovedListener;
      case EXPIRED -> listener instanceof CacheEntryExpiredListener;
    };
  }

  /**
   * Delivers events of one type, in order: those the filter passes, without old values unless the
   * configuration asks for them.
   */
  @SuppressWarnings("unchecked")
  void deliver(EventType type, List<EntryEvent<K, V>> events) {
    if (!accepts(type)) {
      return;
    }
    List<EntryEvent<K, V>> delivered = new ArrayList<>(events.size());
    for (EntryEvent<K, V> event : events) {
      if (filter == null || filter.evaluate(event)) {
        delivered.add(configuration.isOldValueRequired() ? event : event.withoutOldValue());
      }
    }
    if (delivered.isEmpty()) {
      return;
    }
    @SuppressWarnings({"rawtypes"})
    Iterable iterable = delivered;
    switch (type) {
      case CREATED -> ((CacheEntryCreatedListener<K, V>) listener).onCreated(iterable);
      case UPDATED -> ((CacheEntryUpdatedListener<K, V>) listener).onUpdated(iterable);
      case REMOVED -> ((CacheEntryRemovedListener<K, V>) listener).onRemoved(iterable);
      case EXPIRED -> ((CacheEntryExpiredListener<K, V>) listener).onExpired(iterable);
    }
  }

  /** Closes the listener and the filter if they are {@link Closeable}. */
  void close() {
    closeQuietly(listener);
    if (filter != null && filter != listener) {
      closeQuietly(filter);
    }
  }

  private static void closeQuietly(Object customization) {
    try {
      if (customization instanceof AutoCloseable closeable) {
        closeable.close();
      }
    } catch (Exception e) {
      LOG.log(Level.WARNING, "closing " + customization + " failed", e);
    }
  }
}
