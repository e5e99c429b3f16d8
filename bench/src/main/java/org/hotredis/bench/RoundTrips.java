package org.hotredis.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.hotredis.HotClient;
import org.hotredis.collections.HotDict;
import org.hotredis.collections.HotList;
import org.hotredis.collections.HotMultiSet;
import org.hotredis.collections.HotSet;
import org.hotredis.numbers.HotFloat;
import org.hotredis.numbers.HotInt;
import org.hotredis.strings.HotString;
import org.hotredis.testing.RedisServer;

/**
 * Measures the round trips each HOT Redis operation costs, through a {@link RoundTripProxy}, and
 * writes them as a Markdown table: single-element operations cost one round trip, bulk operations
 * one per chunk sent together (a {@code MULTI}/{@code EXEC} of chunks is still one).
 *
 * <p>Run with the README's command: {@code bash bench/run round-trips}.
 */
public final class RoundTrips {

  /** One measured operation. */
  public record Row(String type, String operation, long expected, long measured) {}

  private final HotClient client;
  private final RoundTripProxy proxy;
  private final List<Row> rows = new ArrayList<>();
  private final List<Object> results = new ArrayList<>();
  private String type = "";

  private RoundTrips(HotClient client, RoundTripProxy proxy) {
    this.client = client;
    this.proxy = proxy;
  }

  /**
   * Measures every operation against a client connected through the proxy.
   *
   * @param client a client whose connections go through the proxy
   * @param proxy the proxy
   * @return one row per operation
   */
  public static List<Row> measure(HotClient client, RoundTripProxy proxy) {
    RoundTrips trips = new RoundTrips(client, proxy);
    trips.lists();
    trips.sets();
    trips.dicts();
    trips.numbersAndStrings();
    trips.transactions();
    return trips.rows;
  }

  private void measure(String operation, long expected, Runnable op) {
    op.run(); // warm up: scripts cached, pooled connections open
    proxy.reset();
    op.run();
    rows.add(new Row(type, operation, expected, proxy.roundTrips()));
  }

  private void read(String operation, long expected, Supplier<?> op) {
    measure(operation, expected, () -> results.add(op.get()));
  }

  private static List<String> strings(int n) {
    return IntStream.range(0, n).mapToObj(i -> "v" + i).collect(Collectors.toList());
  }

  private void lists() {
    type = "HotList";
    HotList<String> list = HotList.builder(String.class).client(client).build();
    List<String> thousand = strings(1_000);
    List<String> bulk = strings(25_000);
    list.addAll(thousand);
    measure("add(e)", 1, () -> list.add("x"));
    read("get(i)", 1, () -> list.get(500));
    measure("set(i, e)", 1, () -> list.set(500, "y"));
    measure("add(i, e)", 1, () -> list.add(500, "z"));
    measure("remove(i)", 1, () -> list.remove(500));
    read("contains(o)", 1, () -> list.contains("v999"));
    read("indexOf(o)", 1, () -> list.indexOf("v999"));
    read("size()", 1, list::size);
    measure("addAll(1,000)", 1, () -> list.addAll(thousand));
    measure("addAll(25,000): 3 chunks in one MULTI/EXEC", 1, () -> list.addAll(bulk));
    measure("removeAll(1,000 values)", 1, () -> list.removeAll(thousand.subList(0, 500)));
    measure("retainAll(...)", 1, () -> list.retainAll(bulk));
    measure("reverse()", 1, list::reverse);
    HotList<String> pages = HotList.builder(String.class).client(client).build();
    pages.addAll(strings(2_500));
    measure("iterate 2,500 (pages of 1,000)", 3, () -> pages.forEach(e -> {}));
    read("toString() (one snapshot)", 1, pages::toString);
  }

  private void sets() {
    type = "HotSet";
    HotSet<String> set = HotSet.builder(String.class).client(client).build();
    HotSet<String> other = HotSet.builder(String.class).client(client).build();
    List<String> bulk = strings(25_000);
    other.addAll(strings(2_000));
    set.addAll(strings(1_000));
    measure("add(e)", 1, () -> set.add("x"));
    read("contains(o)", 1, () -> set.contains("v1"));
    measure("remove(o)", 1, () -> set.remove("x"));
    read("containsAll(100)", 1, () -> set.containsAll(strings(100)));
    measure("addAll(25,000)", 1, () -> set.addAll(bulk));
    read("intersection(HotSet)", 1, () -> set.intersection(other));
    measure("intersectionUpdate(HotSet)", 1, () -> set.intersectionUpdate(other));
  }

