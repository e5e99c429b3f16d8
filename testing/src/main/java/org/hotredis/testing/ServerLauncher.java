package org.hotredis.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Everything needed to launch a {@code redis-server} process, again and again, on one port and in
 * one directory: the command line, the readiness check, connections and the failure diagnostics.
 *
 * <p>Readiness is polled with {@code PING}; then {@code INFO server} must report the child's {@code
 * process_id}, so that a foreign server holding the port is never mistaken for ours. The child's
 * standard output and error (where {@code redis-server} reports configuration errors) go to {@code
 * redis.out} beside {@code redis.log}.
 */
record ServerLauncher(
    Path executable,
    @Nullable String password,
    List<String> args,
    Duration startupTimeout,
    Path directory,
    int port,
    boolean sentinel) {

  /** The configuration file a sentinel reads and rewrites, in the server's directory. */
  static final String SENTINEL_CONFIG = "sentinel.conf";

  static final String HOST = "127.0.0.1";
  private static final System.Logger LOG = System.getLogger(ServerLauncher.class.getName());
  private static final String LOG_FILE = "redis.log";
  private static final String OUTPUT_FILE = "redis.out";
  private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);
  private static final long POLL_NANOS = Duration.ofMillis(10).toNanos();
  private static final int DIAGNOSTIC_LINES = 20;

  /** The outcome of one launch: the process, and whether it is ready (else its port was taken). */
  record Launch(Process process, boolean ready) {}

  private enum Probe {
    READY,
    FOREIGN,
    NOT_READY
  }

  /**
   * Returns the {@code redis-server} to run by default: the system property {@value
   * RedisServer#EXECUTABLE_PROPERTY}, else {@code redis-server} on the {@code PATH}.
   */
  static Path defaultExecutable() {
    String property = System.getProperty(RedisServer.EXECUTABLE_PROPERTY);
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    String path = System.getenv("PATH");
    if (path != null) {
      Optional<Path> found =
          Pattern.compile(Pattern.quote(File.pathSeparator))
              .splitAsStream(path)
              .filter(entry -> !entry.isEmpty())
              .map(entry -> Path.of(entry, "redis-server"))
              .filter(Files::isExecutable)
              .findFirst();
      if (found.isPresent()) {
        return found.get();
      }
    }
    return Path.of("redis-server");
  }

  /** Returns the command line of the server process. */
  List<String> command() {
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    if (sentinel) {
      command.add(directory.resolve(SENTINEL_CONFIG).toString());
      command.add("--sentinel");
    }
    Collections.addAll(
        command,
        "--port",
        Integer.toString(port),
        "--bind",
        HOST,
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        directory.toString(),
        "--logfile",
        directory.resolve(LOG_FILE).toString(),
        "--daemonize",
        "no");
    if (password != null) {
      Collections.addAll(command, "--requirepass", password);
    }
    command.addAll(args);
    return command;
  }

  /**
   * Starts a process and polls until it answers, about every 10 ms. Returns a launch that is not
   * ready if the port was in use (the process has then exited).
   *
   * @param deadline the {@link System#nanoTime()} by which the server must answer
   * @throws IllegalStateException if the process cannot run, exits, or does not answer in time; the
   *     message includes the log tail
   */
  Launch launch(long deadline) {
    Path log = directory.resolve(LOG_FILE);
    long logStart = size(log);
    Process process;
    try {
      process =
          new ProcessBuilder(command())
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(Redirect.appendTo(directory.resolve(OUTPUT_FILE).toFile()))
              .start();
      process.getOutputStream().close();
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot run "
              + executable
              + " (install Redis 7 or set -D"
              + RedisServer.EXECUTABLE_PROPERTY
              + "=/path/to/redis-server)",
          e);
    }
    while (true) {
      if (!process.isAlive()) {
        if (readLines(log, logStart).stream().anyMatch(l -> l.contains("Address already in use"))) {
          return new Launch(process, false);
        }
        throw failure("redis-server exited with code " + process.exitValue());
      }
      switch (probe(process.pid())) {
        case READY -> {
          return new Launch(process, true);
        }
        case FOREIGN -> {
          Processes.kill(process);
          return new Launch(process, false);
        }
        case NOT_READY -> {
          // Not listening yet: poll again below.
        }
      }
      if (System.nanoTime() - deadline >= 0) {
        Processes.kill(process);
        throw failure("not ready within " + Await.format(startupTimeout));
      }
      Await.sleepNanos(POLL_NANOS);
    }
  }

  /** Opens a connection to the server and authenticates if it has a password. */
  RespConnection connect(Duration timeout) throws IOException {
    RespConnection connection = RespConnection.open(HOST, port, timeout);
    try {
      if (password != null) {
        connection.call("AUTH", password);
      }
      return connection;
    } catch (IOException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  /** Returns an exception saying why the server did not start, with the tail of its log. */
  IllegalStateException failure(String reason) {
    StringBuilder message =
        new StringBuilder("redis-server on port ")
            .append(port)
            .append(" did not start: ")
            .append(reason)
            .append("\n--- ")
            .append(directory.resolve(LOG_FILE))
            .append(" (last ")
            .append(DIAGNOSTIC_LINES)
            .append(" lines) ---\n")
            .append(logTail(DIAGNOSTIC_LINES));
    String output = tail(directory.resolve(OUTPUT_FILE), DIAGNOSTIC_LINES);
    if (!output.isEmpty()) {
      message.append("\n--- redis-server output ---\n").append(output);
    }
    return new IllegalStateException(message.toString());
  }

  /** Returns the last {@code lines} lines of the server log, or an empty string if none. */
  String logTail(int lines) {
    return tail(directory.resolve(LOG_FILE), lines);
  }

  /** Deletes a directory and everything in it; a failure is logged, not thrown. */
  static void deleteRecursively(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException | UncheckedIOException e) {
      LOG.log(Level.WARNING, "cannot delete " + directory, e);
    }
  }

  private Probe probe(long pid) {
    try (RespConnection connection = connect(PROBE_TIMEOUT)) {
      connection.call("PING");
      Object info = connection.call("INFO", "server");
      return info instanceof String text
              && text.lines().anyMatch(line -> line.equals("process_id:" + pid))
          ? Probe.READY
          : Probe.FOREIGN;
    } catch (RedisServer.ReplyError e) {
      // It answers, but not to the default user (an ACL setup without one): count it as up.
      return String.valueOf(e.getMessage()).startsWith("LOADING") ? Probe.NOT_READY : Probe.READY;
    } catch (IOException e) {
      return Probe.NOT_READY;
    }
  }

  private static String tail(Path file, int lines) {
    if (lines < 0) {
      throw new IllegalArgumentException("lines < 0: " + lines);
    }
    List<String> all = readLines(file, 0);
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  private static List<String> readLines(Path file, long fromByte) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      int from = (int) Math.min(fromByte, bytes.length);
      return new String(bytes, from, bytes.length - from, UTF_8).lines().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }
}
