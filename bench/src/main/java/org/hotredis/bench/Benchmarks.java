package org.hotredis.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.hotredis.testing.RedisServer;
import org.jspecify.annotations.Nullable;

/**
 * Runs the standard benchmark set — every {@code *Benchmark} class, each operation through HOT
 * Redis, raw Jedis and Redisson interleaved in one run ({@link Interleaved}) — plus the same
 * interleaving from many threads of one JVM ({@link ThreadScaling}), the queue and lock drivers,
 * the cluster comparison and {@code redis-benchmark} as the physical floor, and writes {@code
 * docs/benchmarks.md}: ops/s and p50/p99 latency per library and the ratios HOT Redis / Jedis and
 * HOT Redis / Redisson, with the machine and versions.
 *
 * <p>Benchmark methods are named {@code operation_library}, with library {@code hot}, {@code jedis}
 * or {@code redisson}, and are JMH benchmarks too: {@code bash bench/run jmh [regex]} runs them
 * with JMH, one library after the other, for a closer look at one operation.
 */
public final class Benchmarks {
  private Benchmarks() {}

  /**
   * One operation's measurements per library, and how many times faster HOT Redis's typical call is
   * than each other library's (keyed {@code jedis}, {@code redisson}) when the run measured it
   * round by round ({@link Interleaved}); otherwise a ratio is that of the samples' throughputs.
   */
  record Row(String operation, Map<String, Sample> samples, Map<String, Double> hotRatios) {
    Row(String operation, Map<String, Sample> samples) {
      this(operation, samples, Map.of());
    }

    /** Returns HOT Redis's speed over another library's, or NaN if either is missing. */
    double hotOver(String library) {
      Double measured = hotRatios.get(library);
      if (measured != null) {
        return measured;
      }
      Sample hot = samples.get("hot");
      Sample other = samples.get(library);
      return hot == null || other == null ? Double.NaN : hot.opsPerSecond() / other.opsPerSecond();
    }
  }

  /** The mean and percentiles of one benchmark, in microseconds per operation. */
  record Sample(double meanMicros, double p50Micros, double p99Micros) {
    double opsPerSecond() {
      return 1_000_000.0 / meanMicros;
    }
  }

