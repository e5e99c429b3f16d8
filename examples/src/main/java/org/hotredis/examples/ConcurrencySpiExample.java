package org.hotredis.examples;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotredis.HotRedis;
import org.hotredis.concurrent.locks.OwnedLock;
import org.hotredis.concurrent.spi.Concurrency;
import org.hotredis.concurrent.spi.ConcurrencyProvider;

/**
 * The concurrency SPI: code written against {@link ConcurrencyProvider} gets its lock, semaphore
 * and queue from {@link Concurrency#provider()}, and configuration alone decides whether they are
 * the JDK's in-process classes ({@code local}) or HOT Redis's, shared by every process ({@code
 * redis}).
 *
 * <p>The provider is named by the system property {@code hotredis.concurrency}, else by {@code
 * provider=} in {@code hot-redis-concurrency.properties} on the class path (this module's says
 * {@code redis}), else {@code redis}. The Redis provider connects to {@code hotredis.uri}, which
 * {@code main} sets from its argument.
 *
 * <p>Run on Redis: {@code mvn -q -pl examples compile exec:java
 * -Dexec.mainClass=org.hotredis.examples.ConcurrencySpiExample -Dexec.args=redis://localhost:6379};
 * in one JVM, without Redis: add {@code -Dhotredis.concurrency=local}.
 */
public final class ConcurrencySpiExample {
  private ConcurrencySpiExample() {}

  /**
   * Runs the example on the configured provider.
   *
   * @param args an optional Redis URI, used by the {@code redis} provider
   * @throws Exception if a worker fails
   */
  public static void main(String[] args) throws Exception {
    if (args.length > 0) {
      System.setProperty(HotRedis.URI_PROPERTY, args[0]); // as -Dhotredis.uri=...
    }
    process(Concurrency.provider(), System.out);
  }

  /** The application code: it knows only {@link ConcurrencyProvider} and the JDK's interfaces. */
  static void process(ConcurrencyProvider concurrency, PrintStream out)
      throws InterruptedException, ExecutionException {
    BlockingQueue<String> reports = concurrency.queue("example:reports", String.class);
    Semaphore slots = concurrency.semaphore("example:report-slots", 2);
    OwnedLock ledger = concurrency.reentrantLock("example:ledger");
    List<String> ledgerLines = new ArrayList<>();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();

    out.println("provider: " + concurrency.name());
    for (String report : List.of("sales", "stock", "staff", "taxes")) {
      reports.put(report);
    }
    ExecutorService workers = Executors.newFixedThreadPool(3);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        done.add(
            workers.submit(
                () -> {
                  String report;
                  while ((report = reports.poll(100, TimeUnit.MILLISECONDS)) != null) {
                    slots.acquire(); // at most 2 reports at a time, in every process
                    try {
                      mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                      ledger.lock(); // one writer of the ledger at a time
                      try {
                        ledgerLines.add(report);
                      } finally {
                        ledger.unlock();
                      }
                      running.decrementAndGet();
                    } finally {
                      slots.release();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> worker : done) {
        worker.get();
      }
    } finally {
      workers.shutdownNow();
    }
    out.println("ledger: " + ledgerLines.stream().sorted().toList());
    out.println("never more than 2 at once: " + (mostAtOnce.get() <= 2));
    out.println(
        "queue empty: " + reports.isEmpty() + ", permits back: " + slots.availablePermits());
  }
}
