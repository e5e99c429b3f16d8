package org.hotredis.collections;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hotredis.HotClient;
import org.hotredis.testing.JvmProcess;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link HotDict} and {@link HotMultiSet} used by several JVMs at once: compare-and-set loops,
 * single-entry scripts and increments from 4 JVMs of 2 threads each lose and double nothing.
 */
@RedisTest
final class HotDictProcessTest {
  private static final int PROCESSES = 4;
  private static final int THREADS = 2;
  private static final int ROUNDS = 1_000;
  private static final Pattern DONE = Pattern.compile("done wins=(\\d+) taken=(\\d+)");

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
    HotDict<String, Long> tokens =
        HotDict.builder(String.class, Long.class).client(client).key("dict").build();
    for (int i = 0; i < ROUNDS; i++) {
      tokens.set("token:" + i, (long) i);
    }
    int[] wins = new int[PROCESSES];
    int totalTaken = 0;
    List<JvmProcess> children = new ArrayList<>();
    try {
      for (int p = 0; p < PROCESSES; p++) {
        children.add(
            JvmProcess.builder(DictHammer.class)
                .args(
                    server.uri(),
                    "dict",
                    "multiset",
                    Integer.toString(p),
                    Integer.toString(THREADS),
                    Integer.toString(ROUNDS))
                .start());
      }
      for (int p = 0; p < PROCESSES; p++) {
        JvmProcess child = children.get(p);
        assertThat(child.waitFor(Duration.ofMinutes(3))).as(child.output()).isZero();
        Matcher done = DONE.matcher(child.output());
        assertThat(done.find()).as(child.output()).isTrue();
        wins[p] = Integer.parseInt(done.group(1));
        totalTaken += Integer.parseInt(done.group(2));
      }
    } finally {
      children.forEach(JvmProcess::close);
    }

    Map<String, Long> dict =
        HotDict.builder(String.class, Long.class).client(client).key("dict").build().snapshot();

    // Every claim was won exactly once, and released (a negative tombstone) if even; every
    // token was taken exactly once.
    assertThat(totalTaken).as("tokens taken").isEqualTo(ROUNDS);
    int totalWins = 0;
    for (int w : wins) {
      totalWins += w;
    }
    assertThat(totalWins).as("claims won").isEqualTo(ROUNDS);
    int[] held = new int[PROCESSES];
    Map<String, Long> expected = new HashMap<>();
    for (int i = 0; i < ROUNDS; i++) {
      Long stored = dict.get("claim:" + i);
      assertThat(stored).as("claim:%s", i).isNotNull();
      assertThat(stored < 0).as("claim:%s released", i).isEqualTo(i % 2 == 0);
      long claimant = stored < 0 ? -1 - stored : stored;
      assertThat(claimant % 10).as("claimant thread of claim:%s", i).isBetween(0L, THREADS - 1L);
      held[(int) (claimant / 10)]++;
      expected.put("claim:" + i, stored);
    }
    assertThat(held).as("claims held by each JVM").isEqualTo(wins);

    // Everything else is exactly what the operations imply.
    expected.put("shared", (long) PROCESSES * THREADS * ROUNDS);
    for (int p = 0; p < PROCESSES; p++) {
      for (int t = 0; t < THREADS; t++) {
        expected.put("own:" + p + "-" + t, (long) ROUNDS);
        for (int i = 0; i < ROUNDS; i++) {
          if (i % 3 != 0) {
            expected.put(p + "-" + t + ":" + i, (long) i);
          }
        }
      }
    }
    assertThat(dict).isEqualTo(expected);

    Map<String, Long> counts = new HashMap<>();
    counts.put("x", (long) PROCESSES * THREADS * ROUNDS);
    counts.put("y", 3L * PROCESSES * THREADS * ROUNDS);
    for (int p = 0; p < PROCESSES; p++) {
      counts.put("p" + p, 2L * THREADS * ROUNDS);
    }
    HotMultiSet<String> multiset =
        HotMultiSet.builder(String.class).client(client).key("multiset").build();
    assertThat(multiset.snapshot()).isEqualTo(counts);
    assertThat(server.execute("HGET", "multiset", "y"))
        .isEqualTo(Long.toString(3L * PROCESSES * THREADS * ROUNDS));
  }
}
