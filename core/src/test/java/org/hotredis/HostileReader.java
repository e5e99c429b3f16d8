package org.hotredis;

import java.util.concurrent.Callable;
import org.hotredis.HostileValueTest.Order;
import org.hotredis.codec.Codecs;
import org.hotredis.collections.HotDict;
import org.hotredis.collections.HotList;

/**
 * A child JVM for {@link HostileValueTest}, started with a small heap: it reads a list element and
 * a dict value that declare far more than the heap holds, and prints what each read threw, {@code
 * list: <class>: <message>} and {@code dict: <class>: <message>}. It exits 0 whatever they threw.
 *
 * <p>Arguments: the Redis URI, the list's key, the dict's key (whose field {@code o-1} is read).
 */
final class HostileReader {
  private HostileReader() {}

  public static void main(String[] args) {
    try (HotClient client = HotClient.create(args[0])) {
      HotList<Order> list =
          HotList.builder(Codecs.javaSerialization(Order.class))
              .client(client)
              .key(args[1])
              .build();
      HotDict<String, Order> dict =
          HotDict.builder(Codecs.strings(), Codecs.javaSerialization(Order.class))
              .client(client)
              .key(args[2])
              .build();
      report("list", () -> list.get(0));
      report("dict", () -> dict.get("o-1"));
    }
  }

  private static void report(String name, Callable<?> read) {
    try {
      System.out.println(name + ": read " + read.call());
    } catch (Throwable failure) { // an OutOfMemoryError too: what it was is the test's question
      System.out.println(name + ": " + failure);
    }
  }
}
