package org.hotredis.jcache;

import java.io.Closeable;
import java.io.Serializable;
import java.util.Collection;
import java.util.Iterator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import javax.cache.Cache;
import javax.cache.integration.CacheWriter;
import org.hotredis.HotClient;
import org.hotredis.collections.HotDict;
import org.jspecify.annotations.Nullable;

/**
 * A cache writer whose system of record is a hash on a Redis server of its own, for tests of
 * write-through from several JVMs: every write and delete lands there, then the writer pauses up to
 * a millisecond, as a remote system of record takes a while to acknowledge. A value of {@link
 * #STALL} makes the writer print {@code stalled} and never return (a JVM that dies in its writer).
 */
final class RecordingWriter implements CacheWriter<String, String>, Closeable, Serializable {
  /** The value that stalls the writer before it writes. */
  static final String STALL = "stall";

  private static final long serialVersionUID = 1L;

  private final String uri;
  private final String key;
  private transient @Nullable HotClient client;
  private transient @Nullable HotDict<String, String> records;

  /**
   * Creates the writer.
   *
   * @param uri the URI of the system of record's server
   * @param key the hash that holds the records
   */
  RecordingWriter(String uri, String key) {
    this.uri = uri;
    this.key = key;
  }

  private synchronized HotDict<String, String> records() {
    if (records == null) {
      client = HotClient.create(uri);
      records = HotDict.builder(String.class, String.class).client(client).key(key).build();
    }
    return records;
  }

  @Override
  public void write(Cache.Entry<? extends String, ? extends String> entry) {
    if (STALL.equals(entry.getValue())) {
      System.out.println("stalled");
      while (true) {
        LockSupport.park(this);
      }
    }
    records().put(entry.getKey(), entry.getValue());
    pause();
  }

  @Override
  public void writeAll(Collection<Cache.Entry<? extends String, ? extends String>> entries) {
    for (Iterator<Cache.Entry<? extends String, ? extends String>> i = entries.iterator();
        i.hasNext(); ) {
      write(i.next());
      i.remove();
    }
  }

  @Override
  public void delete(Object key) {
    records().remove(key);
    pause();
  }

  @Override
  public void deleteAll(Collection<?> keys) {
    for (Iterator<?> i = keys.iterator(); i.hasNext(); ) {
      delete(i.next());
      i.remove();
    }
  }

  private static void pause() {
    LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(1_000_000));
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
    }
  }
}
