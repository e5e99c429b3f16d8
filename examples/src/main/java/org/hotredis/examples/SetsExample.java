package org.hotredis.examples;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hotredis.HotClient;
import org.hotredis.collections.HotMultiSet;
import org.hotredis.collections.HotSet;

/**
 * {@link HotSet} and {@link HotMultiSet}: a {@code java.util.Set} in a Redis set, with Python's set
 * algebra, and a counter ({@code collections.Counter}) in a Redis hash of counts.
 *
 * <p>The two sets share the hash tag {@code {example}}, so they live in one Redis Cluster slot and
 * their algebra runs inside Redis, atomically ({@code SINTER}, {@code SUNIONSTORE}...).
 *
 * <p>Run: {@code mvn -q -pl examples compile exec:java
 * -Dexec.mainClass=org.hotredis.examples.SetsExample -Dexec.args=redis://localhost:6379}
 */
public final class SetsExample {
  private SetsExample() {}

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
      HotSet<String> backend =
          HotSet.builder(String.class)
              .client(client)
              .key("{example}:backend")
              .initial(Set.of("ann", "bob", "cy"))
              .build();
      HotSet<String> oncall =
          HotSet.builder(String.class)
              .client(client)
              .key("{example}:oncall")
              .initial(Set.of("bob", "dee"))
              .build();
      out.println("backend and on call: " + sorted(backend.intersection(oncall)));
      out.println("backend but not on call: " + sorted(backend.difference(oncall)));
      out.println("bob added again: " + backend.add("bob")); // SADD answers 0: already a member
      backend.unionUpdate(oncall); // SUNIONSTORE, in place
      out.println("everyone: " + sorted(backend));

      HotMultiSet<String> words =
          HotMultiSet.builder(String.class)
              .client(client)
              .key("example:words")
              .initial(List.of("to", "be", "or", "not", "to", "be", "to"))
              .build();
      words.add("redis", 4); // HINCRBY example:words redis 4
      out.println("count of to: " + words.count("to") + ", of java: " + words.count("java"));
      out.println("most common: " + words.mostCommon(3));
      out.println("total: " + words.total());
      backend.delete();
      oncall.delete();
      words.delete();
    }
  }

  private static Set<String> sorted(Set<String> set) {
    return new TreeSet<>(set);
  }
}
