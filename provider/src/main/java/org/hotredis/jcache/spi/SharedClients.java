package org.hotredis.jcache.spi;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.Map;
import org.hotredis.HotClient;

/**
 * The Redis clients of one provider's cache managers: one {@link HotClient} per Redis URI, shared
 * by the managers that use it and closed when the last of them closes.
 */
public final class SharedClients {
  private final Map<String, Shared> clients = new HashMap<>(); // guarded by this

  /** Creates an empty registry. */
  public SharedClients() {}

  /**
   * Returns the client of a Redis URI, creating it on first use.
   *
   * @param redisUri the URI
   * @return the client; give it back with {@link #release}
   */
  public synchronized HotClient acquire(String redisUri) {
    requireNonNull(redisUri, "redisUri");
    Shared shared = clients.get(redisUri);
    if (shared == null || shared.client.isClosed()) {
      shared = new Shared(HotClient.create(redisUri));
      clients.put(redisUri, shared);
    }
    shared.users++;
    return shared.client;
  }

  /**
   * Gives a client back; the last user's release closes it.
   *
   * @param redisUri the URI it was acquired for
   * @param client the client
   */
  public synchronized void release(String redisUri, HotClient client) {
    Shared shared = clients.get(redisUri);
    if (shared == null || shared.client != client) {
      return;
    }
    if (--shared.users <= 0) {
      clients.remove(redisUri);
      shared.client.close();
    }
  }

  @Override
  public synchronized String toString() {
    return "SharedClients[" + clients.size() + " clients]";
  }

  private static final class Shared {
    final HotClient client;
    int users;

    Shared(HotClient client) {
      this.client = client;
    }
  }
}
