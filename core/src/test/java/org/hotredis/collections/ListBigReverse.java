package org.hotredis.collections;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hotredis.HotClient;

/**
 * A child JVM for {@link HotListProcessTest}, meant to run with a small heap: builds a list of
 * 1,000,000 strings in chunks, reverses it, reads it all back checking the order, inserts and
 * removes in the middle, then doubles it with {@code multiply(2)} (one script over far more
 * elements than Lua's {@code unpack} limit). It never holds the whole list, so it fits in a heap
 * far smaller than a snapshot would need.
 *
 * <p>Arguments: the Redis URI, the list's key, and optionally {@code snapshot}. Prints {@code
 * result count=... removed=... size=... at500000=... doubled=... at1000000=... last=...} and exits
 * 0, or prints what went wrong and exits 1. With {@code snapshot} it instead copies the whole list
 * into the heap after building it, as a control that the heap is too small for that (it then fails
 * with {@link OutOfMemoryError}).
 */
final class ListBigReverse {
  static final int SIZE = 1_000_000;
  private static final int CHUNK = 10_000;

  private ListBigReverse() {}

  public static void main(String[] args) {
    String uri = args[0];
    String key = args[1];
    // Scripts over a million elements can take longer than the default 2 s socket timeout on a
    // loaded machine; this test is about memory, not speed.
    try (HotClient client =
        HotClient.builder().uri(uri).socketTimeout(Duration.ofSeconds(60)).build()) {
      HotList<String> list = HotList.builder(String.class).client(client).key(key).build();
      for (int start = 0; start < SIZE; start += CHUNK) {
        List<String> chunk = new ArrayList<>(CHUNK);
        for (int i = start; i < start + CHUNK; i++) {
          chunk.add(Integer.toString(i));
        }
        list.addAll(chunk);
      }
      if (args.length > 2 && args[2].equals("snapshot")) {
        System.out.println("snapshot size=" + list.snapshot().size());
        return;
      }

      list.reverse();

      long count = 0;
      for (String s : list) {
        String expected = Integer.toString(SIZE - 1 - (int) count);
        if (!s.equals(expected)) {
          System.out.println("mismatch at " + count + ": " + s + " instead of " + expected);
          System.exit(1);
        }
        count++;
      }

      list.add(SIZE / 2, "mid");
      String before = list.get(SIZE / 2 - 1);
      String at = list.get(SIZE / 2);
      String after = list.get(SIZE / 2 + 1);
      if (!before.equals("500000") || !at.equals("mid") || !after.equals("499999")) {
        System.out.println("insert misplaced: " + before + ", " + at + ", " + after);
        System.exit(1);
      }
      String removed = list.remove(SIZE / 2);
      String at500000 = list.get(SIZE / 2);

      list.multiply(2);

      System.out.println(
          "result count="
              + count
              + " removed="
              + removed
              + " at500000="
              + at500000
              + " doubled="
              + list.size()
              + " at1000000="
              + list.get(SIZE)
              + " last="
              + list.get(2 * SIZE - 1));
    }
  }
}
