package org.hotredis.bench;

import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/** A benchmark class for {@link InterleavedTest}: it records the lifecycle the runner gives it. */
public class CountingBenchmark {
  static final List<String> EVENTS = new ArrayList<>();

  /** A state with a parameter, a trial setup, an iteration setup and a teardown. */
  @State(Scope.Benchmark)
  public static class Counter {
    @Param({"1", "2"})
    public int step;

    long value;

    @Setup
    public void trial(Shared shared) {
      EVENTS.add("trial step=" + step + " shared=" + shared.id);
    }

    @Setup(Level.Iteration)
    public void iteration() {
      value = 0;
      EVENTS.add("iteration step=" + step);
    }

    @TearDown
    public void end() {
      EVENTS.add("teardown step=" + step);
    }
  }

  /** A state another state's setup takes. */
  @State(Scope.Benchmark)
  public static class Shared {
    static int created;
    final int id = ++created;
  }

  @Benchmark
  public long add_hot(Counter c) {
    c.value += c.step;
    return c.value;
  }

  @Benchmark
  public void add_jedis(Counter c, Blackhole hole) {
    c.value += c.step;
    hole.consume(c.value);
  }

  @Benchmark
  public void ignored_hot(Counter c) {
    c.value--;
  }
}
