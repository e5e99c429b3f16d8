package org.hotredis.demo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The lines the demo's processes print, each stamped with the wall clock, merged in time order. A
 * process prints {@code @<epoch microseconds> <name> <text>}; other output is not part of the
 * transcript.
 */
final class Transcript {
  private Transcript() {}

  /** One stamped line. */
  record Line(long micros, String process, String text) {}

  /** Prints a stamped line from a process. */
  static void say(PrintStream out, String process, String text) {
    java.time.Instant now = java.time.Instant.now();
    long micros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    out.println("@" + micros + " " + process + " " + text);
    out.flush();
  }

  /** Returns the stamped lines of a process's output. */
  static List<Line> parse(String output) {
    List<Line> lines = new ArrayList<>();
    for (String line : output.lines().toList()) {
      if (!line.startsWith("@")) {
        continue;
      }
      String[] parts = line.substring(1).split(" ", 3);
      if (parts.length == 3) {
        try {
          lines.add(new Line(Long.parseLong(parts[0]), parts[1], parts[2]));
        } catch (NumberFormatException e) {
          // not a stamped line
        }
      }
    }
    return lines;
  }

  /** Prints the lines of all processes in time order. */
  static void print(List<Line> lines, PrintStream out) {
    List<Line> ordered = new ArrayList<>(lines);
    ordered.sort(Comparator.comparingLong(Line::micros));
    for (Line line : ordered) {
      out.println("  [" + line.process() + "] " + line.text());
    }
  }
}
