package org.hotredis.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Operating-system process helpers: signals, and waiting for a process to stop or exit. */
final class Processes {
  /** How long a killed process may take to exit before something is considered wrong. */
  static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);

  private Processes() {}

  /**
   * Sends a signal with {@code kill -SIGNAL pid}, such as {@code STOP} or {@code CONT}.
   *
   * @throws IllegalStateException if {@code kill} fails (the process is gone, for example)
   */
  static void signal(long pid, String signal) {
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
              .redirectErrorStream(true)
              .start();
      kill.getOutputStream().close();
      String output = new String(kill.getInputStream().readAllBytes(), UTF_8).strip();
      int code = kill.waitFor();
      if (code != 0) {
        throw new IllegalStateException(
            "kill -" + signal + " " + pid + " exited with " + code + ": " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run kill -" + signal + " " + pid, e);
    } catch (InterruptedException e) {
      throw Await.interrupted(e);
    }
  }

  /**
   * Waits until Linux reports the process stopped (state {@code T}), so that a {@code SIGSTOP} has
   * taken effect; without {@code /proc}, returns at once.
   */
  static void awaitStopped(long pid) {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    if (!Files.isReadable(stat)) {
      return;
    }
    Await.until(
        Duration.ofSeconds(5),
        () -> {
          char state = state(stat);
          return state == 'T' || state == 't' || state == '?';
        },
        "process " + pid + " to stop");
  }

  /** Kills the process with {@code SIGKILL} and waits for it to exit. */
  static void kill(Process process) {
    process.destroyForcibly();
    requireExit(process);
  }

  /** Waits for the process to exit; on interrupt restores the flag and returns false. */
  static boolean awaitExit(Process process, Duration timeout) {
    try {
      return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Waits for the process to exit.
   *
   * @throws IllegalStateException if it does not exit within {@link #EXIT_TIMEOUT}, or on interrupt
   */
  static void requireExit(Process process) {
    try {
      if (!process.waitFor(EXIT_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new IllegalStateException(
            "process " + process.pid() + " did not exit within " + Await.format(EXIT_TIMEOUT));
      }
    } catch (InterruptedException e) {
      throw Await.interrupted(e);
    }
  }

  /** Reads the state letter from {@code /proc/PID/stat}; {@code ?} if the process is gone. */
  private static char state(Path stat) {
    try {
      String text = Files.readString(stat, UTF_8);
      int end = text.lastIndexOf(')');
      return end >= 0 && end + 2 < text.length() ? text.charAt(end + 2) : '?';
    } catch (IOException e) {
      return '?';
    }
  }
}
