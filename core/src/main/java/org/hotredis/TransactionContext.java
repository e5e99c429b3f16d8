package org.hotredis;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hotredis.codec.CodecException;
import org.hotredis.shaded.redis.clients.jedis.BuilderFactory;
import org.hotredis.shaded.redis.clients.jedis.CommandArguments;
import org.hotredis.shaded.redis.clients.jedis.CommandObject;
import org.hotredis.shaded.redis.clients.jedis.Connection;
import org.hotredis.shaded.redis.clients.jedis.Protocol;
import org.hotredis.shaded.redis.clients.jedis.exceptions.JedisConnectionException;
import org.hotredis.shaded.redis.clients.jedis.exceptions.JedisDataException;
import org.hotredis.shaded.redis.clients.jedis.exceptions.JedisException;
import org.jspecify.annotations.Nullable;

/**
 * The calls queued on one thread for one {@code MULTI}/{@code EXEC}.
 *
 * <p>Rules, as {@link HotTransaction} documents them for users:
 *
 * <ul>
 *   <li>A mutator whose Java result does not depend on Redis ({@code List.add}, {@code clear}) is
 *       queued and returns at once.
 *   <li>A call whose result Redis computes is refused with {@link IllegalStateException}, unless it
 *       is made through {@link HotTransaction#defer}: then it is queued and the {@link Deferred}
 *       receives its result after {@code EXEC}. (The call is interrupted by a private exception
 *       once queued, so it never returns a made-up value.)
 *   <li>In an optimistic transaction, reads run at once until the first write is queued; a read
 *       after that is refused, because it could not see the queued write.
 *   <li>Scripts are queued as {@code EVAL}, so a flushed script cache cannot fail one command.
 * </ul>
 *
 * <p>All commands go to one connection in one flush: {@code MULTI}, the commands and {@code EXEC}
 * cost a single round trip.
 */
final class TransactionContext {
  private static final ThreadLocal<@Nullable TransactionContext> CURRENT = new ThreadLocal<>();

  private final HotClient client;
  private final boolean optimistic;
  private final Thread thread;
  private final List<Queued<?>> queued = new ArrayList<>();
  private int depth = 1;
  private boolean rollbackOnly;
  private boolean capturing;
  private boolean closed;
  private int slot = -1;
  private @Nullable String slotKey;
  private @Nullable Connection watchConnection;

  private TransactionContext(HotClient client, boolean optimistic) {
    this.client = client;
    this.optimistic = optimistic;
    this.thread = Thread.currentThread();
  }

  static @Nullable TransactionContext current() {
    return CURRENT.get();
  }

  /** Opens a transaction on this thread, or joins the one already open. */
  static HotTransaction begin(HotClient client) {
    TransactionContext open = CURRENT.get();
    if (open != null) {
      open.checkClient(client, "a transaction");
      open.depth++;
      return new HotTransaction(open, false);
    }
    TransactionContext context = new TransactionContext(client, false);
    CURRENT.set(context);
    return new HotTransaction(context, true);
  }

  static TransactionContext beginOptimistic(HotClient client) {
    if (CURRENT.get() != null) {
      throw new IllegalStateException(
          "an optimistic transaction cannot start inside another transaction on this thread");
    }
    TransactionContext context = new TransactionContext(client, true);
    CURRENT.set(context);
    return context;
  }

  boolean isOptimistic() {
    return optimistic;
  }

  /** Returns whether a call made now is captured by {@link #defer}. */
  boolean isCapturing() {
    return capturing;
  }

  HotClient client() {
    return client;
  }

  int size() {
    return queued.size();
  }

  /** Lends the connection holding the WATCH to this transaction's reads. */
  void useConnection(Connection connection) {
    this.watchConnection = connection;
  }

  /**
   * Returns the connection an optimistic read runs on: the watching connection, unless the read
   * touches another cluster slot (then the pool, which routes it).
   */
  private @Nullable Connection readConnection(CommandObject<?> command) {
    Connection connection = watchConnection;
    if (connection == null || !client.deployment().isCluster()) {
      return connection;
    }
    Set<Integer> slots = command.getArguments().getKeyHashSlots();
    return slots.size() == 1 && slots.contains(slot) ? connection : null;
  }

