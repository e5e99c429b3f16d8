package org.hotredis.jcache;

import java.net.URI;
import java.util.Properties;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.hotredis.jcache.spi.HotCachingProvider;
import org.hotredis.testing.RedisServer;

/** Cache managers on a test's private redis-server, as an application would get them. */
final class Managers {
  private Managers() {}

  /** Returns the provider, as {@link Caching} finds it. */
  static CachingProvider provider() {
    return Caching.getCachingProvider(HotCachingProvider.class.getName());
  }

  /** Returns a manager whose URI names the server; close it at the end of the test. */
  static CacheManager on(RedisServer server) {
    return on(server, new Properties());
  }

  /** Returns a manager whose URI names the server, with properties. */
  static CacheManager on(RedisServer server, Properties properties) {
    return provider()
        .getCacheManager(URI.create(server.uri()), Managers.class.getClassLoader(), properties);
  }

  /**
   * Returns a second manager on the same server under another class loader: a handle of its own, as
   * another JVM would have.
   */
  static CacheManager other(RedisServer server) {
    ClassLoader loader = new ClassLoader(Managers.class.getClassLoader()) {};
    return provider().getCacheManager(URI.create(server.uri()), loader, new Properties());
  }
}
