package org.hotredis.examples;

import java.io.PrintStream;
import java.util.List;
import org.hotredis.HotClient;
import org.hotredis.collections.HotList;
import org.hotredis.collections.HotSet;
import org.hotredis.numbers.HotInt;

/**
 * HOT Redis on Redis Cluster: the same types through a {@code redis-cluster://} URI naming some of
 * the nodes (the client discovers the others and follows the slots as they move).
 *
 * <p>A transaction or a multi-key operation runs inside Redis only when all its keys hash to one
 * slot: give related objects a common hash tag ({@code {user:42}:cart}, {@code {user:42}:orders}).
 * A transaction over keys of two slots is refused before anything is sent, naming both keys; set
 * algebra between sets of two slots takes a correct client-side path instead.
 *
 * <p>Run against a cluster (the default URI is {@value #DEFAULT_URI}, the first node of {@code
 * redis-cli --cluster create}'s usual ports): {@code mvn -q -pl examples compile exec:java
 * -Dexec.mainClass=org.hotredis.examples.ClusterExample -Dexec.args=redis-cluster://localhost:7000}
 */
public final class ClusterExample {
  /** The cluster the example connects to when no URI is given. */
  public static final String DEFAULT_URI = "redis-cluster://localhost:7000";

  private ClusterExample() {}

  /**
   * Runs the example.
   *
   * @param args an optional {@code redis-cluster://} URI
   */
  public static void main(String[] args) {
    run(args.length > 0 ? args[0] : DEFAULT_URI, System.out);
  }

  static void run(String clusterUri, PrintStream out) {
    try (HotClient client = HotClient.create(clusterUri)) {
      HotList<String> cart =
          HotList.builder(String.class)
              .client(client)
              .key("{user:42}:cart")
              .initial(List.of("book", "pen"))
              .build();
      HotInt orders = HotInt.builder().client(client).key("{user:42}:orders").initial(0).build();

      // Same hash tag, same slot: one MULTI/EXEC on the node that owns it.
      client.transaction(
          tx -> {
            cart.clear();
            orders.set(1);
          });
      out.println("checked out: cart " + cart + ", orders " + orders.get());

      HotSet<String> tags =
          HotSet.builder(String.class).client(client).key("tags:42").initial(List.of()).build();
      try {
        client.transaction(
            tx -> {
              cart.add("lamp");
              tags.clear(); // another slot
            });
      } catch (IllegalStateException e) {
        out.println("a transaction over two slots is refused: " + e.getClass().getSimpleName());
      }
      out.println("nothing was sent: cart " + cart);

      HotSet<String> likes =
          HotSet.builder(String.class)
              .client(client)
              .key("likes:42")
              .initial(List.of("jazz", "tea"))
              .build();
      HotSet<String> liked =
          HotSet.builder(String.class)
              .client(client)
              .key("likes:7")
              .initial(List.of("tea", "chess"))
              .build();
      out.println("common likes across slots: " + likes.intersection(liked));
      cart.delete();
      orders.delete();
      likes.delete();
      liked.delete();
    }
  }
}
