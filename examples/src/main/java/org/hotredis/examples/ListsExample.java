package org.hotredis.examples;

import java.io.PrintStream;
import java.util.List;
import org.hotredis.HotClient;
import org.hotredis.collections.HotList;

/**
 * {@link HotList}: a {@code java.util.List} in a Redis list, shared by every process that uses its
 * key. Two clients stand for two processes: what one writes, the other reads, and every call is one
 * atomic Redis command or script.
 *
 * <p>Run: {@code mvn -q -pl examples compile exec:java
 * -Dexec.mainClass=org.hotredis.examples.ListsExample -Dexec.args=redis://localhost:6379}
 */
public final class ListsExample {
  private ListsExample() {}

  /**
   * Runs the example.
   *
   * @param args an optional Redis URI
   */
  public static void main(String[] args) {
    run(Examples.redisUri(args), System.out);
  }

  static void run(String redisUri, PrintStream out) {
    try (HotClient alice = HotClient.create(redisUri);
        HotClient bob = HotClient.create(redisUri)) {
      // A key plus an initial value replaces, atomically, whatever the key held.
      HotList<String> todo =
          HotList.builder(String.class)
              .client(alice)
              .key("example:todo")
              .initial(List.of("write", "test"))
              .build();
      HotList<String> sameList = bob.list("example:todo", String.class);

      sameList.add("ship"); // RPUSH, from the other process
      todo.add(1, "review"); // one script: insert at an index
      out.println("todo: " + todo); // one LRANGE
      out.println("the other process sees: " + sameList);

      out.println("first: " + todo.getFirst() + ", size: " + todo.size());
      out.println("last two, Python's todo[-2:]: " + todo.slice(-2, null, 1));
      todo.reverse(); // in place, in Redis
      out.println("reversed: " + sameList);
      out.println("removed: " + sameList.removeFirst() + ", left: " + todo);
      todo.delete();
    }
  }
}
