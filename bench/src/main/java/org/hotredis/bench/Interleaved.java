package org.hotredis.bench;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.hotredis.bench.Benchmarks.Row;
import org.hotredis.bench.Benchmarks.Sample;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Runs the operations of the {@code *Benchmark} classes with the three libraries interleaved: for
 * each operation, rounds of one time slice per library, the order rotating every round, so that all
 * three run under the same conditions of a shared machine, and a burst of load elsewhere costs one
 * round of each rather than the whole measurement of one. A library's throughput is the median of
 * its rounds; its latency percentiles come from every timed call.
 *
 * <p>The classes are the ones JMH runs ({@code bash bench/run jmh}): methods named {@code
 * operation_library} and annotated {@link Benchmark}, whose parameters are {@code @State} objects
 * (and {@link Blackhole}). This runner gives those states JMH's lifecycle as the benchmarks use it:
 * one instance of each state per class and {@link Param} combination, {@link Setup} at {@link
 * Level#Trial} when created, at {@link Level#Iteration} before every round, {@link TearDown} at the
 * end.
 */
final class Interleaved {
  private static final String BLACKHOLE_CHALLENGE =
      "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.";

  /** How long each phase runs. */
  record Settings(int warmUpRounds, long warmUpSliceMillis, int rounds, long sliceMillis) {
    static final Settings STANDARD = new Settings(2, 500, 12, 200);
    static final Settings QUICK = new Settings(1, 50, 2, 50);

    long budgetNanos() {
      return 3 * (warmUpRounds * warmUpSliceMillis + rounds * sliceMillis) * 1_000_000;
    }

    String describe() {
      return String.format(
          java.util.Locale.ROOT,
          "%d warm-up rounds of %d ms and %d measured rounds of %d ms per library",
          warmUpRounds,
          warmUpSliceMillis,
          rounds,
          sliceMillis);
    }
  }

  /** A library's calls in one operation: per-round throughput and every call's time. */
  private static final class Tally {
    final List<Double> roundOpsPerSecond = new ArrayList<>();

    /** Each measured round's median call time, in nanoseconds, by round. */
    final Map<Integer, Double> medianNanosByRound = new LinkedHashMap<>();

    long[] nanos = new long[1024];
    int calls;
    long spentNanos;

    void record(long elapsed) {
      if (calls == nanos.length) {
        nanos = Arrays.copyOf(nanos, calls * 2);
      }
      nanos[calls++] = elapsed;
    }

    Sample sample() {
      return Interleaved.sample(roundOpsPerSecond, nanos, calls);
    }
  }

  private Interleaved() {}

  /**
   * A library's sample: the median of its rounds' throughput, and the p50 and p99 of its calls.
   *
   * @param roundOpsPerSecond each round's throughput
   * @param nanos the calls' times, in nanoseconds (the first {@code calls} count)
   * @param calls how many calls were timed
   * @return the sample
   */
  static Sample sample(List<Double> roundOpsPerSecond, long[] nanos, int calls) {
    double median = median(roundOpsPerSecond);
    long[] times = Arrays.copyOf(nanos, calls);
    Arrays.sort(times);
    return new Sample(
        1_000_000.0 / median,
        times[Math.min(calls - 1, calls / 2)] / 1_000.0,
        times[Math.min(calls - 1, (int) (calls * 0.99))] / 1_000.0);
  }

  /** Returns the median of the values, NaN if there are none. */
  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /**
   * How many times faster {@code a}'s typical call is than {@code b}'s: the median, over the rounds
   * both libraries ran, of the ratio of the rounds' median call times ({@code b} over {@code a}).
   */
  private static double medianRatio(Tally a, Tally b) {
    List<Double> ratios = new ArrayList<>();
    a.medianNanosByRound.forEach(
        (round, nanos) -> {
          Double other = b.medianNanosByRound.get(round);
          if (other != null) {
            ratios.add(other / nanos);
          }
        });
    return median(ratios);
  }

  /**
   * Runs every operation of the classes whose {@code Class.method} names match.
   *
   * @param classes the benchmark classes
   * @param include selects benchmarks by {@code SimpleClassName.method}
   * @param settings the rounds and slices
   * @return a row per operation and parameter combination
   */
  static List<Row> run(List<Class<?>> classes, Pattern include, Settings settings)
      throws Exception {
    List<Row> rows = new ArrayList<>();
    for (Class<?> type : classes) {
      Map<String, List<Method>> operations = operations(type, include);
      if (operations.isEmpty()) {
        continue;
      }
      for (Map<Field, String> params : paramCombinations(type)) {
        rows.addAll(runClass(type, operations, params, settings));
      }
    }
    return rows;
  }

  /** The benchmark methods of a class, grouped by operation, libraries in name order. */
  private static Map<String, List<Method>> operations(Class<?> type, Pattern include) {
    Map<String, List<Method>> operations = new LinkedHashMap<>();
    Arrays.stream(type.getMethods())
        .filter(m -> m.isAnnotationPresent(Benchmark.class))
        .filter(m -> include.matcher(type.getSimpleName() + "." + m.getName()).find())
        .sorted(Comparator.comparing(Method::getName))
        .forEach(m -> operations.computeIfAbsent(operationOf(m), o -> new ArrayList<>()).add(m));
    return operations;
  }

  private static String operationOf(Method method) {
    return method.getName().substring(0, method.getName().lastIndexOf('_'));
  }

  static String libraryOf(Method method) {
    return method.getName().substring(method.getName().lastIndexOf('_') + 1);
  }

  /** Every combination of the {@link Param} values of the states the class's methods use. */
  private static List<Map<Field, String>> paramCombinations(Class<?> type) {
    List<Field> fields = new ArrayList<>();
    Deque<Class<?>> toVisit = new ArrayDeque<>();
    List<Class<?>> seen = new ArrayList<>();
    for (Method m : type.getMethods()) {
      if (m.isAnnotationPresent(Benchmark.class)) {
        toVisit.addAll(Arrays.asList(m.getParameterTypes()));
      }
    }
    while (!toVisit.isEmpty()) {
      Class<?> state = toVisit.pop();
      if (seen.contains(state) || state == Blackhole.class) {
        continue;
      }
      seen.add(state);
      for (Field f : state.getFields()) {
        if (f.isAnnotationPresent(Param.class)) {
          fields.add(f);
        }
      }
      for (Method m : state.getMethods()) {
        if (m.isAnnotationPresent(Setup.class)) {
          toVisit.addAll(Arrays.asList(m.getParameterTypes()));
        }
      }
    }
    List<Map<Field, String>> combinations = new ArrayList<>();
    combinations.add(new LinkedHashMap<>());
    for (Field f : fields) {
      List<Map<Field, String>> next = new ArrayList<>();
      for (Map<Field, String> c : combinations) {
        for (String value : f.getAnnotation(Param.class).value()) {
          Map<Field, String> extended = new LinkedHashMap<>(c);
          extended.put(f, value);
          next.add(extended);
        }
      }
      combinations = next;
    }
    return combinations;
  }

  private static List<Row> runClass(
      Class<?> type,
      Map<String, List<Method>> operations,
      Map<Field, String> params,
      Settings settings)
      throws Exception {
    States states = new States(params);
    try {
      Object benchmark = type.getDeclaredConstructor().newInstance();
      String group = type.getSimpleName().replace("Benchmark", "");
      String suffix =
          params.isEmpty()
              ? ""
              : " ("
                  + params.entrySet().stream()
                      .map(e -> e.getKey().getName() + "=" + e.getValue())
                      .collect(java.util.stream.Collectors.joining(", "))
                  + ")";
      List<Row> rows = new ArrayList<>();
      for (Map.Entry<String, List<Method>> operation : operations.entrySet()) {
        List<Method> methods = operation.getValue();
        List<Object[]> arguments = new ArrayList<>();
        for (Method m : methods) {
          arguments.add(states.argumentsFor(m));
        }
        List<Tally> tallies = new ArrayList<>();
        for (int i = 0; i < methods.size(); i++) {
          tallies.add(new Tally());
        }
        // A library whose single calls outlast the slices (Redisson iterating 100,000 elements
        // one round trip each takes seconds) stops warming up at a third of the budget and stops
        // measuring at the budget, once it has two measured rounds.
        long budget = settings.budgetNanos();
        for (int round = 0; round < settings.warmUpRounds() + settings.rounds(); round++) {
          boolean measured = round >= settings.warmUpRounds();
          states.beforeIteration();
          for (int i = 0; i < methods.size(); i++) {
            int k = (i + round) % methods.size(); // rotate the order every round
            Tally tally = tallies.get(k);
            boolean overBudget =
                measured
                    ? tally.spentNanos > budget && tally.roundOpsPerSecond.size() >= 2
                    : tally.spentNanos > budget / 3;
            if (overBudget) {
              continue;
            }
            slice(
                benchmark,
                methods.get(k),
                arguments.get(k),
                measured ? settings.sliceMillis() : settings.warmUpSliceMillis(),
                tally,
                measured,
                round);
          }
        }
        Map<String, Sample> samples = new LinkedHashMap<>();
        Map<String, Tally> byLibrary = new LinkedHashMap<>();
        for (int i = 0; i < methods.size(); i++) {
          samples.put(libraryOf(methods.get(i)), tallies.get(i).sample());
          byLibrary.put(libraryOf(methods.get(i)), tallies.get(i));
        }
        Map<String, Double> hotRatios = new LinkedHashMap<>();
        Tally hot = byLibrary.get("hot");
        if (hot != null) {
          byLibrary.forEach(
              (library, tally) -> {
                if (!library.equals("hot")) {
                  hotRatios.put(library, medianRatio(hot, tally));
                }
              });
        }
        rows.add(new Row(group + "." + operation.getKey() + suffix, samples, hotRatios));
        System.out.printf(
            java.util.Locale.ROOT, "%s%s: %s%n", group + "." + operation.getKey(), suffix, samples);
      }
      return rows;
    } finally {
      states.tearDown();
    }
  }

  /**
   * Calls one benchmark method for a slice of time (at least once) and adds the time to what the
   * library has spent; records the calls and the round if measured.
   */
  private static void slice(
      Object benchmark,
      Method method,
      Object[] arguments,
      long millis,
      Tally tally,
      boolean measured,
      int roundIndex)
      throws Exception {
    int first = tally.calls;
    long sliceStart = System.nanoTime();
    long end = sliceStart + millis * 1_000_000;
    int calls = 0;
    long now;
    do {
      long start = System.nanoTime();
      invoke(benchmark, method, arguments);
      now = System.nanoTime();
      if (measured) {
        tally.record(now - start);
      }
      calls++;
    } while (now < end);
    tally.spentNanos += now - sliceStart;
    if (measured) {
      long elapsed = now - sliceStart;
      tally.roundOpsPerSecond.add(calls / (elapsed / 1e9));
      long[] round = Arrays.copyOfRange(tally.nanos, first, tally.calls);
      Arrays.sort(round);
      tally.medianNanosByRound.put(roundIndex, (double) round[round.length / 2]);
    }
  }

  private static @Nullable Object invoke(Object target, Method method, Object[] arguments)
      throws Exception {
    try {
      return method.invoke(target, arguments);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception ex) {
        throw ex;
      }
      throw e;
    }
  }

  /** The {@code @State} objects of one class and parameter combination, with their lifecycle. */
  private static final class States {
    private final Map<Field, String> params;
    private final Map<Class<?>, Object> instances = new LinkedHashMap<>();
    private final Blackhole blackhole = new Blackhole(BLACKHOLE_CHALLENGE);

    States(Map<Field, String> params) {
      this.params = params;
    }

    Object[] argumentsFor(Method method) throws Exception {
      Class<?>[] types = method.getParameterTypes();
      Object[] arguments = new Object[types.length];
      for (int i = 0; i < types.length; i++) {
        arguments[i] = get(types[i]);
      }
      return arguments;
    }

    private Object get(Class<?> type) throws Exception {
      if (type == Blackhole.class) {
        return blackhole;
      }
      Object existing = instances.get(type);
      if (existing != null) {
        return existing;
      }
      Object state = type.getDeclaredConstructor().newInstance();
      for (Map.Entry<Field, String> p : params.entrySet()) {
        if (p.getKey().getDeclaringClass() == type) {
          setParam(state, p.getKey(), p.getValue());
        }
      }
      for (Method m : lifecycle(type, Setup.class)) {
        Setup setup = m.getAnnotation(Setup.class);
        if (setup.value() == Level.Trial) {
          invoke(state, m, argumentsFor(m));
        }
      }
      instances.put(type, state);
      return state;
    }

    void beforeIteration() throws Exception {
      for (Map.Entry<Class<?>, Object> e : new ArrayList<>(instances.entrySet())) {
        for (Method m : lifecycle(e.getKey(), Setup.class)) {
          if (m.getAnnotation(Setup.class).value() == Level.Iteration) {
            invoke(e.getValue(), m, argumentsFor(m));
          }
        }
      }
    }

    void tearDown() throws Exception {
      List<Map.Entry<Class<?>, Object>> created = new ArrayList<>(instances.entrySet());
      for (int i = created.size() - 1; i >= 0; i--) {
        for (Method m : lifecycle(created.get(i).getKey(), TearDown.class)) {
          invoke(created.get(i).getValue(), m, argumentsFor(m));
        }
      }
      instances.clear();
    }

    private static List<Method> lifecycle(
        Class<?> type, Class<? extends java.lang.annotation.Annotation> annotation) {
      return Arrays.stream(type.getMethods())
          .filter(m -> m.isAnnotationPresent(annotation))
          .filter(m -> !Modifier.isStatic(m.getModifiers()))
          .sorted(Comparator.comparing(Method::getName))
          .toList();
    }

    private static void setParam(Object state, Field field, String value) throws Exception {
      Class<?> t = field.getType();
      Object converted =
          t == boolean.class
              ? Boolean.parseBoolean(value)
              : t == int.class
                  ? Integer.parseInt(value)
                  : t == long.class ? Long.parseLong(value) : value;
      field.set(state, converted);
    }
  }
}
