package org.hotredis.jcache.processor;

import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;
import org.jspecify.annotations.Nullable;

/**
 * The result of an entry processor for one key of {@code invokeAll}: its return value, or the
 * exception it ended with.
 *
 * @param <T> the return type
 */
public final class ProcessorResult<T> implements EntryProcessorResult<T> {
  private final @Nullable T value;
  private final @Nullable RuntimeException failure;

  private ProcessorResult(@Nullable T value, @Nullable RuntimeException failure) {
    this.value = value;
    this.failure = failure;
  }

  /**
   * Returns the result of a processor that returned.
   *
   * @param value what it returned
   * @param <T> the return type
   * @return the result
   */
  public static <T> ProcessorResult<T> of(T value) {
    return new ProcessorResult<>(value, null);
  }

  /**
   * Returns the result of a processor that failed.
   *
   * @param failure the failure
   * @param <T> the return type
   * @return the result
   */
  public static <T> ProcessorResult<T> failed(RuntimeException failure) {
    return new ProcessorResult<>(null, failure);
  }

  @Override
  public @Nullable T get() {
    RuntimeException thrown = failure;
    if (thrown == null) {
      return value;
    }
    throw thrown instanceof EntryProcessorException processorFailure
        ? processorFailure
        : new EntryProcessorException(thrown);
  }

  @Override
  public String toString() {
    return failure == null ? "ProcessorResult[" + value + "]" : "ProcessorResult[" + failure + "]";
  }
}