  private void dicts() {
    type = "HotDict";
    HotDict<String, Long> dict = HotDict.builder(String.class, Long.class).client(client).build();
    Map<String, Long> bulk =
        IntStream.range(0, 25_000).boxed().collect(Collectors.toMap(i -> "k" + i, i -> (long) i));
    measure("put(k, v)", 1, () -> dict.put("a", 1L));
    read("get(k)", 1, () -> dict.get("a"));
    measure("putIfAbsent(k, v)", 1, () -> dict.putIfAbsent("b", 2L));
    measure("remove(k)", 1, () -> dict.remove("b"));
    measure(
        "merge(k, 1, sum): read, then compare-and-set", 2, () -> dict.merge("a", 1L, Long::sum));
    measure("putAll(25,000)", 1, () -> dict.putAll(bulk));
    type = "HotMultiSet";
    HotMultiSet<String> counts = HotMultiSet.builder(String.class).client(client).build();
    measure("add(e, n)", 1, () -> counts.add("word", 3));
    measure("update(1,000 elements)", 1, () -> counts.update(strings(1_000)));
    read("mostCommon(10)", 1, () -> counts.mostCommon(10));
  }

  private void numbersAndStrings() {
    type = "HotInt";
    HotInt counter = HotInt.builder().client(client).build();
    measure("incrementAndGet()", 1, counter::incrementAndGet);
    measure("addAndGet(n)", 1, () -> counter.addAndGet(5));
    measure("multiplyAndGet(n): read, then compare-and-set", 2, () -> counter.multiplyAndGet(1));
    type = "HotFloat";
    HotFloat number = HotFloat.builder().client(client).build();
    measure("addAndGet(x)", 1, () -> number.addAndGet(0.5));
    type = "HotString";
    HotString text = HotString.builder().client(client).build();
    measure("append(s)", 1, () -> text.append("abc"));
    measure("insert(i, s)", 1, () -> text.insert(1, "x"));
    read("length()", 1, text::length);
  }

  private void transactions() {
    type = "transaction";
    HotList<String> list = HotList.builder(String.class).client(client).build();
    HotInt counter = HotInt.builder().client(client).build();
    HotSet<String> set = HotSet.builder(String.class).client(client).build();
    measure(
        "3 calls on 3 objects in one MULTI/EXEC",
        1,
        () ->
            client.transaction(
                tx -> {
                  list.add("a");
                  counter.set(1);
                  set.clear();
                }));
  }

  /**
   * Renders rows as a Markdown table.
   *
   * @param rows the rows
   * @return the table
   */
  public static String markdown(List<Row> rows) {
    Function<Row, String> line =
        r ->
            "| "
                + r.type()
                + " | "
                + r.operation()
                + " | "
                + r.expected()
                + " | "
                + r.measured()
                + " |";
    return "| type | operation | expected | measured |\n|---|---|---|---|\n"
        + rows.stream().map(line).collect(Collectors.joining("\n"))
        + "\n";
  }

  /**
   * Measures against a private redis-server and writes the table.
   *
   * @param args the output file, {@code docs/round-trips.md} by default
   * @throws IOException if the file cannot be written
   */
  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "docs/round-trips.md");
    try (RedisServer server = RedisServer.start();
        RoundTripProxy proxy = new RoundTripProxy(server.host(), server.port());
        HotClient client = HotClient.create("redis://127.0.0.1:" + proxy.port())) {
      List<Row> rows = measure(client, proxy);
      String text =
          "# Round trips per operation\n\n"
              + "Counted by a TCP proxy between the client and a private redis-server: one round"
              + " trip is one turn of the conversation (the client sends, then waits for the"
              + " answer), so a pipelined `MULTI`/`EXEC` of several chunks counts once. Each"
              + " operation runs once to warm up (scripts cached, connections open), then once"
              + " measured. Regenerate with the command in the README.\n\n"
              + markdown(rows);
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.writeString(out, text, StandardCharsets.UTF_8);
      System.out.print(text);
      long wrong = rows.stream().filter(r -> r.measured() != r.expected()).count();
      if (wrong > 0) {
        System.err.println(wrong + " operations did not cost what was expected");
        System.exit(1);
      }
    }
  }
}
