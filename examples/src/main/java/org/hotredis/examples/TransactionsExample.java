package org.hotredis.examples;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotredis.Deferred;
import org.hotredis.HotClient;
import org.hotredis.HotTransaction;
import org.hotredis.collections.HotList;
import org.hotredis.numbers.HotInt;

/**
 * Transactions: a blind one ({@link HotClient#transaction()}: calls queued and run as one {@code
 * MULTI}/{@code EXEC}) and an optimistic one ({@link HotClient#optimistic}: {@code WATCH}, read,
 * decide, write; run again when another client changed a watched key in between).
 *
 * <p>Run: {@code mvn -q -pl examples compile exec:java
 * -Dexec.mainClass=org.hotredis.examples.TransactionsExample -Dexec.args=redis://localhost:6379}
 */
public final class TransactionsExample {
  private TransactionsExample() {}

  /**
   * Runs the example.
   *
   * @param args an optional Redis URI
   */
  public static void main(String[] args) {
    run(Examples.redisUri(args), System.out);
  }

  static void run(String redisUri, PrintStream out) {
    try (HotClient shop = HotClient.create(redisUri);
        HotClient otherShop = HotClient.create(redisUri)) {
      // One hash tag, so the keys share a Redis Cluster slot, as a transaction there requires.
      HotInt stock = HotInt.builder().client(shop).key("{shop}:stock").initial(5).build();
      HotList<String> orders =
          HotList.builder(String.class)
              .client(shop)
              .key("{shop}:orders")
              .initial(List.of())
              .build();

      // Blind: both writes run together or, if the block throws, not at all.
      try (HotTransaction tx = shop.transaction()) {
        orders.add("order-1"); // queued
        Deferred<Long> left = tx.defer(() -> stock.addAndGet(-1)); // queued; result after commit
        tx.commit(); // one round trip
        out.println("order-1 placed, stock left: " + left.get());
      }

      // Optimistic: take 3 only if 3 are in stock. Another process sells 2 while the first
      // attempt runs, so Redis refuses its EXEC (which would have oversold) and the body runs
      // again on the new stock.
      HotInt stockOfOtherShop = otherShop.integer("{shop}:stock");
      AtomicInteger attempts = new AtomicInteger();
      String outcome =
          shop.optimistic(
              List.of(stock),
              tx -> {
                long available = stock.get(); // read now, under WATCH
                if (attempts.incrementAndGet() == 1) {
                  // The other process (another thread: this one's calls join the transaction).
                  CompletableFuture.runAsync(() -> stockOfOtherShop.addAndGet(-2)).join();
                }
                if (available < 3) {
                  return "order-2 refused, only " + available + " in stock";
                }
                stock.set(available - 3); // queued
                orders.add("order-2"); // queued
                return "order-2 placed, stock left: " + (available - 3);
              });
      out.println(outcome + " (attempts: " + attempts + ")");
      out.println("orders: " + orders + ", stock: " + stock.get());
      stock.delete();
      orders.delete();
    }
  }
}
