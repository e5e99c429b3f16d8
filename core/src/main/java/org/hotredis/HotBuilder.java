package org.hotredis;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * What the builders of all HOT Redis types share: the key and the client.
 *
 * <p>A builder without a key gives the object a random UUID key; without a client, the object uses
 * {@link HotRedis#client()}. A builder given both a key and an initial value replaces, atomically,
 * whatever the key held.
 *
 * @param <B> the concrete builder type
 */
public abstract class HotBuilder<B extends HotBuilder<B>> {
  private @Nullable String key;
  private @Nullable HotClient client;

  /** Creates a builder with no key and the default client. */
  protected HotBuilder() {}

  /**
   * Sets the key where Redis holds the object's data.
   *
   * @param key a non-empty key; objects in any process that use the same key share the data
   * @return this builder
   */
  public final B key(String key) {
    requireNonNull(key, "key");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("key must not be empty");
    }
    this.key = key;
    return self();
  }

  /**
   * Sets the client the object talks to Redis through.
   *
   * @param client the client, instead of {@link HotRedis#client()}
   * @return this builder
   */
  public final B client(HotClient client) {
    this.client = requireNonNull(client, "client");
    return self();
  }

  /**
   * Returns the key given, or null for a random one.
   *
   * @return the key or null
   */
  protected final @Nullable String key() {
    return key;
  }

  /**
   * Returns the client given, or null for the default.
   *
   * @return the client or null
   */
  protected final @Nullable HotClient client() {
    return client;
  }

  /**
   * Returns this builder as its concrete type, for subclasses' fluent setters.
   *
   * @return this builder
   */
  @SuppressWarnings("unchecked")
  protected final B self() {
    return (B) this;
  }
}
