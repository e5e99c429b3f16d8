package org.hotredis.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running a main class on the current class path, for tests that need several processes
 * (clients that crash while holding a lock, for example).
 *
 * <p>Standard error is merged into standard output, which a daemon thread collects; only the last 1
 * MiB characters are kept. {@link #close()} kills the child, and a JVM shutdown hook kills every
 * child still alive.
 */
public final class JvmProcess implements AutoCloseable {
  private static final int MAX_OUTPUT_CHARS = 1 << 20;
  private static final Duration OUTPUT_DRAIN_TIMEOUT = Duration.ofSeconds(5);
  private static final long POLL_NANOS = Duration.ofMillis(10).toNanos();

  private final Process process;
  private final String mainClass;
  private final StringBuilder output = new StringBuilder(); // guarded by itself
  private final Thread pump;
  private final Runnable reaperAction;
  private long droppedChars; // guarded by output

  private JvmProcess(Process process, String mainClass) {
    this.process = process;
    this.mainClass = mainClass;
    this.reaperAction = process::destroyForcibly;
    Reaper.register(reaperAction);
    this.pump = new Thread(this::pumpOutput, "jvm-process-" + process.pid() + "-output");
    pump.setDaemon(true);
    pump.start();
  }

  /**
   * Returns a builder of a child JVM that runs {@code mainClass}.
   *
   * @param mainClass the class whose {@code main} the child runs
   * @return the builder
   */
  public static Builder builder(Class<?> mainClass) {
    return new Builder(mainClass);
  }

  /**
   * Returns the process id of the child.
   *
   * @return the child's process id
   */
  public long pid() {
    return process.pid();
  }

  /**
   * Returns whether the child is still running.
   *
   * @return true while the child runs
   */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Kills the child with {@code SIGKILL} and waits for it to exit. */
  public void kill() {
    Processes.kill(process);
    Reaper.unregister(reaperAction);
  }

  /**
   * Waits for the child to exit and returns its exit code; all its output is then collected.
   *
   * @param timeout how long to wait at most
   * @return the exit code
   * @throws AssertionError if it does not exit within {@code timeout} (it is killed); the message
   *     includes its output
   */
  public int waitFor(Duration timeout) {
    requireNonNull(timeout, "timeout");
    try {
      if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        kill();
        throw new AssertionError(
            describe() + " did not exit within " + Await.format(timeout) + outputSection());
      }
      pump.join(OUTPUT_DRAIN_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      throw Await.interrupted(e);
    }
    Reaper.unregister(reaperAction);
    return process.exitValue();
  }

  /**
   * Returns the output collected so far (standard output and standard error, interleaved).
   *
   * @return the output so far
   */
  public String output() {
    synchronized (output) {
      return droppedChars == 0
          ? output.toString()
          : "[" + droppedChars + " earlier characters dropped]\n" + output;
    }
  }

  /**
   * Waits until the output contains {@code substring}, and returns the line that contains it.
   *
   * @param substring the text awaited
   * @param timeout how long to wait at most
   * @return the first line that contains the substring
   * @throws AssertionError if the substring does not appear within {@code timeout}, or the child
   *     exits without printing it; the message includes the output so far
   */
  public String awaitOutput(String substring, Duration timeout) {
    requireNonNull(substring, "substring");
    requireNonNull(timeout, "timeout");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      boolean exited = !process.isAlive();
      if (exited) {
        try {
          pump.join(OUTPUT_DRAIN_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
          throw Await.interrupted(e);
        }
      }
      String text = output();
      int index = text.indexOf(substring);
      if (index >= 0) {
        int start = text.lastIndexOf('\n', index) + 1;
        int end = text.indexOf('\n', index + substring.length());
        String line = text.substring(start, end < 0 ? text.length() : end);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
      }
      if (exited) {
        throw new AssertionError(
            describe()
                + " exited with code "
                + process.exitValue()
                + " before printing \""
                + substring
                + "\""
                + outputSection());
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        throw new AssertionError(
            "timed out after "
                + Await.format(timeout)
                + " waiting for "
                + describe()
                + " to print \""
                + substring
                + "\""
                + outputSection());
      }
      Await.sleepNanos(Math.min(remaining, POLL_NANOS));
    }
  }

  /**
   * Stops the child gracefully with {@code SIGTERM} (its shutdown hooks run, as when a service
   * manager stops it), waits for it to exit and returns its exit code; all its output is then
   * collected.
   *
   * @param timeout how long to wait at most
   * @return the exit code (143 for a JVM that ended on {@code SIGTERM})
   * @throws AssertionError if it does not exit within {@code timeout} (it is killed); the message
   *     includes its output
   */
  public int stop(Duration timeout) {
    requireNonNull(timeout, "timeout");
    if (process.isAlive()) {
      process.destroy();
    }
    return waitFor(timeout);
  }

  /**
   * Pauses the child with {@code SIGSTOP}, as a long garbage collection or a debugger would, and
   * waits until it has stopped.
   */
  public void pause() {
    Processes.signal(process.pid(), "STOP");
    Processes.awaitStopped(process.pid());
  }

  /** Resumes a child {@link #pause() paused} with {@code SIGCONT}. */
  public void resume() {
    Processes.signal(process.pid(), "CONT");
  }

  /** Kills the child if it is still alive. Idempotent. */
  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
    Reaper.unregister(reaperAction);
  }

  @Override
  public String toString() {
    return describe();
  }

  private String describe() {
    return "JVM " + mainClass + " (pid " + process.pid() + ")";
  }

  private String outputSection() {
    return "\n--- output ---\n" + output();
  }

  private void pumpOutput() {
    char[] buffer = new char[8192];
    try (Reader reader = new InputStreamReader(process.getInputStream(), UTF_8)) {
      int read;
      while ((read = reader.read(buffer)) != -1) {
        synchronized (output) {
          output.append(buffer, 0, read);
          int excess = output.length() - MAX_OUTPUT_CHARS;
          if (excess > 0) {
            output.delete(0, excess);
            droppedChars += excess;
          }
        }
      }
    } catch (IOException e) {
      // The stream closes when the child is killed; what was read so far is kept.
    }
  }

  /** A builder of {@link JvmProcess}es. */
  public static final class Builder {
    private final Class<?> mainClass;
    private final List<String> args = new ArrayList<>();
    private final List<String> jvmArgs = new ArrayList<>();
    private final Map<String, String> systemProperties = new LinkedHashMap<>();

    private Builder(Class<?> mainClass) {
      this.mainClass = requireNonNull(mainClass, "mainClass");
    }

    /**
     * Adds program arguments, passed to {@code main}.
     *
     * @param args the arguments, in order
     * @return this builder
     */
    public Builder args(String... args) {
      for (String arg : requireNonNull(args, "args")) {
        this.args.add(requireNonNull(arg, "args contains null"));
      }
      return this;
    }

    /**
     * Sets a system property of the child ({@code -Dname=value}).
     *
     * @param name the property name
     * @param value the property value
     * @return this builder
     */
    public Builder systemProperty(String name, String value) {
      systemProperties.put(requireNonNull(name, "name"), requireNonNull(value, "value"));
      return this;
    }

    /**
     * Adds an argument for the child JVM itself, such as {@code -Xmx64m}.
     *
     * @param jvmArg the argument
     * @return this builder
     */
    public Builder jvmArg(String jvmArg) {
      jvmArgs.add(requireNonNull(jvmArg, "jvmArg"));
      return this;
    }

    /**
     * Starts the child JVM with the current {@code java} executable and class path.
     *
     * @return the running child
     * @throws UncheckedIOException if the process cannot be started
     */
    public JvmProcess start() {
      List<String> command = new ArrayList<>();
      command.add(javaExecutable());
      command.addAll(jvmArgs);
      systemProperties.forEach((name, value) -> command.add("-D" + name + "=" + value));
      command.add("-cp");
      command.add(System.getProperty("java.class.path", ""));
      command.add(mainClass.getName());
      command.addAll(args);
      Process process;
      try {
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start " + command, e);
      }
      return new JvmProcess(process, mainClass.getName());
    }

    private static String javaExecutable() {
      Path java = Path.of(System.getProperty("java.home", ""), "bin", "java");
      if (Files.isExecutable(java)) {
        return java.toString();
      }
      return ProcessHandle.current().info().command().orElse("java");
    }
  }
}
