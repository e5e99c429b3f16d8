package org.hotredis.jcache;

import java.net.URI;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.hotredis.jcache.configuration.HotCacheConfiguration;
import org.hotredis.jcache.configuration.ProviderSettings;
import org.hotredis.jcache.processor.HotProcessors;

/**
 * A child JVM for {@link CrossJvmTest}: attaches with {@code getCache} to the cache {@code scores}
 * another JVM created (accepting its default factory, {@link Hundred}, by {@code
 * hotredis.jcache.factory.allow}), compares its configuration with {@link
 * CrossJvmTest#scoresConfiguration()}, and uses it: prints {@code same-configuration true|false},
 * {@code default 100} (a miss gives the default factory's value), {@code counted 101} (the built-in
 * increment of that entry), then puts {@code fromB=7} and prints {@code done}.
 *
 * <p>Argument: the Redis URI.
 */
final class AttachingJvm {
  private AttachingJvm() {}

  public static void main(String[] args) {
    // The stored default factory is a class of this application: this JVM accepts it by name.
    Properties properties = new Properties();
    properties.setProperty(ProviderSettings.FACTORY_ALLOW, Hundred.class.getName());
    CacheManager manager =
        Managers.provider()
            .getCacheManager(URI.create(args[0]), AttachingJvm.class.getClassLoader(), properties);
    try {
      Cache<String, Long> scores = manager.getCache("scores", String.class, Long.class);
      @SuppressWarnings("unchecked")
      HotCacheConfiguration<String, Long> configuration =
          scores.getConfiguration(HotCacheConfiguration.class);
      System.out.println(
          "same-configuration " + configuration.equals(CrossJvmTest.scoresConfiguration()));
      System.out.println("default " + scores.get("ann"));
      System.out.println("counted " + scores.invoke("ann", HotProcessors.increment(1)));
      scores.put("fromB", 7L);
      System.out.println("done");
    } finally {
      manager.close();
    }
  }
}
