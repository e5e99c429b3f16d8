package org.hotredis.examples;

import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;
import org.hotredis.HotClient;
import org.hotredis.collections.HotDefaultDict;
import org.hotredis.collections.HotDict;

/**
 * {@link HotDict} and {@link HotDefaultDict}: a {@code ConcurrentMap} in a Redis hash, and a map
 * with a default factory (Python's {@code collections.defaultdict}) whose updates are atomic across
 * processes.
 *
 * <p>Run: {@code mvn -q -pl examples compile exec:java
 * -Dexec.mainClass=org.hotredis.examples.DictsExample -Dexec.args=redis://localhost:6379}
 */
public final class DictsExample {
  private DictsExample() {}

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
      HotDict<String, String> roles =
          HotDict.builder(String.class, String.class)
              .client(client)
              .key("example:roles")
              .initial(Map.of("ann", "admin"))
              .build();
      // Compare-and-set inside Redis: one script each.
      out.println("putIfAbsent(bob, guest): " + roles.putIfAbsent("bob", "guest"));
      out.println("putIfAbsent(ann, guest): " + roles.putIfAbsent("ann", "guest"));
      out.println("replace(bob, guest -> editor): " + roles.replace("bob", "guest", "editor"));
      out.println("roles: " + new TreeMap<>(roles.snapshot())); // one HGETALL

      HotDefaultDict<String, Long> visits =
          HotDefaultDict.builder(String.class, Long.class, () -> 0L)
              .client(client)
              .key("example:visits")
              .initial(Map.of())
              .build();
      // Python's visits[page] += 1, without losing a concurrent update: compare-and-set, retried.
      visits.updateAndGet("/home", n -> n + 1);
      visits.updateAndGet("/home", n -> n + 1);
      visits.updateAndGet("/about", n -> n + 1);
      out.println("visits of /pricing (stored now): " + visits.getOrCreate("/pricing"));
      out.println("visits: " + new TreeMap<>(visits.snapshot()));
      out.println("get never creates: " + visits.get("/blog") + ", " + visits.size() + " pages");
      roles.delete();
      visits.delete();
    }
  }
}
