package org.hotredis;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hotredis.codec.Codec;
import org.hotredis.codec.CodecException;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.CommandObjects;

/**
 * What every HOT Redis object shares: its key, its client, and the operations on the key itself.
 *
 * <p>A HOT Redis object is a handle: it holds no data, only the key where Redis holds it, so any
 * number of objects in any number of processes can share one key. Creating an object without a key
 * gives it a random UUID key. Creating one with a key and an initial value replaces, atomically,
 * whatever the key held.
 *
 * <p><b>For implementers of new types.</b> Subclasses run Redis through the protected methods:
 * {@link #read} for a command that only reads, {@link #write} for a mutation whose result the
 * method returns, {@link #send} for a mutation whose Java result does not depend on Redis. Each of
 * these is one round trip outside a transaction and follows the rules of {@link HotTransaction}
 * inside one. A method that needs several round trips calls {@link #multiStep()} first.
 */
public abstract class HotObject {
  private static final Script EXPIRE = Script.load(HotObject.class, "lua/expire.lua");
  private static final Script PERSIST = Script.load(HotObject.class, "lua/persist.lua");

  private final HotClient client;
  private final String key;
  private final byte[] rawKey;

  /**
   * Creates a handle on a key.
   *
   * @param client the client to use, or null for {@link HotRedis#client()}
   * @param key the key, or null (or empty) for a random UUID
   */
  protected HotObject(@Nullable HotClient client, @Nullable String key) {
    this.client = client != null ? client : HotRedis.client();
    this.key = key == null || key.isEmpty() ? UUID.randomUUID().toString() : key;
    this.rawKey = Keys.bytes(this.key);
  }

  /**
   * Returns the key where Redis holds this object's data.
   *
   * @return the key
   */
  public final String key() {
    return key;
  }

  /**
   * Returns the client this object talks to Redis through.
   *
   * @return the client
   */
  public final HotClient client() {
    return client;
  }

  /**
   * Deletes the object's data from Redis: its key and any companion keys. One round trip ({@code
   * DEL}). Atomic.
   *
   * @return true if anything was deleted
   */
  public boolean delete() {
    return write(
        Replies.withReply(commands().del(rawKeys().toArray(new byte[0][])), Replies.isPositive()));
  }

  /**
   * Returns whether Redis holds data for this object. One round trip ({@code EXISTS}).
   *
   * @return true if the key exists
   */
  public boolean exists() {
    return read(commands().exists(rawKey));
  }