  /** Records the slot of the watched keys, and one of them to name in a cross-slot refusal. */
  void watchSlot(int slot, String key) {
    this.slot = slot;
    this.slotKey = key;
  }

  // ---- calls made by HOT Redis objects while this transaction is open ----

  <T> T read(
      RedisBinding owner, CommandObject<T> queuedForm, Function<@Nullable Connection, T> now) {
    checkClient(owner.client(), owner.describe());
    if (capturing) {
      throw capture(owner, queuedForm);
    }
    if (optimistic && queued.isEmpty()) {
      return now.apply(readConnection(queuedForm));
    }
    throw new IllegalStateException(
        optimistic
            ? caller()
                + " reads Redis after this optimistic transaction queued a write; that read could"
                + " not see the write. Do all reads before the first write."
            : refusal());
  }

  <T> T write(RedisBinding owner, CommandObject<T> queuedForm) {
    checkClient(owner.client(), owner.describe());
    if (capturing) {
      throw capture(owner, queuedForm);
    }
    throw new IllegalStateException(refusal());
  }

  void send(RedisBinding owner, CommandObject<?> queuedForm) {
    checkClient(owner.client(), owner.describe());
    enqueue(owner, queuedForm, null);
  }

  /** Returns the refusal of a method that needs several round trips. */
  IllegalStateException multiStepRefusal(RedisBinding owner) {
    return new IllegalStateException(
        caller()
            + " on "
            + owner.describe()
            + " needs several round trips to Redis, so it cannot run inside a transaction"
            + (optimistic ? "'s tx.defer; call it directly in the optimistic body" : ""));
  }

  <T> Deferred<T> defer(Supplier<T> call) {
    checkOpen();
    if (capturing) {
      throw new IllegalStateException("HotTransaction.defer cannot be nested");
    }
    int before = queued.size();
    capturing = true;
    try {
      T value = call.get();
      int blind = queued.size() - before;
      if (blind == 0) {
        return Deferred.completed(value);
      }
      Deferred<T> deferred = Deferred.whenAllSucceed(blind, value);
      for (int i = before; i < queued.size(); i++) {
        queued.get(i).group = deferred;
      }
      return deferred;
    } catch (Capture c) {
      @SuppressWarnings("unchecked")
      Deferred<T> deferred = (Deferred<T>) c.deferred;
      return deferred;
    } finally {
      capturing = false;
    }
  }

  private Capture capture(RedisBinding owner, CommandObject<?> queuedForm) {
    Deferred<Object> deferred = new Deferred<>();
    enqueue(owner, queuedForm, deferred);
    return new Capture(deferred);
  }

  private void enqueue(
      RedisBinding owner, CommandObject<?> command, @Nullable Deferred<?> deferred) {
    checkOpen();
    if (client.deployment().isCluster()) {
      checkSlot(command);
    }
    queued.add(new Queued<>(owner, command, deferred));
  }

  private void checkSlot(CommandObject<?> command) {
    Set<Integer> slots = command.getArguments().getKeyHashSlots();
    List<Object> keys = command.getArguments().getKeys();
    for (int s : slots) {
      if (slot < 0) {
        slot = s;
        slotKey = keys.isEmpty() ? "?" : Keys.text(keys.get(0));
      } else if (s != slot) {
        throw Keys.crossSlot(
            "this transaction spans keys", String.valueOf(slotKey), slot, describeKeys(keys));
      }
    }
  }

  private static String describeKeys(List<Object> keys) {
    List<String> names = new ArrayList<>();
    for (Object key : keys) {
      names.add("'" + Keys.text(key) + "' (slot " + Keys.slot(Keys.text(key)) + ")");
    }
    return String.join(", ", names);
  }

  // ---- lifecycle ----

  void markRollbackOnly() {
    rollbackOnly = true;
  }

  boolean isRollbackOnly() {
    return rollbackOnly;
  }

  /** Ends one block; returns true when the outermost block ends. */
  boolean leave() {
    return --depth == 0;
  }

