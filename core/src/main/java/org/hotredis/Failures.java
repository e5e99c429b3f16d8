package org.hotredis;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.hotredis.codec.CodecException;
import org.hotredis.shaded.redis.clients.jedis.CommandArguments;
import org.hotredis.shaded.redis.clients.jedis.exceptions.JedisAccessControlException;
import org.hotredis.shaded.redis.clients.jedis.exceptions.JedisConnectionException;
import org.hotredis.shaded.redis.clients.jedis.exceptions.JedisDataException;
import org.hotredis.shaded.redis.clients.jedis.exceptions.JedisException;
import org.jspecify.annotations.Nullable;

/**
 * Turns what Jedis and Redis report into the exceptions HOT Redis promises: the JDK contract's own
 * exceptions where one applies, otherwise a {@link HotRedisException} whose message names the key
 * or endpoint and says what was expected.
 *
 * <p>HOT Redis scripts signal contract violations with error replies that start with a code word:
 * {@code INDEX}, {@code NOELEMENT}, {@code OVERFLOW}, {@code ILLEGALSTATE}, {@code ILLEGALMONITOR}
 * and {@code ILLEGALARG} become {@link IndexOutOfBoundsException}, {@link NoSuchElementException},
 * {@link ArithmeticException}, {@link IllegalStateException}, {@link IllegalMonitorStateException}
 * and {@link IllegalArgumentException}; {@code STRINDEX} becomes the {@link
 * StringIndexOutOfBoundsException} that {@code StringBuilder} throws.
 */
final class Failures {
  private final String endpoint;
  private final String socketTimeout;

  Failures(String endpoint, String socketTimeout) {
    this.endpoint = endpoint;
    this.socketTimeout = socketTimeout;
  }

  /**
   * Translates an error reply to one command.
   *
   * @param typeOf looks up the Redis type of a key, for {@code WRONGTYPE}
   */
  RuntimeException data(
      JedisDataException e,
      @Nullable RedisBinding owner,
      CommandArguments command,
      Function<byte[], String> typeOf) {
    String message = String.valueOf(e.getMessage());
    String where = owner == null ? "" : " (" + owner.describe() + ")";
    int space = message.indexOf(' ');
    String code = space < 0 ? message : message.substring(0, space);
    String text = space < 0 ? message : message.substring(space + 1);
    switch (code) {
      case "WRONGTYPE" -> {
        return wrongType(e, owner, command, typeOf);
      }
      case "INDEX" -> {
        return new IndexOutOfBoundsException(text + where);
      }
      case "STRINDEX" -> {
        return new StringIndexOutOfBoundsException(text + where);
      }
      case "NOELEMENT" -> {
        return new NoSuchElementException(text + where);
      }
      case "OVERFLOW" -> {
        return new ArithmeticException(text + where);
      }
      case "ILLEGALSTATE" -> {
        return new IllegalStateException(text + where);
      }
      case "ILLEGALMONITOR" -> {
        return new IllegalMonitorStateException(text + where);
      }
      case "ILLEGALARG" -> {
        return new IllegalArgumentException(text + where);
      }
      case "CONCURRENT" -> {
        return new ConcurrentModificationException(text + where);
      }
      case "OOM" -> {
        return new HotRedisException(
            "Redis at " + endpoint + " refused a write" + where + ": out of memory (" + text + ")",
            e);
      }
      case "READONLY" -> {
        return new HotConnectionException(
            "Redis at " + endpoint + " is a read-only replica and refused a write" + where, e);
      }
      case "NOPERM" -> {
        return new HotRedisException(
            "the ACL user may not run " + name(command) + where + ": " + text, e);
      }
      case "BUSY", "LOADING", "MASTERDOWN", "TRYAGAIN" -> {
        return new HotConnectionException(
            "Redis at " + endpoint + " cannot serve " + name(command) + where + " now: " + message,
            e);
      }
      default -> {
        // not one of the codes above: look at the message below
      }
    }
    if (message.contains("increment or decrement would overflow")) {
      return new ArithmeticException("long overflow" + where);
    }
    if (message.contains("would produce NaN or Infinity")) {
      return new ArithmeticException("the result would be NaN or infinite" + where);
    }
    if (message.contains("value is not an integer or out of range")) {
      return codec(
          owner,
          "the stored value is not an integer in the range of long, so Redis cannot"
              + " do integer arithmetic on it",
          e);
    }
    if (message.contains("value is not a valid float")
        || message.contains("hash value is not a float")) {
      return codec(
          owner, "the stored value is not a number, so Redis cannot do arithmetic on it", e);
    }
    if (message.contains("hash value is not an integer")) {
      return codec(
          owner, "the stored hash value is not an integer, so Redis cannot increment it", e);
    }
    if (message.equals("ERR index out of range") || message.equals("ERR no such key")) {
      return new IndexOutOfBoundsException("index out of range" + where);
    }
    return new HotRedisException(
        "Redis refused " + name(command) + where + " at " + endpoint + ": " + message, e);
  }

