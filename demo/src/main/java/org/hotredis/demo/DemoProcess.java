package org.hotredis.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;

/**
 * One of the demo's two JVMs, A or B: both run the same steps on the same objects, meeting at a
 * barrier (a {@code HotInt} each increments, then waits to see 2) between steps.
 *
 * <p>Arguments: the Redis URI, the demo's key prefix, and the process's name ({@code A} or {@code
 * B}).
 */
public final class DemoProcess {
  static final int STEPS = 10;
  private static final Duration BARRIER_TIMEOUT = Duration.ofMinutes(1);

  private final DemoObjects objects;
  private final String name;
  private final boolean isA;
  private final PrintStream out = System.out;

  private DemoProcess(DemoObjects objects, String name) {
    this.objects = objects;
    this.name = name;
    this.isA = name.equals("A");
  }

  /**
   * Runs one process of the demo.
   *
   * @param args the Redis URI, the key prefix and the name
   * @throws InterruptedException if interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    try (DemoObjects objects = new DemoObjects(args[0], args[1])) {
      new DemoProcess(objects, args[2]).run();
    }
  }

  private void run() throws InterruptedException {
    Cache<String, String> cache = isA ? objects.cache() : null; // A creates it, B attaches
    barrier(0);
    if (cache == null) {
      cache = objects.cache();
    }
    shareAList();
    shareAQueue();
    shareALock();
    countWords();
    shareACache(cache);
    barrier(9);
  }

  /**
   * The Python HOT Redis README's first example: one process creates a list, another reads and
   * extends it.
   */
  private void shareAList() {
    if (isA) {
      objects.list.addAll(List.of("a", "b", "c"));
      say("HotList foo = " + contents() + "   (RPUSH foo a b c)");
    }
    barrier(1);
    if (!isA) {
      say("HotList foo reads " + contents() + "   (LRANGE foo 0 -1)");
      objects.list.addAll(List.of("d", "e", "f"));
      say("appended d, e, f   (RPUSH foo d e f)");
    }
    barrier(2);
    if (isA) {
      say("HotList foo reads " + contents() + "; contains(\"c\") = " + objects.list.contains("c"));
      objects.list.reverse();
      say("reversed foo inside Redis, atomically (one Lua script): " + contents());
    }
    barrier(3);
    if (!isA) {
      say("HotList foo reads " + contents());
    }
  }

  private List<String> contents() {
    return new ArrayList<>(objects.list);
  }

  /** A work queue both processes consume: every job done exactly once. */
  private void shareAQueue() throws InterruptedException {
    if (isA) {
      for (int i = 1; i <= 10; i++) {
        objects.jobs.put("job-" + i);
      }
      say("HotQueue jobs: put job-1 … job-10");
    }
    barrier(4);
    List<String> mine = new ArrayList<>();
    while (true) {
      String job = objects.jobs.poll(300, TimeUnit.MILLISECONDS);
      if (job == null) {
        break;
      }
      Thread.sleep(20); // the work
      mine.add(job);
      objects.processed.incrementAndGet();
    }
    say("took and did " + mine);
    barrier(5);
    if (isA) {
      say("jobs done by A and B together: " + objects.processed.get() + " of 10, none twice");
    }
  }

  /** A read-then-write counter, safe only because both processes hold the same lock. */
  private void shareALock() {
    for (int i = 0; i < 100; i++) {
      objects.lock.lock();
      try {
        long count = objects.counter.getOrDefault("count", 0L);
        objects.counter.set("count", count + 1);
      } finally {
        objects.lock.unlock();
      }
    }
    say("added 1 to the counter 100 times under HotReentrantLock lock (read, then write)");
    barrier(6);
    if (isA) {
      say("counter = " + objects.counter.get("count") + "   (200: no update lost)");
    }
  }

  /** Word counts from both processes in one multiset. */
  private void countWords() {
    String text =
        isA ? "the quick brown fox jumps over the lazy dog" : "the dog barks and the fox runs";
    objects.words.update(Arrays.asList(text.split(" ")));
    say("HotMultiSet words: counted \"" + text + "\"   (one HINCRBY per word, in one script)");
    barrier(7);
    if (!isA) {
      say("most common words: " + objects.words.mostCommon(3));
    }
  }

  /** A JCache cache both processes write and read. */
  private void shareACache(Cache<String, String> cache) {
    cache.put("from-" + name, "hello from JVM " + name);
    say("JCache greetings: put from-" + name);
    barrier(8);
    String other = isA ? "from-B" : "from-A";
    say("JCache greetings: get(" + other + ") = \"" + cache.get(other) + "\"");
  }

  /** Waits until both processes have reached a step. */
  private void barrier(int step) {
    objects.arrivals(step).incrementAndGet();
    long deadline = System.nanoTime() + BARRIER_TIMEOUT.toNanos();
    while (objects.arrivals(step).get() < 2) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(name + ": the other process never reached step " + step);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(name + ": interrupted at step " + step, e);
      }
    }
  }

  private void say(String text) {
    Transcript.say(out, name, text);
  }
}
