package org.hotredis.examples.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.hotredis.examples.Examples;
import org.hotredis.examples.Printed;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@RedisTest
final class HibernateCacheExampleTest {
  private static final List<String> STORY =
      List.of(
          "the database holds book 1, Dune",
          "instance 1 reads book 1: Dune (second-level cache hits 0, misses 1; SQL statements 1)",
          "instance 2 reads book 1: Dune (second-level cache hits 1, misses 0; SQL statements 0)",
          "instance 2 renames book 1 to Dune Messiah",
          "instance 1 reads book 1: Dune Messiah"
              + " (second-level cache hits 1, misses 0; SQL statements 0)");

  @TempDir Path directory;

  private final String database = "jdbc:h2:mem:library-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

  @Test
  void run_settingsFromClassPathAndSystemProperty_sharesTheCache(RedisDeployment redis)
      throws Exception {
    Map<String, String> sharedDatabase = Map.of("hibernate.connection.url", database);
    String previous = System.getProperty("hotredis.jcache.uri");
    System.setProperty("hotredis.jcache.uri", redis.uri());
    try {
      assertThat(
              Printed.lines(out -> HibernateCacheExample.run(sharedDatabase, sharedDatabase, out)))
          .containsExactlyElementsOf(STORY);
    } finally {
      if (previous == null) {
        System.clearProperty("hotredis.jcache.uri");
      } else {
        System.setProperty("hotredis.jcache.uri", previous);
      }
    }
  }

  @Test
  void run_twoIndependentInstances_sharesTheCache(RedisDeployment redis) throws Exception {
    Map<String, String> one = instance("library-1", redis);
    Map<String, String> two = instance("library-2", redis);
    assertThat(Printed.lines(out -> HibernateCacheExample.run(one, two, out)))
        .containsExactlyElementsOf(STORY);
  }

  @Test
  void sessionFactories_entityWrittenByOne_isServedFromRedisToTheOther(RedisDeployment redis)
      throws IOException {
    try (SessionFactory one = HibernateCacheExample.open(instance("library-1", redis));
        SessionFactory two = HibernateCacheExample.open(instance("library-2", redis))) {
      one.inTransaction(session -> session.persist(new Book(7, "Solaris")));
      assertThat(redis.execute("HLEN", "library:books")).isEqualTo(1L);

      assertThat(title(two, 7)).isEqualTo("Solaris");
      assertThat(two.getStatistics().getSecondLevelCacheHitCount()).isEqualTo(1);
      assertThat(two.getStatistics().getPrepareStatementCount()).isZero();

      one.inTransaction(session -> session.find(Book.class, 7L).setTitle("Solaris, 2nd ed."));
      assertThat(title(two, 7)).isEqualTo("Solaris, 2nd ed.");
      assertThat(two.getStatistics().getSecondLevelCacheHitCount()).isEqualTo(1);
      assertThat(two.getStatistics().getPrepareStatementCount()).isZero();

      assertThat((String) redis.execute("CLIENT", "LIST"))
          .contains("name=library-1 ")
          .contains("name=library-2 ");
    }
  }

  private static String title(SessionFactory instance, long id) {
    Statistics statistics = instance.getStatistics();
    statistics.clear();
    return instance.fromTransaction(session -> session.find(Book.class, id).getTitle());
  }

  /**
   * Returns the settings of one instance: the shared database, and its own copy of HOT Redis's
   * settings file with the Redis URI added, as each machine has its own file. Two session factories
   * of one JVM given the same cache URI would share one JCache manager (JCache keeps one per URI
   * and class loader), and closing either would close it for both.
   */
  private Map<String, String> instance(String name, RedisDeployment redis) throws IOException {
    Properties settings = new Properties();
    try (InputStream in =
        HibernateCacheExample.class.getResourceAsStream("hot-redis-jcache.properties")) {
      settings.load(in);
    }
    settings.setProperty("hotredis.jcache.uri", Examples.withClientName(redis.uri(), name));
    Path file = directory.resolve(name + ".properties");
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      settings.store(out, name);
    }
    return Map.of(
        "hibernate.connection.url", database, "hibernate.javax.cache.uri", file.toUri().toString());
  }
}
