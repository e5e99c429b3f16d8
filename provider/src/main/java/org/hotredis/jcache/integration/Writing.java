package org.hotredis.jcache.integration;

import static java.util.Objects.requireNonNull;

import java.io.Closeable;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.configuration.Factory;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;
import org.jspecify.annotations.Nullable;

/**
 * The writer of one cache handle, run in this JVM before the cache changes (write-through). Every
 * failure reaches the caller as a {@link CacheWriterException}; for {@code writeAll} and {@code
 * deleteAll}, the entries the writer removed from the collection it was given count as written, as
 * JCache specifies, and only those are then applied to the cache.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class Writing<K, V> implements Closeable {
  private static final System.Logger LOG = System.getLogger(Writing.class.getName());

  private final @Nullable CacheWriter<? super K, ? super V> writer;
  private final boolean enabled;
  private boolean closed;

  private Writing(@Nullable CacheWriter<? super K, ? super V> writer, boolean writeThrough) {
    this.writer = writer;
    this.enabled = writeThrough && writer != null;
  }

  /**
   * Creates the writer with its factory.
   *
   * @param factory the configuration's factory, or null for none
   * @param writeThrough whether the configuration enables write-through
   * @param <K> the key type
   * @param <V> the value type
   * @return the writing
   */
  public static <K, V> Writing<K, V> of(
      @Nullable Factory<CacheWriter<? super K, ? super V>> factory, boolean writeThrough) {
    return new Writing<>(factory == null ? null : factory.create(), writeThrough);
  }

  /**
   * Returns whether writes go through a writer.
   *
   * @return true with write-through and a writer
   */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Writes one entry, if write-through is enabled.
   *
   * @param key the key
   * @param value the value
   * @throws CacheWriterException if the writer failed
   */
  public void write(K key, V value) {
    CacheWriter<? super K, ? super V> present = writer;
    if (!enabled || present == null) {
      return;
    }
    try {
      present.write(new WrittenEntry<>(key, value));
    } catch (CacheWriterException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheWriterException("the writer failed to write " + key, e);
    }
  }

  /**
   * Deletes one entry, if write-through is enabled.
   *
   * @param key the key
   * @throws CacheWriterException if the writer failed
   */
  public void delete(K key) {
    CacheWriter<? super K, ? super V> present = writer;
    if (!enabled || present == null) {
      return;
    }
    try {
      present.delete(key);
    } catch (CacheWriterException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheWriterException("the writer failed to delete " + key, e);
    }
  }

  /**
   * Writes entries, if write-through is enabled.
   *
   * @param entries the entries
   * @return the keys written and the failure, if any
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Outcome<K> writeAll(Map<? extends K, ? extends V> entries) {
    CacheWriter present = writer;
    if (!enabled || present == null || entries.isEmpty()) {
      return new Outcome<>(new HashSet<>(entries.keySet()), null);
    }
    List<Cache.Entry<K, V>> pending = new ArrayList<>(entries.size());
    entries.forEach((key, value) -> pending.add(new WrittenEntry<>(key, value)));
    try {
      present.writeAll(pending);
      return new Outcome<>(new HashSet<>(entries.keySet()), null);
    } catch (RuntimeException e) {
      Set<K> written = new HashSet<>(entries.keySet());
      for (Cache.Entry<K, V> entry : pending) {
        written.remove(entry.getKey());
      }
      return new Outcome<>(written, wrap(e, "write " + pending.size() + " entries"));
    }
  }

  /**
   * Deletes entries, if write-through is enabled.
   *
   * @param keys the keys
   * @return the keys deleted and the failure, if any
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Outcome<K> deleteAll(Collection<? extends K> keys) {
    CacheWriter present = writer;
    if (!enabled || present == null || keys.isEmpty()) {
      return new Outcome<>(new HashSet<>(keys), null);
    }
    List<K> pending = new ArrayList<>(keys);
    try {
      present.deleteAll(pending);
      return new Outcome<>(new HashSet<>(keys), null);
    } catch (RuntimeException e) {
      Set<K> deleted = new HashSet<>(keys);
      pending.forEach(deleted::remove);
      return new Outcome<>(deleted, wrap(e, "delete " + pending.size() + " entries"));
    }
  }

  private static CacheWriterException wrap(RuntimeException e, String what) {
    return e instanceof CacheWriterException failure
        ? failure
        : new CacheWriterException("the writer failed to " + what, e);
  }

  /** Closes the writer if it is {@link Closeable}, once. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (writer instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.log(Level.WARNING, "closing cache writer " + writer + " failed", e);
      }
    }
  }

  /**
   * What a bulk write-through did.
   *
   * @param done the keys written or deleted
   * @param failure the writer's failure, or null if it wrote everything
   * @param <K> the key type
   */
  public record Outcome<K>(Set<K> done, @Nullable CacheWriterException failure) {
    /**
     * Copies the keys.
     *
     * @param done the keys written or deleted
     * @param failure the writer's failure, or null if it wrote everything
     */
    public Outcome {
      done = Set.copyOf(requireNonNull(done, "done"));
    }
  }

  /** An entry given to the writer. */
  private record WrittenEntry<K, V>(K getKey, V getValue) implements Cache.Entry<K, V> {
    @Override
    public <T> T unwrap(Class<T> clazz) {
      if (clazz.isInstance(this)) {
        return clazz.cast(this);
      }
      throw new IllegalArgumentException("an entry given to a writer does not unwrap to " + clazz);
    }
  }
}
