package org.hotredis.testing;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * Binary values written and read with raw commands, as {@code redis-cli "\xac\xed..."} would:
 * {@link RedisDeployment#execute} sends text, so the bytes travel in hex and a one-line script
 * turns them into bytes inside Redis (and back).
 */
public final class RawBytes {
  /**
   * Runs the command in {@code ARGV[1]} on {@code KEYS[1]} with the other arguments, the last one
   * turned from hex into bytes.
   */
  private static final String WRITE =
      "local args = {} for i = 2, #ARGV do args[i - 1] = ARGV[i] end "
          + "args[#args] = args[#args]:gsub('%x%x', function(h) return string.char(tonumber(h, 16))"
          + " end) return redis.call(ARGV[1], KEYS[1], unpack(args))";

  /** Runs the command in {@code ARGV[1]} on {@code KEYS[1]} and returns its bulk reply in hex. */
  private static final String READ =
      "local v = redis.call(ARGV[1], KEYS[1], unpack(ARGV, 2)) if not v then return v end "
          + "return (v:gsub('.', function(c) return string.format('%02x', c:byte()) end))";

  private RawBytes() {}

  /**
   * Runs a command on one key whose last argument is bytes given in hex: {@code write(redis,
   * "HSET", "h", "field", "aced0005...")}. One script call ({@code EVAL}), on the key's node.
   *
   * @param redis the deployment
   * @param command the command, such as {@code RPUSH}
   * @param key the key
   * @param args the other arguments, the last one in hex
   * @return the command's reply
   */
  public static @Nullable Object write(
      RedisDeployment redis, String command, String key, String... args) {
    requireNonNull(args, "args");
    if (args.length == 0) {
      throw new IllegalArgumentException("the last argument holds the bytes, in hex");
    }
    return redis.execute(call(WRITE, command, key, args));
  }

  /**
   * Runs a command on one key that replies with bytes, and returns them in hex: {@code
   * readHex(redis, "LINDEX", "list", "0")}. One script call ({@code EVAL}), on the key's node.
   *
   * @param redis the deployment
   * @param command the command, such as {@code HGET}
   * @param key the key
   * @param args the other arguments
   * @return the reply in lowercase hex, or null for a nil reply
   */
  public static @Nullable Object readHex(
      RedisDeployment redis, String command, String key, String... args) {
    return redis.execute(call(READ, command, key, requireNonNull(args, "args")));
  }

  private static String[] call(String script, String command, String key, String... args) {
    String[] call = new String[args.length + 5];
    call[0] = "EVAL";
    call[1] = script;
    call[2] = "1";
    call[3] = requireNonNull(key, "key");
    call[4] = requireNonNull(command, "command");
    System.arraycopy(args, 0, call, 5, args.length);
    return call;
  }
}