  /**
   * Makes the object's data expire after a time to live, with millisecond precision. One round trip
   * ({@code PEXPIRE}, or one script for objects with companion keys). Atomic.
   *
   * @param ttl a positive time to live
   * @return true if the key existed and now expires
   */
  public boolean expire(Duration ttl) {
    requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, was " + ttl);
    }
    List<String> keys = keys();
    if (keys.size() == 1) {
      return write(Replies.withReply(commands().pexpire(rawKey, ttl.toMillis()), Replies.isOne()));
    }
    return write(
        EXPIRE.call(
            Replies.isOne(),
            rawKeys(),
            List.of(Long.toString(ttl.toMillis()).getBytes(StandardCharsets.US_ASCII))));
  }

  /**
   * Returns the remaining time to live. One round trip ({@code PTTL}).
   *
   * @return the time left, or empty if the object does not expire or does not exist
   */
  public Optional<Duration> ttl() {
    long millis = read(commands().pttl(rawKey));
    return millis < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(millis));
  }

  /**
   * Removes the time to live, so the object's data no longer expires. One round trip ({@code
   * PERSIST}, or one script for objects with companion keys). Atomic.
   *
   * @return true if a time to live was removed
   */
  public boolean persist() {
    if (keys().size() == 1) {
      return write(Replies.withReply(commands().persist(rawKey), Replies.isOne()));
    }
    return write(PERSIST.call(Replies.isOne(), rawKeys(), List.of()));
  }

  /**
   * Describes the object for messages: its type and key, such as {@code HotList 'orders'}.
   *
   * @return the description
   */
  public String describe() {
    return getClass().getSimpleName() + " '" + key + "'";
  }

  // ---- for subclasses ----

  /**
   * Returns the Redis type of the object's key: {@code list}, {@code set}, {@code hash}, {@code
   * string}, {@code zset}.
   *
   * @return the type name as Redis's {@code TYPE} reports it
   */
  protected abstract String redisType();

  /**
   * Returns the Redis type expected at one of the object's keys, for {@code WRONGTYPE} messages.
   * The default is {@link #redisType()} for the main key and for any key it does not know.
   *
   * @param key one of the keys a command touched
   * @return the expected type, or null if any type is acceptable
   */
  protected @Nullable String redisType(String key) {
    return redisType();
  }

  /**
   * Returns every key the object uses: its key, then its companion keys. {@link #delete()}, {@link
   * #expire} and {@link #persist()} act on all of them.
   *
   * @return the keys, the main key first
   */
  protected List<String> keys() {
    return List.of(key);
  }

  /**
   * Returns the key as it travels to Redis.
   *
   * @return the UTF-8 bytes of the key; do not modify
   */
  protected final byte[] rawKey() {
    return rawKey;
  }

  /**
   * Returns every key of {@link #keys()} as bytes.
   *
   * @return the keys' UTF-8 bytes
   */
  protected final List<byte[]> rawKeys() {
    List<String> keys = keys();
    if (keys.size() == 1) {
      return List.of(rawKey);
    }
    List<byte[]> raw = new ArrayList<>(keys.size());
    for (String k : keys) {
      raw.add(Keys.bytes(k));
    }
    return raw;
  }

  /**
   * Returns the factory of Jedis command values for this object's deployment.
   *
   * @return the command factory
   */
  protected final CommandObjects commands() {
    return client.deployment().commands();
  }

  /**
   * Encodes a value with a codec, naming this object's key if that fails.
   *
   * @param codec the codec
   * @param value the value; null is refused with {@link NullPointerException}
   * @param <T> the value type
   * @return the encoded bytes
   */
  protected final <T> byte[] encode(Codec<T> codec, T value) {
    requireNonNull(value, "HOT Redis objects do not hold null values");
    try {
      return client.checkSize(codec.encode(value), this);
    } catch (CodecException e) {
      throw e.atKey(key);
    }
  }

  /**
   * Runs a command that only reads. Retried once if it failed on a stale pooled connection.
   *
   * @param command the command, whose builder produces the method's result
   * @param <T> the result type
   * @return the result
   */
  protected final <T> T read(CommandObject<T> command) {
    TransactionContext tx = TransactionContext.current();
    if (tx == null) {
      return client.runner().execute(command, true, this);
    }
    return tx.read(
        this, command, connection -> client.runner().execute(command, true, this, connection));
  }

  /**
   * Runs a script that only reads.
   *
   * @param call the prepared script call
   * @param <T> the result type
   * @return the result
   */
  protected final <T> T read(ScriptCall<T> call) {
    TransactionContext tx = TransactionContext.current();
    if (tx == null) {
      return client.runner().execute(call, true, this);
    }
    return tx.read(
        this, call.eval(), connection -> client.runner().execute(call, true, this, connection));
  }

  /**
   * Runs a mutation whose result the calling method returns. Never retried.
   *
   * @param command the command, whose builder produces the method's result
   * @param <T> the result type
   * @return the result
   */
  protected final <T> T write(CommandObject<T> command) {
    TransactionContext tx = TransactionContext.current();
    if (tx == null) {
      return client.runner().execute(command, false, this);
    }
    return tx.write(this, command);
  }

  /**
   * Runs a mutating script whose result the calling method returns.
   *
   * @param call the prepared script call
   * @param <T> the result type
   * @return the result
   */
  protected final <T> T write(ScriptCall<T> call) {
    TransactionContext tx = TransactionContext.current();
    if (tx == null) {
      return client.runner().execute(call, false, this);
    }
    return tx.write(this, call.eval());
  }

  /**
   * Runs a mutation whose Java result does not depend on Redis; inside a transaction it is queued.
   *
   * @param command the command
   */
  protected final void send(CommandObject<?> command) {
    TransactionContext tx = TransactionContext.current();
    if (tx == null) {
      client.runner().execute(command, false, this);
    } else {
      tx.send(this, command);
    }
  }

  /**
   * Runs a mutating script whose Java result does not depend on Redis; inside a transaction it is
   * queued.
   *
   * @param call the prepared script call
   */
  protected final void send(ScriptCall<?> call) {
    TransactionContext tx = TransactionContext.current();
    if (tx == null) {
      client.runner().execute(call, false, this);
    } else {
      tx.send(this, call.eval());
    }
  }

  /**
   * Declares that the calling method needs several round trips: inside a transaction it throws
   * {@link IllegalStateException} (in an optimistic transaction, reads are still allowed).
   */
  protected final void multiStep() {
    TransactionContext tx = TransactionContext.current();
    if (tx != null && !tx.isOptimistic()) {
      throw tx.multiStepRefusal(this);
    }
  }

  /**
   * Runs several mutations as one {@code MULTI}/{@code EXEC}, in one round trip: for example {@code
   * DEL} and the writes that store an initial value. Inside a transaction they are queued into it.
   *
   * @param commands the commands, in order
   */
  protected final void atomically(List<CommandObject<?>> commands) {
    TransactionContext tx = TransactionContext.current();
    if (tx != null) {
      for (CommandObject<?> command : commands) {
        tx.send(this, command);
      }
      return;
    }
    try (HotTransaction batch = client.transaction()) {
      for (CommandObject<?> command : commands) {
        send(command);
      }
      batch.commit();
    }
  }
}