  private static RuntimeException codec(
      @Nullable RedisBinding owner, String reason, Throwable cause) {
    CodecException failure = new CodecException(reason, cause);
    return owner == null ? failure : failure.atKey(owner.key());
  }

  private RuntimeException wrongType(
      JedisDataException e,
      @Nullable RedisBinding owner,
      CommandArguments command,
      Function<byte[], String> typeOf) {
    List<String> found = new ArrayList<>();
    for (Object key : command.getKeys()) {
      byte[] raw = key instanceof byte[] bytes ? bytes : Keys.bytes(String.valueOf(key));
      String name = new String(raw, StandardCharsets.UTF_8);
      String actual;
      try {
        actual = typeOf.apply(raw);
      } catch (RuntimeException lookup) {
        e.addSuppressed(lookup);
        continue;
      }
      String expected = owner == null ? null : owner.redisType(name);
      if (expected != null && !actual.equals("none") && !actual.equals(expected)) {
        HotWrongTypeException wrong = new HotWrongTypeException(name, expected, actual);
        wrong.initCause(e);
        return wrong;
      }
      found.add("'" + name + "' holds " + Keys.article(actual));
    }
    return new HotRedisException(
        "WRONGTYPE in "
            + name(command)
            + (owner == null ? "" : " for " + owner.describe())
            + ": "
            + String.join(", ", found),
        e);
  }

  /** Translates a failure to reach Redis or to get an answer. */
  HotConnectionException connection(JedisException e, boolean readOnly, CommandArguments command) {
    Throwable auth = find(e, JedisAccessControlException.class);
    if (auth != null) {
      String text = String.valueOf(auth.getMessage());
      if (text.startsWith("NOAUTH")) {
        return new HotConnectionException(
            "Redis at "
                + endpoint
                + " requires a password (NOAUTH): give it in the URI (redis://:password@host) or"
                + " with HotClientBuilder.password",
            e);
      }
      return new HotConnectionException(
          "Redis at " + endpoint + " refused the credentials: " + text, e);
    }
    Throwable unavailable = find(e, NodePool.Unavailable.class);
    if (unavailable instanceof NodePool.Unavailable pool) {
      return unavailable(pool, e);
    }
    Throwable refused = connectFailure(e);
    if (refused != null || neverSent(e)) {
      return new HotConnectionException(
          "cannot connect to Redis at "
              + endpoint
              + ": "
              + describe(refused != null ? refused : root(e))
              + "; nothing was sent",
          e);
    }
    String caveat =
        readOnly ? "" : "; the write may or may not have been applied (Redis cannot tell)";
    if (find(e, SocketTimeoutException.class) != null) {
      return new HotConnectionException(
          "Redis at "
              + endpoint
              + " did not answer "
              + name(command)
              + " within "
              + socketTimeout
              + " (socketTimeout)"
              + caveat,
          e);
    }
    return new HotConnectionException(
        "connection to Redis at "
            + endpoint
            + " broke during "
            + name(command)
            + " ("
            + describe(root(e))
            + ")"
            + caveat,
        e);
  }

