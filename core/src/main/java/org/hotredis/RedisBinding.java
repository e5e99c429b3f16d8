package org.hotredis;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hotredis.codec.Codec;
import org.hotredis.codec.CodecException;
import org.hotredis.shaded.redis.clients.jedis.CommandObject;
import org.hotredis.shaded.redis.clients.jedis.CommandObjects;
import org.jspecify.annotations.Nullable;

/**
 * Binds a HOT Redis object to its key and client, and runs the object's commands.
 *
 * <p>Every HOT Redis type holds one binding and implements {@link HotObject} through it. Types run
 * Redis through the binding: {@link #read} for a command that only reads, {@link #write} for a
 * mutation whose result the method returns, {@link #send} for a mutation whose Java result does not
 * depend on Redis. Each of these is one round trip outside a transaction and follows the rules of
 * {@link HotTransaction} inside one. A method that needs several round trips calls {@link
 * #multiStep()} first. The binding is public for HOT Redis's other modules and for new types;
 * applications use the types' own methods.
 *
 * <p>A binding is immutable and thread-safe.
 */
public final class RedisBinding implements StoredKeys {
  private static final Script EXPIRE = Script.load(RedisBinding.class, "lua/expire.lua");
  private static final Script PERSIST = Script.load(RedisBinding.class, "lua/persist.lua");

  private final HotClient client;
  private final String key;
  private final byte[] rawKey;
  private final String typeName;
  private final String redisType;
  private final List<String> keys;
  private final List<byte[]> rawKeys;
  private final Map<String, String> companionTypes;

  private RedisBinding(
      HotClient client,
      String key,
      String typeName,
      String redisType,
      Map<String, String> companionTypes) {
    this.client = client;
    this.key = key;
    this.rawKey = Keys.bytes(key);
    this.typeName = typeName;
    this.redisType = redisType;
    // in declaration order: scripts receive rawKeys() positionally
    this.companionTypes = Collections.unmodifiableMap(new LinkedHashMap<>(companionTypes));
    List<String> all = new ArrayList<>();
    all.add(key);
    all.addAll(companionTypes.keySet());
    this.keys = List.copyOf(all);
    List<byte[]> raw = new ArrayList<>();
    raw.add(rawKey);
    for (String companion : companionTypes.keySet()) {
      raw.add(Keys.bytes(companion));
    }
    this.rawKeys = List.copyOf(raw);
  }

  /**
   * Binds an object of a HOT Redis type to a key.
   *
   * @param client the client to use, or null for {@link HotRedis#client()}
   * @param key the key, or null (or empty) for a random UUID
   * @param typeName the type's name for messages, such as {@code HotList}
   * @param redisType the Redis type of the key, as {@code TYPE} reports it: {@code list}, {@code
   *     set}, {@code hash}, {@code string}, {@code zset}
   * @return the binding
   */
  public static RedisBinding of(
      @Nullable HotClient client, @Nullable String key, String typeName, String redisType) {
    requireNonNull(typeName, "typeName");
    requireNonNull(redisType, "redisType");
    return new RedisBinding(
        client != null ? client : HotRedis.client(),
        key == null || key.isEmpty() ? UUID.randomUUID().toString() : key,
        typeName,
        redisType,
        new LinkedHashMap<>());
  }

  /**
   * Returns a binding that also owns a companion key in the same cluster slot ({@link
   * Keys#companion}). {@link #delete()}, {@link #expire} and {@link #persist()} act on companions
   * too.
   *
   * @param suffix what the companion holds, such as {@code set}
   * @param companionType its Redis type
   * @return a new binding
   */
  public RedisBinding withCompanion(String suffix, String companionType) {
    Map<String, String> companions = new LinkedHashMap<>(companionTypes);
    companions.put(Keys.companion(key, suffix), requireNonNull(companionType, "companionType"));
    return new RedisBinding(client, key, typeName, redisType, companions);
  }

  /**
   * Returns the key where Redis holds the object's data.
   *
   * @return the key
   */
  @Override
  public String key() {
    return key;
  }

  /**
   * Returns the client the object talks to Redis through.
   *
   * @return the client
   */
  @Override
  public HotClient client() {
    return client;
  }

  /**
   * Returns whether one command or script can touch this object's keys and another object's: both
   * use the same client and, on Redis Cluster, their keys share a hash slot. No round trip.
   *
   * @param other the other object's binding
   * @return true if one step can read or write both
   */
  public boolean colocated(RedisBinding other) {
    return other.client == client
        && (!client.deployment().isCluster() || Keys.slot(other.key) == Keys.slot(key));
  }

  /**
   * Returns the bytes of this JVM's memory an iteration over the object may use to remember what it
   * returned ({@link HotClientBuilder#iteratorMemory}). No round trip.
   *
   * @return the budget in bytes
   */
  public long iteratorMemory() {
    return client.iteratorMemory();
  }

  /**
   * Returns every key the object uses: its key, then its companion keys.
   *
   * @return the keys, the main key first
   */
  @Override
  public List<String> keys() {
    return keys;
  }

  /**
   * Returns the key as it travels to Redis.
   *
   * @return the UTF-8 bytes of the key; do not modify
   */
  public byte[] rawKey() {
    return rawKey;
  }

  /**
   * Returns every key of {@link #keys()} as bytes.
   *
   * @return the keys' UTF-8 bytes; do not modify
   */
  public List<byte[]> rawKeys() {
    return rawKeys;
  }

