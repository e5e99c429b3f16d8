package org.hotredis.concurrent.spi;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.hotredis.concurrent.atomic.SharedReference;

/**
 * The objects a {@link ConcurrencyProvider} handed out, by name: the same name gives the same
 * object, and one name is one kind of object with one configuration (permits, element type,
 * capacity).
 */
final class NamedObjects {
  private record Named(String kind, Object settings, Object object) {}

  private final Map<String, Named> objects = new ConcurrentHashMap<>();

  /**
   * Returns the object of a kind with a name, creating it on first use.
   *
   * @param name a non-empty name
   * @param kind the kind, such as {@code semaphore}, for messages
   * @param settings what must match between uses of the name, such as the permits
   * @param type the object's class
   * @param create creates the object
   * @throws IllegalArgumentException if the name is empty or names another kind of object
   * @throws IllegalStateException if the name was used with other settings
   */
  <T> T get(String name, String kind, Object settings, Class<T> type, Supplier<T> create) {
    requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a name must not be empty");
    }
    Named named = objects.computeIfAbsent(name, n -> new Named(kind, settings, create.get()));
    if (!named.kind().equals(kind)) {
      throw new IllegalArgumentException(
          "'" + name + "' is already a " + named.kind() + ", not a " + kind);
    }
    if (!Objects.equals(named.settings(), settings)) {
      throw new IllegalStateException(
          "the " + kind + " '" + name + "' exists with " + named.settings() + ", not " + settings);
    }
    return type.cast(named.object());
  }

  /**
   * Returns the atomic reference with a name, creating it on first use; its value type is what must
   * match.
   */
  @SuppressWarnings("unchecked") // one name, one value type: checked by the type's name
  <V> SharedReference<V> reference(
      String name, Class<V> type, Supplier<SharedReference<V>> create) {
    return get(
        name,
        "atomic reference",
        requireNonNull(type, "type").getName(),
        SharedReference.class,
        create::get);
  }
}
