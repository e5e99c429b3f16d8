package org.hotredis.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs an example and returns the lines it printed. */
public final class Printed {
  private Printed() {}

  /** An example's body, printing to the stream it is given. */
  @FunctionalInterface
  public interface Example {
    /**
     * Runs the example.
     *
     * @param out where it prints
     * @throws Exception whatever the example throws
     */
    void run(PrintStream out) throws Exception;
  }

  /**
   * Runs an example and returns what it printed.
   *
   * @param example the example
   * @return its lines
   * @throws Exception whatever the example throws
   */
  public static List<String> lines(Example example) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      example.run(out);
    }
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }
}
