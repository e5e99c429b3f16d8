package org.hotredis;

import static java.util.Objects.requireNonNull;

import java.util.function.Supplier;

/**
 * A block of calls that Redis runs together, as one {@code MULTI}/{@code EXEC}, in one round trip.
 *
 * <pre>{@code
 * try (HotTransaction tx = client.transaction()) {
 *   orders.add(order);                                // queued
 *   Deferred<Long> total = tx.defer(() -> revenue.addAndGet(order.amount()));
 *   tx.commit();                                      // one round trip; Redis runs both
 *   log(total.get());
 * }
 * // or, committing when the lambda returns and discarding when it throws:
 * client.transaction(tx -> { orders.add(order); pending.remove(order.id()); });
 * }</pre>
 *
 * <p><b>What each call does inside a transaction.</b> The calls on this thread to objects of the
 * same client are queued instead of run:
 *
 * <ul>
 *   <li>A mutator whose Java result does not depend on Redis ({@code List.add} returns {@code
 *       true}, {@code clear()} returns nothing) is queued and returns at once.
 *   <li>A call whose result Redis computes ({@code Set.add} says whether the element was new, a
 *       read returns stored data) never returns a made-up value: it throws {@link
 *       IllegalStateException}, unless made through {@link #defer}, which queues it and gives a
 *       {@link Deferred} that holds the result after {@link #commit()}.
 *   <li>A method that needs several round trips (iteration, compare-and-set loops) throws {@link
 *       IllegalStateException}.
 *   <li>Script-backed calls are queued like any other and run as part of the {@code EXEC}.
 * </ul>
 *
 * <p><b>Ending the block.</b> {@link #commit()} runs the queued calls; an exception thrown in the
 * block, {@link #discard()}, or {@link #close()} without {@code commit()} discards them. Closing
 * with queued calls but without {@code commit()} or {@code discard()} also throws {@link
 * IllegalStateException}, so a forgotten {@code commit()} is not a silent loss (when an exception
 * is already propagating, that one stays primary and this is attached as suppressed).
 *
 * <p><b>Nesting and threads.</b> A transaction opened while another is open on the same thread
 * joins it: the outermost block's {@code commit()} runs everything, and a nested block that fails
 * or closes without committing makes the whole transaction discard (its {@code commit()} then
 * throws). Other threads are not affected: their calls run at once. A transaction covers objects of
 * its own {@link HotClient}; a call on another client's object inside it throws.
 *
 * <p><b>Atomicity.</b> Redis runs the queued commands without interleaving other clients' commands.
 * If Redis refuses the transaction before running it (a malformed command), nothing runs. If a
 * command fails while it runs (for example {@code WRONGTYPE}), Redis does not roll back the others;
 * {@code commit()} then throws {@link HotTransactionException} naming the failed commands. On Redis
 * Cluster all keys of a transaction must share one hash slot.
 *
 * <p>For read-modify-write across several objects, see {@link HotClient#optimistic}.
 */
public final class HotTransaction implements AutoCloseable {
  private final TransactionContext context;
  private final boolean outermost;
  private boolean finished;

  HotTransaction(TransactionContext context, boolean outermost) {
    this.context = context;
    this.outermost = outermost;
  }

  /**
   * Queues one call whose result Redis computes, and returns a handle on that result.
   *
   * <p>The supplier must make exactly one such call, as its last action: {@code tx.defer(() ->
   * set.add(x))}. If it makes only calls whose results do not depend on Redis, the handle holds the
   * supplier's own result once those calls succeed.
   *
   * @param call makes the call
   * @param <T> the call's result type
   * @return the result, available after {@link #commit()}
   * @throws IllegalStateException if this transaction has ended, or for a call that needs several
   *     round trips
   */
  public <T> Deferred<T> defer(Supplier<T> call) {
    requireNonNull(call, "call");
    checkActive();
    return context.defer(call);
  }

  /**
   * Runs the queued calls, in one round trip. In a nested block, marks the block as complete; the
   * outermost block runs everything.
   *
   * @throws HotTransactionException if some commands failed when Redis ran them (the others were
   *     applied), or Redis refused the transaction (nothing was applied)
   * @throws HotConnectionException if the connection failed; Redis may or may not have applied the
   *     transaction
   * @throws IllegalStateException if the transaction already ended, or a nested block failed
   */
  public void commit() {
    checkActive();
    if (context.isOptimistic() && outermost) {
      throw new IllegalStateException(
          "an optimistic transaction commits when its body returns; do not call commit()");
    }
    finished = true;
    if (context.leave() && outermost) {
      context.commit();
    }
  }

  /**
   * Discards the queued calls; nothing is sent to Redis. In a nested block, makes the whole
   * transaction discard.
   */
  public void discard() {
    checkActive();
    finished = true;
    if (outermost && !context.isOptimistic()) {
      context.leave();
      context.discard();
    } else {
      context.leave();
      context.markRollbackOnly();
    }
  }

  /**
   * Returns how many calls are queued so far.
   *
   * @return the number of queued commands
   */
  public int size() {
    return context.size();
  }

  /**
   * Ends the block: discards the queued calls unless {@link #commit()} or {@link #discard()} was
   * called.
   *
   * @throws IllegalStateException if calls were queued and neither {@code commit()} nor {@code
   *     discard()} was called (a forgotten commit), or in a nested block that ends this way
   */
  @Override
  public void close() {
    if (finished) {
      return;
    }
    finished = true;
    context.checkThread();
    context.leave();
    if (outermost && !context.isOptimistic()) {
      int dropped = context.discard();
      if (dropped > 0) {
        throw new IllegalStateException(
            "transaction closed without commit(): its "
                + dropped
                + " queued commands were discarded (call commit() at the end of the block, or"
                + " discard() to drop them on purpose)");
      }
    } else {
      context.markRollbackOnly();
      if (context.size() > 0) {
        throw new IllegalStateException(
            "nested transaction block closed without commit(): the whole transaction will be"
                + " discarded");
      }
    }
  }

  private void checkActive() {
    context.checkThread();
    if (finished) {
      throw new IllegalStateException("this transaction block has already ended");
    }
  }
}