  /**
   * Runs the benchmarks and writes the report.
   *
   * @param args the report file ({@code docs/benchmarks.md} by default), then optionally a regular
   *     expression selecting benchmarks: {@code Class.method} of the benchmark classes, {@code
   *     Threads.Map.get} and the like for {@link ThreadScaling}, and {@code Queue.take.wakeUp},
   *     {@code Queue.flow}, {@code Lock.handOff}, {@code Cluster.scaling} and {@code Floor} for the
   *     drivers ({@code redis-benchmark} also runs when a {@code Bulk} benchmark does)
   * @throws Exception if a benchmark or the report fails
   */
  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "docs/benchmarks.md");
    Pattern include = Pattern.compile(args.length > 1 ? args[1] : "");
    Map<String, PreviousRun.Ratios> previous = PreviousRun.read(out);
    long start = System.nanoTime();
    // -Dbench.quick=true checks that everything runs, with slices too short to measure.
    boolean quick = Boolean.getBoolean("bench.quick");
    Interleaved.Settings settings =
        quick ? Interleaved.Settings.QUICK : Interleaved.Settings.STANDARD;
    List<Row> rows = Interleaved.run(CLASSES, include, settings);
    List<Row> threadRows = ThreadScaling.measureAll(include, settings);
    // The drivers below run when the expression finds their names (an empty one finds all).
    Map<String, WakeUpLatency.Latency> wakeUps =
        include.matcher("Queue.take.wakeUp").find() ? WakeUpLatency.measureAll() : Map.of();
    Map<String, Double> queueFlow =
        include.matcher("Queue.flow").find() ? QueueThroughput.measureAll() : Map.of();
    Map<String, LockHandOff.Latency> handOffs =
        include.matcher("Lock.handOff").find() ? LockHandOff.measureAll() : Map.of();
    Map<String, WakeUpLatency.Latency> invalidations =
        include.matcher("NearCache.invalidation").find()
            ? InvalidationLatency.measureAll()
            : Map.of();
    Map<String, ClusterScaling.Throughput> scaling =
        include.matcher("Cluster.scaling").find()
            ? ClusterScaling.measureAll(
                Duration.ofSeconds(quick ? 1 : 3), Duration.ofSeconds(quick ? 1 : 5))
            : Map.of();
    boolean bulk = rows.stream().anyMatch(r -> r.operation().startsWith("Bulk."));
    Map<String, Floor> floor = bulk || include.matcher("Floor").find() ? floor() : Map.of();
    String report =
        report(
                rows,
                threadRows,
                wakeUps,
                queueFlow,
                handOffs,
                scaling,
                floor,
                settings,
                Duration.ofNanos(System.nanoTime() - start))
            + (invalidations.isEmpty() ? "" : InvalidationLatency.section(invalidations))
            + Targets.section(
                Targets.evaluate(rows, threadRows, wakeUps, handOffs, invalidations, floor))
            + PreviousRun.section(
                previous,
                java.util.stream.Stream.concat(rows.stream(), threadRows.stream()).toList());
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, report, StandardCharsets.UTF_8);
    System.out.print(report);
  }

  /** The benchmark classes of the standard set, each operation run through the three libraries. */
  static final List<Class<?>> CLASSES =
      List.of(
          AtomicBenchmark.class,
          BulkBenchmark.class,
          CounterBenchmark.class,
          JCacheBenchmark.class,
          LatchBenchmark.class,
          ListBenchmark.class,
          LongAdderBenchmark.class,
          LockBenchmark.class,
          MapBenchmark.class,
          NearCacheBenchmark.class,
          QueueBenchmark.class,
          ReadWriteLockBenchmark.class,
          RateLimiterBenchmark.class,
          SemaphoreBenchmark.class,
          SetBenchmark.class);

  /** What {@code redis-benchmark} measures for one command. */
  record Floor(String command, double singleRps, double pipelinedRps, double p50Ms, double p99Ms) {}

  /** Runs {@code redis-benchmark} for the commands the libraries use, single and pipelined. */
  private static Map<String, Floor> floor() throws IOException, InterruptedException {
    Map<String, Floor> floor = new LinkedHashMap<>();
    try (RedisServer server = RedisServer.start()) {
      Map<String, double[]> single = redisBenchmark(server, 1);
      Map<String, double[]> pipelined = redisBenchmark(server, 16);
      for (Map.Entry<String, double[]> e : single.entrySet()) {
        double[] s = e.getValue();
        double[] p = pipelined.getOrDefault(e.getKey(), new double[] {0, 0, 0});
        floor.put(e.getKey(), new Floor(e.getKey(), s[0], p[0], s[1], s[2]));
      }
    }
    return floor;
  }

  /** Returns, per test, {rps, p50 ms, p99 ms}. */
  private static Map<String, double[]> redisBenchmark(RedisServer server, int pipeline)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(
                "redis-benchmark",
                "-h",
                server.host(),
                "-p",
                Integer.toString(server.port()),
                "-c",
                "1",
                "-n",
                pipeline == 1 ? "50000" : "500000",
                "-P",
                Integer.toString(pipeline),
                "-t",
                "set,get,incr,lpush,rpush,lpop,sadd,hset",
                "--csv")
            .redirectErrorStream(true)
            .start();
    String output;
    try (InputStream in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    process.waitFor(5, TimeUnit.MINUTES);
    Map<String, double[]> results = new LinkedHashMap<>();
    for (String line : output.lines().toList()) {
      List<String> cells = List.of(line.replace("\"", "").split(",", -1));
      if (cells.size() < 7 || cells.get(0).equals("test")) {
        continue;
      }
      results.put(
          cells.get(0),
          new double[] {
            Double.parseDouble(cells.get(1)),
            Double.parseDouble(cells.get(4)),
            Double.parseDouble(cells.get(6))
          });
    }
    return results;
  }

  private static String report(
      List<Row> rows,
      List<Row> threadRows,
      Map<String, WakeUpLatency.Latency> wakeUps,
      Map<String, Double> queueFlow,
      Map<String, LockHandOff.Latency> handOffs,
      Map<String, ClusterScaling.Throughput> scaling,
      Map<String, Floor> floor,
      Interleaved.Settings settings,
      Duration took) {
    StringBuilder out = new StringBuilder();
    out.append("# Benchmarks: HOT Redis, raw Jedis and Redisson, side by side\n\n");
    out.append("Generated ")
        .append(LocalDate.now(ZoneOffset.UTC))
        .append(" by `")
        .append(Benchmarks.class.getName())
        .append("` in ")
        .append(took.toMinutes())
        .append(" min ")
        .append(took.toSecondsPart())
        .append(" s. Every operation ran through the three libraries interleaved, in one JVM and")
        .append(" one thread against one private redis-server on loopback: ")
        .append(Boolean.getBoolean("bench.quick") ? "QUICK MODE, not a measurement: " : "")
        .append(settings.describe())
        .append(", the order of the libraries rotating every round, so all three run under the")
        .append(" same conditions. Throughput (ops/s) is the median of a library's rounds; p50")
        .append(
            " and p99 are over every call. A ratio compares typical calls: the median, over the")
        .append(" rounds, of the ratio of the two libraries' median call times in that round. The")
        .append(" stalls of a shared machine land in the tail and move throughput a lot but a")
        .append(" round's median little, so reruns agree on ratios. Absolute numbers on a shared")
        .append(" 2-core machine are noisy; the ratios within one run are the figures.\n\n");
    out.append(machine()).append('\n');
    out.append("## Operations\n\n");
    operationsTable(out, rows);
    if (!threadRows.isEmpty()) {
      out.append("\n## Many threads, one JVM\n\n");
      out.append(
          String.format(
              Locale.ROOT,
              "1, 8 and %d threads of one JVM share one client and call the same operation in a"
                  + " loop, against one private redis-server: HOT Redis with its default settings,"
                  + " raw Jedis with a pool of %d connections (one per thread: the bare command on"
                  + " a pooled connection, the floor) and Redisson with its defaults (multiplexed"
                  + " connections, each carrying many threads' calls). The map write is the one"
                  + " that returns nothing, one `HSET` in all three (`HotDict.set`, Redisson's"
                  + " `fastPut`): raw Jedis has no write that returns the previous value; the JCache"
                  + " cache has no near cache and no statistics. The libraries take turns"
                  + " as above: %s, the order rotating every round. Throughput is all threads'"
                  + " calls per second, the median of a library's rounds; a ratio is the median,"
                  + " over the rounds, of the two libraries' throughputs in that round; p50 and p99"
                  + " are per call, over every call of every thread. This machine has %d cores"
                  + " for the client's threads and redis-server together: beyond a few threads"
                  + " the calls mostly queue, for a core, a pooled connection or a multiplexed"
                  + " one, so the 32-thread rows measure that queueing and the pools more than"
                  + " Redis.%n%n",
              ThreadScaling.MOST_THREADS,
              ThreadScaling.MOST_THREADS,
              settings.describe(),
              Runtime.getRuntime().availableProcessors()));
      operationsTable(out, threadRows);
    }
    if (!wakeUps.isEmpty()) {
      out.append("\n## Wake-up latency of a blocked take\n\n");
      out.append(
          "A consumer blocks in `take`; a producer in another thread puts an element 2 ms later;"
              + " the latency runs from the producer's call to the consumer's return (2,000 hand-offs"
              + " after 200 of warm-up). Raw Jedis is RPUSH / BLPOP.\n\n");
      out.append("| library | p50 µs | p99 µs | mean µs |\n|---|---:|---:|---:|\n");
      for (Map.Entry<String, WakeUpLatency.Latency> e : wakeUps.entrySet()) {
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %.0f | %.0f | %.0f |%n",
                libraryName(e.getKey()),
                e.getValue().p50(),
                e.getValue().p99(),
                e.getValue().mean()));
      }
    }
    if (!queueFlow.isEmpty()) {
      out.append("\n## Producer → consumer throughput\n\n");
      out.append(
          String.format(
              Locale.ROOT,
              "%d producer threads put %,d elements each while %d consumer threads take them with the"
                  + " blocking `take`, in %d passes the libraries take turns at; a pass's rate runs"
                  + " from its first put to its last take, and a library's rate is the median of its"
                  + " passes. Raw Jedis is RPUSH / BLPOP.%n%n",
              QueueThroughput.PRODUCERS,
              QueueThroughput.PER_PRODUCER / QueueThroughput.PASSES,
              QueueThroughput.CONSUMERS,
              QueueThroughput.PASSES));
      out.append("| library | elements/s | vs raw Jedis |\n|---|---:|---:|\n");
      Double jedisFlow = queueFlow.get("jedis");
      for (Map.Entry<String, Double> e : queueFlow.entrySet()) {
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %,.0f | %s |%n",
                libraryName(e.getKey()),
                e.getValue(),
                jedisFlow == null
                    ? "—"
                    : String.format(Locale.ROOT, "%.2f×", e.getValue() / jedisFlow)));
      }
    }
    if (!handOffs.isEmpty()) {
      out.append("\n## Contended lock hand-off latency\n\n");
      out.append(
          "2 JVMs × 4 threads take one lock in turn, 250 times each; a hand-off runs from the"
              + " holder's unlock to the next holder's return from `lock()` in another thread (a"
              + " shared wall clock, microseconds). Raw Jedis is the floor Redis itself offers: one"
              + " token in a list, taken with BLPOP and put back with RPUSH (no owner, no lease: a"
              + " lower bound, not a lock to use).\n\n");
      out.append(
          "| library | hand-offs | p50 µs | p99 µs | mean µs |\n|---|---:|---:|---:|---:|\n");
      for (Map.Entry<String, LockHandOff.Latency> e : handOffs.entrySet()) {
        LockHandOff.Latency l = e.getValue();
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %d | %.0f | %.0f | %.0f |%n",
                libraryName(e.getKey()),
                l.handOffs(),
                l.p50(),
                l.p99(),
                l.mean()));
      }
    }
    if (!scaling.isEmpty()) {
      out.append("\n## Independent objects: one node vs a 3-master cluster\n\n");
      out.append(
          "8 threads of one JVM, each on its own 64 counters and 64 dicts, alternating"
              + " `incrementAndGet` and a field write (`INCR`, `HSET`), against one redis-server and"
              + " against a local cluster of 3 masters with a replica each (6 processes). Scaling is"
              + " cluster throughput over one node's. On a machine with fewer cores than the"
              + " cluster has processes, the nodes share the same cores as the client, so the"
              + " ratio shows the cost of the cluster path (routing, more connections) rather than"
              + " the capacity a cluster of real machines adds.\n\n");
      out.append("| library | one node ops/s | cluster ops/s | scaling |\n|---|---:|---:|---:|\n");
      for (Map.Entry<String, ClusterScaling.Throughput> e : scaling.entrySet()) {
        ClusterScaling.Throughput t = e.getValue();
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %,.0f | %,.0f | %.2f× |%n",
                libraryName(e.getKey()),
                t.singleNode(),
                t.cluster(),
                t.ratio()));
      }
    }
    if (!floor.isEmpty()) {
      out.append("\n## The floor: redis-benchmark on the same machine\n\n");
      out.append(
          "One connection, one command at a time (`-c 1 -P 1`) and pipelined 16 deep (`-P 16`).\n\n");
      out.append("| command | ops/s | p50 / p99 ms | pipelined ops/s |\n|---|---:|---|---:|\n");
      for (Floor f : floor.values()) {
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %,.0f | %.3f / %.3f | %,.0f |%n",
                f.command(),
                f.singleRps(),
                f.p50Ms(),
                f.p99Ms(),
                f.pipelinedRps()));
      }
    }
    return out.toString();
  }

  /** Writes a table of operations: each library's ops/s and latencies, and HOT Redis's ratios. */
  private static void operationsTable(StringBuilder out, List<Row> rows) {
    out.append(
        "| operation | Jedis ops/s | HOT Redis ops/s | Redisson ops/s | HOT / Jedis | HOT /"
            + " Redisson | p50 / p99 µs: Jedis | HOT Redis | Redisson |\n");
    out.append("|---|---:|---:|---:|---:|---:|---|---|---|\n");
    for (Row row : rows) {
      Sample jedis = row.samples().get("jedis");
      Sample hot = row.samples().get("hot");
      Sample redisson = row.samples().get("redisson");
      out.append("| ")
          .append(row.operation())
          .append(" | ")
          .append(ops(jedis))
          .append(" | ")
          .append(ops(hot))
          .append(" | ")
          .append(ops(redisson))
          .append(" | ")
          .append(ratio(row.hotOver("jedis")))
          .append(" | ")
          .append(ratio(row.hotOver("redisson")))
          .append(" | ")
          .append(latency(jedis))
          .append(" | ")
          .append(latency(hot))
          .append(" | ")
          .append(latency(redisson))
          .append(" |\n");
    }
  }

  private static String libraryName(String library) {
    return switch (library) {
      case "hot" -> "HOT Redis";
      case "jedis" -> "raw Jedis";
      case "redisson" -> "Redisson";
      default -> library;
    };
  }

  private static String ops(@Nullable Sample s) {
    return s == null ? "—" : String.format(Locale.ROOT, "%,.0f", s.opsPerSecond());
  }

  private static String ratio(double ratio) {
    return Double.isNaN(ratio) ? "—" : String.format(Locale.ROOT, "%.2f×", ratio);
  }

  private static String latency(@Nullable Sample s) {
    return s == null
        ? "—"
        : String.format(Locale.ROOT, "%.0f / %.0f", s.p50Micros(), s.p99Micros());
  }

  private static String machine() {
    String cpu = "unknown CPU";
    try {
      cpu =
          Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
              .filter(l -> l.startsWith("model name"))
              .map(l -> l.substring(l.indexOf(':') + 1).trim())
              .findFirst()
              .orElse(cpu);
    } catch (IOException e) {
      // not Linux: leave it unknown
    }
    return "Machine: "
        + Runtime.getRuntime().availableProcessors()
        + " cores ("
        + cpu
        + "), Java "
        + System.getProperty("java.version")
        + ", "
        + redisVersion()
        + "; Jedis "
        + mavenVersion("redis.clients", "jedis")
        + ", Redisson "
        + mavenVersion("org.redisson", "redisson")
        + ".\n";
  }

  /** Returns a library's version from the Maven metadata inside its jar. */
  private static String mavenVersion(String group, String artifact) {
    String resource = "META-INF/maven/" + group + "/" + artifact + "/pom.properties";
    try (InputStream in = Benchmarks.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        return "(version unknown)";
      }
      java.util.Properties properties = new java.util.Properties();
      properties.load(in);
      return properties.getProperty("version", "(version unknown)");
    } catch (IOException e) {
      return "(version unknown)";
    }
  }

  private static String redisVersion() {
    try {
      Process process =
          new ProcessBuilder("redis-server", "--version").redirectErrorStream(true).start();
      String text =
          new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      process.waitFor(10, TimeUnit.SECONDS);
      int v = text.indexOf("v=");
      return v < 0 ? text : "Redis " + text.substring(v + 2, text.indexOf(' ', v));
    } catch (IOException e) {
      return "Redis (version unknown)";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "Redis (version unknown)";
    }
  }
}
