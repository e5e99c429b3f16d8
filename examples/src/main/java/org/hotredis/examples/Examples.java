package org.hotredis.examples;

import static java.util.Objects.requireNonNull;

/**
 * What the examples share: the Redis URI they connect to, the first command-line argument or
 * {@value #DEFAULT_URI}.
 */
public final class Examples {
  /** The Redis URI the examples use when none is given. */
  public static final String DEFAULT_URI = "redis://localhost:6379";

  private Examples() {}

  /**
   * Returns the Redis URI an example connects to.
   *
   * @param args the command-line arguments; the first one, if any, is the URI
   * @return the first argument, or {@value #DEFAULT_URI}
   */
  public static String redisUri(String[] args) {
    return args.length > 0 ? requireNonNull(args[0], "args[0]") : DEFAULT_URI;
  }

  /**
   * Returns a Redis URI with a client name option added ({@code ?clientName=} or {@code
   * &clientName=}): the name Redis shows for the connections in {@code CLIENT LIST}.
   *
   * @param redisUri a Redis URI
   * @param clientName the name, letters, digits and dashes
   * @return the URI with the option
   */
  public static String withClientName(String redisUri, String clientName) {
    return redisUri + (redisUri.contains("?") ? "&" : "?") + "clientName=" + clientName;
  }
}
