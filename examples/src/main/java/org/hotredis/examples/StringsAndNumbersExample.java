package org.hotredis.examples;

import java.io.PrintStream;
import java.time.Duration;
import org.hotredis.HotClient;
import org.hotredis.numbers.HotFloat;
import org.hotredis.numbers.HotInt;
import org.hotredis.strings.HotImmutableString;
import org.hotredis.strings.HotString;

/**
 * {@link HotString} (a distributed {@code StringBuilder}), {@link HotImmutableString}, {@link
 * HotInt} ({@code AtomicLong}-like) and {@link HotFloat}: text and numbers in Redis strings that
 * {@code redis-cli} reads as they are, changed atomically in Redis.
 *
 * <p>Run: {@code mvn -q -pl examples compile exec:java
 * -Dexec.mainClass=org.hotredis.examples.StringsAndNumbersExample
 * -Dexec.args=redis://localhost:6379}
 */
public final class StringsAndNumbersExample {
  private StringsAndNumbersExample() {}

  /**
   * Runs the example.
   *
   * @param args an optional Redis URI
   */
  public static void main(String[] args) {
    run(Examples.redisUri(args), System.out);
  }

  static void run(String redisUri, PrintStream out) {
    try (HotClient client = HotClient.create(redisUri)) {
      HotString banner =
          HotString.builder().client(client).key("example:banner").initial("hello").build();
      banner.append(", world").insert(0, ">> "); // APPEND, then one script
      banner.setCharAt(3, 'H');
      out.println("banner: " + banner + " (" + banner.length() + " chars)");

      HotImmutableString name =
          HotImmutableString.builder().client(client).key("example:name").initial("Zoë").build();
      // concat writes the result to a new key, in the same slot, expiring after a minute.
      HotImmutableString shout = name.concat("!", Duration.ofMinutes(1));
      out.println("name: " + name + ", shout: " + shout + ", name unchanged: " + name);

      HotInt hits = HotInt.builder().client(client).key("example:hits").initial(0).build();
      hits.incrementAndGet(); // INCR
      hits.addAndGet(4); // INCRBY
      out.println("hits: " + hits.get() + ", times 3: " + hits.multiplyAndGet(3));
      out.println("compareAndSet(15, 0): " + hits.compareAndSet(15, 0) + ", now " + hits.get());

      HotFloat temperature =
          HotFloat.builder().client(client).key("example:temperature").initial(20.5).build();
      out.println("temperature: " + temperature.addAndGet(1.25)); // one script, double arithmetic
      out.println("halved: " + temperature.divideAndGet(2));

      banner.delete();
      name.delete();
      shout.delete();
      hits.delete();
      temperature.delete();
    }
  }
}
