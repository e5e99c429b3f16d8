package org.hotredis;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
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
 *
 * <p>Helpers shared by several scripts live in library files that a script includes with a line
 * {@code --#include lib/clock.lua} (the path relative to the including file's folder). The line is
 * replaced by the library's text when the script is loaded, so the composed text is what is hashed
 * and sent: still one {@code EVALSHA} per call. Libraries may include others; each is included at
 * most once per script (later includes of it are dropped) and an include cycle is refused. A
 * library starts with a header of {@code --} lines saying what it provides, declares no {@code
 * KEYS[i]} and no {@code Reply} of its own and reads neither {@code KEYS} nor {@code ARGV}: its
 * functions take the keys and arguments they need as parameters, so the including script's header
 * stays the one list of what the script touches. Include lines go after the script's header, which
 * ends at its first line that is not a plain {@code --} comment.
 */
public final class Script {
  private static final Pattern KEY = Pattern.compile("KEYS\\[(\\d+)]");
  private static final Pattern KEY_RANGE = Pattern.compile("KEYS\\[(\\d+)\\.\\.n]");
  private static final String INCLUDE = "--#include";

  private final String name;
  private final byte[] body;
  private final byte[] sha1;
  private final int keyCount;
  private final boolean variadicKeys;

  private Script(String name, String source, String composed) {
    this.name = name;
    this.body = composed.getBytes(StandardCharsets.UTF_8);
    this.sha1 = sha1Hex(body).getBytes(StandardCharsets.US_ASCII);
    int declared = 0;
    boolean variadic = false;
    boolean reply = false;
    for (String trimmed : headerOf(source)) {
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
   * Loads a script from a resource next to a class, with its {@code --#include} lines replaced by
   * the libraries they name.
   *
   * @param anchor a class in the package whose resources hold the script
   * @param resource the resource name relative to that package, such as {@code lua/list-insert.lua}
   * @return the script
   * @throws IllegalStateException if the resource or an included library is missing, its header is
   *     incomplete, a library does not fit (a header of its own, no {@code KEYS} or {@code ARGV}),
   *     or the includes form a cycle
   */
  public static Script load(Class<?> anchor, String resource) {
    requireNonNull(anchor, "anchor");
    requireNonNull(resource, "resource");
    String name = resource.substring(resource.lastIndexOf('/') + 1).replace(".lua", "");
    String source = read(anchor, resource, "script resource " + resource);
    StringBuilder composed = new StringBuilder(source.length());
    Deque<String> including = new ArrayDeque<>();
    including.push(resource);
    compose(anchor, name, resource, source, including, new HashSet<>(), composed);
    return new Script(name, source, composed.toString());
  }

  /** Appends a file's text to {@code out}, each include line replaced by the library it names. */
  private static void compose(
      Class<?> anchor,
      String name,
      String resource,
      String source,
      Deque<String> including,
      Set<String> included,
      StringBuilder out) {
    String folder = resource.substring(0, resource.lastIndexOf('/') + 1);
    String[] lines = source.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String trimmed = lines[i].trim();
      if (trimmed.startsWith(INCLUDE)) {
        String path = trimmed.substring(INCLUDE.length()).trim();
        if (path.isEmpty() || !trimmed.startsWith(INCLUDE + " ")) {
          throw new IllegalStateException(
              "script "
                  + name
                  + ": malformed include line '"
                  + trimmed
                  + "' in "
                  + resource
                  + "; write --#include lib/name.lua");
        }
        String library = normalize(folder + path);
        if (including.contains(library)) {
          List<String> cycle = new ArrayList<>(including);
          Collections.reverse(cycle);
          cycle.add(library);
          throw new IllegalStateException(
              "script "
                  + name
                  + ": include cycle "
                  + String.join(" -> ", cycle)
                  + "; a library must not include, directly or not, a file that includes it");
        }
        if (included.add(library)) {
          String text = read(anchor, library, "script " + name + ": library " + library);
          checkLibrary(name, library, text);
          including.push(library);
          compose(anchor, name, library, stripFinalNewline(text), including, included, out);
          including.pop();
        }
      } else {
        out.append(lines[i]);
      }
      if (i < lines.length - 1) {
        out.append('\n');
      }
    }
  }

  /** Checks that a library has a header and reads no keys or arguments of its own. */
  private static void checkLibrary(String name, String library, String text) {
    List<String> header = headerOf(text);
    boolean declares = false;
    for (String line : header) {
      declares |= KEY.matcher(line).find() || line.regionMatches(true, 2, " Reply", 0, 6);
    }
    if (header.isEmpty() || declares) {
      throw new IllegalStateException(
          "script "
              + name
              + ": library "
              + library
              + " must start with a header of -- lines saying what it provides, without KEYS[i]"
              + " or a Reply: the including script's header declares those");
    }
    String code = withoutComments(text);
    if (code.contains("KEYS[") || code.contains("ARGV[")) {
      throw new IllegalStateException(
          "script "
              + name
              + ": library "
              + library
              + " reads KEYS or ARGV; pass what its functions need as parameters, so that the"
              + " including script's header lists every key and argument");
    }
  }

  /** The leading {@code --} comment lines of a file, trimmed. */
  private static List<String> headerOf(String text) {
    List<String> header = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      String trimmed = line.trim();
      if (!trimmed.startsWith("--") || trimmed.startsWith(INCLUDE)) {
        break;
      }
      header.add(trimmed);
    }
    return header;
  }

  private static String withoutComments(String text) {
    StringBuilder code = new StringBuilder(text.length());
    for (String line : text.split("\n", -1)) {
      int comment = line.indexOf("--");
      code.append(comment < 0 ? line : line.substring(0, comment)).append('\n');
    }
    return code.toString();
  }

  private static String stripFinalNewline(String text) {
    return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
  }

  /** Resolves {@code .} and {@code ..} segments of a resource path. */
  private static String normalize(String path) {
    Deque<String> segments = new ArrayDeque<>();
    for (String segment : path.split("/", -1)) {
      if (segment.equals("..") && !segments.isEmpty() && !segments.peekLast().equals("..")) {
        segments.removeLast();
      } else if (!segment.equals(".") && !segment.isEmpty()) {
        segments.addLast(segment);
      }
    }
    return (path.startsWith("/") ? "/" : "") + String.join("/", segments);
  }

  private static String read(Class<?> anchor, String resource, String what) {
    try (InputStream in = anchor.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(what + " not found next to " + anchor.getName());
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
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