  /**
   * Returns the companion key with a suffix, as {@link #withCompanion} declared it.
   *
   * @param suffix the companion's suffix
   * @return the companion key
   */
  public String companion(String suffix) {
    String companion = Keys.companion(key, suffix);
    if (!companionTypes.containsKey(companion)) {
      throw new IllegalArgumentException(describe() + " has no companion key '" + suffix + "'");
    }
    return companion;
  }

  /**
   * Describes the object for messages: its type and key, such as {@code HotList 'orders'}.
   *
   * @return the description
   */
  @Override
  public String describe() {
    return typeName + " '" + key + "'";
  }

  /**
   * Returns the Redis type expected at a key a command of this object touched: a companion's
   * declared type, else the object's own type (another object's key in an operation between two
   * objects of the same type, such as set algebra between two sets).
   */
  @Nullable String redisType(String someKey) {
    return companionTypes.getOrDefault(someKey, redisType);
  }

  // ---- the operations every HotObject offers ----

  /**
   * Deletes the object's key and companion keys. One round trip ({@code DEL}). Atomic.
   *
   * @return true if anything was deleted
   */
  @Override
  public boolean delete() {
    return write(
        Replies.withReply(commands().del(rawKeys.toArray(new byte[0][])), Replies.isPositive()));
  }

  /**
   * Returns whether the key exists. One round trip ({@code EXISTS}).
   *
   * @return true if the key exists
   */
  @Override
  public boolean exists() {
    return read(commands().exists(rawKey));
  }

  /**
   * Makes the keys expire after a time to live. One round trip ({@code PEXPIRE}, or one script with
   * companion keys). Atomic.
   *
   * @param ttl a positive time to live, with millisecond precision
   * @return true if the key existed and now expires
   */
  @Override
  public boolean expire(Duration ttl) {
    requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, was " + ttl);
    }
    if (keys.size() == 1) {
      return write(Replies.withReply(commands().pexpire(rawKey, ttl.toMillis()), Replies.isOne()));
    }
    return write(EXPIRE.call(Replies.isOne(), rawKeys, List.of(Arguments.of(ttl.toMillis()))));
  }

  /**
   * Returns the remaining time to live. One round trip ({@code PTTL}).
   *
   * @return the time left, or empty if the key does not expire or does not exist
   */
  @Override
  public Optional<Duration> ttl() {
    long millis = read(commands().pttl(rawKey));
    return millis < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(millis));
  }

  /**
   * Removes the time to live of the keys. One round trip ({@code PERSIST}, or one script with
   * companion keys). Atomic.
   *
   * @return true if a time to live was removed
   */
  @Override
  public boolean persist() {
    if (keys.size() == 1) {
      return write(Replies.withReply(commands().persist(rawKey), Replies.isOne()));
    }
    return write(PERSIST.call(Replies.isOne(), rawKeys, List.of()));
  }

  // ---- running commands ----

  /**
   * Returns the factory of Jedis command values for this object's deployment.
   *
   * @return the command factory
   */
  public CommandObjects commands() {
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
  public <T> byte[] encode(Codec<T> codec, T value) {
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
  public <T> T read(CommandObject<T> command) {
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
  public <T> T read(ScriptCall<T> call) {
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
  public <T> T write(CommandObject<T> command) {
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
  public <T> T write(ScriptCall<T> call) {
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
  public void send(CommandObject<?> command) {
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
  public void send(ScriptCall<?> call) {
    TransactionContext tx = TransactionContext.current();
    if (tx == null) {
      client.runner().execute(call, false, this);
    } else {
      tx.send(this, call.eval());
    }
  }

  /**
   * Declares that the calling method needs several round trips: inside a transaction it throws
   * {@link IllegalStateException} (in an optimistic transaction, reads are still allowed, except
   * inside {@link HotTransaction#defer}, which would capture the method's first command).
   */
  public void multiStep() {
    TransactionContext tx = TransactionContext.current();
    if (tx != null && (!tx.isOptimistic() || tx.isCapturing())) {
      throw tx.multiStepRefusal(this);
    }
  }

  /**
   * Returns whether this thread is running the body of an optimistic transaction ({@link
   * HotClient#optimistic}), where reads run at once and writes are queued. A compare-and-set method
   * then reads now and queues its conditional write, instead of looping.
   *
   * @return true inside the body of an optimistic transaction
   */
  public boolean inOptimisticTransaction() {
    TransactionContext tx = TransactionContext.current();
    return tx != null && tx.isOptimistic();
  }

  /**
   * Runs several mutations as one {@code MULTI}/{@code EXEC}, in one round trip: for example {@code
   * DEL} and the writes that store an initial value, or a bulk write split into chunks. Inside a
   * transaction they are queued into it.
   *
   * @param commands the commands, in order
   */
  public void atomically(List<? extends CommandObject<?>> commands) {
    TransactionContext tx = TransactionContext.current();
    if (tx != null) {
      for (CommandObject<?> command : commands) {
        tx.send(this, command);
      }
      return;
    }
    if (commands.size() == 1) {
      send(commands.get(0));
      return;
    }
    try (HotTransaction batch = client.transaction()) {
      for (CommandObject<?> command : commands) {
        send(command);
      }
      batch.commit();
    }
  }

  @Override
  public String toString() {
    return "RedisBinding[" + describe() + "]";
  }
}
