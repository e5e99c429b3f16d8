package org.hotredis;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hotredis.shaded.redis.clients.jedis.Builder;

/**
 * A Lua script shipped as a {@code .lua} resource, run inside Redis as one atomic step.
 *
 * <p>Each script is read once, and its SHA1 is computed locally, so calls go out as {@code EVALSHA}
 * without a {@code SCRIPT LOAD} round trip. When Redis answers {@code NOSCRIPT} (after a restart, a
 * failover or {@code SCRIPT FLUSH}) the call is repeated as {@code EVAL}, which also caches the
 * script again; inside a transaction the call is queued as {@code EVAL}, so a flushed script cache
 * can never fail one command of an {@code EXEC}.
 *
 * <p>Every script file starts with a header of {@code --} comment lines that names each key and
 * argument and the reply:
 *
 * <pre>
 * -- Inserts a value into a list at an index.
 * -- KEYS[1]  the list
 * -- ARGV[1]  the index
 * -- ARGV[2]  the value
 * -- Reply:   the new length
 * </pre>
 *
 * <p>The header is checked when the script is loaded (a {@code Reply} line and at least one {@code
 * KEYS[i]} line), and every call is checked against the number of keys it declares ({@code
 * KEYS[2..n]} declares a variable number, at least 2). Scripts touch only the keys they are given
 * in {@code KEYS}, which share one cluster slot; they never build a key or read one from {@code
 * ARGV}.
 */
public final class Script {
  private static final Pattern KEY = Pattern.compile("KEYS\\[(\\d+)]");
  private static final Pattern KEY_RANGE = Pattern.compile("KEYS\\[(\\d+)\\.\\.n]");

  private final String name;
  private final byte[] body;
  private final byte[] sha1;
  private final int keyCount;
  private final boolean variadicKeys;

  private Script(String name, String source) {
    this.name = name;
    this.body = source.getBytes(StandardCharsets.UTF_8);
    this.sha1 = sha1Hex(body).getBytes(StandardCharsets.US_ASCII);
    int declared = 0;
    boolean variadic = false;
    boolean reply = false;
    for (String line : source.split("\n", -1)) {
      String trimmed = line.trim();
      if (!trimmed.startsWith("--")) {
        break;
      }
      Matcher range = KEY_RANGE.matcher(trimmed);
      if (range.find()) {
        variadic = true;
        declared = Math.max(declared, Integer.parseInt(range.group(1)));
      }
      Matcher key = KEY.matcher(trimmed);
      while (key.find()) {
        declared = Math.max(declared, Integer.parseInt(key.group(1)));
      }
      if (trimmed.regionMatches(true, 2, " Reply", 0, 6)) {
        reply = true;
      }
    }
    if (declared == 0 || !reply) {
      throw new IllegalStateException(
          "script "
              + name
              + " must start with a header of -- lines naming each KEYS[i] and the Reply");
    }
    this.keyCount = declared;
    this.variadicKeys = variadic;
  }

  /**
   * Loads a script from a resource next to a class.
   *
   * @param anchor a class in the package whose resources hold the script
   * @param resource the resource name relative to that package, such as {@code lua/list-insert.lua}
   * @return the script
   * @throws IllegalStateException if the resource is missing or its header is incomplete
   */
  public static Script load(Class<?> anchor, String resource) {
    requireNonNull(anchor, "anchor");
    requireNonNull(resource, "resource");
    try (InputStream in = anchor.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "script resource " + resource + " not found next to " + anchor.getName());
      }
      String name = resource.substring(resource.lastIndexOf('/') + 1).replace(".lua", "");
      return new Script(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read script resource " + resource, e);
    }
  }

  /**
   * Prepares one call of the script. Run it through a {@link RedisBinding}'s {@code read}, {@code
   * write} or {@code send}.
   *
   * @param reply turns the script's raw reply into the Java result
   * @param keys the keys, as many as the header declares
   * @param args the arguments
   * @param <T> the Java result
   * @return the call
   * @throws IllegalArgumentException if the number of keys differs from the header's
   */
  public <T> ScriptCall<T> call(Builder<T> reply, List<byte[]> keys, List<byte[]> args) {
    requireNonNull(reply, "reply");
    requireNonNull(keys, "keys");
    requireNonNull(args, "args");
    if (variadicKeys ? keys.size() < keyCount : keys.size() != keyCount) {
      throw new IllegalArgumentException(
          "script "
              + name
              + " declares "
              + (variadicKeys ? "at least " : "")
              + keyCount
              + " keys, called with "
              + keys.size());
    }
    return new ScriptCall<>(this, reply, keys, args);
  }

  /**
   * Returns the script's name: its file name without {@code .lua}.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the SHA1 Redis knows the script by.
   *
   * @return 40 lowercase hexadecimal digits
   */
  public String sha1() {
    return new String(sha1, StandardCharsets.US_ASCII);
  }

  byte[] sha1Bytes() {
    return sha1;
  }

  byte[] body() {
    return body;
  }

  @Override
  public String toString() {
    return "Script[" + name + ", " + sha1() + "]";
  }

  private static String sha1Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-1", e);
    }
  }
}
