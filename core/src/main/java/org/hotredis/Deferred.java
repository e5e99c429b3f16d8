package org.hotredis;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * The result of a call made inside a transaction, known once the transaction has executed.
 *
 * <p>Obtain one with {@link HotTransaction#defer}. Before the transaction commits, {@link #get()}
 * throws {@link IllegalStateException}; afterwards it returns the value Redis computed, or throws
 * the exception the call would have thrown outside a transaction.
 *
 * @param <T> the result type
 */
public final class Deferred<T> {
  private enum State {
    PENDING,
    DONE,
    FAILED,
    DISCARDED
  }

  private State state = State.PENDING;
  private @Nullable Object value;
  private @Nullable RuntimeException failure;
  private int awaiting;

  Deferred() {}

  static <T> Deferred<T> completed(T value) {
    Deferred<T> deferred = new Deferred<>();
    deferred.complete(value);
    return deferred;
  }

  /**
   * A result that is known in advance but holds only if {@code commands} queued commands succeed:
   * the value of a call whose Java result does not depend on Redis, such as {@code List.add}.
   */
  static <T> Deferred<T> whenAllSucceed(int commands, T value) {
    Deferred<T> deferred = new Deferred<>();
    deferred.awaiting = commands;
    deferred.value = value;
    return deferred;
  }

  /**
   * Returns the result.
   *
   * @return the value the call returned when the transaction executed
   * @throws IllegalStateException if the transaction has not executed yet, or was discarded
   * @throws RuntimeException the exception the call failed with when Redis executed it
   */
  @SuppressWarnings("unchecked")
  public synchronized T get() {
    return switch (state) {
      case PENDING ->
          throw new IllegalStateException(
              "the transaction has not executed yet: read a Deferred after commit()");
      case DISCARDED ->
          throw new IllegalStateException("the transaction was discarded, so the call never ran");
      case FAILED -> throw requireNonNull(failure);
      case DONE -> (T) castNullable(value);
    };
  }

  /**
   * Returns whether the transaction has executed (successfully or not).
   *
   * @return true once {@link #get()} returns or throws the call's own outcome
   */
  public synchronized boolean isDone() {
    return state == State.DONE || state == State.FAILED;
  }

  // The type argument T says whether the result may be null (a Map.get miss); NullAway does not
  // track that, so the value passes through here unchecked.
  @SuppressWarnings("NullAway")
  private static Object castNullable(@Nullable Object value) {
    return value;
  }

  synchronized void complete(@Nullable Object result) {
    if (state != State.PENDING) {
      return;
    }
    if (awaiting > 0) {
      if (--awaiting == 0) {
        state = State.DONE;
      }
      return;
    }
    value = result;
    state = State.DONE;
  }

  synchronized void fail(RuntimeException e) {
    if (state == State.PENDING) {
      failure = e;
      state = State.FAILED;
    }
  }

  synchronized void discard() {
    if (state == State.PENDING) {
      state = State.DISCARDED;
    }
  }

  @Override
  public synchronized String toString() {
    return "Deferred[" + (state == State.DONE ? String.valueOf(value) : state.name()) + "]";
  }
}
