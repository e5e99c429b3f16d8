package org.hotredis;

import java.util.List;
import org.hotredis.shaded.redis.clients.jedis.Builder;
import org.hotredis.shaded.redis.clients.jedis.CommandArguments;
import org.hotredis.shaded.redis.clients.jedis.CommandObject;
import org.hotredis.shaded.redis.clients.jedis.Protocol;

/**
 * One prepared call of a {@link Script}: its keys, arguments and reply type. It runs as {@code
 * EVALSHA}, falls back to {@code EVAL} on {@code NOSCRIPT}, and is queued as {@code EVAL} inside a
 * transaction.
 *
 * @param <T> the Java result
 */
public final class ScriptCall<T> {
  private final Script script;
  private final Builder<T> reply;
  private final List<byte[]> keys;
  private final List<byte[]> args;

  ScriptCall(Script script, Builder<T> reply, List<byte[]> keys, List<byte[]> args) {
    this.script = script;
    this.reply = reply;
    this.keys = keys;
    this.args = args;
  }

  /** Returns the call as {@code EVALSHA}. */
  CommandObject<T> evalsha() {
    return command(Protocol.Command.EVALSHA, script.sha1Bytes());
  }

  /** Returns the call as {@code EVAL}, carrying the script's body. */
  CommandObject<T> eval() {
    return command(Protocol.Command.EVAL, script.body());
  }

  Script script() {
    return script;
  }

  private CommandObject<T> command(Protocol.Command command, byte[] scriptOrSha) {
    CommandArguments arguments = new CommandArguments(command).add(scriptOrSha).add(keys.size());
    for (byte[] key : keys) {
      arguments.key(key);
    }
    for (byte[] arg : args) {
      arguments.add(arg);
    }
    return new CommandObject<>(arguments, reply);
  }

  @Override
  public String toString() {
    return "ScriptCall[" + script.name() + "]";
  }
}
