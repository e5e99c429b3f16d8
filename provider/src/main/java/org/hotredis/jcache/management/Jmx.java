package org.hotredis.jcache.management;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URISyntaxException;
import javax.cache.CacheException;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Registers the MXBeans of caches in the platform MBeanServer, under {@code
 * javax.cache:type=CacheConfiguration|CacheStatistics,CacheManager=<uri>,Cache=<name>}.
 *
 * <p>The manager URI (without user information, so no password shows) and the cache name are made
 * safe for an {@code ObjectName} value as the JCache TCK computes them: {@code ,}, {@code :},
 * {@code =} and line feeds become {@code .} (and so do {@code *}, {@code ?}, {@code "} and {@code
 * \}, which would make a pattern or a quoted value). Quoting the values instead would give names
 * that JCache tools and the TCK do not look for.
 */
public final class Jmx {
  private Jmx() {}

  /** The two kinds of cache MXBeans. */
  public enum Kind {
    /** The {@link javax.cache.management.CacheMXBean}. */
    CacheConfiguration,
    /** The {@link javax.cache.management.CacheStatisticsMXBean}. */
    CacheStatistics
  }

  /**
   * Returns the name of a cache's MXBean.
   *
   * @param kind which bean
   * @param manager the cache manager's URI
   * @param cache the cache name
   * @return the object name
   */
  public static ObjectName name(Kind kind, URI manager, String cache) {
    try {
      return new ObjectName(
          "javax.cache:type="
              + kind
              + ",CacheManager="
              + safe(withoutUserInfo(manager))
              + ",Cache="
              + safe(cache));
    } catch (MalformedObjectNameException e) {
      throw new CacheException("cannot name the MXBean of cache " + cache, e);
    }
  }

  /**
   * Registers a bean unless a bean of that name exists.
   *
   * @param bean the MXBean
   * @param name its name
   */
  public static void register(Object bean, ObjectName name) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      if (!server.isRegistered(name)) {
        server.registerMBean(bean, name);
      }
    } catch (InstanceAlreadyExistsException e) {
      // Registered meanwhile by another handle with the same manager URI: it serves as well.
    } catch (JMException e) {
      throw new CacheException("cannot register MXBean " + name, e);
    }
  }

  /**
   * Unregisters a bean if it is registered.
   *
   * @param name its name
   */
  public static void unregister(ObjectName name) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      if (server.isRegistered(name)) {
        server.unregisterMBean(name);
      }
    } catch (InstanceNotFoundException e) {
      // Unregistered meanwhile.
    } catch (JMException e) {
      throw new CacheException("cannot unregister MXBean " + name, e);
    }
  }

  /**
   * Returns a URI without its user information, so that no password shows in names and messages.
   *
   * @param uri the URI
   * @return its text without {@code user:password@}
   */
  public static String withoutUserInfo(URI uri) {
    if (uri.getRawUserInfo() == null) {
      return uri.toString();
    }
    try {
      return new URI(
              uri.getScheme(),
              null,
              uri.getHost(),
              uri.getPort(),
              uri.getPath(),
              uri.getQuery(),
              uri.getFragment())
          .toString();
    } catch (URISyntaxException e) {
      return uri.getScheme() + "://" + uri.getHost();
    }
  }

  private static String safe(String value) {
    return value.replaceAll("[,:=\n*?\"\\\\]", ".");
  }
}
