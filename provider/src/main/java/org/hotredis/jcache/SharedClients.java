package org.hotredis.jcache;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.hotredis.HotClient;

/**
 * The Redis clients of one provider's cache managers: one {@link HotClient} per Redis URI, shared
 * by the managers that use it and closed when the last of them closes.
 *
 * <p>A manager that falls back to {@code redis://localhost:6379} because nothing names a deployment
 * says so in the log, once per provider: an application whose URI setting is not read (a property
 * in a file the provider never sees) would otherwise use a Redis on localhost without a word.
 */
public final class SharedClients {
  private static final System.Logger LOG = System.getLogger(SharedClients.class.getName());

  private final Function<String, HotClient> connect;
  private final Map<String, Shared> clients = new HashMap<>(); // guarded by this
  private boolean fallbackLogged; // guarded by this

  /** Creates an empty registry whose clients connect with {@link HotClient#create(String)}. */
  public SharedClients() {
    this(HotClient::create);
  }

  /**
   * Creates an empty registry whose clients a function of yours creates, for a provider that builds
   * its clients with settings a URI cannot carry.
   *
   * @param connect creates the client of a Redis URI
   */
  public SharedClients(Function<String, HotClient> connect) {
    this.connect = requireNonNull(connect, "connect");
  }

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
      shared = new Shared(requireNonNull(connect.apply(redisUri), "connect returned null"));
      clients.put(redisUri, shared);
    }
    shared.users++;
    return shared.client;
  }

  /**
   * Returns the client of the fallback URI, as {@link #acquire}, saying in the log (once per
   * registry) that no setting named a Redis deployment.
   *
   * @param redisUri the fallback URI
   * @return the client; give it back with {@link #release}
   */
  public synchronized HotClient acquireFallback(String redisUri) {
    requireNonNull(redisUri, "redisUri");
    if (!fallbackLogged) {
      fallbackLogged = true;
      LOG.log(
          Level.INFO,
          "HOT Redis JCache: no Redis deployment configured (hotredis.jcache.uri, "
              + "HOT_REDIS_JCACHE_URI, hotredis.uri, HOT_REDIS_URI, a redis:// cache manager URI, "
              + "HotRedis.configure or a HotClient in the cache manager's properties), so the "
              + "cache managers use "
              + redisUri);
    }
    return acquire(redisUri);
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
