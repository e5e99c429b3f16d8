package org.hotredis.collections;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hotredis.HotClient;
import org.hotredis.testing.JvmProcess;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link HotList} used by several JVMs at once, and by a JVM whose heap cannot hold the list. */
@RedisTest
final class HotListProcessTest {
  private static final int PROCESSES = 4;
  private static final int THREADS = 2;
  private static final int APPENDS = 1_000;
  private static final int INSERTS = APPENDS / 5;
  private static final int POPS = APPENDS * 3 / 10;

  private HotClient client;

  @BeforeEach
  void open(RedisDeployment server) {
    client = HotClient.create(server.uri());
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  @Timeout(300)
  void hammer_fourJvmsTwoThreadsEach_loseAndDoubleNothing(RedisDeployment server) {
    List<JvmProcess> children = new ArrayList<>();
    try {
      for (int p = 0; p < PROCESSES; p++) {
        children.add(
            JvmProcess.builder(ListHammer.class)
                .args(
                    server.uri(),
                    "shared",
                    Integer.toString(p),
                    Integer.toString(THREADS),
                    Integer.toString(APPENDS))
                .start());
      }
      for (JvmProcess child : children) {
        assertThat(child.waitFor(Duration.ofMinutes(3))).as(child.output()).isZero();
        assertThat(child.output()).contains("done");
      }
    } finally {
      children.forEach(JvmProcess::close);
    }

    List<String> remaining = at("shared").snapshot();
    Map<String, List<String>> poppedBy = new HashMap<>();
    List<String> allPopped = new ArrayList<>();
    for (int p = 0; p < PROCESSES; p++) {
      for (int t = 0; t < THREADS; t++) {
        List<String> popped = at("popped:" + p + "-" + t).snapshot();
        assertThat(popped.size()).as("pops by %s-%s", p, t).isLessThanOrEqualTo(POPS);
        poppedBy.put(p + "-" + t, popped);
        allPopped.addAll(popped);
      }
    }

    Set<String> pushed = new LinkedHashSet<>();
    for (int p = 0; p < PROCESSES; p++) {
      for (int t = 0; t < THREADS; t++) {
        for (int i = 0; i < APPENDS; i++) {
          pushed.add(p + "-" + t + "-" + i);
        }
        for (int k = 0; k < INSERTS; k++) {
          pushed.add(p + "-" + t + "-ins" + k);
        }
      }
    }
    assertThat(pushed).hasSize(PROCESSES * THREADS * (APPENDS + INSERTS));

    // (pushed + inserted) - popped == remaining, as multisets: every pushed element is now either
    // in the list or popped, exactly once, and nothing else is anywhere.
    Map<String, Integer> seen = new HashMap<>();
    remaining.forEach(e -> seen.merge(e, 1, Integer::sum));
    allPopped.forEach(e -> seen.merge(e, 1, Integer::sum));
    List<String> doubled = new ArrayList<>();
    seen.forEach(
        (e, n) -> {
          if (n > 1) {
            doubled.add(e + " x" + n);
          }
        });
    Set<String> lost = new LinkedHashSet<>(pushed);
    lost.removeAll(seen.keySet());
    Set<String> unknown = new HashSet<>(seen.keySet());
    unknown.removeAll(pushed);
    assertThat(doubled).as("elements seen more than once").isEmpty();
    assertThat(lost).as("elements lost").isEmpty();
    assertThat(unknown).as("elements never pushed").isEmpty();
    assertThat(remaining.size() + allPopped.size()).isEqualTo(pushed.size());

    // One thread's appends keep their order in the list; its head inserts are in reverse order.
    for (int p = 0; p < PROCESSES; p++) {
      for (int t = 0; t < THREADS; t++) {
        String prefix = p + "-" + t + "-";
        assertThat(numbersOf(remaining, prefix, false)).as("appends of %s", prefix).isSorted();
        List<Integer> inserted = numbersOf(remaining, prefix, true);
        List<Integer> descending = new ArrayList<>(inserted);
        descending.sort((a, b) -> Integer.compare(b, a));
        assertThat(inserted).as("head inserts of %s", prefix).isEqualTo(descending);
        // pops take the head, so any popper sees one thread's appends in their order
        for (List<String> popped : poppedBy.values()) {
          assertThat(numbersOf(popped, prefix, false)).as("pops of %s", prefix).isSorted();
        }
      }
    }
  }

  @Test
  @Timeout(300)
  void millionElements_inA64MbHeap_reverseIterateInsertRemoveMultiply(RedisDeployment server) {
    try (JvmProcess child =
        JvmProcess.builder(ListBigReverse.class)
            .jvmArg("-Xmx64m")
            .args(server.uri(), "big")
            .start()) {
      assertThat(child.waitFor(Duration.ofMinutes(3))).as(child.output()).isZero();
      assertThat(child.output())
          .contains(
              "result count=1000000 removed=mid at500000=499999 doubled=2000000"
                  + " at1000000=999999 last=0");
    }

    assertThat(server.execute("LLEN", "big")).isEqualTo(2_000_000L);
    assertThat(server.execute("LINDEX", "big", "0")).isEqualTo("999999");
    assertThat(server.execute("LINDEX", "big", "999999")).isEqualTo("0");
    assertThat(server.execute("LINDEX", "big", "1000000")).isEqualTo("999999");
    assertThat(server.execute("LINDEX", "big", "-1")).isEqualTo("0");
    assertThat(server.execute("EXISTS", "{big}:scratch")).isEqualTo(0L);
  }

  @Test
  @Timeout(300)
  void millionElements_snapshotInA64MbHeap_runsOutOfMemory(RedisDeployment server) {
    // The control for the test above: 64 MB is too small to hold the list, so only bounded-memory
    // code can pass it.
    try (JvmProcess child =
        JvmProcess.builder(ListBigReverse.class)
            .jvmArg("-Xmx64m")
            .args(server.uri(), "big", "snapshot")
            .start()) {
      assertThat(child.waitFor(Duration.ofMinutes(3))).as(child.output()).isNotZero();
      assertThat(child.output()).contains("OutOfMemoryError").doesNotContain("snapshot size=");
    }
  }

  private HotList<String> at(String key) {
    return HotList.builder(String.class).client(client).key(key).build();
  }

  /**
   * Returns, in order, the numbers of the elements of one thread: {@code prefix + i} for appends,
   * {@code prefix + "ins" + k} for head inserts.
   */
  private static List<Integer> numbersOf(List<String> elements, String prefix, boolean inserts) {
    List<Integer> numbers = new ArrayList<>();
    for (String e : elements) {
      if (!e.startsWith(prefix)) {
        continue;
      }
      String rest = e.substring(prefix.length());
      boolean isInsert = rest.startsWith("ins");
      if (isInsert == inserts) {
        numbers.add(Integer.parseInt(isInsert ? rest.substring(3) : rest));
      }
    }
    return numbers;
  }
}
