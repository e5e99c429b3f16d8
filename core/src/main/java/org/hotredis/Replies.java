package org.hotredis;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hotredis.codec.Codec;
import org.hotredis.shaded.redis.clients.jedis.Builder;
import org.hotredis.shaded.redis.clients.jedis.CommandObject;
import org.jspecify.annotations.Nullable;

/**
 * Reply builders that turn raw Redis replies into Java results, for implementers of HOT Redis
 * types. A method's command carries the builder that produces exactly the method's result, so the
 * same command runs now, or inside a transaction with its result delivered through a {@link
 * Deferred}.
 */
public final class Replies {
  private static final Builder<Boolean> ONE =
      new Builder<>() {
        @Override
        public Boolean build(@Nullable Object data) {
          return data != null && ((Long) data) == 1L;
        }
      };

  private static final Builder<Boolean> POSITIVE =
      new Builder<>() {
        @Override
        public Boolean build(@Nullable Object data) {
          return data != null && ((Long) data) > 0L;
        }
      };

  private Replies() {}

  /**
   * Returns a builder for an integer reply that means true when it is 1 ({@code SADD} of one
   * member, {@code PEXPIRE}, {@code HSETNX}).
   *
   * @return the builder
   */
  public static Builder<Boolean> isOne() {
    return ONE;
  }

  /**
   * Returns a builder for an integer reply that means true when it is positive ({@code DEL}, {@code
   * SREM} of several members).
   *
   * @return the builder
   */
  public static Builder<Boolean> isPositive() {
    return POSITIVE;
  }

  /**
   * Returns a builder that decodes a bulk reply with a codec; a nil reply gives null.
   *
   * @param codec the codec of the stored value
   * @param <T> the value type
   * @return the builder
   */
  public static <T> Builder<@Nullable T> decoded(Codec<T> codec) {
    requireNonNull(codec, "codec");
    return new Builder<>() {
      @Override
      public @Nullable T build(@Nullable Object data) {
        return data == null ? null : codec.decode((byte[]) data);
      }
    };
  }

  /**
   * Returns a builder that decodes a bulk reply that must not be nil, such as an element at an
   * index; a nil reply throws the exception the supplier makes.
   *
   * @param codec the codec of the stored value
   * @param missing makes the exception for a nil reply
   * @param <T> the value type
   * @return the builder
   */
  public static <T> Builder<T> required(
      Codec<T> codec, Supplier<? extends RuntimeException> missing) {
    requireNonNull(codec, "codec");
    requireNonNull(missing, "missing");
    return new Builder<>() {
      @Override
      public T build(@Nullable Object data) {
        if (data == null) {
          throw missing.get();
        }
        return codec.decode((byte[]) data);
      }
    };
  }

  /**
   * Returns a builder that decodes an array of bulk replies with a codec.
   *
   * @param codec the codec of the stored values
   * @param <T> the value type
   * @return the builder
   */
  public static <T> Builder<List<T>> decodedList(Codec<T> codec) {
    requireNonNull(codec, "codec");
    return new Builder<>() {
      @Override
      public List<T> build(@Nullable Object data) {
        if (data == null) {
          return new ArrayList<>();
        }
        List<?> raw = (List<?>) data;
        List<T> values = new ArrayList<>(raw.size());
        for (Object item : raw) {
          values.add(codec.decode((byte[]) requireNonNull(item, "nil in an array reply")));
        }
        return values;
      }
    };
  }

  /**
   * Returns a builder that applies a function to another builder's result.
   *
   * @param builder the first builder
   * @param then the function
   * @param <T> the first result type
   * @param <R> the final result type
   * @return the builder
   */
  public static <T, R> Builder<R> map(Builder<T> builder, Function<? super T, ? extends R> then) {
    requireNonNull(builder, "builder");
    requireNonNull(then, "then");
    return new Builder<>() {
      @Override
      public R build(@Nullable Object data) {
        return then.apply(builder.build(data));
      }
    };
  }

  /**
   * Returns the same command with another reply builder.
   *
   * @param command the command
   * @param builder the builder of the result
   * @param <R> the result type
   * @return a command with the same arguments
   */
  public static <R> CommandObject<R> withReply(CommandObject<?> command, Builder<R> builder) {
    return new CommandObject<>(command.getArguments(), builder);
  }

  /**
   * Returns the same command with its result transformed.
   *
   * @param command the command
   * @param then the function applied to the command's own result
   * @param <T> the command's own result type
   * @param <R> the final result type
   * @return a command with the same arguments
   */
  public static <T, R> CommandObject<R> map(
      CommandObject<T> command, Function<? super T, ? extends R> then) {
    return new CommandObject<>(command.getArguments(), map(command.getBuilder(), then));
  }
}
