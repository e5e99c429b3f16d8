package org.hotredis.jcache;

import java.io.Serializable;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;
import org.hotredis.jcache.processor.HotProcessors;

/**
 * A child JVM for {@link CrossJvmTest}: threads that increment one entry of a cache another JVM
 * created, with {@code invoke}.
 *
 * <p>Arguments: the Redis URI, the cache name, {@code generic} (a processor that reads the value
 * and sets it plus one, committed by compare-and-set) or {@code builtin} ({@link
 * HotProcessors#increment}), the number of threads and the increments per thread. Prints {@code
 * done} and exits 0, or prints the failure and exits 1.
 */
final class InvokeHammer {
  private InvokeHammer() {}

  public static void main(String[] args) throws InterruptedException {
    String uri = args[0];
    String name = args[1];
    EntryProcessor<String, Long, Long> processor =
        args[2].equals("builtin") ? HotProcessors.increment(1) : new PlusOne();
    int threads = Integer.parseInt(args[3]);
    int increments = Integer.parseInt(args[4]);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CacheManager manager =
        Managers.provider()
            .getCacheManager(
                URI.create(uri), InvokeHammer.class.getClassLoader(), new Properties());
    try {
      Cache<String, Long> cache = manager.getCache(name, String.class, Long.class);
      if (cache == null) {
        throw new IllegalStateException("cache " + name + " not found");
      }
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Thread worker =
            new Thread(
                () -> {
                  try {
                    start.await();
                    for (int i = 0; i < increments; i++) {
                      cache.invoke("counter", processor);
                    }
                  } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                  }
                });
        workers.add(worker);
        worker.start();
      }
      start.countDown();
      for (Thread worker : workers) {
        worker.join();
      }
    } finally {
      manager.close();
    }
    if (failure.get() != null) {
      failure.get().printStackTrace(System.out);
      System.exit(1);
    }
    System.out.println("done");
  }

  /** Reads the count and sets it plus one: a read-modify-write only compare-and-set keeps exact. */
  static final class PlusOne implements EntryProcessor<String, Long, Long>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Long process(MutableEntry<String, Long> entry, Object... arguments) {
      long next = (entry.exists() ? entry.getValue() : 0L) + 1;
      entry.setValue(next);
      return next;
    }
  }
}