  /** Words why a call had no connection: nothing was sent. */
  private HotConnectionException unavailable(NodePool.Unavailable pool, JedisException e) {
    String node = pool.node().toString();
    String where = endpoint.equals(node) ? endpoint : node + " (" + endpoint + ")";
    String message =
        switch (pool.reason()) {
          case BUSY ->
              "no free connection to Redis at "
                  + where
                  + ": every pooled connection stayed busy for the "
                  + pool.waitedMillis()
                  + " ms the call could wait (borrowTimeout, at most the socketTimeout)";
          case CANNOT_CONNECT -> {
            Throwable refused = connectFailure(pool);
            Throwable cause = pool.getCause();
            String why =
                refused != null
                    ? describe(refused)
                    : pool.silentServer()
                        ? "it accepted a connection but did not answer within "
                            + socketTimeout
                            + " (socketTimeout)"
                        : describe(cause == null ? pool : root(cause));
            yield "cannot connect to Redis at " + where + ": " + why;
          }
          case NOT_READY ->
              "cannot connect to Redis at "
                  + where
                  + ": no connection was ready within "
                  + pool.waitedMillis()
                  + " ms (a new one is still being opened: the server may be overloaded or not"
                  + " answering)";
          case CLOSED -> "the connections to Redis at " + where + " are closed";
          case INTERRUPTED -> "interrupted while waiting for a connection to Redis at " + where;
        };
    return new HotConnectionException(message + "; nothing was sent", e);
  }

  /**
   * Returns whether a failure is Redis not answering in time (a frozen or overloaded server), as
   * opposed to a server that is gone or a busy pool.
   */
  static boolean isTimeout(JedisException e) {
    return find(e, SocketTimeoutException.class) != null
        || (e instanceof NodePool.Unavailable pool
            && pool.reason() == NodePool.Unavailable.Reason.NOT_READY);
  }

  /**
   * Returns whether a failure looks like a pooled connection that the server had already closed (a
   * restart, an idle timeout): the connection broke, but not by timing out.
   */
  static boolean isStaleConnection(JedisException e) {
    if (!(e instanceof JedisConnectionException) || neverSent(e)) {
      return false;
    }
    if (find(e, SocketTimeoutException.class) != null) {
      return false;
    }
    return find(e, SocketException.class) != null
        || find(e, EOFException.class) != null
        || String.valueOf(e.getMessage()).contains("Unexpected end of stream");
  }

  /**
   * Returns why a connection could not be established, if that is the failure: an unknown host, or
   * what the connection attempt met ({@code Connection refused}, {@code Connect timed out}), which
   * Jedis attaches as a suppressed exception.
   */
  private static @Nullable Throwable connectFailure(Throwable t) {
    for (Throwable cause = t; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
        return cause;
      }
      if (String.valueOf(cause.getMessage()).startsWith("Failed to connect")
          && cause.getSuppressed().length > 0) {
        return cause.getSuppressed()[0];
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return null;
  }

  private static boolean neverSent(JedisException e) {
    return String.valueOf(e.getMessage()).startsWith("Could not get a resource from the pool")
        || String.valueOf(e.getMessage()).startsWith("Failed to connect");
  }

  static String name(CommandArguments command) {
    return String.valueOf(command.getCommand());
  }

  private static String describe(Throwable t) {
    String message = t.getMessage();
    return message == null ? t.getClass().getSimpleName() : message;
  }

  private static Throwable root(Throwable t) {
    Throwable cause = t;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static @Nullable Throwable find(Throwable t, Class<? extends Throwable> type) {
    for (Throwable cause = t; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return cause;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return null;
  }
}
