package org.hotredis.jcache;

import java.net.URI;
import java.util.Properties;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.hotredis.jcache.spi.HotCachingProvider;
import org.hotredis.testing.RedisDeployment;

/**
 * Cache managers on the test run's Redis (a server or a cluster), as an application would get them.
 */
final class Managers {
  private Managers() {}

  /** Returns the provider, as {@link Caching} finds it. */
  static CachingProvider provider() {
    return Caching.getCachingProvider(HotCachingProvider.class.getName());
  }

  /** Returns a manager whose URI names the deployment; close it at the end of the test. */
  static CacheManager on(RedisDeployment redis) {
    return on(redis, new Properties());
  }

  /** Returns a manager whose URI names the deployment, with properties. */
  static CacheManager on(RedisDeployment redis, Properties properties) {
    return provider()
        .getCacheManager(URI.create(redis.uri()), Managers.class.getClassLoader(), properties);
  }

  /**
   * Returns a second manager on the same deployment under another class loader: a handle of its
   * own, as another JVM would have.
   */
  static CacheManager other(RedisDeployment redis) {
    ClassLoader loader = new ClassLoader(Managers.class.getClassLoader()) {};
    return provider().getCacheManager(URI.create(redis.uri()), loader, new Properties());
  }
}