  /** Executes the queued commands on a connection of their own. */
  void commit() {
    checkThread();
    try {
      if (rollbackOnly) {
        int dropped = queued.size();
        discardQueued();
        throw new IllegalStateException(
            "transaction discarded: a nested transaction block failed or ended without commit();"
                + " none of its "
                + dropped
                + " queued commands ran");
      }
      if (queued.isEmpty()) {
        return;
      }
      Deployment deployment = client.deployment();
      long deadline = deployment.deadline();
      Connection connection;
      try {
        connection = deployment.connection(slot, deadline);
      } catch (JedisException e) {
        throw notSent(e);
      }
      try (connection) {
        exec(connection, deadline);
        client.runner().awaitReplicas(connection, "a transaction of " + commands(queued.size()));
      } catch (JedisException e) {
        throw connectionLost(e);
      }
    } finally {
      close();
    }
  }

  /** Discards the queued commands; returns how many there were. */
  int discard() {
    int dropped = queued.size();
    discardQueued();
    close();
    return dropped;
  }

  void close() {
    closed = true;
    if (CURRENT.get() == this) {
      CURRENT.remove();
    }
  }

  private void discardQueued() {
    for (Queued<?> q : queued) {
      q.discard();
    }
    queued.clear();
  }

  /**
   * Sends MULTI, the queued commands and EXEC in one flush and hands each reply to its call. A
   * large request is guarded until the deadline ({@link Runner#guard}).
   *
   * @return false if Redis aborted the transaction because a watched key changed
   */
  boolean exec(Connection connection, long deadline) {
    List<CommandArguments> requests = new ArrayList<>(queued.size());
    for (Queued<?> q : queued) {
      requests.add(q.command.getArguments());
    }
    List<Object> replies;
    try (Runner.WriteGuard guard = client.runner().guard(connection, requests, deadline)) {
      try {
        connection.sendCommand(Protocol.Command.MULTI);
        requests.forEach(connection::sendCommand);
        connection.sendCommand(Protocol.Command.EXEC);
        replies = connection.getMany(queued.size() + 2);
      } catch (JedisConnectionException e) {
        throw guard == null ? e : guard.explain(e);
      }
    }
    Object exec = replies.get(replies.size() - 1);
    if (exec instanceof JedisDataException refusal) {
      throw refused(refusal, replies);
    }
    if (exec == null) {
      return false;
    }
    List<?> results = (List<?>) exec;
    List<RuntimeException> failures = new ArrayList<>();
    List<String> summary = new ArrayList<>();
    for (int i = 0; i < queued.size(); i++) {
      Queued<?> q = queued.get(i);
      Object reply = results.get(i);
      Optional<RuntimeException> failure = q.accept(reply, client.runner());
      if (failure.isPresent()) {
        failures.add(failure.get());
        summary.add(
            Failures.name(q.command.getArguments())
                + " on "
                + q.owner.describe()
                + ": "
                + failure.get().getMessage());
      }
    }
    if (!failures.isEmpty()) {
      throw new HotTransactionException(
          failures.size()
              + " of "
              + queued.size()
              + " commands failed when Redis executed the transaction (Redis does not roll back;"
              + " the other "
              + (queued.size() - failures.size())
              + " were applied): "
              + String.join("; ", summary),
          failures);
    }
    return true;
  }

  private HotRedisException refused(JedisDataException exec, List<Object> replies) {
    List<RuntimeException> failures = new ArrayList<>();
    List<String> summary = new ArrayList<>();
    for (int i = 1; i < replies.size() - 1; i++) {
      Object reply = replies.get(i);
      if (reply instanceof JedisDataException error) {
        Queued<?> q = queued.get(i - 1);
        RuntimeException failure = client.runner().translate(error, q.command, false, q.owner);
        failures.add(failure);
        summary.add(
            Failures.name(q.command.getArguments())
                + " on "
                + q.owner.describe()
                + ": "
                + failure.getMessage());
      }
    }
    HotTransactionException refused =
        new HotTransactionException(
            "Redis refused the transaction, so none of its "
                + commands(queued.size())
                + " ran: "
                + (summary.isEmpty()
                    ? String.valueOf(exec.getMessage())
                    : String.join("; ", summary)),
            failures);
    for (Queued<?> q : queued) {
      q.fail(refused);
    }
    return refused;
  }

