package org.hotredis.examples.hibernate;

import java.io.PrintStream;
import java.util.Map;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.stat.Statistics;

/**
 * Two instances of a Hibernate application share their second-level cache in Redis: a book one
 * instance loaded is a cache hit in the other, and an update through either is never served stale
 * by the other.
 *
 * <p>Everything is configuration ({@code hibernate.properties} and {@code
 * hot-redis-jcache.properties} beside this class): {@code hibernate-jcache} is the region factory,
 * HOT Redis's {@code HotCachingProvider} the JCache provider, and {@code hibernate.javax.cache.uri}
 * names HOT Redis's settings file, which declares the {@code books} region and the classes
 * Hibernate stores through Java serialization. The Redis URI comes from {@code
 * -Dhotredis.jcache.uri} (which {@code main} sets from its argument), the environment variable
 * {@code HOT_REDIS_JCACHE_URI} or that file. The database is an in-memory H2 database both
 * instances share.
 *
 * <p>Here both instances run in one JVM with the same cache URI, so JCache gives them one {@code
 * CacheManager} (one per URI and class loader) and closing either session factory closes it; in
 * production each instance is its own JVM. The test gives each instance its own copy of the
 * settings file ({@code file:} URIs), so each has its own manager and Redis connections.
 *
 * <p>Run: {@code mvn -q -pl examples compile exec:java
 * -Dexec.mainClass=org.hotredis.examples.hibernate.HibernateCacheExample
 * -Dexec.args=redis://localhost:6379}
 */
public final class HibernateCacheExample {
  /** The class-path resource of the Hibernate settings. */
  public static final String SETTINGS = "org/hotredis/examples/hibernate/hibernate.properties";

  private HibernateCacheExample() {}

  /**
   * Runs two instances of the application against one Redis.
   *
   * @param args an optional Redis URI
   */
  public static void main(String[] args) {
    if (args.length > 0) {
      System.setProperty("hotredis.jcache.uri", args[0]); // as -Dhotredis.jcache.uri=...
    }
    run(Map.of(), Map.of(), System.out);
  }

  /**
   * Opens the session factory of one instance of the application, with the settings of {@value
   * #SETTINGS} and some of them replaced.
   *
   * @param overrides settings that replace those of the file, such as the JDBC URL
   * @return the session factory; close it to stop the instance
   */
  public static SessionFactory open(Map<String, String> overrides) {
    StandardServiceRegistryBuilder settings = new StandardServiceRegistryBuilder();
    settings.loadProperties(SETTINGS);
    overrides.forEach(settings::applySetting);
    StandardServiceRegistry registry = settings.build();
    try {
      return new MetadataSources(registry)
          .addAnnotatedClass(Book.class)
          .buildMetadata()
          .buildSessionFactory();
    } catch (RuntimeException e) {
      StandardServiceRegistryBuilder.destroy(registry);
      throw e;
    }
  }

  static void run(
      Map<String, String> instanceOne, Map<String, String> instanceTwo, PrintStream out) {
    try (SessionFactory one = open(instanceOne);
        SessionFactory two = open(instanceTwo)) {
      // A book no cache knows of, written with SQL as a migration would. Hibernate cannot tell
      // which entities native SQL changes, so it evicts every region, in Redis: nothing an earlier
      // run cached is served.
      one.inTransaction(
          session ->
              session
                  .createNativeMutationQuery(
                      "merge into Book (id, title, version) key (id) values (1, 'Dune', 0)")
                  .executeUpdate());
      out.println("the database holds book 1, Dune");

      read(one, "instance 1", out); // a miss: one SQL query, and the book is cached
      read(two, "instance 2", out); // a hit: no SQL at all
      two.inTransaction(session -> session.find(Book.class, 1L).setTitle("Dune Messiah"));
      out.println("instance 2 renames book 1 to Dune Messiah");
      read(one, "instance 1", out); // a hit, with the new title
    }
  }

  private static void read(SessionFactory instance, String name, PrintStream out) {
    Statistics statistics = instance.getStatistics();
    statistics.clear();
    String title = instance.fromTransaction(session -> session.find(Book.class, 1L).getTitle());
    out.println(
        name
            + " reads book 1: "
            + title
            + " (second-level cache hits "
            + statistics.getSecondLevelCacheHitCount()
            + ", misses "
            + statistics.getSecondLevelCacheMissCount()
            + "; SQL statements "
            + statistics.getPrepareStatementCount()
            + ")");
  }
}
