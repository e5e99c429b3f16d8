package org.hotredis;

import static java.util.Objects.requireNonNull;

import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The process-wide default client, as the Python HOT Redis's {@code configure()} sets it.
 *
 * <p>Objects created without an explicit client use {@link #client()}. Until {@link #configure} is
 * called, that is a client for the URI in the system property {@code hotredis.uri}, else the
 * environment variable {@code HOT_REDIS_URI}, else {@code redis://localhost:6379}, created on first
 * use.
 */
public final class HotRedis {
  /** The system property that names the default client's URI. */
  public static final String URI_PROPERTY = "hotredis.uri";

  /** The environment variable that names the default client's URI. */
  public static final String URI_VARIABLE = "HOT_REDIS_URI";

  private static final Object LOCK = new Object();
  private static volatile @Nullable HotClient defaultClient;
  private static boolean ownsDefault;
  private static boolean configured; // set by configure, not by a default created on first use

  private HotRedis() {}

  /**
   * Sets the default client to a new client for a URI. A default client that HOT Redis created
   * earlier is closed; one you passed to {@link #configure(HotClient)} stays yours.
   *
   * @param uri the connection URI, as {@link HotClient#create(String)} takes it
   * @return the new default client
   */
  public static HotClient configure(String uri) {
    HotClient client = HotClient.create(requireNonNull(uri, "uri"));
    replace(client, true);
    return client;
  }

  /**
   * Sets the default client. You keep ownership: HOT Redis never closes it.
   *
   * @param client the client objects use when none is given
   */
  public static void configure(HotClient client) {
    replace(requireNonNull(client, "client"), false);
  }

  /**
   * Returns the default client, creating it from {@code hotredis.uri}, {@code HOT_REDIS_URI} or
   * {@code redis://localhost:6379} on first use if none was configured.
   *
   * @return the default client
   */
  public static HotClient client() {
    HotClient client = defaultClient;
    if (client != null && !client.isClosed()) {
      return client;
    }
    synchronized (LOCK) {
      client = defaultClient;
      if (client == null || client.isClosed()) {
        client = HotClient.create(defaultUri());
        defaultClient = client;
        ownsDefault = true;
        configured = false;
      }
      return client;
    }
  }

  /**
   * Returns the client set with {@link #configure}, if it is still open, without creating a default
   * one: how a library that can use the application's client (a JCache provider, a framework
   * integration) finds out whether the application chose one. No round trip.
   *
   * @return the configured client, or null if none was configured (or it is closed)
   */
  public static @Nullable HotClient configured() {
    synchronized (LOCK) {
      HotClient client = defaultClient;
      return client != null && configured && !client.isClosed() ? client : null;
    }
  }

  /**
   * Opens a transaction on the default client. See {@link HotClient#transaction()}.
   *
   * @return the transaction
   */
  public static HotTransaction transaction() {
    return client().transaction();
  }

  /**
   * Runs a block as one transaction on the default client. See {@link
   * HotClient#transaction(Consumer)}.
   *
   * @param body the calls to run together
   */
  public static void transaction(Consumer<HotTransaction> body) {
    client().transaction(body);
  }

  /**
   * Forgets the default client, closing it if HOT Redis created it. The next {@link #client()} call
   * creates a new one.
   */
  public static void reset() {
    synchronized (LOCK) {
      HotClient old = defaultClient;
      if (old != null && ownsDefault) {
        old.close();
      }
      defaultClient = null;
      ownsDefault = false;
      configured = false;
    }
  }

  private static void replace(HotClient client, boolean owned) {
    synchronized (LOCK) {
      HotClient old = defaultClient;
      if (old != null && ownsDefault && old != client) {
        old.close();
      }
      defaultClient = client;
      ownsDefault = owned;
      configured = true;
    }
  }

  static String defaultUri() {
    String uri = System.getProperty(URI_PROPERTY);
    if (uri == null || uri.isBlank()) {
      uri = System.getenv(URI_VARIABLE);
    }
    return uri == null || uri.isBlank() ? "redis://localhost:6379" : uri.trim();
  }
}