  /** Fails the queued calls when no connection was had for the commit: nothing was sent. */
  private RuntimeException notSent(JedisException e) {
    RuntimeException failure =
        client
            .runner()
            .translate(
                e,
                new CommandObject<>(
                    new CommandArguments(Protocol.Command.MULTI), BuilderFactory.STRING),
                false,
                null);
    for (Queued<?> q : queued) {
      q.fail(failure);
    }
    return failure;
  }

  HotConnectionException connectionLost(JedisException e) {
    HotConnectionException lost =
        new HotConnectionException(
            "connection to Redis at "
                + client.deployment().describe()
                + " failed while committing a transaction of "
                + commands(queued.size())
                + "; Redis may or may not have applied it",
            e);
    for (Queued<?> q : queued) {
      q.fail(lost);
    }
    return lost;
  }

  private static String commands(int n) {
    return n == 1 ? "1 command" : n + " commands";
  }

  // ---- checks ----

  private void checkOpen() {
    checkThread();
    if (closed) {
      throw new IllegalStateException("this transaction has already ended");
    }
  }

  void checkThread() {
    if (Thread.currentThread() != thread) {
      throw new IllegalStateException(
          "a transaction belongs to the thread that opened it (" + thread.getName() + ")");
    }
  }

  private void checkClient(HotClient other, String what) {
    if (other != client) {
      throw new IllegalStateException(
          what
              + " uses "
              + other
              + ", but the transaction open on this thread belongs to "
              + client
              + "; a transaction covers objects of one client");
    }
  }

  private String refusal() {
    return caller()
        + " returns a value that Redis computes only when the transaction executes; inside a"
        + " transaction call it through tx.defer(() -> ...) to receive a Deferred result, or call"
        + " it outside the transaction";
  }

  /** Names the public HOT Redis method that made the refused call, for messages. */
  private static String caller() {
    return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
        .walk(
            frames ->
                frames
                    .filter(f -> HotObject.class.isAssignableFrom(f.getDeclaringClass()))
                    .reduce((first, later) -> later)
                    .map(f -> f.getDeclaringClass().getSimpleName() + "." + f.getMethodName())
                    .orElse("this call"));
  }

  /** Interrupts a deferred call once it is queued; carries its Deferred back to defer(). */
  private static final class Capture extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Deferred<?> deferred;

    Capture(Deferred<?> deferred) {
      super(null, null, false, false);
      this.deferred = deferred;
    }
  }

  /** One queued command, the object that issued it and where its result goes. */
  private static final class Queued<T> {
    final RedisBinding owner;
    final CommandObject<T> command;
    final @Nullable Deferred<?> deferred;
    @Nullable Deferred<?> group;

    Queued(RedisBinding owner, CommandObject<T> command, @Nullable Deferred<?> deferred) {
      this.owner = owner;
      this.command = command;
      this.deferred = deferred;
    }

    Optional<RuntimeException> accept(@Nullable Object reply, Runner runner) {
      RuntimeException failure;
      if (reply instanceof JedisDataException error) {
        failure = runner.translate(error, command, false, owner);
      } else {
        try {
          T value = command.getBuilder().build(reply);
          if (deferred != null) {
            deferred.complete(value);
          }
          if (group != null) {
            group.complete(value);
          }
          return Optional.empty();
        } catch (CodecException e) {
          failure = e.atKey(owner.key());
        } catch (RuntimeException e) {
          // What the reply builder throws is what the call throws outside a transaction
          // (IndexOutOfBoundsException for a missing element, say): deliver it unchanged.
          failure = e;
        }
      }
      fail(failure);
      return Optional.of(failure);
    }

    void fail(RuntimeException failure) {
      if (deferred != null) {
        deferred.fail(failure);
      }
      if (group != null) {
        group.fail(failure);
      }
    }

    void discard() {
      if (deferred != null) {
        deferred.discard();
      }
      if (group != null) {
        group.discard();
      }
    }
  }
}
